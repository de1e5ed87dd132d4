import type { Migration } from '../../../db/migrate';

/**
 * The hall's cases at the hub (issue 11): each case's head and searchable summary, its step trail
 * in hub order (`hub_seq`, the order of record; the workstation's `at` is evidence), the first
 * answer of every operation key, the steps refused for a hole in the trail, and the workstations'
 * reported backlogs. `case_meta.epoch` names this database: pull cursors carry it.
 */
export const m0011: Migration = {
  version: 11,
  name: 'hall-cases',
  up(db) {
    db.exec(`
      CREATE TABLE hall_cases (
        id TEXT PRIMARY KEY,
        case_number TEXT UNIQUE,
        workstation TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        state TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        hub_seq INTEGER NOT NULL,
        item_code TEXT NOT NULL,
        item_name TEXT NOT NULL,
        applicant_type TEXT NOT NULL,
        applicant_name TEXT NOT NULL,
        applicant_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        accepted_at TEXT,
        due_date TEXT,
        completed_at TEXT,
        issued_at TEXT,
        decision TEXT,
        snapshot TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );
      CREATE INDEX hall_cases_hub_seq ON hall_cases (hub_seq);
      CREATE INDEX hall_cases_applicant_key ON hall_cases (applicant_key, hub_seq DESC);
      CREATE INDEX hall_cases_applicant_name ON hall_cases (applicant_name, hub_seq DESC);
      CREATE INDEX hall_cases_open ON hall_cases (workstation, state);
      CREATE INDEX hall_cases_open_due ON hall_cases (due_date) WHERE state IN ('accepted','in-review');

      CREATE TABLE hall_case_steps (
        hub_seq INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES hall_cases(id),
        seq INTEGER NOT NULL,
        op_key TEXT NOT NULL UNIQUE,
        request_sha TEXT NOT NULL,
        type TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        at TEXT NOT NULL,
        time_source TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        delay_ms INTEGER NOT NULL,
        UNIQUE (case_id, seq)
      );
      CREATE INDEX hall_case_steps_delay ON hall_case_steps (delay_ms);

      CREATE TABLE hall_case_gaps (
        case_id TEXT PRIMARY KEY,
        case_number TEXT,
        expected_seq INTEGER NOT NULL,
        offered_seq INTEGER NOT NULL,
        at INTEGER NOT NULL
      );

      CREATE TABLE sync_backlog (
        workstation TEXT PRIMARY KEY,
        pending INTEGER NOT NULL,
        dead INTEGER NOT NULL,
        oldest_at INTEGER,
        reported_at INTEGER NOT NULL
      );

      CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO case_meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));
    `);
  },
};
