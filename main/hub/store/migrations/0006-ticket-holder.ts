import type { Migration } from '../../../db/migrate';

/**
 * Who holds a walk-in ticket, when they read their ID card at the kiosk: kept so the counter that
 * calls the ticket starts 受理 with the applicant already filled in. Only for the day the ticket
 * belongs to; rows of earlier days are purged at the day's rollover (personal data kept no longer
 * than the service needs it).
 */
export const m0006: Migration = {
  version: 6,
  name: 'ticket-holder',
  up(db) {
    db.exec(`
      CREATE TABLE ticket_holders (
        ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
        day TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL);
      CREATE INDEX ticket_holders_day ON ticket_holders (day);`);
  },
};
