import type { Migration } from '../migrate';

/**
 * A case's files brought back from the hall hub (issue 11): when a rebuilt workstation, or a
 * counter taking a case over, imports a case, its attachments come from the case's trail and
 * their files are fetched afterwards, outside the import's transaction. Each attachment still
 * waiting for its file has a row here ('pending'; 'absent' once the hub answered it has none),
 * retried on every pull; the row goes when the file is in the local file store.
 *
 * Upward, attachments now write a `case.file` operation (core/sync/case-files.ts). The files of
 * cases still open when this version arrives were never sent: each gets its operation here, on
 * its own lane with the same key the journal uses, so they reach the hub like any new scan.
 */
export const m0022: Migration = {
  version: 22,
  name: 'case-file-fetches',
  up(db) {
    db.exec(`
      CREATE TABLE case_file_fetches (
        attachment_id TEXT PRIMARY KEY REFERENCES case_attachments (id),
        case_id TEXT NOT NULL REFERENCES cases (id),
        material_id TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        mime TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'absent')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX case_file_fetches_case ON case_file_fetches (case_id);`);
    const files = db.prepare(`SELECT a.id, a.case_id, a.material_id, a.sha256, a.mime, c.case_number, m.name AS material_name
      FROM case_attachments a JOIN cases c ON c.id = a.case_id JOIN files f ON f.path = a.file_path
      LEFT JOIN case_materials m ON m.case_id = a.case_id AND m.material_id = a.material_id
      WHERE c.state IN ('draft', 'accepted', 'correction-requested', 'in-review', 'completed')
        AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.idempotency_key = 'file:' || a.id)
      ORDER BY a.added_at, a.id`).all() as Array<Record<string, string | null>>;
    const lane = db.prepare(`INSERT INTO sync_aggregates (aggregate, last_seq) VALUES (?, 1) ON CONFLICT (aggregate) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`);
    const op = db.prepare(`INSERT INTO sync_outbox (kind, aggregate, seq, payload, idempotency_key, created_at, next_attempt_at) VALUES ('case.file', ?, ?, ?, ?, ?, ?)`);
    const at = Date.now();
    for (const f of files) {
      const aggregate = `file:${f.id}`;
      const seq = (lane.get(aggregate) as { last_seq: number }).last_seq;
      const payload = { caseId: f.case_id, attachmentId: f.id, materialId: f.material_id, sha256: f.sha256, mime: f.mime, caseNumber: f.case_number, materialName: f.material_name };
      op.run(aggregate, seq, JSON.stringify(payload), aggregate, at, at);
    }
  },
};
