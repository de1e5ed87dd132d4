/**
 * A PostgreSQL hub's trust was each node's own until step 26 (and a hall moving from one SQLite hub
 * to PostgreSQL keeps its hub.sqlite as the node file): at start, after the hall CA is settled
 * (shared-ca.ts: this host's CA is the hall's, or the start was refused), whatever device,
 * enrolment-code, supervisor and assertion rows this node's hub.sqlite still holds are moved into
 * the shared tables, so its enrolled devices, open codes and signed-in supervisors keep working
 * through every host. Moved, not copied, as the ratings are (rating/adopt.ts): the node rows are
 * deleted once PostgreSQL has committed them; every insert is ON CONFLICT DO NOTHING (what is
 * shared wins: a supervisor registered on two hosts keeps the shared hash).
 */
import type Database from 'better-sqlite3';
import { insertMany } from '../rating/adopt';
import type { PgDb } from '../store/pg/db';

export interface AdoptedTrust { devices: number; codes: number; staff: number; assertions: number }

const TABLES = {
  devices: ['id', 'role', 'counters', 'name', 'serial', 'not_after', 'enrolled_at', 'revoked_at', 'revoked_reason', 'last_seen', 'token_hash'],
  codes: ['code_hash', 'role', 'counters', 'name', 'created_at', 'expires_at', 'used_at', 'device_id', 'failures'],
  staff: ['staff_no', 'name', 'role', 'password_hash', 'active', 'failures', 'locked_until', 'updated_at'],
  assertions: ['token_hash', 'staff_no', 'device_id', 'issued_at', 'expires_at', 'max_until', 'ended_at', 'ended_reason'],
} as const;
const NAMES = { devices: 'devices', codes: 'enrolment_codes', staff: 'hub_staff', assertions: 'staff_assertions' } as const;

export async function adoptNodeTrust(node: Database.Database, pg: PgDb): Promise<AdoptedTrust> {
  const rows = Object.fromEntries((Object.keys(TABLES) as (keyof typeof TABLES)[]).map((k) => [k, node.prepare(`SELECT ${TABLES[k].join(', ')} FROM ${NAMES[k]}`).all() as Record<string, unknown>[]])) as Record<keyof typeof TABLES, Record<string, unknown>[]>;
  const moved: AdoptedTrust = { devices: rows.devices.length, codes: rows.codes.length, staff: rows.staff.length, assertions: rows.assertions.length };
  if (Object.values(moved).every((n) => n === 0)) return moved;
  await pg.tx(async (q) => {
    // A device row taken elsewhere by id, serial or token is left as shared (no target: any unique key).
    for (const k of Object.keys(TABLES) as (keyof typeof TABLES)[]) await insertMany(q, NAMES[k], TABLES[k], rows[k], 'ON CONFLICT DO NOTHING');
  });
  // Only the rows moved (a CLI command on this host may have added one meanwhile: it moves at the next start).
  node.transaction(() => {
    for (const k of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
      const key = TABLES[k][0];
      node.prepare(`DELETE FROM ${NAMES[k]} WHERE ${key} IN (SELECT value FROM json_each(?))`).run(JSON.stringify(rows[k].map((r) => r[key])));
    }
  })();
  return moved;
}
