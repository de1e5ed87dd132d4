import type { Migration } from '../migrate';

/**
 * The queue's workstation tables: the day's appointments cached from the
 * hub (offline check-in), this counter's offline ticket series, the outbox of offline operations
 * (uploaded to the hub's /offline/reconcile in local order), and call requests the hub may have
 * claimed without answering (hub lost mid-call). See main/hub/OFFLINE.md, "Workstation side".
 */
export const m0003: Migration = {
  version: 3,
  name: 'queue-offline',
  legacy: { userVersion: 10, table: 'queue_outbox' },
  up(db) {
    db.exec(`
      CREATE TABLE queue_appointments (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        code TEXT NOT NULL,
        id_number TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        slot_start INTEGER NOT NULL,
        slot_end INTEGER NOT NULL,
        item_code TEXT,
        item_name TEXT,
        status TEXT NOT NULL,
        ticket_number TEXT,
        cached_at INTEGER NOT NULL
      );
      CREATE INDEX queue_appointments_day ON queue_appointments(day, id_number);
      CREATE INDEX queue_appointments_code ON queue_appointments(day, code);

      CREATE TABLE queue_series (
        day TEXT NOT NULL,
        counter INTEGER NOT NULL,
        prefix TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (day, counter, prefix)
      );

      CREATE TABLE queue_offline_tickets (
        number TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        counter INTEGER NOT NULL,
        stream TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting','called','serving','finished','no_show')),
        item_code TEXT,
        appointment_id TEXT,
        due_at INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        called_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        call_count INTEGER NOT NULL DEFAULT 0,
        uploaded INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX queue_offline_tickets_day ON queue_offline_tickets(day, counter, status);

      CREATE TABLE queue_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        op_id TEXT NOT NULL UNIQUE,
        counter INTEGER NOT NULL,
        type TEXT NOT NULL,
        number TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','rejected')),
        outcome TEXT,
        error_code TEXT,
        error_message TEXT,
        warning TEXT,
        created_at INTEGER NOT NULL,
        done_at INTEGER
      );
      CREATE INDEX queue_outbox_pending ON queue_outbox(state, seq);

      CREATE TABLE queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE queue_pending_calls (
        request_id TEXT PRIMARY KEY,
        counter INTEGER NOT NULL,
        ticket_id INTEGER,
        created_at INTEGER NOT NULL
      );
    `);
  },
};
