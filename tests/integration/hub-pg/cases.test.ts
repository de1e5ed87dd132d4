/**
 * The hall's case record on PostgreSQL with two stores on one schema standing for two hub
 * processes (each its own pool): the same operations applied through both at once (a workstation's
 * retry landing on the other process behind the load balancer) leave each case's trail gap-free
 * with every key applied once, the hub sequence gap-free and in commit order (a pull cursor
 * misses nothing), and a key reused for another request is refused, not a driver error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseOp, IngestResult } from '../../../main/hub/cases/protocol';
import { checkStep, requestSha } from '../../../main/hub/cases/service';
import { PgDb } from '../../../main/hub/store/pg/db';
import { PgCaseStore } from '../../../main/hub/store/pg/case-store';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { caseOp, TRAIL } from '../../fixtures/case-ops';
import { PG_SKIP_REASON, PG_URL, pgSchema } from '../../fixtures/pg';

const RECEIVED = Date.parse('2026-03-02T10:00:00+08:00');

function apply(store: PgCaseStore, op: CaseOp, workstation = 'ws-1'): Promise<IngestResult> {
  return store.applyCaseOp({ op, workstation, receivedAt: RECEIVED, requestSha: requestSha(op), check: (head) => checkStep(op, head) });
}

/** The outcome, or the DeskError code a refusal threw (IDEMPOTENCY_KEY_REUSED); a driver error fails the test. */
async function outcome(p: Promise<IngestResult>): Promise<IngestResult | { thrown: string }> {
  try {
    return await p;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'IDEMPOTENCY_KEY_REUSED') return { thrown: code };
    throw e;
  }
}

describe.skipIf(!PG_URL)(`hub case record on PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  /** Two processes' stores on one fresh schema, created through the ledger as `npm run hub` does. */
  async function twoStores(): Promise<[PgCaseStore, PgCaseStore]> {
    const schema = pgSchema();
    const queue = await PgQueueStore.open({ url: PG_URL, schema });
    opened.push(queue);
    const other = new PgDb({ url: PG_URL, schema });
    opened.push(other);
    return [new PgCaseStore(queue.db), new PgCaseStore(other)];
  }

  it('two processes applying the same steps at once: each trail gap-free, each key applied once, replays answer the first answer', async () => {
    const [a, b] = await twoStores();
    const cases = Array.from({ length: 40 }, (_, i) => `case-pg-${String(i).padStart(4, '0')}`);
    // A reader pulling with a cursor all along, as workstations do (HubCases.pull): it must end with every case's last step.
    let writing = true;
    const seen = new Map<string, number>();
    const reader = (async () => {
      let cursor = 0;
      for (;;) {
        const done = !writing;
        for (const c of await a.changedSince(cursor, 1000)) {
          seen.set(c.id, c.hubSeq);
          cursor = c.hubSeq;
        }
        if (done) return;
      }
    })();
    // Each stream sends every case's trail in order; the two streams run at once through the two stores.
    const stream = (store: PgCaseStore) => Promise.all(cases.map(async (id) => {
      const out: IngestResult[] = [];
      for (let seq = 1; seq <= TRAIL.length; seq++) out.push(await apply(store, caseOp(id, seq)));
      return out;
    }));
    const [ra, rb] = await Promise.all([stream(a), stream(b)]);
    writing = false;
    await reader;

    const all = [...ra.flat(), ...rb.flat()];
    expect(all.every((r) => r.outcome === 'applied')).toBe(true);
    const fresh = all.filter((r) => !r.replayed);
    expect(fresh.length).toBe(cases.length * TRAIL.length);
    expect(new Set(fresh.map((r) => r.key)).size).toBe(fresh.length);
    const firstAnswer = new Map(fresh.map((r) => [r.key, r.hubSeq]));
    for (const r of all.filter((x) => x.replayed)) expect(r.hubSeq).toBe(firstAnswer.get(r.key));

    for (const id of cases) {
      const full = (await b.getCase(id))!;
      expect(full.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
      expect(full.steps.map((s) => s.type)).toEqual(TRAIL.map((t) => t.type));
      const hubSeqs = full.steps.map((s) => s.hubSeq);
      expect([...hubSeqs].sort((x, y) => x - y)).toEqual(hubSeqs);
      expect(full.case).toMatchObject({ state: 'result-issued', lastSeq: 4, hubSeq: hubSeqs[3] });
      expect(seen.get(id)).toBe(hubSeqs[3]);
    }
    const seqs = (await a.db.q.all('SELECT hub_seq FROM hall_case_steps ORDER BY hub_seq')).map((r) => r.hub_seq);
    expect(seqs).toEqual(Array.from({ length: cases.length * TRAIL.length }, (_, i) => i + 1));
    expect(await a.missingSteps(100)).toEqual([]);
    expect(await b.totals()).toEqual({ cases: cases.length, open: 0 });
  });

  it('two counters offering another first step of one case at once: one is applied, the other refused as recorded elsewhere', async () => {
    const [a, b] = await twoStores();
    const cases = Array.from({ length: 30 }, (_, i) => `case-dup-${String(i).padStart(4, '0')}`);
    const results = await Promise.all(cases.flatMap((id) => [apply(a, caseOp(id, 1, undefined, '-a'), 'ws-a'), apply(b, caseOp(id, 1, undefined, '-b'), 'ws-b')]));
    for (let i = 0; i < cases.length; i++) {
      const pair = [results[2 * i], results[2 * i + 1]];
      expect(pair.map((r) => r.outcome).sort()).toEqual(['applied', 'rejected']);
      expect(pair.find((r) => r.outcome === 'rejected')!.error!.code).toBe('CASE_STEP_CONFLICT');
      expect((await a.getCase(cases[i]))!.steps.map((s) => s.seq)).toEqual([1]);
    }
  });

  it('one key sent with two different requests through two processes at once: applied once, the other refused as a reused key', async () => {
    const [a, b] = await twoStores();
    const pairs = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      const first = caseOp(`case-key-${i}-x`, 1);
      const other = { ...caseOp(`case-key-${i}-y`, 1), key: first.key };
      return Promise.all([outcome(apply(a, first)), outcome(apply(b, other))]);
    }));
    for (const pair of pairs) {
      const applied = pair.filter((r) => 'outcome' in r && r.outcome === 'applied');
      expect(applied).toHaveLength(1);
      expect(pair.filter((r) => 'thrown' in r)).toEqual([{ thrown: 'IDEMPOTENCY_KEY_REUSED' }]);
    }
    expect((await a.totals()).cases).toBe(30);
  });

  it('a NUL character PostgreSQL text cannot hold is refused as bad input (the workstation dead-letters it), and nothing is written', async () => {
    const [a] = await twoStores();
    const op = caseOp('case-nul-0001', 1);
    op.snapshot.applicantName = '张\u0000三';
    await expect(apply(a, op)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('控制字符') });
    expect(await a.getCase('case-nul-0001')).toBeNull();
    expect((await apply(a, caseOp('case-nul-0001', 1))).outcome).toBe('applied');
  });
});
