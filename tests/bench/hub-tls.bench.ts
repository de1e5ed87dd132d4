// The price of device authentication: call-next from one enrolled workstation over HTTPS (mutual
// TLS, its certificate checked against the registry on every request, role and counter checks)
// beside the same calls over plain loopback HTTP, in the same run; and GET /health both ways.
// Kept-alive connections both ways (HubClient's agent), so the TLS handshake is paid once, as at a counter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../main/hub/client';
import { startHub } from '../../main/hub/index';
import { enrolWithRunningHub } from '../../main/hub/trust/self-enrol';
import { round } from './stats';
import type { BenchFigure, BenchSuite } from './types';

const LIMITS = { perMinute: 10_000_000, issuesPerMinute: 10_000_000 };
const CALLS = 300;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(client: HubClient): Promise<{ call: number; health: number }> {
  for (let i = 0; i < CALLS + 10; i++) await client.issue({ stream: 'A', source: 'counter' });
  const call: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    let t = performance.now();
    const { ticket } = await client.callNext(1);
    call.push(performance.now() - t);
    await client.finish(ticket!.id, 1);
    t = performance.now();
    await client.health();
    health.push(performance.now() - t);
  }
  return { call: p50(call), health: p50(health) };
}

const suite: BenchSuite = {
  name: 'hub over TLS with device authentication',
  async run(): Promise<BenchFigure[]> {
    const plain = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-plain-')), limits: LIMITS, secure: false });
    const secure = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-bench-tls-')), limits: LIMITS, secure: true });
    const credential = await enrolWithRunningHub(secure, mkdtempSync(join(tmpdir(), 'hub-bench-device-')), { role: 'workstation', counters: [1], name: 'bench' });
    const a = new HubClient({ url: plain.url, timeoutMs: 60_000 });
    const b = new HubClient({ url: secure.url, timeoutMs: 60_000, credential });
    try {
      const base = await measure(a);
      const tls = await measure(b);
      return [
        { name: 'call-next p50, HTTPS + device auth', value: round(tls.call), unit: 'ms', baseline: { name: 'call-next p50, plain loopback HTTP', value: round(base.call) }, note: `${CALLS} calls, one counter, kept-alive` },
        { name: 'GET /health p50, HTTPS (public route)', value: round(tls.health), unit: 'ms', baseline: { name: 'GET /health p50, plain loopback HTTP', value: round(base.health) } },
      ];
    } finally {
      a.close();
      b.close();
      await plain.close();
      await secure.close();
    }
  },
};
export default suite;
