import type { Migration } from '../migrate';

/**
 * The hall's reference data pulled from the hub (issue 11, core/sync/pull-reference.ts), written
 * in the same transaction as the pull cursor (`sync_cursors` 'reference'):
 * - `catalog_versions`: every catalog version this workstation knows from the hub, kept as long as a
 *   local case references it (a case keeps the version it was drafted under). `hub_seq` is the hub's
 *   publication order; the highest one is the hall's current catalog; NULL for a version kept
 *   after the hub answered "start over" without it.
 * - `reference_calendar`: the hall's holiday calendar as the hub last published it; `seeded` when it
 *   is the hub's bundled default (an administrator's import on this workstation then stands over it).
 */
export const m0020: Migration = {
  version: 20,
  name: 'catalog-versions',
  up(db) {
    db.exec(`
      CREATE TABLE catalog_versions (
        version TEXT PRIMARY KEY,
        catalog TEXT NOT NULL,
        hub_seq INTEGER,
        received_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE reference_calendar (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        calendar TEXT NOT NULL,
        seeded INTEGER NOT NULL CHECK (seeded IN (0, 1)),
        received_at INTEGER NOT NULL
      );`);
  },
};
