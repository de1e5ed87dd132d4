/**
 * The sync engine with a mixed outbox (issue 12 on issue 11's engine): case steps in batches, and
 * ratings and assistance one by one through their registered senders — the same failure modes
 * tested for every kind: a refusal dead-letters that operation alone, a network fault is retried
 * with backoff, the loop never stalls after an exception, and "done" is never recorded in the
 * send's try (a write the hub accepted is never dead-lettered, nor applied twice).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../../../common/errors';
import type { HelpRequest } from '../../../common/assist/schema';
import type { RatingOffer, RatingSnapshot } from '../../../common/rating';
import { ASSIST_REQUEST, assistLane, assistSenders } from '../../../main/core/assist/sync';
import { RATING_OFFER, RATING_PUT, ratingLane, ratingSenders } from '../../../main/core/rating/sync';
import { SyncFault } from '../../../main/core/sync/transport';
import { FaultyTransport, HubSide, Workstation } from '../../fixtures/sync-world';

const clock = { t: Date.parse('2026-03-02T02:00:00.000Z'), now() { return this.t; } };

type Fault = 'down' | 'refuse' | '500' | '429' | 'throw' | null;

/** A hub's rating and assistance routes: idempotent by key as the real ones; faults per call or per rating. */
class FakeRoutes {
  /** key → what the hub stored under it (a repeat is answered, not stored again). */
  readonly ratings = new Map<string, RatingSnapshot>();
  readonly offers = new Map<string, RatingOffer>();
  readonly requests = new Map<string, HelpRequest>();
  calls = 0;
  next: Fault[] = [];
  always: Fault = null;
  /** Ratings the hub refuses for themselves (e.g. another counter's). */
  readonly refused = new Set<string>();

  private gate(ratingId?: string): void {
    this.calls++;
    const f = this.next.shift() ?? this.always;
    if (f === 'down') throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务（ECONNREFUSED）');
    if (f === '429') throw new SyncFault('retry', '请求过于频繁', 30_000, 429);
    if (f === '500') throw new SyncFault('retry', '大厅服务暂时无法处理（内部错误）', null, 500);
    if (f === 'throw') throw new TypeError('unexpected bug in the sender');
    if (f === 'refuse' || (ratingId && this.refused.has(ratingId))) throw new DeskError('INVALID_INPUT', '评价所属窗口与请求窗口不一致。', { httpStatus: 400 });
  }

  readonly rating = {
    postRating: async (s: RatingSnapshot, key: string) => {
      this.gate(s.ratingId);
      if (!this.ratings.has(key)) this.ratings.set(key, s);
    },
    offer: async (_counter: number, o: RatingOffer) => {
      this.gate();
      if (!this.offers.has(o.codeHash)) this.offers.set(o.codeHash, o);
    },
  };
  readonly assist = {
    request: async (r: HelpRequest) => {
      this.gate();
      if (!this.requests.has(r.key)) this.requests.set(r.key, r);
      return { id: [...this.requests.keys()].indexOf(r.key) + 1, key: r.key } as never;
    },
    takeReport: async () => {
      throw new Error('not used here');
    },
  };
}

function world() {
  const hub = new HubSide(clock);
  const net = new FaultyTransport(hub);
  const ws = new Workstation(net, clock);
  const routes = new FakeRoutes();
  const delivered: number[] = [];
  for (const [kind, send] of Object.entries(ratingSenders(routes.rating))) ws.engine.register(kind, send);
  for (const [kind, send] of Object.entries(assistSenders(routes.assist, (r) => r && delivered.push(r.id)))) ws.engine.register(kind, send);
  return { hub, net, ws, routes, delivered };
}

const snapshot = (serviceId: string, n: number, over: Partial<RatingSnapshot> = {}): RatingSnapshot => ({
  ratingId: `PJ20260302-03-${String(n).padStart(4, '0')}`, serviceId, counter: 3, staffNo: 'C001', caseNumber: null, itemCode: null, itemName: '居住证办理', itemVersion: null,
  finishedAt: '2026-03-02T01:59:00.000Z', ratedAt: new Date(clock.t).toISOString(), level: 5, channel: 'screen', reasons: [], reasonText: null, excluded: false, followUp: null, ...over,
});

/** A service's offer and its rating (then `updates` more snapshots), as RatingService writes them: one lane, in order. */
function rate(ws: Workstation, n: number, updates = 0): { serviceId: string; ratingId: string } {
  const serviceId = randomUUID();
  ws.db.transaction(() => {
    ws.outbox.enqueue(RATING_OFFER, ratingLane(serviceId), { counter: 3, offer: { serviceId, codeHash: serviceId.replaceAll('-', '').padEnd(64, '0'), ticketNumber: `A${n}`, itemName: null, rateUntil: '2026-03-09T02:00:00.000Z' } }, randomUUID());
    ws.outbox.enqueue(RATING_PUT, ratingLane(serviceId), { snapshot: snapshot(serviceId, n) }, randomUUID());
    for (let i = 0; i < updates; i++) ws.outbox.enqueue(RATING_PUT, ratingLane(serviceId), { snapshot: snapshot(serviceId, n, { excluded: true }) }, randomUUID());
  })();
  return { serviceId, ratingId: snapshot(serviceId, n).ratingId };
}

function help(ws: Workstation, note: string): string {
  const key = `help-${randomUUID()}`;
  const req: HelpRequest = { key, counter: 3, kind: 'fill', note, by: { staffNo: '1001', name: '王敏' }, at: clock.t, ticketNo: null };
  ws.db.transaction(() => ws.outbox.enqueue(ASSIST_REQUEST, assistLane(key), req, key))();
  return key;
}

const open = (ws: Workstation) => ws.outbox.backlog();
afterEach(() => vi.restoreAllMocks());

describe('sync engine, every kind', () => {
  it('drains a mixed outbox: each case with its trail, each rating lane in order, each 求助 once with its record shown', async () => {
    const { hub, ws, routes, delivered } = world();
    const c1 = await ws.fullCase();
    const r1 = rate(ws, 1, 1);
    const k1 = help(ws, '老人不会填表');
    const c2 = await ws.readyDraft();
    const r2 = rate(ws, 2);
    await ws.engine.drain();
    expect(open(ws)).toMatchObject({ pending: 0, inflight: 0, failed: 0, dead: 0 });
    expect(hub.trails().get(c1)).toEqual(ws.localTrails().get(c1));
    expect(hub.trails().get(c2)).toEqual(ws.localTrails().get(c2));
    expect([...routes.offers.values()].map((o) => o.serviceId)).toEqual([r1.serviceId, r2.serviceId]);
    // r1's lane in its order: the rating, then its appeal.
    expect([...routes.ratings.values()].filter((s) => s.serviceId === r1.serviceId).map((s) => s.excluded)).toEqual([false, true]);
    expect(routes.ratings.size).toBe(3);
    expect([...routes.requests.keys()]).toEqual([k1]);
    expect(delivered).toEqual([1]);
  });

  it('a rating the hub refuses is dead-lettered alone, with the reason; its lane waits, cases and other ratings drain; fixed and resent, it goes', async () => {
    const { hub, ws, routes } = world();
    const c = await ws.fullCase();
    const good = rate(ws, 1);
    const bad = rate(ws, 2, 1);
    const after = rate(ws, 3);
    routes.refused.add(bad.ratingId);
    await ws.engine.drain();
    const dead = ws.outbox.list(['dead']);
    expect(dead.map((d) => [d.kind, d.aggregate])).toEqual([[RATING_PUT, ratingLane(bad.serviceId)]]);
    expect(dead[0].lastError).toBe('大厅服务拒收（HTTP 400）：评价所属窗口与请求窗口不一致。');
    expect(hub.trails().get(c)).toEqual(ws.localTrails().get(c));
    const at = [...routes.ratings.values()].map((s) => s.ratingId);
    expect(at).toEqual([good.ratingId, after.ratingId]);
    // the refused rating's later snapshot waits behind it (its order), nothing dropped
    expect(ws.outbox.list(['pending']).map((o) => o.aggregate)).toEqual([ratingLane(bad.serviceId)]);
    routes.refused.clear();
    ws.outbox.resend(dead[0].id);
    await ws.engine.drain();
    expect(open(ws)).toMatchObject({ pending: 0, failed: 0, dead: 0 });
    expect([...routes.ratings.values()].filter((s) => s.serviceId === bad.serviceId).map((s) => s.excluded)).toEqual([false, true]);
  });

  it('a network fault or throttling is retried with backoff honouring Retry-After (the rest of the pass waits as long, not counted as tried), then each operation reaches the hub once', async () => {
    const { ws, routes, delivered } = world();
    rate(ws, 1);
    help(ws, '');
    routes.next = ['429'];
    const r = await ws.engine.pass();
    expect(r).toMatchObject({ done: 0, dead: 0 });
    expect(ws.engine.status().connection).toBe('offline');
    const failed = ws.outbox.list(['failed']);
    expect(failed.map((o) => o.attempts)).toEqual([1, 0, 0]);
    // the untried ones wait exactly as long as the one that met the fault, at least its Retry-After
    expect(new Set(failed.map((o) => o.nextAttemptAt)).size).toBe(1);
    expect(failed[0].nextAttemptAt - clock.t).toBeGreaterThanOrEqual(30_000);
    expect(routes.calls).toBe(1);
    // not due yet: nothing is sent
    await ws.engine.pass();
    expect(routes.calls).toBe(1);
    // then the network is down (the HubClient's error, sorted as the case wire sorts it)
    clock.t += 600_000;
    routes.next = ['down'];
    await ws.engine.drain();
    expect(ws.outbox.list(['failed']).map((o) => o.lastError)).toEqual(Array(3).fill(expect.stringContaining('无法连接大厅服务')));
    clock.t += 600_000;
    await ws.engine.drain();
    expect(open(ws)).toMatchObject({ pending: 0, failed: 0, dead: 0, inflight: 0 });
    expect([routes.offers.size, routes.ratings.size, routes.requests.size]).toEqual([1, 1, 1]);
    expect(delivered).toEqual([1]);
    expect(ws.engine.status().connection).toBe('online');
  });

  it('a fault the hub answered for one operation (500) holds up only that one: the others go in the same pass', async () => {
    const { ws, routes } = world();
    const a = rate(ws, 1);
    const b = rate(ws, 2);
    routes.next = ['500'];
    await ws.engine.pass();
    expect(ws.outbox.list(['failed']).map((o) => o.aggregate)).toEqual([ratingLane(a.serviceId)]);
    expect([...routes.ratings.values()].map((s) => s.serviceId)).toEqual([b.serviceId]);
    clock.t += 600_000;
    await ws.engine.drain();
    expect(routes.ratings.size).toBe(2);
  });

  it('does not stall after an exception in a sender: the timer retries without any new local write', async () => {
    const { ws, routes } = world();
    rate(ws, 1);
    routes.next = ['throw'];
    ws.engine.start();
    await vi.waitFor(() => expect(ws.outbox.backlog().failed).toBeGreaterThan(0), { timeout: 5000 });
    // nothing is written locally from here on; only time passes
    clock.t += 120_000;
    await vi.waitFor(() => expect(ws.outbox.backlog()).toMatchObject({ failed: 0, pending: 0, inflight: 0 }), { timeout: 5000 });
    ws.engine.stop();
    expect(ws.outbox.backlog().dead).toBe(0);
    expect([routes.offers.size, routes.ratings.size]).toEqual([1, 1]);
  });

  it('never dead-letters a rating the hub accepted when recording "done" fails locally; the resend is answered by the hub’s idempotency', async () => {
    const { ws, routes } = world();
    rate(ws, 1);
    const spy = vi.spyOn(ws.outbox, 'markDone').mockImplementationOnce(() => {
      throw new Error('SQLITE_BUSY');
    });
    await ws.engine.pass();
    expect(ws.outbox.backlog()).toMatchObject({ dead: 0, failed: 0 });
    expect(routes.offers.size).toBe(1);
    spy.mockRestore();
    await ws.engine.drain();
    expect(ws.outbox.backlog()).toMatchObject({ dead: 0, pending: 0, inflight: 0, failed: 0 });
    // the offer was sent twice and stored once; the rating once
    expect(routes.calls).toBe(3);
    expect([routes.offers.size, routes.ratings.size]).toEqual([1, 1]);
  });

  it('kinds without a sender never starve the ones it can send, and a lane stops at the first operation it cannot send', async () => {
    const { hub, ws, routes } = world();
    ws.db.transaction(() => {
      for (let i = 0; i < 120; i++) ws.outbox.enqueue('future.kind', `future:${i}`, {}, randomUUID());
    })();
    const mixed = randomUUID();
    ws.db.transaction(() => {
      ws.outbox.enqueue('future.kind', ratingLane(mixed), {}, randomUUID());
      ws.outbox.enqueue(RATING_PUT, ratingLane(mixed), { snapshot: snapshot(mixed, 9) }, randomUUID());
    })();
    const c = await ws.fullCase();
    const r = rate(ws, 1);
    await ws.engine.drain();
    expect(hub.trails().get(c)).toEqual(ws.localTrails().get(c));
    expect([...routes.ratings.values()].map((s) => s.serviceId)).toEqual([r.serviceId]);
    expect(ws.outbox.backlog()).toMatchObject({ pending: 122, failed: 0, dead: 0 });
  });

  it('reads the open rows through the partial indexes, not the done history', async () => {
    const { ws } = world();
    await ws.fullCase();
    const plan = (sql: string) => (ws.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan(`SELECT id, kind, aggregate, status, next_attempt_at FROM sync_outbox INDEXED BY sync_outbox_open WHERE status <> 'done' ORDER BY aggregate, seq`)).toMatch(/USING INDEX sync_outbox_open/);
    expect(plan(`SELECT * FROM sync_outbox INDEXED BY sync_outbox_status WHERE status <> 'done' AND kind = 'x' ORDER BY id LIMIT 5`)).toMatch(/USING INDEX sync_outbox_status/);
    expect(plan(`SELECT status, COUNT(*) FROM sync_outbox INDEXED BY sync_outbox_status WHERE status <> 'done' AND kind IN ('case.step') GROUP BY status`)).toMatch(/USING INDEX sync_outbox_status/);
  });
});
