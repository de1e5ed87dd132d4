import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingSnapshot } from '../../../common/rating';
import { HubClient } from '../../../main/hub/client';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import { HubRatingStore } from '../../../main/hub/rating/store';
import { enrolTestDevice, fakeClock, raw, startTestHub } from './helpers';
import type { RunningHub } from '../../../main/hub';

const snapshot = (over: Partial<RatingSnapshot> = {}): RatingSnapshot => ({
  ratingId: 'PJ20260302-01-0001', serviceId: randomUUID(), counter: 1, staffNo: 'C001', caseNumber: 'SH2026030200001', itemCode: '310100-0001',
  itemName: '居住证办理', itemVersion: 'v2026.1', finishedAt: '2026-03-02T02:00:00.000Z', ratedAt: '2026-03-02T02:01:00.000Z', level: 2,
  channel: 'screen', reasons: ['efficiency'], reasonText: null, excluded: false,
  followUp: { state: 'open', contactDue: '2026-03-03', simpleDue: '2026-03-09', complexDue: '2026-03-23', steps: [], satisfied: null, replied: false },
  ...over,
});

let hub: RunningHub;
let client: HubClient;

beforeAll(async () => {
  ({ hub, client } = await startTestHub({ now: fakeClock().now }));
});
afterAll(async () => {
  await hub.close();
});

describe('POST /ratings (好差评 to the hall hub)', () => {
  it('stores a rating once per idempotency key: a resent key is answered as the first time, a new key is the next revision', async () => {
    const s = snapshot();
    const key = randomUUID();
    expect(await client.call('putRating', { body: { counter: 1, idempotencyKey: key, rating: s } })).toEqual({ ratingId: s.ratingId, revision: 1, replayed: false });
    expect(await client.call('putRating', { body: { counter: 1, idempotencyKey: key, rating: s } })).toEqual({ ratingId: s.ratingId, revision: 1, replayed: true });
    const later = { ...s, followUp: { ...s.followUp!, steps: ['contact' as const] } };
    expect(await client.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: later } })).toMatchObject({ revision: 2, replayed: false });
    // The hub keeps the latest snapshot, with the workstation's original times, for hall-wide figures.
    const store = new HubRatingStore((hub.hub.store as SqliteQueueStore).db, Date.now);
    const held = store.between('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ ratingId: s.ratingId, ratedAt: '2026-03-02T02:01:00.000Z', followUp: { steps: ['contact'] } });
  });

  it('refuses unknown keys, a bad level and a rating of another counter than the one named', async () => {
    const bad = async (body: unknown) => {
      const e = await client.call('putRating', { body: body as never }).then(() => null, (x: { code: string; message: string }) => x);
      expect(e).not.toBeNull();
      return e!;
    };
    expect((await bad({ counter: 1, idempotencyKey: randomUUID(), rating: { ...snapshot(), extra: 1 } })).code).toBe('INVALID_INPUT');
    expect((await bad({ counter: 1, idempotencyKey: randomUUID(), rating: snapshot({ level: 6 }) })).code).toBe('INVALID_INPUT');
    const mismatch = await bad({ counter: 1, idempotencyKey: randomUUID(), rating: snapshot({ counter: 2, ratingId: 'PJ20260302-02-0001' }) });
    expect(mismatch.code).toBe('INVALID_INPUT');
    expect(mismatch.message).toContain('窗口');
  });

  it('takes a workstation’s ratings for its own counters only, and nothing from an anonymous caller', async () => {
    const other = await enrolTestDevice(hub, 'workstation', [2]);
    const c2 = new HubClient({ url: hub.url, credential: other });
    const e = await c2.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: snapshot({ ratingId: 'PJ20260302-01-0009' }) } }).then(() => null, (x: { code: string }) => x);
    expect(e?.code).toBe('DEVICE_FORBIDDEN');
    c2.close();
    const anon = await raw(hub.url, 'POST', '/ratings', JSON.stringify({ counter: 1, idempotencyKey: randomUUID(), rating: snapshot() }), null);
    expect(anon.status).toBe(401);
  });
});
