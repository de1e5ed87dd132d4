/**
 * The hall's case files on PostgreSQL (store.ts has the SQLite twin), beside the queue on the same
 * pool and schema: every hub process behind the load balancer answers the same file. A put is one
 * transaction; two processes storing the same digest at once both pass `ON CONFLICT DO NOTHING`
 * (the unique key decides, the loser writes nothing), so no lock is needed.
 */
import type { PgMigration } from '../store/pg/migration-types';
import type { PgDb } from '../store/pg/db';
import type { CaseFileLink, CaseFileStore, NewCaseFile } from './store';

/** The PostgreSQL step of SQLite hub migration 0023 (same version and name, so both ledgers read alike). */
export const caseFilesStep: PgMigration = {
  version: 23,
  name: 'case-files',
  async up(q) {
    await q.run(`
      CREATE TABLE case_file_blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, bytes BYTEA NOT NULL, stored_at BIGINT NOT NULL);
      CREATE TABLE case_files (
        case_id TEXT NOT NULL, attachment_id TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES case_file_blobs (sha256),
        material_id TEXT NOT NULL, mime TEXT NOT NULL, workstation TEXT NOT NULL, device_id TEXT, received_at BIGINT NOT NULL,
        PRIMARY KEY (case_id, attachment_id));
      CREATE INDEX case_files_blob ON case_files (sha256);`);
  },
};

export class PgCaseFileStore implements CaseFileStore {
  constructor(readonly db: PgDb) {}

  put(f: NewCaseFile) {
    return this.db.tx(async (q) => {
      await q.run('INSERT INTO case_file_blobs (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [f.sha256, f.bytes.length, f.bytes, f.receivedAt]);
      const first = (await q.run(`INSERT INTO case_files (case_id, attachment_id, sha256, material_id, mime, workstation, device_id, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, attachment_id) DO NOTHING`,
      [f.caseId, f.attachmentId, f.sha256, f.materialId, f.mime, f.workstation, f.deviceId, f.receivedAt])) === 1;
      const r = (await q.one(`SELECT l.sha256, b.size, l.received_at AS "receivedAt" FROM case_files l JOIN case_file_blobs b ON b.sha256 = l.sha256
        WHERE l.case_id = ? AND l.attachment_id = ?`, [f.caseId, f.attachmentId]))!;
      return { link: { sha256: r.sha256 as string, size: Number(r.size), receivedAt: Number(r.receivedAt) } satisfies CaseFileLink, first };
    });
  }

  dropCase(caseId: string) {
    return this.db.tx(async (q) => {
      const digests = (await q.all('SELECT DISTINCT sha256 FROM case_files WHERE case_id = ?', [caseId])).map((r) => r.sha256 as string);
      const links = await q.run('DELETE FROM case_files WHERE case_id = ?', [caseId]);
      let blobs = 0;
      // A blob another case names stays. One stored for another case at this very moment may lose
      // its blob here: that upload then fails on the foreign key and is retried (it stores it again).
      for (const d of digests) blobs += await q.run('DELETE FROM case_file_blobs WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM case_files WHERE sha256 = ?)', [d, d]);
      return { links, blobs };
    });
  }

  async get(caseId: string, sha256: string) {
    const r = await this.db.q.one(`SELECT l.mime, b.size, b.bytes FROM case_files l JOIN case_file_blobs b ON b.sha256 = l.sha256
      WHERE l.case_id = ? AND l.sha256 = ? LIMIT 1`, [caseId, sha256]);
    return r ? { mime: r.mime as string, size: Number(r.size), bytes: r.bytes as Buffer } : null;
  }
}
