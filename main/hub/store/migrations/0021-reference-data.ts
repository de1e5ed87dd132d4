import type { Migration } from '../../../db/migrate';

/**
 * The hall's reference data (issue 11): every catalog version and holiday calendar an
 * administrator published, append-only, in publication order (`seq`); a catalog version is
 * published once (cases keep the version they were drafted under). `reference_meta.epoch` names
 * this database: the workstations' pull cursors carry it. PostgreSQL: reference/pg-store.ts.
 */
export const m0021: Migration = {
  version: 21,
  name: 'reference-data',
  up(db) {
    db.exec(`
      CREATE TABLE reference_publications (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL CHECK (kind IN ('catalog', 'calendar')), version TEXT NOT NULL,
        body TEXT NOT NULL, sha256 TEXT NOT NULL, published_at INTEGER NOT NULL, published_by TEXT NOT NULL);
      CREATE UNIQUE INDEX reference_catalog_version ON reference_publications (version) WHERE kind = 'catalog';
      CREATE INDEX reference_kind_seq ON reference_publications (kind, seq);
      CREATE TABLE reference_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO reference_meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));`);
  },
};
