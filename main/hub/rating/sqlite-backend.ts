/** The hall's ratings in the hub's SQLite file (tables: hub migration 0015), behind backend.ts's interface. */
import type Database from 'better-sqlite3';
import type { LaterAnswer, RatingSnapshot } from '../../../common/rating';
import type { NewAnswer, OfferRow, RatingBackend, StoredRating } from './backend';

/**
 * better-sqlite3 is synchronous and one process writes the file: each method is one statement or
 * one IMMEDIATE transaction; the methods are async only to share the interface.
 */
export class SqliteRatingBackend implements RatingBackend {
  constructor(private readonly db: Database.Database) {}

  async store(key: string, s: RatingSnapshot, receivedAt: number): Promise<StoredRating> {
    return this.db.transaction((): StoredRating => {
      const seen = this.db.prepare('SELECT rating_id AS ratingId, revision FROM rating_keys WHERE idempotency_key = ?').get(key) as { ratingId: string; revision: number } | undefined;
      if (seen) return { ...seen, replayed: true };
      const held = this.db.prepare('SELECT revision FROM ratings WHERE rating_id = ?').get(s.ratingId) as { revision: number } | undefined;
      const revision = (held?.revision ?? 0) + 1;
      this.db.prepare(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at)
        VALUES (@ratingId, @counter, @staffNo, @itemCode, @ratedAt, @level, @snapshot, @revision, @receivedAt)
        ON CONFLICT(rating_id) DO UPDATE SET snapshot = excluded.snapshot, revision = excluded.revision, received_at = excluded.received_at`)
        .run({ ratingId: s.ratingId, counter: s.counter, staffNo: s.staffNo, itemCode: s.itemCode, ratedAt: s.ratedAt, level: s.level, snapshot: JSON.stringify(s), revision, receivedAt });
      this.db.prepare('INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES (?, ?, ?)').run(key, s.ratingId, revision);
      return { ratingId: s.ratingId, revision, replayed: false };
    }).immediate();
  }

  /** Read from the snapshot itself (the `level` column is not rewritten by a later revision), without parsing it in JS. */
  levelsNow(fromIso: string, toIso: string): { level: number; excluded: boolean }[] {
    const rows = this.db.prepare(`SELECT json_extract(snapshot, '$.level') AS level, json_extract(snapshot, '$.excluded') AS excluded FROM ratings
      WHERE rated_at >= ? AND rated_at < ?`).all(fromIso, toIso) as Array<{ level: number; excluded: number }>;
    return rows.map((r) => ({ level: r.level, excluded: r.excluded === 1 }));
  }

  async levelsBetween(fromIso: string, toIso: string) {
    return this.levelsNow(fromIso, toIso);
  }

  async snapshotsBetween(fromIso: string, toIso: string) {
    return (this.db.prepare('SELECT snapshot FROM ratings WHERE rated_at >= ? AND rated_at < ? ORDER BY rated_at, rating_id').all(fromIso, toIso) as Array<{ snapshot: string }>)
      .map((r) => r.snapshot);
  }

  async revision(ratingId: string) {
    return (this.db.prepare('SELECT revision FROM ratings WHERE rating_id = ?').get(ratingId) as { revision: number } | undefined)?.revision ?? null;
  }

  async offer(codeHash: string, o: OfferRow, offeredAt: number) {
    this.db.prepare(`INSERT OR IGNORE INTO rating_offers (code_hash, service_id, counter, ticket_number, item_name, rate_until, offered_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(codeHash, o.serviceId, o.counter, o.ticketNumber, o.itemName, o.rateUntil, offeredAt);
  }

  async offerOf(codeHash: string) {
    return this.db.prepare(`SELECT service_id AS serviceId, counter, ticket_number AS ticketNumber, item_name AS itemName, rate_until AS rateUntil
      FROM rating_offers WHERE code_hash = ?`).get(codeHash) as OfferRow | undefined;
  }

  async answered(serviceId: string) {
    return this.db.prepare('SELECT 1 FROM rating_answers WHERE service_id = ?').get(serviceId) !== undefined;
  }

  async answer(a: NewAnswer) {
    return this.db.prepare(`INSERT INTO rating_answers (service_id, counter, level, reasons, reason_text, rated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (service_id) DO NOTHING`).run(a.serviceId, a.counter, a.level, JSON.stringify(a.reasons), a.reasonText, a.ratedAt).changes === 1;
  }

  async answers(counter: number, after: number, limit: number): Promise<LaterAnswer[]> {
    const rows = this.db.prepare(`SELECT seq, service_id AS serviceId, level, reasons, reason_text AS reasonText, rated_at AS ratedAt
      FROM rating_answers WHERE counter = ? AND seq > ? ORDER BY seq LIMIT ?`).all(counter, after, limit) as Array<Omit<LaterAnswer, 'reasons'> & { reasons: string }>;
    return rows.map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as string[] }));
  }
}
