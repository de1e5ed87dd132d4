/**
 * The hall's reference publications on PostgreSQL (store.ts has the SQLite twin and the rules),
 * beside the queue on the same pool and schema. A publication takes one advisory lock for its
 * whole transaction: `seq` (BIGSERIAL) values are then taken and committed in the same order, so a
 * pull that read up to seq n never misses a publication that commits later with a smaller one.
 */
import { randomBytes } from 'node:crypto';
import type { PgMigration } from '../store/pg/migration-types';
import { PgDb, type PgRow } from '../store/pg/db';
import { toPublication, type NewPublication, type PublishDecision, type PublishState, type ReferenceKind, type ReferenceStore, type StoredPublication } from './store';

/** The PostgreSQL step of SQLite hub migration 0021 (same version and name, so both ledgers read alike). */
export const referenceDataStep: PgMigration = {
  version: 21,
  name: 'reference-data',
  async up(q) {
    await q.run(`
      CREATE TABLE reference_publications (
        seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('catalog', 'calendar')), version TEXT NOT NULL,
        body TEXT NOT NULL, sha256 TEXT NOT NULL, published_at BIGINT NOT NULL, published_by TEXT NOT NULL);
      CREATE UNIQUE INDEX reference_catalog_version ON reference_publications (version) WHERE kind = 'catalog';
      CREATE INDEX reference_kind_seq ON reference_publications (kind, seq);
      CREATE TABLE reference_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    await q.run(`INSERT INTO reference_meta (key, value) VALUES ('epoch', ?)`, [randomBytes(8).toString('hex')]);
  },
};

export class PgReferenceStore implements ReferenceStore {
  constructor(readonly db: PgDb) {}

  async epoch(): Promise<string> {
    return (await this.db.q.one(`SELECT value FROM reference_meta WHERE key = 'epoch'`))!.value as string;
  }

  publish(p: NewPublication, decide: (s: PublishState) => PublishDecision) {
    return this.db.tx(async (q) => {
      await PgDb.lockKey(q, 'reference:publish');
      const sameVersion = p.kind === 'catalog' ? await q.one(`SELECT * FROM reference_publications WHERE kind = 'catalog' AND version = ?`, [p.version]) : undefined;
      const latest = await q.one('SELECT * FROM reference_publications WHERE kind = ? ORDER BY seq DESC LIMIT 1', [p.kind]);
      const d = decide({ sameVersion: sameVersion ? toPublication(sameVersion) : null, latest: latest ? toPublication(latest) : null });
      if (!d.insert) return { publication: d.existing, inserted: false };
      const r = await q.one(`INSERT INTO reference_publications (kind, version, body, sha256, published_at, published_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq`,
        [p.kind, p.version, p.body, p.sha256, p.publishedAt, p.publishedBy]);
      return { publication: { ...p, seq: Number(r!.seq) }, inserted: true };
    });
  }

  async after(seq: number, limit: number): Promise<StoredPublication[]> {
    return (await this.db.q.all('SELECT * FROM reference_publications WHERE seq > ? ORDER BY seq LIMIT ?', [seq, limit])).map(toPublication);
  }

  async latest(kind: ReferenceKind): Promise<StoredPublication | null> {
    const r = await this.db.q.one('SELECT * FROM reference_publications WHERE kind = ? ORDER BY seq DESC LIMIT 1', [kind]);
    return r ? toPublication(r) : null;
  }

  async list() {
    return (await this.db.q.all('SELECT seq, kind, version, sha256, published_at, published_by FROM reference_publications ORDER BY seq'))
      .map((r: PgRow) => { const { body: _b, ...rest } = toPublication({ ...r, body: '' }); return rest; });
  }
}
