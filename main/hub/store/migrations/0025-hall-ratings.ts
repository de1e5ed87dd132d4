import type { Migration } from '../../../db/migrate';

/**
 * The ratings' step of the PostgreSQL hub (store/pg/rating-store.ts, step 25 'hall-ratings'): there
 * it creates the tables this file has had since 0015, which a PostgreSQL hub now shares between its
 * processes instead of keeping them in each node's hub.sqlite. Nothing changes here; the step is
 * recorded so both ledgers name the same versions. A PostgreSQL node's own rating rows from before
 * are moved into the shared tables at start (rating/adopt.ts), not by this migration.
 */
export const m0025: Migration = {
  version: 25,
  name: 'hall-ratings',
  up() {},
};
