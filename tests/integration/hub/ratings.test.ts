import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingSnapshot } from '../../../common/rating';
import { HubClient } from '../../../main/hub/client';
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
    const store = hub.ratings;
    const held = await store.between('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ ratingId: s.ratingId, ratedAt: '2026-03-02T02:01:00.000Z', followUp: { steps: ['contact'] } });
    // The 日动态 reads only each rating's level and appeal, from the latest snapshot.
    expect(await store.levelsBetween('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual([{ level: s.level, excluded: false }]);
    await client.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: { ...later, excluded: true } } });
    expect(await store.levelsBetween('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual([{ level: s.level, excluded: true }]);
    expect(await store.levelsBetween('2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z')).toEqual([]);
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

describe('the later rating by the notice’s QR (public /rate/:code)', () => {
  const code = 'Qr0123456789abc_';
  const hash = createHash('sha256').update(code).digest('hex');
  const post = (c: string, body: unknown, headers: Record<string, string> = {}) => raw(hub.url, 'POST', `/rate/${c}`, JSON.stringify(body), null, headers);

  it('offers a service under its code’s hash; a phone without any certificate sees the page and rates once; the workstation collects it', async () => {
    const serviceId = randomUUID();
    await client.call('offerRating', { body: { counter: 1, offer: { serviceId, codeHash: hash, ticketNumber: 'A007', itemName: '居住证办理', rateUntil: '2030-01-01T00:00:00.000Z' } } });
    const page = await raw(hub.url, 'GET', `/rate/${code}`, undefined, null, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('请您对本次服务进行评价');
    expect(page.text).toContain('A007 号 · 居住证办理 · 1 号窗口');
    // Its one script is allowed by hash; nothing else runs or loads.
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'/);
    const bad = await post(code, { level: 2 });
    expect(bad.status).toBe(409);
    expect(bad.json.error.message).toContain('差评');
    expect((await post(code, { level: 2, reasons: ['attitude'], extra: 1 })).status).toBe(400);
    expect((await post(code, { level: 2, reasons: ['attitude'] })).json).toEqual({ ok: true, value: { done: true } });
    const again = await post(code, { level: 5 });
    expect(again.json.error.code).toBe('RATING_ALREADY_RATED');
    const answers = await client.call('laterRatings', { query: { counter: '1', after: '0' } });
    expect(answers).toEqual([expect.objectContaining({ serviceId, level: 2, reasons: ['attitude'], reasonText: null })]);
    expect(await client.call('laterRatings', { query: { counter: '1', after: String(answers[0].seq) } })).toEqual([]);
  });

  it('two submissions of one code at once: one is taken, the other told 一次一评', async () => {
    const twice = 'Tw0123456789abc_';
    const serviceId = randomUUID();
    await client.call('offerRating', { body: { counter: 1, offer: { serviceId, codeHash: createHash('sha256').update(twice).digest('hex'), ticketNumber: 'A008', itemName: null, rateUntil: '2030-01-01T00:00:00.000Z' } } });
    const both = await Promise.all([post(twice, { level: 5 }), post(twice, { level: 3 })]);
    expect(both.map((r) => (r.json.ok ? 'ok' : r.json.error.code)).sort()).toEqual(['RATING_ALREADY_RATED', 'ok']);
    const mine = (await client.call('laterRatings', { query: { counter: '1', after: '0' } })).filter((a) => a.serviceId === serviceId);
    expect(mine).toEqual([expect.objectContaining({ level: both[0].json.ok ? 5 : 3 })]);
  });

  it('refuses an unknown or malformed code and an expired offer, in Chinese', async () => {
    expect((await post('Zz0123456789abc_', { level: 5 })).status).toBe(404);
    expect((await post('short', { level: 5 })).status).toBe(400);
    const old = 'Old0123456789ab_';
    await client.call('offerRating', { body: { counter: 1, offer: { serviceId: randomUUID(), codeHash: createHash('sha256').update(old).digest('hex'), ticketNumber: null, itemName: null, rateUntil: '2020-01-01T00:00:00.000Z' } } });
    const expired = await post(old, { level: 5 });
    expect(expired.json.error).toMatchObject({ code: 'RATING_EXPIRED' });
    expect(expired.json.error.message).toContain('评价期限已过');
  });

  it('a workstation collects only its own counters’ answers', async () => {
    const other = await enrolTestDevice(hub, 'workstation', [2]);
    const c2 = new HubClient({ url: hub.url, credential: other });
    const e = await c2.call('laterRatings', { query: { counter: '1' } }).then(() => null, (x: { code: string }) => x);
    expect(e?.code).toBe('DEVICE_FORBIDDEN');
    c2.close();
  });
});

describe('rate limit of the public rating routes', () => {
  it('answers 429 past 10 a minute from one client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await raw(hub.url, 'GET', '/rate/Nn0123456789abc_', undefined, null, { accept: 'application/json' })).status);
    expect(statuses.slice(0, 5).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
