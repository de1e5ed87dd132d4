/** The outbox does not keep what the hub holds for ever: personal data and size (issue 11). */
import { describe, expect, it } from 'vitest';
import { caseLane } from '../../../main/core/sync/case-journal';
import { FaultyTransport, HubSide, Workstation, actor } from '../../fixtures/sync-world';

const clock = { t: Date.parse('2026-03-02T02:00:00.000Z'), now() { return this.t; } };
const DAY = 86_400_000;

const world = () => {
  const hub = new HubSide(clock);
  return { hub, ws: new Workstation(new FaultyTransport(hub), clock) };
};

/** Another kind on its own lane, done at the hub (a rating, a 求助). */
function doneOther(ws: Workstation, key: string): void {
  ws.db.transaction(() => ws.outbox.enqueue('rating.put', `rating:${key}`, { level: 5 }, key))();
  const op = ws.outbox.list(['pending']).find((o) => o.idempotencyKey === key)!;
  ws.outbox.markDone(op.id, null, null);
}

describe('outbox retention', () => {
  it('drops done operations of other kinds after the retention period, never a case step and never one not yet at the hub', async () => {
    const { ws } = world();
    const id = await ws.fullCase();
    await ws.engine.drain();
    const steps = ws.outbox.list(['done'], 1000).length;
    expect(steps).toBeGreaterThan(3);
    doneOther(ws, 'old');
    ws.db.transaction(() => ws.outbox.enqueue('rating.put', 'rating:waiting', { level: 1 }, 'waiting'))();
    clock.t += 31 * DAY;
    doneOther(ws, 'recent');
    // Batches smaller than the work: the loop goes on until nothing older is left.
    expect(ws.outbox.purgeDone(clock.t - 30 * DAY, ['case.step'], 1)).toBe(1);
    const left = ws.outbox.list(['done', 'pending'], 1000);
    expect(left.filter((o) => o.kind === 'case.step').length).toBe(steps);
    expect(left.filter((o) => o.kind === 'rating.put').map((o) => o.idempotencyKey).sort()).toEqual(['recent', 'waiting']);
    expect(ws.cases.queries.getCase(id).state).toBe('result-issued');
  });

  it('forgets a case lane’s done steps (payloads carrying the applicant) and continues its numbering afterwards', async () => {
    const { ws } = world();
    const id = await ws.fullCase();
    await ws.engine.drain();
    const before = ws.outbox.list(['done'], 1000).filter((o) => o.aggregate === caseLane(id));
    const payloads = JSON.stringify(before.map((o) => o.payload));
    expect(payloads).toMatch(/idNumber|applicantKey/);
    expect(ws.outbox.forgetDone(caseLane(id))).toBe(before.length);
    expect(ws.outbox.list(['done'], 1000).filter((o) => o.aggregate === caseLane(id))).toEqual([]);
    ws.cases.archive(id, actor);
    const next = ws.outbox.list(['pending']).filter((o) => o.aggregate === caseLane(id));
    expect(next.map((o) => o.seq)).toEqual([before.length + 1]);
  });
});
