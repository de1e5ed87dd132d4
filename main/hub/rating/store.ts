import type Database from 'better-sqlite3';
import { RatingSnapshot } from '../../../common/rating';

export interface StoredRating {
  ratingId: string;
  revision: number;
  replayed: boolean;
}

/**
 * The hall's ratings as the workstations report them. Each snapshot comes with an idempotency key:
 * a key seen before is answered as it was (the workstation's outbox resends after a lost answer);
 * a new key replaces the rating's snapshot (one workstation owns each rating and sends its changes in order).
 */
export class HubRatingStore {
  /**
   * Told of each new revision stored (not of a replayed key): the hub writes the level into the
   * assistance ledger's 评价 (assist/desk.ts `rated`). Whatever path stores a rating runs it;
   * `whenRated()` lets a route answer only once it is done.
   */
  onRated: ((s: RatingSnapshot) => Promise<void>) | null = null;
  private readonly hooks = new Set<Promise<void>>();

  constructor(private readonly db: Database.Database, private readonly now: () => number) {}

  put(key: string, s: RatingSnapshot): StoredRating {
    const stored = this.store(key, s);
    if (!stored.replayed && this.onRated) {
      const p: Promise<void> = this.onRated(s)
        .catch((e: Error) => console.error(`[hub] 评价 ${s.ratingId} 未能写入帮办台账：${e.message}`))
        .finally(() => this.hooks.delete(p));
      this.hooks.add(p);
    }
    return stored;
  }

  /** Resolves once every `onRated` begun so far has finished (its failure is logged, never thrown). */
  async whenRated(): Promise<void> {
    await Promise.all([...this.hooks]);
  }

  private store(key: string, s: RatingSnapshot): StoredRating {
    return this.db.transaction((): StoredRating => {
      const seen = this.db.prepare('SELECT rating_id AS ratingId, revision FROM rating_keys WHERE idempotency_key = ?').get(key) as { ratingId: string; revision: number } | undefined;
      if (seen) return { ...seen, replayed: true };
      const held = this.db.prepare('SELECT revision FROM ratings WHERE rating_id = ?').get(s.ratingId) as { revision: number } | undefined;
      const revision = (held?.revision ?? 0) + 1;
      this.db.prepare(`INSERT INTO ratings (rating_id, counter, staff_no, item_code, rated_at, level, snapshot, revision, received_at)
        VALUES (@ratingId, @counter, @staffNo, @itemCode, @ratedAt, @level, @snapshot, @revision, @receivedAt)
        ON CONFLICT(rating_id) DO UPDATE SET snapshot = excluded.snapshot, revision = excluded.revision, received_at = excluded.received_at`)
        .run({ ratingId: s.ratingId, counter: s.counter, staffNo: s.staffNo, itemCode: s.itemCode, ratedAt: s.ratedAt, level: s.level, snapshot: JSON.stringify(s), revision, receivedAt: this.now() });
      this.db.prepare('INSERT INTO rating_keys (idempotency_key, rating_id, revision) VALUES (?, ?, ?)').run(key, s.ratingId, revision);
      return { ratingId: s.ratingId, revision, replayed: false };
    }).immediate();
  }

  /**
   * Only the level and the appeal of each rating given in [fromIso, toIso): all the 日动态 counts, read
   * from the snapshot itself (the `level` column is not rewritten by a later revision) without parsing
   * and validating a thousand snapshots a day again (each was validated when it was put).
   */
  levelsBetween(fromIso: string, toIso: string): { level: number; excluded: boolean }[] {
    const rows = this.db.prepare(`SELECT json_extract(snapshot, '$.level') AS level, json_extract(snapshot, '$.excluded') AS excluded FROM ratings
      WHERE rated_at >= ? AND rated_at < ?`).all(fromIso, toIso) as Array<{ level: number; excluded: number }>;
    return rows.map((r) => ({ level: r.level, excluded: r.excluded === 1 }));
  }

  /** Ratings given in [fromIso, toIso), oldest first: the hall-wide figures' input. */
  between(fromIso: string, toIso: string): RatingSnapshot[] {
    const rows = this.db.prepare('SELECT snapshot FROM ratings WHERE rated_at >= ? AND rated_at < ? ORDER BY rated_at, rating_id').all(fromIso, toIso) as Array<{ snapshot: string }>;
    return rows.map((r) => RatingSnapshot.parse(JSON.parse(r.snapshot)));
  }
}
