import type { Migration } from '../../../db/migrate';

/**
 * Who is signed in at each counter (name and 工号, nothing more personal), so the board can tell
 * 未登录 (nobody signed in) from 离线 (signed in, connection lost) and name the staff.
 */
export const m0002: Migration = {
  version: 2,
  name: 'counter-staff',
  up(db) {
    db.exec(`ALTER TABLE counters ADD COLUMN staff_name TEXT; ALTER TABLE counters ADD COLUMN staff_no TEXT;`);
  },
};
