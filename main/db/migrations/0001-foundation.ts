import type { Migration } from '../migrate';

/** Hall and counters, staff and roles, sessions, settings, and the hash-chained audit log. */
export const m0001: Migration = {
  version: 1,
  name: 'foundation',
  legacy: { userVersion: 1, table: 'hall' },
  up(db) {
    db.exec(`
      CREATE TABLE hall (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        district TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE TABLE counters (
        id TEXT PRIMARY KEY,
        hall_id TEXT NOT NULL REFERENCES hall(id),
        number INTEGER NOT NULL,
        name TEXT NOT NULL,
        dedication TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        UNIQUE (hall_id, number)
      );
      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        staff_no TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk','assistant','supervisor','admin')),
        password_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        counter_id TEXT REFERENCES counters(id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        ended_at TEXT
      );
      CREATE INDEX sessions_staff ON sessions(staff_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_staff_id TEXT,
        actor_role TEXT,
        counter_id TEXT,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok','refused','failed')),
        details TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_action ON audit_log(action, at);
    `);
  },
};
