/**
 * Where the hall's ratings (好差评) live at the hub: one interface, two backends — the hub's SQLite
 * file (sqlite-backend.ts, tables of hub migration 0015) and the shared PostgreSQL of a district's
 * hub processes (store/pg/rating-store.ts, step 25). The rules stay in store.ts (idempotency answers,
 * `onRated`) and later.ts (the QR page's checks); a backend only runs statements, each atomic on its
 * own across processes: a key, an offer or an answer another process stored first is never stored again.
 */
import type { LaterAnswer, RatingSnapshot } from '../../../common/rating';

export interface StoredRating {
  ratingId: string;
  revision: number;
  replayed: boolean;
}

/** A finished service offered for the later rating, as stored (the code's hash only). */
export interface OfferRow {
  serviceId: string;
  counter: number;
  ticketNumber: string | null;
  itemName: string | null;
  rateUntil: string;
}

export interface NewAnswer {
  serviceId: string;
  counter: number;
  level: number;
  reasons: string[];
  reasonText: string | null;
  ratedAt: string;
}

export interface RatingBackend {
  /**
   * A seen key answers with its first answer (`replayed`); a new key stores the snapshot as the
   * rating's next revision. Two processes given the same key at once store it once.
   */
  store(key: string, s: RatingSnapshot, receivedAt: number): Promise<StoredRating>;
  /** Level and appeal of each rating given in [fromIso, toIso), from its latest snapshot. */
  levelsBetween(fromIso: string, toIso: string): Promise<{ level: number; excluded: boolean }[]>;
  /** The latest snapshots (as stored JSON) of the ratings given in [fromIso, toIso), oldest first. */
  snapshotsBetween(fromIso: string, toIso: string): Promise<string[]>;
  /** The stored revision of a rating (null: never received). */
  revision(ratingId: string): Promise<number | null>;

  /** Stores an offer unless its code or service is offered already (a resent offer changes nothing). */
  offer(codeHash: string, o: OfferRow, offeredAt: number): Promise<void>;
  offerOf(codeHash: string): Promise<OfferRow | undefined>;
  answered(serviceId: string): Promise<boolean>;
  /** Stores the service's one answer; false when it has one already (another process may have stored it first). */
  answer(a: NewAnswer): Promise<boolean>;
  /** A counter's answers after `after`, oldest first, at most `limit`; `seq` grows in commit order (a cursor never skips one). */
  answers(counter: number, after: number, limit: number): Promise<LaterAnswer[]>;
}
