import { RatingSnapshot } from '../../../common/rating';
import type { RatingBackend, StoredRating } from './backend';

export type { StoredRating } from './backend';

/**
 * The hall's ratings as the workstations report them. Each snapshot comes with an idempotency key:
 * a key seen before is answered as it was (the workstation's outbox resends after a lost answer);
 * a new key replaces the rating's snapshot (one workstation owns each rating and sends its changes in order).
 * On a PostgreSQL hub every hub process stores into the same tables (backend.ts), so the answer,
 * the figures and `onRated` are the hall's whichever process a request reaches.
 */
export class HubRatingStore {
  /**
   * Told of each new revision stored (not of a replayed key): the hub writes the level into the
   * assistance ledger's 评价 (assist/desk.ts `rated`). Whatever path stores a rating runs it;
   * `whenRated()` lets a route answer only once it is done.
   */
  onRated: ((s: RatingSnapshot) => Promise<void>) | null = null;
  private readonly hooks = new Set<Promise<void>>();

  constructor(readonly backend: RatingBackend, private readonly now: () => number) {}

  async put(key: string, s: RatingSnapshot): Promise<StoredRating> {
    const stored = await this.backend.store(key, s, this.now());
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

  /**
   * Only the level and the appeal of each rating given in [fromIso, toIso): all the 日动态 counts, read
   * from the latest snapshot without parsing and validating a thousand snapshots a day again (each was
   * validated when it was put).
   */
  levelsBetween(fromIso: string, toIso: string): Promise<{ level: number; excluded: boolean }[]> {
    return this.backend.levelsBetween(fromIso, toIso);
  }

  /** Ratings given in [fromIso, toIso), oldest first: the hall-wide figures' input. */
  async between(fromIso: string, toIso: string): Promise<RatingSnapshot[]> {
    return (await this.backend.snapshotsBetween(fromIso, toIso)).map((j) => RatingSnapshot.parse(JSON.parse(j)));
  }

  /** The revision the hub holds of a rating (null: never received). */
  revision(ratingId: string): Promise<number | null> {
    return this.backend.revision(ratingId);
  }
}
