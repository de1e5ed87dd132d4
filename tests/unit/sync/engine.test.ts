/** The sync engine against the ways such engines fail in the field (issue 11). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FaultyTransport, HubSide, Workstation, actor } from '../../fixtures/sync-world';

const clock = { t: Date.parse('2026-03-02T02:00:00.000Z'), now() { return this.t; } };
const world = () => {
  const hub = new HubSide(clock);
  const net = new FaultyTransport(hub);
  return { hub, net, ws: new Workstation(net, clock) };
};
afterEach(() => vi.restoreAllMocks());

describe('outbox', () => {
  it('writes every step of a case to the outbox in the same transaction, in order, keyed by the step', async () => {
    const { ws } = world();
    const id = await ws.fullCase();
    const ops = ws.outbox.list(['pending']);
    expect(ops.map((o) => o.seq)).toEqual(ops.map((_, i) => i + 1));
    expect(ws.trails().get(id)).toEqual(ws.localTrails().get(id));
    const keys = ws.db.prepare('SELECT id FROM case_events WHERE case_id = ?').all(id).map((r) => (r as { id: string }).id);
    expect(new Set(ops.map((o) => o.idempotencyKey))).toEqual(new Set(keys));
    expect(ws.outbox.backlog()).toMatchObject({ pending: ops.length, oldestAt: clock.t });
  });

  it('a step whose outbox write fails is not recorded either (one transaction)', async () => {
    const { ws } = world();
    const id = await ws.readyDraft();
    const before = ws.localTrails().get(id)!.length;
    vi.spyOn(ws.outbox, 'enqueue').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => ws.cases.accept(id, actor)).toThrow('disk full');
    expect(ws.cases.queries.getCase(id).state).toBe('draft');
    expect(ws.localTrails().get(id)!.length).toBe(before);
    expect(ws.trails().get(id)!.length).toBe(before);
  });

  it('puts in-flight operations back in line through the open-rows index, not by reading every done row', async () => {
    const { ws } = world();
    await ws.fullCase();
    const ops = ws.outbox.list(['pending']);
    ws.outbox.markInflight(ops.map((o) => o.id));
    // Found as the history generator slowed by the day: each pass read the whole table, done payloads and all.
    const plan = ws.db.prepare(`EXPLAIN QUERY PLAN UPDATE sync_outbox INDEXED BY sync_outbox_status SET status = 'pending' WHERE status = 'inflight' AND status <> 'done'`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sync_outbox_status/);
    const retryPlan = ws.db.prepare(`EXPLAIN QUERY PLAN UPDATE sync_outbox INDEXED BY sync_outbox_status SET next_attempt_at = 1 WHERE status = 'failed' AND status <> 'done' AND next_attempt_at > 1`).all() as { detail: string }[];
    expect(retryPlan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sync_outbox_status/);
    expect(ws.outbox.retryNow()).toBe(0);
    expect(ws.outbox.recoverInflight()).toBe(ops.length);
    expect(ws.outbox.list(['inflight'])).toEqual([]);
  });
});

describe('sync engine', () => {
  it('drains a backlog; the hub holds every case once with its full trail', async () => {
    const { hub, ws } = world();
    const ids = [await ws.fullCase(), await ws.fullCase(), await ws.readyDraft()];
    await ws.engine.drain();
    expect(ws.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0, inflight: 0, oldestAt: null });
    const trails = hub.trails();
    for (const id of ids) expect(trails.get(id)).toEqual(ws.localTrails().get(id));
    expect((await hub.cases.get(ids[0])).case.state).toBe('result-issued');
  });

  it('does not stall after an exception: the timer retries without any new local write', async () => {
    const { hub, net, ws } = world();
    const id = await ws.fullCase();
    net.next = ['throw'];
    ws.engine.start();
    await vi.waitFor(() => expect(ws.outbox.backlog().failed).toBeGreaterThan(0), { timeout: 5000 });
    const pushes = net.pushes;
    // nothing is written locally from here on; only time passes
    clock.t += 120_000;
    await vi.waitFor(() => expect(ws.outbox.backlog()).toMatchObject({ failed: 0, pending: 0, inflight: 0 }), { timeout: 5000 });
    ws.engine.stop();
    expect(net.pushes).toBeGreaterThan(pushes);
    expect(hub.trails().get(id)).toEqual(ws.localTrails().get(id));
  });

  it('never dead-letters a write the hub accepted when recording "done" fails locally; the resend is answered with the first answer', async () => {
    const { hub, ws } = world();
    const id = await ws.fullCase();
    const spy = vi.spyOn(ws.outbox, 'markDone').mockImplementationOnce(() => {
      throw new Error('SQLITE_BUSY');
    });
    await ws.engine.pass();
    expect(ws.outbox.backlog().dead).toBe(0);
    spy.mockRestore();
    const steps = hub.trails().get(id)!.length;
    await ws.engine.drain();
    expect(ws.outbox.backlog()).toMatchObject({ dead: 0, pending: 0, inflight: 0, failed: 0 });
    expect(hub.trails().get(id)!.length).toBe(steps);
    const hubSeqs = ws.db.prepare(`SELECT hub_seq FROM sync_outbox ORDER BY id`).all() as Array<{ hub_seq: number }>;
    expect(hubSeqs.every((r) => r.hub_seq > 0)).toBe(true);
  });

  it('a retry after the hub committed but the ack was lost re-sends and is not applied twice', async () => {
    const { hub, net, ws } = world();
    const id = await ws.fullCase();
    net.next = ['after-commit'];
    await ws.engine.pass();
    expect(ws.outbox.backlog().failed).toBeGreaterThan(0);
    clock.t += 120_000;
    await ws.engine.drain();
    expect(hub.trails().get(id)).toEqual(ws.localTrails().get(id));
    expect(ws.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  });

  it('backs off with jitter, honours Retry-After, and keeps the schedule in the outbox', async () => {
    const { net, ws } = world();
    await ws.fullCase();
    net.next = ['429'];
    await ws.engine.pass();
    const [op] = ws.outbox.list(['failed'], 1);
    expect(op.nextAttemptAt - clock.t).toBeGreaterThanOrEqual(30_000);
    expect(op.lastError).toContain('频繁');
    // not due yet: nothing is sent
    const pushes = net.pushes;
    await ws.engine.pass();
    expect(net.pushes).toBe(pushes);
    net.always = '500';
    for (let i = 0; i < 6; i++) {
      clock.t += 3_600_000;
      await ws.engine.pass();
    }
    const again = ws.outbox.list(['failed'], 1)[0];
    expect(again.attempts).toBe(7);
    expect(again.nextAttemptAt - clock.t).toBeLessThanOrEqual(60_000);
    expect(ws.outbox.backlog().dead).toBe(0);
  });

  it('a 4xx-rejected case among good ones: only it is dead-lettered, with the reason; the others reach the hub; fixed and resent, it goes too', async () => {
    const { hub, ws } = world();
    const good1 = await ws.fullCase();
    const bad = await ws.readyDraft();
    const good2 = await ws.fullCase();
    // Corrupt the bad case's first step so the hub refuses it (a first step that is not 收件登记).
    const first = ws.outbox.list(['pending']).find((o) => o.aggregate === `case:${bad}` && o.seq === 1)!;
    const broken = { ...(first.payload as Record<string, unknown>), event: { ...(first.payload as { event: object }).event, type: 'accepted' } };
    ws.db.prepare('UPDATE sync_outbox SET payload = ? WHERE id = ?').run(JSON.stringify(broken), first.id);
    await ws.engine.drain();
    const dead = ws.outbox.list(['dead']);
    expect(dead).toHaveLength(1);
    expect(dead[0].aggregate).toBe(`case:${bad}`);
    expect(dead[0].lastError).toContain('CASE_STEP_ILLEGAL');
    expect(hub.trails().get(good1)).toEqual(ws.localTrails().get(good1));
    expect(hub.trails().get(good2)).toEqual(ws.localTrails().get(good2));
    expect(hub.trails().has(bad)).toBe(false);
    // the lane waits (nothing of the bad case was dropped)
    expect(ws.outbox.backlog().pending).toBeGreaterThan(0);
    ws.outbox.resend(dead[0].id, first.payload);
    await ws.engine.drain();
    expect(hub.trails().get(bad)).toEqual(ws.localTrails().get(bad));
    expect(ws.outbox.backlog()).toMatchObject({ pending: 0, dead: 0, failed: 0 });
  });

  it('a refused batch is split to find the culprit; a whole-batch 400 on a single op dead-letters only it', async () => {
    const { hub, net, ws } = world();
    const a = await ws.fullCase();
    net.next = ['400'];
    await ws.engine.pass();
    // the batch was refused, then each op sent alone and accepted
    expect(ws.outbox.backlog().dead).toBe(0);
    await ws.engine.drain();
    expect(hub.trails().get(a)).toEqual(ws.localTrails().get(a));
  });

  it('a hub that lost steps (restored from backup) asks for them again and gets them', async () => {
    const { hub, ws } = world();
    const id = await ws.readyDraft();
    await ws.engine.drain();
    // the hub's database is replaced by an empty one
    const fresh = new HubSide(clock);
    (ws.transport as FaultyTransport).hub = fresh;
    ws.cases.accept(id, actor);
    await ws.engine.drain();
    await ws.engine.drain();
    expect(fresh.trails().get(id)).toEqual(ws.localTrails().get(id));
    expect(hub.trails().get(id)!.length).toBe(ws.localTrails().get(id)!.length - 1);
  });

  it('measures clock drift against the hub and warns beyond a minute', async () => {
    const { ws } = world();
    await ws.readyDraft();
    const skewed = new Workstation(ws.transport, { now: () => clock.t + 10 * 60_000 }, { db: ws.db });
    await skewed.engine.drain();
    expect(skewed.engine.status().driftMs).toBe(10 * 60_000);
    expect(skewed.engine.driftWarning()).toContain('快约 10 分钟');
  });
});
