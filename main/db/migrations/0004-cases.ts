import type { Migration } from '../migrate';

/** Intake: cases, their daily numbers, materials, attachments, events and signatures. */
export const m0004: Migration = {
  version: 4,
  name: 'cases',
  legacy: { userVersion: 20, table: 'cases' },
  up(db) {
    db.exec(`
        CREATE TABLE cases (
          id TEXT PRIMARY KEY,
          case_number TEXT UNIQUE,
          hall_code TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('draft','accepted','correction-requested','rejected','in-review','completed','result-issued','archived')),
          decision TEXT CHECK (decision IN ('approved','denied')),
          item_code TEXT NOT NULL,
          item_name TEXT NOT NULL,
          scenario_code TEXT NOT NULL,
          scenario_name TEXT NOT NULL,
          catalog_version TEXT NOT NULL,
          instant INTEGER NOT NULL CHECK (instant IN (0,1)),
          promised_limit_days INTEGER NOT NULL,
          delivery_options TEXT NOT NULL,
          applicant_type TEXT NOT NULL CHECK (applicant_type IN ('person','company')),
          applicant_name TEXT NOT NULL,
          applicant_id_number TEXT,
          applicant_credit_code TEXT,
          applicant_phone TEXT,
          legal_representative TEXT,
          agent TEXT,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          counter_id TEXT NOT NULL,
          accepted_at TEXT,
          accepted_date TEXT,
          due_date TEXT,
          completed_at TEXT,
          decision_reason TEXT,
          rejection TEXT,
          correction_notice TEXT,
          deficiency TEXT,
          delivery TEXT,
          issued_at TEXT,
          archived_at TEXT,
          updated_at TEXT NOT NULL,
          CHECK (applicant_id_number IS NOT NULL OR applicant_credit_code IS NOT NULL)
        );
        -- Paged list newest first (keyset on created_at, id), optionally by state.
        CREATE INDEX cases_created ON cases (created_at DESC, id DESC);
        CREATE INDEX cases_state_created ON cases (state, created_at DESC, id DESC);
        -- Near-due and overdue look-ups scan only open cases by due date.
        CREATE INDEX cases_open_due ON cases (due_date) WHERE state IN ('accepted','in-review');
        CREATE INDEX cases_applicant_id ON cases (applicant_id_number) WHERE applicant_id_number IS NOT NULL;
        CREATE INDEX cases_applicant_cc ON cases (applicant_credit_code) WHERE applicant_credit_code IS NOT NULL;

        CREATE TABLE case_number_seq (
          hall_code TEXT NOT NULL,
          day TEXT NOT NULL,
          seq INTEGER NOT NULL,
          PRIMARY KEY (hall_code, day)
        ) WITHOUT ROWID;

        CREATE TABLE case_materials (
          case_id TEXT NOT NULL REFERENCES cases(id),
          material_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          definition TEXT NOT NULL,
          applicable INTEGER NOT NULL DEFAULT 0 CHECK (applicable IN (0,1)),
          status_kind TEXT NOT NULL CHECK (status_kind IN ('exempt-elicence','exempt-datashare','commitment','captured','original-sighted','missing')),
          status TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (case_id, material_id)
        ) WITHOUT ROWID;

        CREATE TABLE case_attachments (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases(id),
          material_id TEXT NOT NULL,
          file_path TEXT NOT NULL,
          sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
          mime TEXT NOT NULL,
          pages INTEGER NOT NULL CHECK (pages >= 1),
          added_at TEXT NOT NULL,
          added_by TEXT NOT NULL
        );
        CREATE INDEX case_attachments_case ON case_attachments (case_id, material_id);

        CREATE TABLE case_events (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases(id),
          type TEXT NOT NULL,
          from_state TEXT,
          to_state TEXT,
          actor_staff_id TEXT NOT NULL,
          counter_id TEXT NOT NULL,
          at TEXT NOT NULL,
          payload TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX case_events_case ON case_events (case_id, at);

        CREATE TABLE case_signatures (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases(id),
          purpose TEXT NOT NULL CHECK (purpose IN ('commitment','elicence-authorisation','agent-authorisation','acceptance','result-receipt')),
          signer_name TEXT NOT NULL,
          signer_id_number TEXT,
          image_path TEXT,
          image_sha256 TEXT NOT NULL CHECK (length(image_sha256) = 64),
          signed_at TEXT NOT NULL,
          counter_id TEXT NOT NULL
        );
        CREATE INDEX case_signatures_case ON case_signatures (case_id);
    `);
  },
};
