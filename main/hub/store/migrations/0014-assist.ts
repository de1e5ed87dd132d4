import type { Migration } from '../../../db/migrate';

/**
 * Assistance (帮办) and 办不成事 reports, hall-wide on the hub: every counter's 求助 reaches the
 * assistants on duty from here, and the ledger and the reports' deadlines are the hall's.
 * `request_key` is the idempotency key of one press of 求助 (a retry or an offline replay returns
 * the first record). Names and ID numbers of applicants arrive masked; nothing here unmasks them.
 */
export const m0014: Migration = {
  version: 14,
  name: 'assist',
  up(db) {
    db.exec(`
      CREATE TABLE assist_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL CHECK (source IN ('counter','desk','ticket')),
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open','accepted','arrived','closed','cancelled')),
        counter INTEGER,
        counters TEXT NOT NULL DEFAULT '[]',
        requested_by_no TEXT,
        requested_by_name TEXT,
        note TEXT NOT NULL DEFAULT '',
        requested_at INTEGER NOT NULL,
        accepted_at INTEGER,
        arrived_at INTEGER,
        closed_at INTEGER,
        escalated_at INTEGER,
        eta_minutes INTEGER,
        helper_no TEXT,
        helper_name TEXT,
        helper_capacity TEXT,
        applicant TEXT NOT NULL DEFAULT '',
        item_code TEXT,
        item_name TEXT,
        case_ids TEXT NOT NULL DEFAULT '[]',
        ticket_no TEXT,
        problem TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL DEFAULT '',
        outcome TEXT CHECK (outcome IN ('resolved','partly','unresolved')),
        out_of_scope INTEGER NOT NULL DEFAULT 0,
        report_id INTEGER,
        rating INTEGER
      );
      CREATE INDEX assist_records_requested ON assist_records (requested_at);
      CREATE INDEX assist_records_live ON assist_records (status) WHERE status IN ('open','accepted','arrived');
      CREATE TABLE unresolved_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        counter INTEGER,
        taken_by_no TEXT NOT NULL,
        taken_by_name TEXT NOT NULL,
        owner_no TEXT NOT NULL,
        owner_name TEXT NOT NULL,
        applicant TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        item_name TEXT,
        description TEXT NOT NULL,
        assist_id INTEGER,
        state TEXT NOT NULL CHECK (state IN ('accepted','judging','handling','feedback','archived')),
        taken_day TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        deadlines TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX unresolved_reports_state ON unresolved_reports (state);
      CREATE TABLE assist_settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
    `);
  },
};
