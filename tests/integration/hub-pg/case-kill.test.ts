/**
 * Case sync (issue 11) with a hub PROCESS killed: two processes on one PostgreSQL; a workstation's
 * backlog goes to the first, which is killed with -9 mid-way; the workstation re-sends every batch
 * to the other. Every case then exists once with its whole trail, every step once, the steps the
 * killed process committed answered with their first answer, and the hub sequence gap-free.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { HubClient } from '../../../main/hub/client';
import type { CaseOp, IngestResult } from '../../../main/hub/cases/protocol';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { caseOp, TRAIL } from '../../fixtures/case-ops';
import { PG_SKIP_REASON, PG_URL, pgSchema, pgSpec } from '../../fixtures/pg';
import { hubProcessCode, redeemAt, tempDir } from '../hub/helpers';
import { PIN, startPgHubProcess, stopAll } from './spawn';

const CASES = 150;
const BATCH = 100;

describe.skipIf(!PG_URL)(`case sync with a hub process killed on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const children: ChildProcess[] = [];
  afterAll(() => stopAll(children));

  it('kill -9 of the process taking a backlog: re-sent to the other, every case once with its whole trail, committed steps replayed', async () => {
    const schema = pgSchema();
    const dataDir = tempDir();
    const keys = (await unlockKeyRing(dataDir, { demo: false, pin: async () => PIN })).ring;
    const store = await PgQueueStore.open({ url: PG_URL, schema });
    const q = store.db.q;
    try {
      const code = await hubProcessCode(dataDir, keys, 'workstation', [1]);
      const [a, b] = await Promise.all([0, 1].map(() => startPgHubProcess(dataDir, pgSpec(schema))));
      children.push(a.child, b.child);
      const credential = await redeemAt(a.url, code);
      // Case by case, each case's steps in order (as the engine sends one lane).
      const ops: CaseOp[] = [];
      for (let i = 0; i < CASES; i++) for (let s = 1; s <= TRAIL.length; s++) ops.push(caseOp(`case-kill-${String(i).padStart(5, '0')}`, s));
      const batches = Array.from({ length: Math.ceil(ops.length / BATCH) }, (_, i) => ops.slice(i * BATCH, (i + 1) * BATCH));
      const send = (c: HubClient, batch: CaseOp[]) => c.call('caseIngest', { body: { workstation: 'ws-kill', ops: batch } });

      // To A until it dies: killed once it has committed about a third of the steps.
      const viaA = new HubClient({ url: a.url, credential, timeoutMs: 60_000 });
      const exited = new Promise((r) => a.child.once('exit', r));
      const sending = (async () => {
        for (const batch of batches) await send(viaA, batch);
      })().catch(() => 'lost');
      for (let i = 0; i < 20_000; i++) {
        if (((await q.one('SELECT COUNT(*) AS n FROM hall_case_steps'))!.n as number) >= ops.length / 3) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      a.child.kill('SIGKILL');
      await exited;
      expect(await sending).toBe('lost');
      viaA.close();
      const committed = (await q.one('SELECT COUNT(*) AS n FROM hall_case_steps'))!.n as number;
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(ops.length);

      // The workstation knows nothing of what A committed: it re-sends everything to B.
      const viaB = new HubClient({ url: b.url, credential, timeoutMs: 60_000 });
      const results: IngestResult[] = [];
      for (const batch of batches) results.push(...(await send(viaB, batch)).results);
      viaB.close();
      expect(results.filter((r) => r.outcome !== 'applied')).toEqual([]);
      expect(results.filter((r) => r.replayed)).toHaveLength(committed);

      const steps = await q.all('SELECT case_id, seq, op_key, hub_seq FROM hall_case_steps ORDER BY hub_seq');
      expect(steps.map((s) => s.hub_seq)).toEqual(Array.from({ length: ops.length }, (_, i) => i + 1));
      expect(new Set(steps.map((s) => s.op_key)).size).toBe(ops.length);
      const trails = new Map<string, number[]>();
      for (const s of steps) trails.set(s.case_id, [...(trails.get(s.case_id) ?? []), s.seq]);
      expect(trails.size).toBe(CASES);
      for (const t of trails.values()) expect(t).toEqual([1, 2, 3, 4]);
      expect(await q.all(`SELECT case_id FROM hall_case_gaps`)).toEqual([]);
      expect((await q.one(`SELECT COUNT(*) AS n FROM hall_cases WHERE state = 'result-issued' AND last_seq = 4`))!.n).toBe(CASES);
    } finally {
      await store.close();
    }
  }, 300_000);
});
