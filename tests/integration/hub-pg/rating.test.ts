/**
 * Ratings (好差评) with two hub processes on one PostgreSQL (two running hubs on one schema, each its
 * own pool, listener and node hub.sqlite, as two `npm run hub -- --db postgres://…` behind a load
 * balancer): the ratings, their idempotency keys and the later-rating offers are the hall's, so a
 * rating put through one counts in the other's 日动态, a key sent to both at once is stored once,
 * an offer registered through one is rated and collected through the other, and the assistance
 * ledger's 评价 is written once.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RatingSnapshot } from '../../../common/rating';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { PG_SKIP_REASON, PG_URL, pgSpec } from '../../fixtures/pg';
import { fakeClock, raw, startTestHub, tempDir } from '../hub/helpers';

const clerk = { staffNo: '1001', name: '王敏' };
const helper = { staffNo: '2001', name: '陈静', capacity: 'assistant' as const };
const DAY = '2026-03-02';
const root = path.resolve(__dirname, '../../..');
/** `npm run -s report -- daily --db …`, as an operator runs it against the shared database. */
const reportCli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'main/report/cli.ts', 'daily', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!PG_URL)(`ratings across hub processes on one PostgreSQL${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });
  const clock = fakeClock();
  const rating = (over: Partial<RatingSnapshot> = {}): RatingSnapshot => ({
    ratingId: 'PJ20260302-01-0001', serviceId: randomUUID(), counter: 1, staffNo: clerk.staffNo, caseNumber: null, ticketNumber: null, itemCode: '310100-0001',
    itemName: '居住证办理', itemVersion: 'v2026.1', finishedAt: new Date(clock.now()).toISOString(), ratedAt: new Date(clock.now()).toISOString(), level: 5,
    channel: 'screen', reasons: [], reasonText: null, excluded: false, followUp: null, ...over,
  });

  async function twoHubs(db = pgSpec()): Promise<[{ hub: RunningHub; client: HubClient }, { hub: RunningHub; client: HubClient }]> {
    const a = await startTestHub({ db, now: clock.now });
    hubs.push(a.hub);
    const b = await startTestHub({ db, now: clock.now });
    hubs.push(b.hub);
    return [a, b];
  }

  it("a rating put through A counts in B's 日动态, and its later revision (an accepted appeal) too", async () => {
    const schema = pgSpec();
    const [a, b] = await twoHubs(schema);
    const daily = async (c: HubClient) => (await c.call('reportDaily', { query: { day: DAY } })).ratings;
    expect(await daily(b.client)).toMatchObject({ rated: 0, good: 0, bad: 0 });
    const bad = rating({ level: 2, reasons: ['attitude'] });
    await a.client.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: bad } });
    await a.client.call('putRating', { body: { counter: 2, idempotencyKey: randomUUID(), rating: rating({ ratingId: 'PJ20260302-02-0001', counter: 2, level: 4 }) } });
    expect(await daily(b.client)).toMatchObject({ rated: 2, good: 1, bad: 1 });
    // The appeal is accepted at B (the same rating's next revision): A counts it neither good nor bad.
    expect(await b.client.call('putRating', { body: { counter: 1, idempotencyKey: randomUUID(), rating: { ...bad, excluded: true } } })).toMatchObject({ revision: 2, replayed: false });
    expect(await daily(a.client)).toMatchObject({ rated: 2, good: 1, bad: 0 });
    expect(await a.hub.ratings.between(...[`${DAY}T00:00:00.000Z`, '2026-03-03T00:00:00.000Z'] as const)).toEqual([
      expect.objectContaining({ ratingId: bad.ratingId, excluded: true }), expect.objectContaining({ ratingId: 'PJ20260302-02-0001' }),
    ]);
    // The report command reads the same figures from the shared database, without any hub's folder.
    const cli = reportCli('--db', schema, '--day', DAY);
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).ratings).toMatchObject({ rated: 2, good: 1, bad: 0 });
    const wrong = reportCli('--db', pgSpec(), '--day', DAY);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('没有大厅数据');
    // Nothing went into either node's own hub.sqlite.
    for (const h of [a, b]) expect(h.hub.localDb.prepare('SELECT COUNT(*) AS n FROM ratings').get()).toEqual({ n: 0 });
  });

  it('the same idempotency key sent to A and B at once is stored once, with one revision; two new keys of one rating get two', async () => {
    const [a, b] = await twoHubs();
    for (let i = 0; i < 20; i++) {
      const s = rating({ ratingId: `PJ20260302-03-${String(i + 1).padStart(4, '0')}`, counter: 3 });
      const key = randomUUID();
      const put = (c: HubClient) => c.call('putRating', { body: { counter: 3, idempotencyKey: key, rating: s } });
      const answers = await Promise.all(i % 2 ? [put(a.client), put(b.client)] : [put(b.client), put(a.client)]);
      expect(answers.map((x) => x.replayed).sort()).toEqual([false, true]);
      expect(answers.map((x) => x.revision)).toEqual([1, 1]);
      expect(await b.hub.ratings.revision(s.ratingId)).toBe(1);
      // Two different keys (two changes of the rating) at once: revisions 2 and 3, one each.
      const next = await Promise.all([a.client, b.client].map((c) => c.call('putRating', { body: { counter: 3, idempotencyKey: randomUUID(), rating: { ...s, excluded: true } } })));
      expect(next.map((x) => x.revision).sort()).toEqual([2, 3]);
      expect(await a.hub.ratings.revision(s.ratingId)).toBe(3);
    }
    expect(await a.hub.ratings.between(`${DAY}T00:00:00.000Z`, '2026-03-03T00:00:00.000Z')).toHaveLength(20);
  });

  it('an offer registered through A is rated on B’s page and collected through either; two phones at once rate it once', async () => {
    const [a, b] = await twoHubs();
    const code = 'Pg0123456789abc_';
    const serviceId = randomUUID();
    const offer = { serviceId, codeHash: createHash('sha256').update(code).digest('hex'), ticketNumber: 'A021', itemName: '居住证办理', rateUntil: '2030-01-01T00:00:00.000Z' };
    await a.client.call('offerRating', { body: { counter: 1, offer } });
    // A resent offer (through B, after a lost answer) changes nothing.
    await b.client.call('offerRating', { body: { counter: 1, offer } });
    const page = await raw(b.hub.url, 'GET', `/rate/${code}`, undefined, null, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('A021 号 · 居住证办理 · 1 号窗口');
    const post = (h: RunningHub, level: number) => raw(h.url, 'POST', `/rate/${code}`, JSON.stringify({ level }), null);
    const [pa, pb] = await Promise.all([post(a.hub, 5), post(b.hub, 4)]);
    const outcomes = [pa, pb].map((r) => (r.json.ok ? 'ok' : r.json.error.code)).sort();
    expect(outcomes).toEqual(['RATING_ALREADY_RATED', 'ok']);
    const answers = await a.client.call('laterRatings', { query: { counter: '1', after: '0' } });
    expect(answers).toEqual([expect.objectContaining({ serviceId, level: pa.json.ok ? 5 : 4 })]);
    expect(await b.client.call('laterRatings', { query: { counter: '1', after: '0' } })).toEqual(answers);
    expect(await b.client.call('laterRatings', { query: { counter: '1', after: String(answers[0].seq) } })).toEqual([]);
  });

  it("the ledger's 评价 is written once when both processes are sent the rating at once", async () => {
    const [a, b] = await twoHubs();
    const help = await a.client.call('assistRequest', { body: { key: 'pg-rated-0001', counter: 4, kind: 'fill', note: '', by: clerk, ticketNo: 'A031' } });
    await b.client.call('assistAccept', { params: { id: help.id }, body: { helper, etaMinutes: 1 } });
    const told: string[] = [];
    for (const h of [a.hub, b.hub]) {
      const write = h.ratings.onRated!;
      h.ratings.onRated = async (s) => {
        told.push(`${h.url} ${s.ratingId}`);
        await write(s);
      };
    }
    const s = rating({ ratingId: 'PJ20260302-04-0001', counter: 4, ticketNumber: 'A031', level: 3 });
    const key = randomUUID();
    await Promise.all([a.client, b.client].map((c) => c.call('putRating', { body: { counter: 4, idempotencyKey: key, rating: s } })));
    expect(told).toHaveLength(1);
    // Either process answered only once the ledger had it: both read it at once.
    for (const c of [a.client, b.client]) {
      const row = (await c.call('assistLedger', { query: { from: DAY, to: DAY } })).find((r) => r.id === help.id);
      expect(row?.rating).toBe(3);
    }
  });

  it("moves the ratings a node's hub.sqlite held from before into the shared tables at start", async () => {
    const schema = pgSpec();
    const dataDir = tempDir();
    const first = await startTestHub({ db: schema, dataDir, now: clock.now });
    // What this node kept on its own before step 25: a rating with its key, an offer, and an answer the workstation may not have collected.
    const node = first.hub.localDb;
    const old = rating({ ratingId: 'PJ20260302-06-0001', counter: 6, level: 1, reasons: ['attitude'] });
    node.prepare(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at) VALUES (?, 6, ?, ?, ?, 1, ?, 2, 1)`)
      .run(old.ratingId, old.staffNo, old.itemCode, old.ratedAt, JSON.stringify(old));
    const key = randomUUID();
    node.prepare(`INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES (?, ?, 2)`).run(key, old.ratingId);
    const code = 'Old3456789abcde_';
    node.prepare(`INSERT INTO rating_offers (code_hash, service_id, counter, ticket_number, item_name, rate_until, offered_at) VALUES (?, ?, 6, 'A061', NULL, '2030-01-01T00:00:00.000Z', 1)`)
      .run(createHash('sha256').update(code).digest('hex'), randomUUID());
    const answered = randomUUID();
    node.prepare(`INSERT INTO rating_answers (seq, service_id, counter, level, reasons, reason_text, rated_at) VALUES (40, ?, 6, 5, '[]', NULL, ?)`).run(answered, old.ratedAt);
    await first.hub.close();
    hubs.splice(hubs.indexOf(first.hub), 1);

    const b = await startTestHub({ db: schema, dataDir, now: clock.now });
    hubs.push(b.hub);
    // Moved, not copied: the node file no longer holds them (a later start has nothing to move).
    for (const t of ['ratings', 'rating_keys', 'rating_offers', 'rating_answers']) expect(b.hub.localDb.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    // Another process on the same schema sees them too: they are the hall's now.
    const other = await startTestHub({ db: schema, now: clock.now });
    hubs.push(other.hub);
    expect((await other.client.call('reportDaily', { query: { day: DAY } })).ratings).toMatchObject({ rated: 1, bad: 1 });
    expect(await other.client.call('putRating', { body: { counter: 6, idempotencyKey: key, rating: old } })).toEqual({ ratingId: old.ratingId, revision: 2, replayed: true });
    expect((await raw(other.hub.url, 'POST', `/rate/${code}`, JSON.stringify({ level: 4 }), null)).json).toEqual({ ok: true, value: { done: true } });
    // The moved answer comes after the node's old seq 40 (a cursor at 40 still collects it), the new one after it.
    const answers = await other.client.call('laterRatings', { query: { counter: '6', after: '40' } });
    expect(answers.map((x) => [x.serviceId === answered, x.level])).toEqual([[true, 5], [false, 4]]);
  });
});
