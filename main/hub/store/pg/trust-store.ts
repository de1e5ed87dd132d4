/**
 * The hall's trust on PostgreSQL, shared by every hub process of the hall whatever host it runs on:
 * enrolled devices, enrolment codes, hub supervisors and their assertions (the tables of SQLite hub
 * migrations 0007–0009), and the hall CA itself (`hall_ca`, one row: every host presents and accepts
 * the same CA). Step 26 'hall-trust' (the number and name of SQLite hub migration 0026, a no-op there).
 *
 * Each call is one statement, except redeeming a code, which marks the code used and inserts the
 * device in one transaction: `UPDATE … WHERE used_at IS NULL` row-locks the code, so two processes
 * redeeming it at once both reach the row, the second waits for the first's COMMIT, re-checks, finds
 * it used and changes nothing — exactly one enrols.
 */
import type { AssertionRow, CodeRow, DeviceRow, NewDevice, StaffRow, TrustStore } from '../../trust/trust-store';
import { ASSERTION_SQL, STAFF_FAILED, UPSERT_STAFF } from '../../trust/trust-store';
import type { PgDb, PgRow } from './db';
import type { PgMigration } from './migration-types';

export const hallTrustStep: PgMigration = {
  version: 26,
  name: 'hall-trust',
  async up(q) {
    await q.run(`
      CREATE TABLE hall_ca (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cert_pem TEXT NOT NULL, key_pem TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL);
      CREATE TABLE enrolment_codes (
        code_hash TEXT PRIMARY KEY, role TEXT NOT NULL, counters TEXT NOT NULL, name TEXT NOT NULL,
        created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, device_id TEXT, failures INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE devices (
        id TEXT PRIMARY KEY, role TEXT NOT NULL, counters TEXT NOT NULL, name TEXT NOT NULL,
        serial TEXT NOT NULL UNIQUE, not_after BIGINT NOT NULL,
        enrolled_at BIGINT NOT NULL, revoked_at BIGINT, revoked_reason TEXT, last_seen BIGINT, token_hash TEXT);
      CREATE UNIQUE INDEX devices_token_hash ON devices (token_hash) WHERE token_hash IS NOT NULL;
      CREATE TABLE hub_staff (
        staff_no TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, failures INTEGER NOT NULL DEFAULT 0, locked_until BIGINT, updated_at BIGINT NOT NULL);
      CREATE TABLE staff_assertions (
        token_hash TEXT PRIMARY KEY, staff_no TEXT NOT NULL, device_id TEXT NOT NULL,
        issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, max_until BIGINT NOT NULL, ended_at BIGINT, ended_reason TEXT);
      CREATE INDEX staff_assertions_staff ON staff_assertions (staff_no);`);
  },
};

const as = <T>(r: PgRow | undefined): T | null => (r as T | undefined) ?? null;

export class PgTrustStore implements TrustStore {
  constructor(readonly db: PgDb) {}

  async insertCode(c: { codeHash: string; role: string; counters: string; name: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.db.q.run('INSERT INTO enrolment_codes (code_hash, role, counters, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [c.codeHash, c.role, c.counters, c.name, c.createdAt, c.expiresAt]);
  }
  async code(codeHash: string) { return as<CodeRow>(await this.db.q.one('SELECT * FROM enrolment_codes WHERE code_hash = ?', [codeHash])); }
  async codeFailed(codeHash: string): Promise<void> {
    await this.db.q.run('UPDATE enrolment_codes SET failures = failures + 1 WHERE code_hash = ?', [codeHash]);
  }
  consumeCode(codeHash: string, at: number, d: NewDevice): Promise<boolean> {
    return this.db.tx(async (q) => {
      if ((await q.run('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL', [at, d.id, codeHash])) !== 1) return false;
      await q.run('INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [d.id, d.role, d.counters, d.name, d.serial, d.notAfter, d.enrolledAt, d.tokenHash]);
      return true;
    });
  }
  async device(id: string) { return as<DeviceRow>(await this.db.q.one('SELECT * FROM devices WHERE id = ?', [id])); }
  async deviceBySerial(s: readonly [string, string]) { return as<DeviceRow>(await this.db.q.one('SELECT * FROM devices WHERE serial IN (?, ?)', [s[0], s[1]])); }
  async deviceByToken(tokenHash: string) { return as<DeviceRow>(await this.db.q.one('SELECT * FROM devices WHERE token_hash = ?', [tokenHash])); }
  async devicesIn(ids: readonly string[]) { return (await this.db.q.all('SELECT * FROM devices WHERE id = ANY(?::text[])', [ids])) as DeviceRow[]; }
  async devices() { return (await this.db.q.all('SELECT * FROM devices ORDER BY enrolled_at, id')) as DeviceRow[]; }
  revoke(id: string, at: number, reason: string) { return this.db.q.run('UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', [at, reason, id]); }
  async seen(id: string, at: number): Promise<void> {
    // GREATEST: several processes writing 最近连接 never move it back.
    await this.db.q.run('UPDATE devices SET last_seen = GREATEST(COALESCE(last_seen, 0), ?) WHERE id = ?', [at, id]);
  }

  async upsertStaff(s: { staffNo: string; name: string; passwordHash: string; active: boolean; at: number }): Promise<void> {
    await this.db.q.run(UPSERT_STAFF, [s.staffNo, s.name, s.passwordHash, s.active ? 1 : 0, s.at]);
  }
  disableStaff(staffNo: string, at: number) { return this.db.q.run('UPDATE hub_staff SET active = 0, updated_at = ? WHERE staff_no = ?', [at, staffNo]); }
  async staff() { return (await this.db.q.all('SELECT * FROM hub_staff ORDER BY staff_no COLLATE "C"')) as StaffRow[]; }
  async staffRow(staffNo: string) { return as<StaffRow>(await this.db.q.one('SELECT * FROM hub_staff WHERE staff_no = ?', [staffNo])); }
  async staffFailed(staffNo: string, lockAfter: number, lockUntil: number): Promise<void> {
    await this.db.q.run(STAFF_FAILED, [lockAfter, lockAfter, lockUntil, staffNo]);
  }
  async staffPassed(staffNo: string): Promise<void> { await this.db.q.run('UPDATE hub_staff SET failures = 0, locked_until = NULL WHERE staff_no = ?', [staffNo]); }
  async insertAssertion(a: { tokenHash: string; staffNo: string; deviceId: string; issuedAt: number; expiresAt: number; maxUntil: number }): Promise<void> {
    await this.db.q.run('INSERT INTO staff_assertions (token_hash, staff_no, device_id, issued_at, expires_at, max_until) VALUES (?, ?, ?, ?, ?, ?)',
      [a.tokenHash, a.staffNo, a.deviceId, a.issuedAt, a.expiresAt, a.maxUntil]);
  }
  async assertion(tokenHash: string) { return as<AssertionRow>(await this.db.q.one(ASSERTION_SQL, [tokenHash])); }
  async renewAssertion(tokenHash: string, expiresAt: number): Promise<void> {
    await this.db.q.run('UPDATE staff_assertions SET expires_at = ? WHERE token_hash = ?', [expiresAt, tokenHash]);
  }
  endAssertion(tokenHash: string, deviceId: string, at: number, reason: string) {
    return this.db.q.run('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE token_hash = ? AND device_id = ? AND ended_at IS NULL', [at, reason, tokenHash, deviceId]);
  }
  async endAllOf(staffNo: string, at: number, reason: string): Promise<void> {
    await this.db.q.run('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE staff_no = ? AND ended_at IS NULL', [at, reason, staffNo]);
  }
}
