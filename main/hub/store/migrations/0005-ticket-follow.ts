import type { Migration } from '../../../db/migrate';

/**
 * An unguessable follow code per ticket, made when the ticket is issued: the QR on the ticket slip
 * opens `GET /follow/<code>` on the hub, a read-only page of that one ticket's place in the queue.
 * Tickets issued before this step have none (NULL; the unique index allows many).
 */
export const m0005: Migration = {
  version: 5,
  name: 'ticket-follow',
  up(db) {
    db.exec(`ALTER TABLE tickets ADD COLUMN follow_code TEXT; CREATE UNIQUE INDEX tickets_follow_code ON tickets (follow_code);`);
  },
};
