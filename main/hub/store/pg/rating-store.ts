/**
 * The hall's ratings (好差评) and the later-rating offers on PostgreSQL, shared by every hub process
 * of the hall: a rating put through one process counts in every process's 日动态, a resent key is
 * answered as the first time whichever process it reaches, and an offer registered through one is
 * rated and collected through another. Tables as SQLite hub migration 0015, as step 25 (the number
 * of SQLite hub migration 0025, which keeps the two ledgers in step).
 */
import type { LaterAnswer, RatingSnapshot } from '../../../../common/rating';
import type { NewAnswer, OfferRow, RatingBackend, StoredRating } from '../../rating/backend';
import { PgDb } from './db';
import type { PgMigration } from './migration-types';

/** Times stay ISO text as in SQLite, compared bytewise (COLLATE "C"): a locale's collation must not order them. */
export const hallRatingsStep: PgMigration = {
  version: 25,
  name: 'hall-ratings',
  async up(q) {
    await q.run(`
      CREATE TABLE ratings (
        rating_id TEXT PRIMARY KEY,
        counter INTEGER NOT NULL,
        staff_no TEXT NOT NULL,
        item_code TEXT,
        rated_at TEXT COLLATE "C" NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        snapshot TEXT NOT NULL,
        revision INTEGER NOT NULL,
        received_at BIGINT NOT NULL);
      CREATE INDEX ratings_rated_at ON ratings (rated_at);
      CREATE TABLE rating_keys (
        idempotency_key TEXT PRIMARY KEY,
        rating_id TEXT NOT NULL,
        revision INTEGER NOT NULL);
      CREATE TABLE rating_offers (
        code_hash TEXT PRIMARY KEY,
        service_id TEXT NOT NULL UNIQUE,
        counter INTEGER NOT NULL,
        ticket_number TEXT,
        item_name TEXT,
        rate_until TEXT COLLATE "C" NOT NULL,
        offered_at BIGINT NOT NULL);
      CREATE TABLE rating_answers (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        service_id TEXT NOT NULL UNIQUE,
        counter INTEGER NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        reasons TEXT NOT NULL,
        reason_text TEXT,
        rated_at TEXT NOT NULL);
      CREATE INDEX rating_answers_counter ON rating_answers (counter, seq);`);
  },
};

export class PgRatingBackend implements RatingBackend {
  constructor(private readonly db: PgDb) {}

  /**
   * The key is claimed first (INSERT … ON CONFLICT DO NOTHING): a second process with the same key
   * waits on the first one's uncommitted row, then finds it taken and reads the first answer. The
   * rating's row is then upserted with `revision + 1` under its row lock, so two new keys of one
   * rating get two revisions, never the same one.
   */
  store(key: string, s: RatingSnapshot, receivedAt: number): Promise<StoredRating> {
    return this.db.tx(async (q) => {
      const claimed = await q.run('INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES (?, ?, 0) ON CONFLICT (idempotency_key) DO NOTHING', [key, s.ratingId]);
      if (claimed === 0) {
        const seen = (await q.one('SELECT rating_id, revision FROM rating_keys WHERE idempotency_key = ?', [key]))!;
        return { ratingId: seen.rating_id as string, revision: seen.revision as number, replayed: true };
      }
      const row = (await q.one(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
        ON CONFLICT (rating_id) DO UPDATE SET snapshot = excluded.snapshot, revision = ratings.revision + 1, received_at = excluded.received_at
        RETURNING revision`, [s.ratingId, s.counter, s.staffNo, s.itemCode, s.ratedAt, s.level, JSON.stringify(s), receivedAt]))!;
      const revision = row.revision as number;
      await q.run('UPDATE rating_keys SET revision = ? WHERE idempotency_key = ?', [revision, key]);
      return { ratingId: s.ratingId, revision, replayed: false };
    });
  }

  async levelsBetween(fromIso: string, toIso: string) {
    const rows = await this.db.q.all(`SELECT (j->>'level')::int AS level, COALESCE((j->>'excluded')::boolean, false) AS excluded
      FROM (SELECT snapshot::jsonb AS j FROM ratings WHERE rated_at >= ? AND rated_at < ?) r`, [fromIso, toIso]);
    return rows.map((r) => ({ level: r.level as number, excluded: r.excluded as boolean }));
  }

  async snapshotsBetween(fromIso: string, toIso: string) {
    return (await this.db.q.all('SELECT snapshot FROM ratings WHERE rated_at >= ? AND rated_at < ? ORDER BY rated_at, rating_id', [fromIso, toIso]))
      .map((r) => r.snapshot as string);
  }

  async revision(ratingId: string) {
    return ((await this.db.q.one('SELECT revision FROM ratings WHERE rating_id = ?', [ratingId]))?.revision as number | undefined) ?? null;
  }

  async offer(codeHash: string, o: OfferRow, offeredAt: number) {
    await this.db.q.run(`INSERT INTO rating_offers (code_hash, service_id, counter, ticket_number, item_name, rate_until, offered_at)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, [codeHash, o.serviceId, o.counter, o.ticketNumber, o.itemName, o.rateUntil, offeredAt]);
  }

  async offerOf(codeHash: string) {
    const r = await this.db.q.one('SELECT service_id, counter, ticket_number, item_name, rate_until FROM rating_offers WHERE code_hash = ?', [codeHash]);
    return r ? { serviceId: r.service_id as string, counter: r.counter as number, ticketNumber: r.ticket_number as string | null, itemName: r.item_name as string | null, rateUntil: r.rate_until as string } : undefined;
  }

  async answered(serviceId: string) {
    return (await this.db.q.one('SELECT 1 FROM rating_answers WHERE service_id = ?', [serviceId])) !== undefined;
  }

  /**
   * Under one advisory lock, so answers commit in `seq` order: without it a later seq could commit
   * first, a workstation's cursor pass it, and the earlier answer never be collected.
   */
  answer(a: NewAnswer) {
    return this.db.tx(async (q) => {
      await PgDb.lockKey(q, 'rating:answers');
      return (await q.run(`INSERT INTO rating_answers (service_id, counter, level, reasons, reason_text, rated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (service_id) DO NOTHING`, [a.serviceId, a.counter, a.level, JSON.stringify(a.reasons), a.reasonText, a.ratedAt])) === 1;
    });
  }

  async answers(counter: number, after: number, limit: number): Promise<LaterAnswer[]> {
    const rows = await this.db.q.all(`SELECT seq, service_id, level, reasons, reason_text, rated_at FROM rating_answers
      WHERE counter = ? AND seq > ? ORDER BY seq LIMIT ?`, [counter, after, limit]);
    return rows.map((r) => ({
      seq: r.seq as number, serviceId: r.service_id as string, level: r.level as number, reasons: JSON.parse(r.reasons as string) as string[],
      reasonText: r.reason_text as string | null, ratedAt: r.rated_at as string,
    }));
  }
}
