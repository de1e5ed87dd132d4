/**
 * Where the hub keeps the hall's case files: content-addressed (one blob per SHA-256, however many
 * cases or attachments name it) in the hub's database — hub.sqlite (SQLCipher-encrypted under the
 * hub's key ring), or PostgreSQL beside the queue (pg-store.ts) so every hub process of a district
 * answers the same file. Each attachment of a case names its blob: that is how the hub knows which
 * case a file belongs to, and a file is only ever answered for a case that names it.
 */
import type Database from 'better-sqlite3';

export interface NewCaseFile {
  caseId: string;
  attachmentId: string;
  materialId: string;
  sha256: string;
  mime: string;
  bytes: Buffer;
  workstation: string;
  deviceId: string | null;
  receivedAt: number;
}

/** What the hub holds for an attachment (its first receipt). */
export interface CaseFileLink {
  sha256: string;
  size: number;
  receivedAt: number;
}

export interface CaseFileStore {
  /**
   * One transaction: the blob stored unless its digest is there already, the attachment's link
   * unless it is there already. Answers the attachment's link as stored (the first one's, for a
   * repeat) and whether this call wrote it.
   */
  put(f: NewCaseFile): Promise<{ link: CaseFileLink; first: boolean }>;
  /** The file of `caseId` with this digest, or null when no attachment of the case names it. */
  get(caseId: string, sha256: string): Promise<{ mime: string; size: number; bytes: Buffer } | null>;
  /** Forgets a case's files (its archive package holds them now): its links, and each blob no other case names. One transaction. */
  dropCase(caseId: string): Promise<{ links: number; blobs: number }>;
}

/** hub migration 0023 (main/hub/store/migrations/0023-case-files.ts); PostgreSQL: pg-store.ts step 23. */
export class SqliteCaseFileStore implements CaseFileStore {
  constructor(private readonly db: Database.Database) {}

  async put(f: NewCaseFile) {
    return this.db.transaction(() => {
      this.db.prepare('INSERT INTO case_file_blobs (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
        .run(f.sha256, f.bytes.length, f.bytes, f.receivedAt);
      const first = this.db.prepare(`INSERT INTO case_files (case_id, attachment_id, sha256, material_id, mime, workstation, device_id, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, attachment_id) DO NOTHING`)
        .run(f.caseId, f.attachmentId, f.sha256, f.materialId, f.mime, f.workstation, f.deviceId, f.receivedAt).changes === 1;
      const r = this.db.prepare(`SELECT l.sha256, b.size, l.received_at AS receivedAt FROM case_files l JOIN case_file_blobs b ON b.sha256 = l.sha256
        WHERE l.case_id = ? AND l.attachment_id = ?`).get(f.caseId, f.attachmentId) as CaseFileLink;
      return { link: r, first };
    })();
  }

  async dropCase(caseId: string) {
    return this.db.transaction(() => {
      const digests = (this.db.prepare('SELECT DISTINCT sha256 FROM case_files WHERE case_id = ?').all(caseId) as Array<{ sha256: string }>).map((r) => r.sha256);
      const links = this.db.prepare('DELETE FROM case_files WHERE case_id = ?').run(caseId).changes;
      const orphan = this.db.prepare('DELETE FROM case_file_blobs WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM case_files WHERE sha256 = ?)');
      let blobs = 0;
      for (const d of digests) blobs += orphan.run(d, d).changes;
      return { links, blobs };
    })();
  }

  async get(caseId: string, sha256: string) {
    const r = this.db.prepare(`SELECT l.mime, b.size, b.bytes FROM case_files l JOIN case_file_blobs b ON b.sha256 = l.sha256
      WHERE l.case_id = ? AND l.sha256 = ? LIMIT 1`).get(caseId, sha256) as { mime: string; size: number; bytes: Buffer } | undefined;
    return r ?? null;
  }
}
