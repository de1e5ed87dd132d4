import type { Migration } from '../migrate';

/**
 * The queue ticket a case was taken for: its number as called (A012, Y001) and its reference
 * (`hub:<id>` or `offline:<number>`), so the case shows whom it was for and the counter's current
 * ticket can show its case. Both stay NULL for a case taken without a called ticket.
 */
export const m0005: Migration = {
  version: 5,
  name: 'case-ticket',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN ticket_ref TEXT;
      ALTER TABLE cases ADD COLUMN ticket_number TEXT;
      CREATE INDEX cases_ticket ON cases(ticket_ref) WHERE ticket_ref IS NOT NULL;
    `);
  },
};
