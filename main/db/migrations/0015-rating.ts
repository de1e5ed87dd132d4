import type { Migration } from '../migrate';

/**
 * The applicant's rating (好差评): each finished service (一次一评, bound to its case, item with
 * catalog version, staff and counter), at most one rating per service (UNIQUE), the follow-up
 * of every 差评 with its 1/5/15 working-day deadlines and its steps, and a small outbox that
 * carries ratings (and each service's offer for the later rating by QR) to the hall hub with their
 * original times, and how far each counter's later ratings have been collected from the hub.
 */
export const m0015: Migration = {
  version: 15,
  name: 'rating',
  up(db) {
    db.exec(`
      CREATE TABLE rating_services (
        id TEXT PRIMARY KEY,
        finished_at TEXT NOT NULL,
        finished_day TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        counter_number INTEGER NOT NULL,
        staff_id TEXT NOT NULL,
        staff_no TEXT NOT NULL,
        ticket_ref TEXT,
        ticket_number TEXT,
        case_id TEXT,
        case_number TEXT,
        item_code TEXT,
        item_name TEXT,
        item_version TEXT,
        later_code TEXT NOT NULL UNIQUE,
        rate_until TEXT NOT NULL,
        skipped_at TEXT
      );
      CREATE INDEX rating_services_day ON rating_services(finished_day);

      CREATE TABLE ratings (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL UNIQUE REFERENCES rating_services(id),
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        channel TEXT NOT NULL CHECK (channel IN ('screen','pad','qr')),
        reasons TEXT NOT NULL DEFAULT '[]',
        reason_text TEXT,
        rated_at TEXT NOT NULL,
        rated_day TEXT NOT NULL,
        excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0,1)),
        appeal_reason TEXT,
        appeal_by TEXT,
        appeal_at TEXT
      );
      CREATE INDEX ratings_day ON ratings(rated_day);

      CREATE TABLE rating_followups (
        rating_id TEXT PRIMARY KEY REFERENCES ratings(id),
        opened_day TEXT NOT NULL,
        contact_due TEXT NOT NULL,
        simple_due TEXT NOT NULL,
        complex_due TEXT NOT NULL,
        provisional_years TEXT NOT NULL DEFAULT '[]',
        complexity TEXT CHECK (complexity IN ('simple','complex')),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','closed')),
        satisfied INTEGER CHECK (satisfied IN (0,1)),
        reply TEXT,
        closed_at TEXT,
        closed_by TEXT
      );

      CREATE TABLE rating_followup_steps (
        rating_id TEXT NOT NULL REFERENCES rating_followups(rating_id),
        step TEXT NOT NULL CHECK (step IN ('contact','rectify')),
        owner TEXT NOT NULL,
        record TEXT NOT NULL,
        done_at TEXT NOT NULL,
        done_day TEXT NOT NULL,
        by_staff TEXT NOT NULL,
        PRIMARY KEY (rating_id, step)
      ) WITHOUT ROWID;

      CREATE TABLE rating_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at TEXT
      );
      CREATE INDEX rating_outbox_pending ON rating_outbox(seq) WHERE sent_at IS NULL;

      CREATE TABLE rating_later_cursor (
        counter_number INTEGER PRIMARY KEY,
        after_seq INTEGER NOT NULL
      );
    `);
  },
};
