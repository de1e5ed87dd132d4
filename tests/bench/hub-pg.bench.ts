// Hall hub on PostgreSQL: call-next (20 counters calling at once, 400 tickets waiting) on a hub
// whose queue is in PostgreSQL, and a 10,000-case backlog drained by the real sync engine to a hub
// whose case record is there, each beside the same on the default SQLite file measured in the same run.
// Needs a PostgreSQL: WINDOWDESK_TEST_PG=postgres://… (npm test's throwaway cluster, or your own);
// without it the suite prints why and measures nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubClient } from '../../main/hub/client';
import { demoHall } from '../../main/hub/config';
import { startHub } from '../../main/hub/index';
import { HallConfig } from '../../main/hub/protocol';
import { PG_URL, pgSpec } from '../fixtures/pg';
import type { BenchFigure, BenchSuite } from './types';
import { drainOverHttp } from './sync.bench';

const COUNTERS = 20;
const TICKETS = 400;
const LIMITS = { perMinute: 10_000_000, issuesPerMinute: 10_000_000, pushPerClient: 1000 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

async function callNextRun(db: string | undefined): Promise<{ p50: number; p95: number; perSec: number }> {
  const hall = HallConfig.parse({ ...demoHall(), counters: Array.from({ length: COUNTERS }, (_, i) => ({ number: i + 1, name: `${i + 1}号窗口`, streams: ['A'] })) });
  // Plain loopback HTTP, as queue.bench.ts: the backends differ, nothing else.
  const hub = await startHub({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'hub-pg-bench-')), hall, db, limits: LIMITS, secure: false });
  const client = new HubClient({ url: hub.url, timeoutMs: 60_000 });
  try {
    for (let i = 0; i < TICKETS; i += 50) await Promise.all(Array.from({ length: 50 }, () => client.issue({ stream: 'A' })));
    const lat: number[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: COUNTERS }, async (_, c) => {
      for (;;) {
        const t = performance.now();
        const out = await client.callNext(c + 1, HubClient.requestId());
        if (!out.ticket) return;
        lat.push(performance.now() - t);
        await client.finish(out.ticket.id, c + 1);
      }
    }));
    const secs = (performance.now() - started) / 1000;
    return { p50: pct(lat, 0.5), p95: pct(lat, 0.95), perSec: lat.length / secs };
  } finally {
    await hub.close();
  }
}

const suite: BenchSuite = {
  name: 'hub on PostgreSQL',
  async run(): Promise<BenchFigure[]> {
    if (!PG_URL) {
      console.log('  skipped: WINDOWDESK_TEST_PG is not set (no PostgreSQL to measure; e.g. WINDOWDESK_TEST_PG=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- hub-pg)');
      return [];
    }
    const sqlite = await callNextRun(undefined);
    const pg = await callNextRun(pgSpec());
    const note = `${COUNTERS} counters at once, ${TICKETS} tickets, call-next then finish, loopback HTTP`;
    const drainSqlite = await drainOverHttp();
    const drainPg = await drainOverHttp(pgSpec());
    return [
      { name: 'call-next p50, PostgreSQL', value: pg.p50, unit: 'ms', baseline: { name: 'SQLite', value: sqlite.p50 }, note },
      { name: 'call-next p95, PostgreSQL', value: pg.p95, unit: 'ms', baseline: { name: 'SQLite', value: sqlite.p95 } },
      { name: 'calls per second, PostgreSQL', value: pg.perSec, unit: 'calls/s', baseline: { name: 'SQLite', value: sqlite.perSec } },
      {
        name: '10,000-case backlog drained over HTTP, PostgreSQL', value: drainPg, unit: 'cases/s', baseline: { name: 'SQLite', value: drainSqlite },
        note: '4 steps per case, batches of 400, real engine and transport; each step one transaction',
      },
    ];
  },
};
export default suite;
