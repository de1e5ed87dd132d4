import type { Migration } from '../../../db/migrate';

/**
 * Idempotency keys of ticket issue: the first answer for each key, so a retry after a lost answer
 * returns that ticket and prints no second one. `request` is the request the key was first used
 * with; the same key with a different request is refused rather than answered with another's ticket.
 */
export const m0003: Migration = {
  version: 3,
  name: 'idempotency',
  up(db) {
    db.exec(`
      CREATE TABLE issue_keys (key TEXT PRIMARY KEY, request TEXT NOT NULL, ticket_id INTEGER NOT NULL, answer TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX issue_keys_at ON issue_keys (at);
    `);
  },
};
