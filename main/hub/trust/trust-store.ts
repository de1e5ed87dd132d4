/**
 * Where the hall's trust lives at the hub: enrolled devices, enrolment codes, hub supervisors and
 * their staff assertions. One interface, two backends — this node's hub.sqlite (below; tables of
 * hub migrations 0007–0009) and the shared PostgreSQL of a district's hub processes
 * (store/pg/trust-store.ts, step 26), so that hub processes on several hosts behind one load
 * balancer are one hall: a device enrolled through one is known to all, a revocation or a logout
 * holds everywhere. The rules stay in registry.ts and staff.ts; a backend runs statements, each
 * atomic on its own across processes (a code is used once, a failure count never loses a step).
 */
import type Database from 'better-sqlite3';

/** A device row as stored (counters as JSON text, as both backends keep them). */
export interface DeviceRow {
  id: string;
  role: string;
  counters: string;
  name: string;
  serial: string;
  not_after: number;
  enrolled_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  last_seen: number | null;
  token_hash: string | null;
}

export interface CodeRow {
  code_hash: string;
  role: string;
  counters: string;
  name: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  device_id: string | null;
  failures: number;
}

export interface StaffRow {
  staff_no: string;
  name: string;
  role: 'supervisor';
  password_hash: string;
  active: number;
  failures: number;
  locked_until: number | null;
}

export type AssertionRow = StaffRow & { device_id: string; expires_at: number; max_until: number; ended_at: number | null };

export interface NewDevice {
  id: string; role: string; counters: string; name: string; serial: string; notAfter: number; enrolledAt: number; tokenHash: string | null;
}

export interface TrustStore {
  insertCode(c: { codeHash: string; role: string; counters: string; name: string; createdAt: number; expiresAt: number }): Promise<void>;
  code(codeHash: string): Promise<CodeRow | null>;
  codeFailed(codeHash: string): Promise<void>;
  /** Marks the code used by this device and records it, in one transaction: false if another took the code first. */
  consumeCode(codeHash: string, at: number, d: NewDevice): Promise<boolean>;
  device(id: string): Promise<DeviceRow | null>;
  /** The device with either serial spelling (UNIQUE index: one indexed lookup; this runs on every request). */
  deviceBySerial(serials: readonly [string, string]): Promise<DeviceRow | null>;
  deviceByToken(tokenHash: string): Promise<DeviceRow | null>;
  devicesIn(ids: readonly string[]): Promise<DeviceRow[]>;
  devices(): Promise<DeviceRow[]>;
  /** Revokes an unrevoked device; the number of rows changed. */
  revoke(id: string, at: number, reason: string): Promise<number>;
  seen(id: string, at: number): Promise<void>;

  upsertStaff(s: { staffNo: string; name: string; passwordHash: string; active: boolean; at: number }): Promise<void>;
  disableStaff(staffNo: string, at: number): Promise<number>;
  staff(): Promise<StaffRow[]>;
  staffRow(staffNo: string): Promise<StaffRow | null>;
  /** A wrong password: one more failure, or (at the limit) failures back to 0 and checking suspended until `lockUntil`. Atomic per account. */
  staffFailed(staffNo: string, lockAfter: number, lockUntil: number): Promise<void>;
  staffPassed(staffNo: string): Promise<void>;
  insertAssertion(a: { tokenHash: string; staffNo: string; deviceId: string; issuedAt: number; expiresAt: number; maxUntil: number }): Promise<void>;
  assertion(tokenHash: string): Promise<AssertionRow | null>;
  renewAssertion(tokenHash: string, expiresAt: number): Promise<void>;
  /** Ends one assertion of this device; the number ended (0 or 1). */
  endAssertion(tokenHash: string, deviceId: string, at: number, reason: string): Promise<number>;
  endAllOf(staffNo: string, at: number, reason: string): Promise<void>;
}

export const UPSERT_STAFF = `INSERT INTO hub_staff (staff_no, name, role, password_hash, active, updated_at) VALUES (?, ?, 'supervisor', ?, ?, ?)
  ON CONFLICT(staff_no) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash, active = excluded.active, updated_at = excluded.updated_at,
    failures = CASE WHEN hub_staff.password_hash = excluded.password_hash THEN hub_staff.failures ELSE 0 END`;
/** Both backends: a failure past the limit suspends checking and restarts the count, in one statement. */
export const STAFF_FAILED = `UPDATE hub_staff SET failures = CASE WHEN failures + 1 >= CAST(? AS INTEGER) THEN 0 ELSE failures + 1 END,
  locked_until = CASE WHEN failures + 1 >= CAST(? AS INTEGER) THEN CAST(? AS BIGINT) ELSE NULL END WHERE staff_no = ?`;
export const ASSERTION_SQL = 'SELECT a.device_id, a.expires_at, a.max_until, a.ended_at, s.* FROM staff_assertions a JOIN hub_staff s ON s.staff_no = a.staff_no WHERE a.token_hash = ?';

/** This node's hub.sqlite (a SQLite hub's own file; beside PostgreSQL only before adoption moves its rows). */
export class SqliteTrustStore implements TrustStore {
  constructor(readonly db: Database.Database) {}

  private one<T>(sql: string, ...p: unknown[]): Promise<T | null> {
    return Promise.resolve((this.db.prepare(sql).get(...p) as T | undefined) ?? null);
  }
  private run(sql: string, ...p: unknown[]): Promise<number> {
    return Promise.resolve(this.db.prepare(sql).run(...p).changes);
  }

  async insertCode(c: { codeHash: string; role: string; counters: string; name: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.run('INSERT INTO enrolment_codes (code_hash, role, counters, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', c.codeHash, c.role, c.counters, c.name, c.createdAt, c.expiresAt);
  }
  code(codeHash: string) { return this.one<CodeRow>('SELECT * FROM enrolment_codes WHERE code_hash = ?', codeHash); }
  async codeFailed(codeHash: string): Promise<void> {
    await this.run('UPDATE enrolment_codes SET failures = failures + 1 WHERE code_hash = ?', codeHash);
  }
  consumeCode(codeHash: string, at: number, d: NewDevice): Promise<boolean> {
    return Promise.resolve(this.db.transaction(() => {
      const r = this.db.prepare('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL').run(at, d.id, codeHash);
      if (r.changes !== 1) return false;
      this.db.prepare('INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(d.id, d.role, d.counters, d.name, d.serial, d.notAfter, d.enrolledAt, d.tokenHash);
      return true;
    })());
  }
  device(id: string) { return this.one<DeviceRow>('SELECT * FROM devices WHERE id = ?', id); }
  deviceBySerial(s: readonly [string, string]) { return this.one<DeviceRow>('SELECT * FROM devices WHERE serial IN (?, ?)', s[0], s[1]); }
  deviceByToken(tokenHash: string) { return this.one<DeviceRow>('SELECT * FROM devices WHERE token_hash = ?', tokenHash); }
  devicesIn(ids: readonly string[]) { return Promise.resolve(this.db.prepare('SELECT * FROM devices WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as DeviceRow[]); }
  devices() { return Promise.resolve(this.db.prepare('SELECT * FROM devices ORDER BY enrolled_at').all() as DeviceRow[]); }
  revoke(id: string, at: number, reason: string) { return this.run('UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', at, reason, id); }
  async seen(id: string, at: number): Promise<void> { await this.run('UPDATE devices SET last_seen = ? WHERE id = ?', at, id); }

  async upsertStaff(s: { staffNo: string; name: string; passwordHash: string; active: boolean; at: number }): Promise<void> {
    await this.run(UPSERT_STAFF, s.staffNo, s.name, s.passwordHash, s.active ? 1 : 0, s.at);
  }
  disableStaff(staffNo: string, at: number) { return this.run('UPDATE hub_staff SET active = 0, updated_at = ? WHERE staff_no = ?', at, staffNo); }
  staff() { return Promise.resolve(this.db.prepare('SELECT * FROM hub_staff ORDER BY staff_no').all() as StaffRow[]); }
  staffRow(staffNo: string) { return this.one<StaffRow>('SELECT * FROM hub_staff WHERE staff_no = ?', staffNo); }
  async staffFailed(staffNo: string, lockAfter: number, lockUntil: number): Promise<void> { await this.run(STAFF_FAILED, lockAfter, lockAfter, lockUntil, staffNo); }
  async staffPassed(staffNo: string): Promise<void> { await this.run('UPDATE hub_staff SET failures = 0, locked_until = NULL WHERE staff_no = ?', staffNo); }
  async insertAssertion(a: { tokenHash: string; staffNo: string; deviceId: string; issuedAt: number; expiresAt: number; maxUntil: number }): Promise<void> {
    await this.run('INSERT INTO staff_assertions (token_hash, staff_no, device_id, issued_at, expires_at, max_until) VALUES (?, ?, ?, ?, ?, ?)', a.tokenHash, a.staffNo, a.deviceId, a.issuedAt, a.expiresAt, a.maxUntil);
  }
  assertion(tokenHash: string) { return this.one<AssertionRow>(ASSERTION_SQL, tokenHash); }
  async renewAssertion(tokenHash: string, expiresAt: number): Promise<void> { await this.run('UPDATE staff_assertions SET expires_at = ? WHERE token_hash = ?', expiresAt, tokenHash); }
  endAssertion(tokenHash: string, deviceId: string, at: number, reason: string) {
    return this.run('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE token_hash = ? AND device_id = ? AND ended_at IS NULL', at, reason, tokenHash, deviceId);
  }
  async endAllOf(staffNo: string, at: number, reason: string): Promise<void> {
    await this.run('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE staff_no = ? AND ended_at IS NULL', at, reason, staffNo);
  }
}

/** A caller holding a bare database (the CLI, tests) gets the SQLite backend over it. */
export function trustStoreOf(x: Database.Database | TrustStore): TrustStore {
  return 'prepare' in x ? new SqliteTrustStore(x) : x;
}
