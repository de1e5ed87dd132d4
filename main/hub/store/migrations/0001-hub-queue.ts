import type { Migration } from '../../../db/migrate';

/** The hall's queue: hall and counters, tickets and their numbers, call requests, events, appointments, offline ops. */
export const m0001: Migration = {
  version: 1,
  name: 'hub-queue',
  legacy: { userVersion: 1, table: 'tickets' },
  up(db) {
    db.exec(`
        CREATE TABLE hall (id INTEGER PRIMARY KEY CHECK (id = 1), config TEXT NOT NULL);
        CREATE TABLE counters (
          number INTEGER PRIMARY KEY, name TEXT NOT NULL, streams TEXT NOT NULL, items TEXT,
          dedicated_stream TEXT, dedication_label TEXT,
          paused INTEGER NOT NULL DEFAULT 0, paused_at INTEGER, last_seen INTEGER);
        CREATE TABLE tickets (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          day TEXT NOT NULL, number TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL,
          series TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL,
          item_code TEXT, note TEXT, counter INTEGER, target_counter INTEGER,
          due_at INTEGER NOT NULL, issued_at INTEGER NOT NULL, called_at INTEGER,
          call_count INTEGER NOT NULL DEFAULT 0, last_called_at INTEGER, started_at INTEGER,
          finished_at INTEGER, moved_up_at INTEGER, appointment_id TEXT,
          UNIQUE (day, number));
        -- Covering index: call-next reads every waiting ticket's policy fields; this keeps that read index-only.
        CREATE INDEX tickets_day_status ON tickets (day, status, stream, kind, item_code, due_at, target_counter, moved_up_at);
        CREATE INDEX tickets_counter_status ON tickets (counter, status);
        CREATE TABLE ticket_numbers (day TEXT NOT NULL, series TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (day, series));
        CREATE TABLE call_requests (request_id TEXT PRIMARY KEY, counter INTEGER NOT NULL, ticket_id INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE TABLE ticket_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, ticket_id INTEGER NOT NULL, counter INTEGER, type TEXT NOT NULL, detail TEXT);
        CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id);
        CREATE TABLE appointments (
          id TEXT PRIMARY KEY, day TEXT NOT NULL, code TEXT NOT NULL UNIQUE, id_number TEXT NOT NULL,
          name TEXT NOT NULL, phone TEXT NOT NULL, slot_start INTEGER NOT NULL, slot_end INTEGER NOT NULL,
          item_code TEXT, item_name TEXT, status TEXT NOT NULL, ticket_id INTEGER, checked_in_at INTEGER, note TEXT);
        CREATE INDEX appointments_day_id ON appointments (day, id_number);
        CREATE INDEX appointments_day_phone ON appointments (day, phone);
        CREATE TABLE offline_ops (op_id TEXT PRIMARY KEY, workstation TEXT NOT NULL, counter INTEGER NOT NULL, result TEXT NOT NULL, at INTEGER NOT NULL);
    `);
  },
};
