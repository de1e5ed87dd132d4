import type { Migration } from '../../../db/migrate';

/**
 * The trust step of the PostgreSQL hub (store/pg/trust-store.ts, step 26 'hall-trust'): there it
 * creates the device, enrolment-code, supervisor and assertion tables this file has had since
 * 0007–0009 (and the hall CA's row), which a PostgreSQL hub now shares between its hosts instead of
 * keeping them in each node's hub.sqlite. Nothing changes here; the step is recorded so both ledgers
 * name the same versions. A PostgreSQL node's own trust rows from before are moved into the shared
 * tables at start (trust/adopt.ts), not by this migration.
 */
export const m0026: Migration = {
  version: 26,
  name: 'hall-trust',
  up() {},
};
