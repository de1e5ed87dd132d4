// Hall hub benchmark: call-next latency with 1, 20 and 200 counters calling at once against one hub
// (real HTTP on 127.0.0.1, SQLite file in WAL mode), and ticket-issue throughput — each beside a
// bare GET /health measured in the same run, so the ratio shows what the queue adds over HTTP itself.
// Then the push path: hub requests per F1 press with 1 / 4 / 12 queue panels open (counted at the
// hub), and the hub CPU one call-next costs with 1,000 tickets waiting (views computed and pushed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../main/hub/client';
import { demoHall } from '../../main/hub/config';
import { startHub } from '../../main/hub/index';
import { HallConfig } from '../../main/hub/protocol';
import WebSocket from 'ws';
import { hallWithPanels, pressF1 } from '../integration/api-queue/panels';
import type { BenchFigure, BenchSuite } from './types';

/** One bench client plays every counter: the per-client rate limits are lifted (their check still runs on every request). */
const BENCH_LIMITS = { perMinute: 10_000_000, issuesPerMinute: 10_000_000, pushPerClient: 1000 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const round = (x: number) => Math.round(x * 100) / 100;

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t = performance.now();
  const v = await fn();
  into.push(performance.now() - t);
  return v;
}

const suite: BenchSuite = {
  name: 'queue (hall hub)',
  async run(): Promise<BenchFigure[]> {
    const hall = HallConfig.parse({ ...demoHall(), counters: Array.from({ length: 200 }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['Y', 'A', 'V', 'C', 'E', 'B'] })) });
    // Plain loopback HTTP, as this bench measured before device authentication (hub-tls.bench.ts prices TLS).
    const running = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-')), hall, limits: BENCH_LIMITS, secure: false });
    const client = new HubClient({ url: running.url, timeoutMs: 60_000 });
    const figures: BenchFigure[] = [];
    try {
      // baseline: bare /health round trips, same concurrencies
      const health = async (concurrency: number, per: number) => {
        const lat: number[] = [];
        const t = performance.now();
        await Promise.all(Array.from({ length: concurrency }, async () => {
          for (let i = 0; i < per; i++) await timed(() => client.health(), lat);
        }));
        return { lat, perSec: (concurrency * per) / ((performance.now() - t) / 1000) };
      };
      await health(4, 25); // warm-up

      for (const counters of [1, 20, 200]) {
        const callsPerCounter = counters === 1 ? 200 : counters === 20 ? 20 : 4;
        const need = counters * callsPerCounter;
        for (let i = 0; i < need; i += 50) await Promise.all(Array.from({ length: Math.min(50, need - i) }, (_, j) => client.issue({ stream: (i + j) % 10 === 0 ? 'V' : 'A' })));
        await health(counters, 1); // open the sockets first, so neither figure pays for TCP setup
        const lat: number[] = [];
        await Promise.all(Array.from({ length: counters }, async (_, c) => {
          for (let i = 0; i < callsPerCounter; i++) {
            const { ticket } = await timed(() => client.callNext(c + 1), lat);
            if (!ticket) throw new Error('bench: queue ran dry');
            await client.finish(ticket.id, c + 1);
          }
        }));
        const base = await health(counters, Math.max(2, Math.floor(200 / counters)));
        figures.push(
          { name: `call-next p50, ${counters} counter(s) at once`, value: round(pct(lat, 0.5)), unit: 'ms', baseline: { name: `GET /health p50 at ${counters} concurrent`, value: round(pct(base.lat, 0.5)) }, note: `${lat.length} calls; ~${need} tickets waiting at start` },
          { name: `call-next p99, ${counters} counter(s) at once`, value: round(pct(lat, 0.99)), unit: 'ms', baseline: { name: `GET /health p99 at ${counters} concurrent`, value: round(pct(base.lat, 0.99)) } },
        );
      }

      // ticket issue throughput, 20 kiosks/counters issuing at once
      const n = 1000;
      const t = performance.now();
      let issued = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (issued < n) {
          issued++;
          await client.issue({ stream: 'A' });
        }
      }));
      const tps = n / ((performance.now() - t) / 1000);
      const base = await health(20, 50);
      figures.push({ name: 'ticket issue throughput (20 concurrent)', value: Math.round(tps), unit: 'tickets/s', baseline: { name: 'GET /health throughput (20 concurrent)', value: Math.round(base.perSec) } });
    } finally {
      await running.close();
    }
    figures.push(...(await fanOut()), await callNextCpu());
    return figures;
  },
};

// Measured on the code before views were pushed (issue 8): push, then every panel pulled queue.state (3 GETs each).
const BEFORE: Record<number, number> = { 1: 8, 4: 26, 12: 74 };

/** Real workstation on its host, N contract clients as panels; each press is counted at the hub until every panel shows it. */
async function fanOut(): Promise<BenchFigure[]> {
  const out: BenchFigure[] = [];
  for (const n of [1, 4, 12]) {
    const hall = await hallWithPanels(n, { waiting: 60 });
    try {
      const presses = 10;
      let requests = 0;
      for (let i = 0; i < presses; i++) {
        const before = hall.requests.length;
        await pressF1(hall, `bench-press-${n}-${i}`);
        await new Promise((r) => setTimeout(r, 50)); // stragglers would be counted too
        requests += hall.requests.length - before;
        const current = hall.panels[0].state!.current!;
        await hall.panels[0].call('queue.finish', { ref: current.ref });
      }
      out.push({ name: `hub requests per F1 press, ${n} panel${n === 1 ? '' : 's'}`, value: round(requests / presses), unit: 'requests', note: `${presses} presses, until all ${n} panels showed the call; issue 8 measured ${BEFORE[n]} before pushed views` });
    } finally {
      await hall.close();
    }
  }
  return out;
}

/**
 * Hub CPU per call-next with 1,000 tickets waiting, a workstation-like socket subscribed to 12
 * panels and the supervisor board (so computing and pushing the views is inside the figure).
 * process.cpuUsage covers this whole process (the hub and its in-process client), and so does the
 * baseline: the same client's GET /health.
 */
async function callNextCpu(): Promise<BenchFigure> {
  const calls = 100;
  const hall = HallConfig.parse({ ...demoHall(), counters: Array.from({ length: 2 * calls }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['Y', 'A', 'V', 'C', 'E', 'B'] })) });
  const running = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-cpu-')), hall, limits: BENCH_LIMITS, secure: false });
  const client = new HubClient({ url: running.url, timeoutMs: 60_000 });
  const sock = new WebSocket(`${running.url.replace('http', 'ws')}/push`);
  try {
    for (let i = 0; i < 1000 + 2 * calls; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => client.issue({ stream: (i + j) % 10 === 0 ? 'V' : 'A' })));
    for (let i = 0; i < 20; i++) await client.health(); // warm-up
    const per = (u: NodeJS.CpuUsage) => (u.user + u.system) / calls;
    // Breakdown: the claim alone, before anyone subscribes to views (counters 101…200).
    const b0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) if (!(await client.callNext(calls + i + 1)).ticket) throw new Error('bench: queue ran dry');
    const bare = per(process.cpuUsage(b0));
    if (sock.readyState !== WebSocket.OPEN) await new Promise((r) => sock.once('open', r));
    let seen = -1;
    let wake: (() => void) | null = null;
    sock.on('message', (d) => {
      const e = JSON.parse(String(d));
      if (e.type === 'views') seen = Math.max(seen, e.version);
      wake?.();
    });
    sock.send(JSON.stringify({ type: 'subscribe', counters: Array.from({ length: 12 }, (_, i) => i + 1), supervisor: true }));
    while (seen < 0) await new Promise<void>((r) => (wake = r));
    // Waits on the socket, not in a loop: a busy wait would bill its own spinning to the hub.
    const pushed = async () => {
      const want = running.hub.views.upcoming;
      while (seen < want) await new Promise<void>((r) => (wake = r));
      wake = null;
    };
    const h0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) await client.health();
    const h = process.cpuUsage(h0);
    const c0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) {
      const { ticket } = await client.callNext(i + 1);
      if (!ticket) throw new Error('bench: queue ran dry');
      await pushed();
    }
    const c = process.cpuUsage(c0);
    return { name: 'call-next hub CPU per call, 1,000 waiting', value: Math.round(per(c)), unit: 'µs', baseline: { name: 'GET /health CPU per request', value: Math.round(per(h)) }, note: `${calls} calls, each until its views push (12 panels + board) arrived; of which the claim alone (no subscriber): ${Math.round(bare)} µs; in-process client included in all` };
  } finally {
    sock.close();
    await running.close();
  }
}

export default suite;
