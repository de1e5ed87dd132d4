/**
 * The wait forecast a ticket got at issue (前面还有 N 人，预计等候约 M 分钟) on the PostgreSQL hub,
 * as SQLite hub migration 0016 keeps it: on the ticket row, so the slip, the kiosk, the phone page
 * and a reprint show the same figures whichever hub process is asked, and so the day's forecasts can
 * later be compared with the waits that followed. NULL for tickets issued before forecasts existed
 * (and for offline-issued tickets uploaded later: the hub forecast nothing for them).
 *
 * Read back by `SELECT *` through rows.ts's toTicket, like every other ticket column.
 */
import type { NewTicket } from '../types';
import type { PgMigration } from './migration-types';

/** Same version and name as the SQLite step, so both ledgers read alike. */
export const ticketEstimateStep: PgMigration = {
  version: 16,
  name: 'ticket-estimate',
  async up(q) {
    // DOUBLE PRECISION, not REAL: minutes are kept as the forecast computed them (float8 reads back as a JS number).
    await q.run(`ALTER TABLE tickets ADD COLUMN estimate_ahead INTEGER, ADD COLUMN estimate_minutes DOUBLE PRECISION`);
  },
};

/** The estimate columns of the ticket INSERT, and their values from a new ticket (in that order). */
export const ESTIMATE_COLUMNS = ['estimate_ahead', 'estimate_minutes'] as const;

export function estimateValues(t: Pick<NewTicket, 'estimateAhead' | 'estimateMinutes'>): [number | null, number | null] {
  return [t.estimateAhead ?? null, t.estimateMinutes ?? null];
}
