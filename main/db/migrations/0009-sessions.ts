import type { Migration } from '../migrate';

/**
 * Password policy and session ends (等保 身份鉴别): when each password was set and whether its holder
 * must change it at the next login, the last hashes of each account (a new password may not reuse
 * them), and why a session ended (logout, expired, taken over, account locked).
 * Existing accounts count their password as set when the account was created.
 */
export const m0009: Migration = {
  version: 9,
  name: 'sessions',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN password_changed_at TEXT;
      ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
      UPDATE staff SET password_changed_at = created_at;
      CREATE TABLE password_history (
        staff_id TEXT NOT NULL REFERENCES staff(id),
        password_hash TEXT NOT NULL,
        changed_at TEXT NOT NULL
      );
      CREATE INDEX password_history_staff ON password_history(staff_id, changed_at);
      ALTER TABLE sessions ADD COLUMN ended_reason TEXT;
      CREATE INDEX sessions_open_counter ON sessions(counter_id) WHERE ended_at IS NULL;
    `);
  },
};
