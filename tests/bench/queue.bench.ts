// Hall hub benchmark: call-next latency with 1, 20 and 200 counters calling at once against one hub
// (real HTTP on 127.0.0.1, SQLite file in WAL mode), and ticket-issue throughput — each beside a
// bare GET /health measured in the same run, so the ratio shows what the queue adds over HTTP itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../main/hub/client';
import { demoHall } from '../../main/hub/config';
import { startHub } from '../../main/hub/index';
import { HallConfig } from '../../main/hub/protocol';
import type { BenchFigure, BenchSuite } from './types';

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
    const running = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-')), hall });
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
    return figures;
  },
};

export default suite;
