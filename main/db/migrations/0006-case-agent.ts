import type { Migration } from '../migrate';
import { classifyPersonId, normaliseIdNumber } from '../../../common/identity';

/**
 * The person at the counter (经办人) on the case, and signatures bound to what was signed.
 *
 * cases: the agent in its own columns — name, ID type and number (stored like the applicant's),
 * phone, relation (法定代表人本人 / 负责人本人 / 委托代理人 / 监护人) and the authority (JSON: its basis
 * and the case material that proves it). Cases written before this step kept an entrusted agent as
 * JSON in `agent`; they are carried over as 委托代理人 with their authorisation text. The old column
 * stays as written (SQLite cannot drop it without rebuilding the table) and nothing reads it.
 *
 * case_signatures: the signer's capacity, the decoded image's size, and the binding — the SHA-256
 * of the document signed, the clerk, the workstation, and the time with its source (the hub's clock
 * when online, else this machine's, marked local) — plus one digest over all of it. Older rows keep
 * NULLs there: they were recorded before anything was bound.
 */
export const m0006: Migration = {
  version: 6,
  name: 'case-agent',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN agent_name TEXT;
      ALTER TABLE cases ADD COLUMN agent_id_type TEXT CHECK (agent_id_type IN ('resident-id','hmt-residence-permit','foreign-permanent-residence'));
      ALTER TABLE cases ADD COLUMN agent_id_number TEXT;
      ALTER TABLE cases ADD COLUMN agent_phone TEXT;
      ALTER TABLE cases ADD COLUMN agent_relation TEXT CHECK (agent_relation IN ('legal-representative','responsible-person','entrusted','guardian'));
      ALTER TABLE cases ADD COLUMN agent_authority TEXT;
      CREATE INDEX cases_agent_id ON cases (agent_id_number) WHERE agent_id_number IS NOT NULL;

      ALTER TABLE case_signatures ADD COLUMN signer_relation TEXT;
      ALTER TABLE case_signatures ADD COLUMN image_width INTEGER;
      ALTER TABLE case_signatures ADD COLUMN image_height INTEGER;
      ALTER TABLE case_signatures ADD COLUMN document_sha256 TEXT CHECK (document_sha256 IS NULL OR length(document_sha256) = 64);
      ALTER TABLE case_signatures ADD COLUMN document_file_id TEXT;
      ALTER TABLE case_signatures ADD COLUMN staff_id TEXT;
      ALTER TABLE case_signatures ADD COLUMN device_id TEXT;
      ALTER TABLE case_signatures ADD COLUMN time_source TEXT CHECK (time_source IN ('hub','local'));
      ALTER TABLE case_signatures ADD COLUMN local_at TEXT;
      ALTER TABLE case_signatures ADD COLUMN binding_sha256 TEXT CHECK (binding_sha256 IS NULL OR length(binding_sha256) = 64);
    `);
    const old = db.prepare(`SELECT id, agent FROM cases WHERE agent IS NOT NULL`).all() as { id: string; agent: string }[];
    const set = db.prepare(`UPDATE cases SET agent_name = ?, agent_id_type = ?, agent_id_number = ?, agent_phone = ?, agent_relation = 'entrusted', agent_authority = ? WHERE id = ?`);
    for (const r of old) {
      let a: { name?: string; idNumber?: string; phone?: string; authorisation?: { scope?: string; validTo?: string; reference?: string } };
      try {
        a = JSON.parse(r.agent);
      } catch {
        continue; // not JSON: nothing this program ever wrote; left for a person to look at
      }
      if (!a?.name || !a.idNumber) continue;
      const authority = { basis: 'power-of-attorney', materialId: null, note: [a.authorisation?.reference, a.authorisation?.scope].filter(Boolean).join('；') || null };
      set.run(a.name, classifyPersonId(a.idNumber), normaliseIdNumber(a.idNumber), a.phone ?? null, JSON.stringify(authority), r.id);
    }
  },
};
