// Case sync (issue 11): a 10,000-case backlog (40,000 steps) drained by the real engine over HTTP
// to a local hub, beside the same steps ingested in-process (no wire, no engine) in the same run;
// hub case ingest throughput beside plain inserts of the same rows; hall-wide case search p95 over
// 1,000,000 cases beside the same search over 10,000.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { workstationMigrations } from '../../main/db/migrations';
import { Outbox } from '../../main/core/sync/outbox';
import { SyncEngine } from '../../main/core/sync/engine';
import { HttpPushTransport } from '../../main/core/sync/transport';
import { CASE_STEP, caseLane } from '../../main/core/sync/case-journal';
import { startHub } from '../../main/hub/index';
import { SqliteQueueStore } from '../../main/hub/store/sqlite';
import { SqliteCaseStore } from '../../main/hub/store/sqlite-cases';
import { HubCases } from '../../main/hub/cases/service';
import type { CaseOp } from '../../main/hub/cases/protocol';
import { caseOp } from '../fixtures/case-ops';
import { seedHallCases } from './hall-cases';
import { percentile, round } from './stats';
import type { BenchFigure, BenchSuite } from './types';

const CASES = 10_000;
const dir = (p: string) => mkdtempSync(join(tmpdir(), p));
const id = (i: number) => `case-bench-${String(i).padStart(7, '0')}`;

/** The four steps of case `i`, each with its own key, numbered per case. */
function trail(i: number): CaseOp[] {
  return [1, 2, 3, 4].map((s) => {
    const op = caseOp(id(i), s);
    return { ...op, snapshot: { ...op.snapshot, caseNumber: s === 1 ? null : `SH-BN01-20260302-${String(i).padStart(6, '0')}` } };
  });
}

/** Cases/s drained; `hubDb`: the hub's `--db` (default its SQLite file; hub-pg.bench.ts passes a PostgreSQL one). */
export async function drainOverHttp(hubDb?: string, cases = CASES): Promise<number> {
  const hub = await startHub({ port: 0, dataDir: dir('sync-bench-hub-'), db: hubDb, secure: false, limits: { perMinute: 10_000_000 } });
  const db = openDatabase({ dataDir: dir('sync-bench-ws-'), migrations: workstationMigrations });
  try {
    const outbox = new Outbox(db);
    db.transaction(() => {
      for (let i = 0; i < cases; i++) for (const op of trail(i)) outbox.enqueue(CASE_STEP, caseLane(op.caseId), { caseId: op.caseId, event: op.event, snapshot: op.snapshot }, op.key);
    })();
    const transport = new HttpPushTransport(hub.url, null);
    const engine = new SyncEngine({ outbox, transport, workstationId: () => 'ws-bench', batchSize: 400 });
    const t = performance.now();
    let passes = 0;
    while (outbox.backlog().pending > 0 && passes++ < 10_000) await engine.drain();
    const s = (performance.now() - t) / 1000;
    transport.close();
    const b = outbox.backlog();
    if (b.pending + b.failed + b.dead > 0) throw new Error(`bench: backlog not drained ${JSON.stringify(b)}`);
    return cases / s;
  } finally {
    db.close();
    await hub.close();
  }
}

function inProcessStore(file: string) {
  const store = new SqliteQueueStore(file);
  return { store, cases: new HubCases({ store: new SqliteCaseStore(store.db), now: Date.now }) };
}

async function ingestInProcess(): Promise<{ stepsPerS: number; plainPerS: number }> {
  const { store, cases } = inProcessStore(join(dir('sync-bench-ingest-'), 'hub.sqlite'));
  try {
    const t = performance.now();
    for (let i = 0; i < CASES; i += 100) {
      const ops = [];
      for (let j = i; j < i + 100; j++) ops.push(...trail(j));
      const r = await cases.ingest({ workstation: 'ws-bench', ops }, null);
      if (r.results.some((x) => x.outcome !== 'applied')) throw new Error('bench: ingest refused a step');
    }
    const stepsPerS = (CASES * 4) / ((performance.now() - t) / 1000);
    // Baseline: the same step rows inserted plainly, one transaction per step (what ingest adds: checks, head, idempotency).
    store.db.exec('CREATE TABLE plain_steps (k TEXT PRIMARY KEY, case_id TEXT, seq INTEGER, payload TEXT)');
    const ins = store.db.prepare('INSERT INTO plain_steps VALUES (?, ?, ?, ?)');
    const t2 = performance.now();
    for (let i = 0; i < CASES; i++) for (const op of trail(i)) store.db.transaction(() => ins.run(op.key, op.caseId, op.seq, JSON.stringify(op)))();
    return { stepsPerS, plainPerS: (CASES * 4) / ((performance.now() - t2) / 1000) };
  } finally {
    await store.close();
  }
}

/** `n` hall cases written in one transaction of prepared inserts; then 1,000 searches by number, ID number and name: p95 in ms. */
async function searchP95(n: number): Promise<{ p95: number; buildS: number }> {
  const store = new SqliteQueueStore(join(dir('sync-bench-search-'), 'hub.sqlite'));
  try {
    const name = (i: number) => `申请人${i % 50_000}`;
    const key = (i: number) => `3101011990${String(i).padStart(8, '0')}`;
    const buildS = seedHallCases(store.db, n, (i) => ({
      id: id(i), caseNumber: `SH-BN01-20260302-${String(i).padStart(7, '0')}`, hubSeq: i + 1, state: 'accepted', applicantName: name(i), applicantKey: key(i),
      createdAt: 't', acceptedAt: 't', dueDate: '2026-03-10', completedAt: null,
    }));
    const cs = new SqliteCaseStore(store.db);
    const ms: number[] = [];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let q = 0; q < 1000; q++) {
      const i = rand();
      const t = performance.now();
      const found = q % 3 === 0 ? await cs.search({ number: `SH-BN01-20260302-${String(i).padStart(7, '0')}`, limit: 20 })
        : q % 3 === 1 ? await cs.search({ applicantKey: key(i), limit: 50 })
          : await cs.search({ applicantName: name(i), limit: 50 });
      ms.push(performance.now() - t);
      if (!found.length) throw new Error('bench: search found nothing');
    }
    return { p95: percentile(ms, 95), buildS };
  } finally {
    await store.close();
  }
}

const suite: BenchSuite = {
  name: 'case sync',
  async run(): Promise<BenchFigure[]> {
    const ingest = await ingestInProcess();
    const drain = await drainOverHttp();
    const small = await searchP95(10_000);
    const big = await searchP95(1_000_000);
    return [
      { name: 'hub case ingest, in-process (steps/s)', value: round(ingest.stepsPerS, 0), unit: 'steps/s', baseline: { name: 'plain insert per step', value: round(ingest.plainPerS, 0) } },
      {
        name: '10,000-case backlog drained over HTTP (cases/s)', value: round(drain, 1), unit: 'cases/s',
        baseline: { name: 'in-process ingest (cases/s)', value: round(ingest.stepsPerS / 4, 1) }, note: '4 steps per case, batches of 400, real engine and transport',
      },
      {
        name: 'hall-wide case search p95, 1,000,000 cases', value: round(big.p95), unit: 'ms', baseline: { name: 'same over 10,000 cases', value: round(small.p95) },
        note: `1,000 searches by number / ID number / name; rows built in ${big.buildS.toFixed(1)} s`,
      },
    ];
  },
};
export default suite;
