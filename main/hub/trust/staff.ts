/**
 * Supervisors verified by the hub itself, not on a workstation's word. An administrator registers
 * the hall's supervisors at the hub (`npm run hub -- staff-add`; the embedded hub takes the
 * workstation's own supervisor accounts at start): the hub keeps their scrypt hashes. When a
 * supervisor signs in at a workstation, the workstation forwards the password once, over its
 * mutually authenticated TLS link, and gets a short-lived assertion: a random token (stored here
 * only as its hash) bound to that device. Supervisor routes need a valid one from the same device.
 * It lasts ASSERTION_MINUTES and is renewed by the workstation while the session is open, never
 * beyond MAX_HOURS after the password was checked; logout ends it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import { dummyHash, hashPassword, verifyPassword } from '../../core/staff/passwords';

export const ASSERTION_MINUTES = 15;
export const MAX_HOURS = 12;
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;

export interface HubStaffRecord {
  staffNo: string;
  name: string;
  role: 'supervisor';
  active: boolean;
}

export interface VerifiedStaff {
  staffNo: string;
  name: string;
  role: 'supervisor';
}

export interface StaffAssertion extends VerifiedStaff {
  assertion: string;
  expiresAt: number;
}

type Row = { staff_no: string; name: string; role: 'supervisor'; password_hash: string; active: number; failures: number; locked_until: number | null };
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function staffUnverified(why: string): DeskError {
  return new DeskError('STAFF_UNVERIFIED', `值班主任身份未经大厅服务核验（${why}），请值班主任重新登录后再试。`);
}

export class HubStaff {
  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {}

  /** Registers (or updates) a supervisor from a password hash the caller made (`scrypt$…`, passwords.ts). */
  register(s: { staffNo: string; name: string; passwordHash: string; active?: boolean }): void {
    if (!/^[0-9A-Za-z_-]{1,32}$/.test(s.staffNo)) throw new DeskError('INVALID_INPUT', `工号应为 1–32 位字母数字（收到“${s.staffNo.slice(0, 40)}”）。`);
    if (!s.passwordHash.startsWith('scrypt$')) throw new DeskError('INVALID_INPUT', '密码摘要格式不正确。');
    this.db.prepare(`INSERT INTO hub_staff (staff_no, name, role, password_hash, active, updated_at) VALUES (?, ?, 'supervisor', ?, ?, ?)
      ON CONFLICT(staff_no) DO UPDATE SET name = excluded.name, password_hash = excluded.password_hash, active = excluded.active, updated_at = excluded.updated_at,
        failures = CASE WHEN hub_staff.password_hash = excluded.password_hash THEN hub_staff.failures ELSE 0 END`)
      .run(s.staffNo, s.name.slice(0, 60), s.passwordHash, s.active === false ? 0 : 1, this.now());
    // A supervisor disabled (or whose password changed) keeps no assertion made under the old state.
    if (s.active === false) this.endAll(s.staffNo, 'disabled');
  }

  async registerPassword(staffNo: string, name: string, password: string): Promise<void> {
    if (password.length < 8) throw new DeskError('INVALID_INPUT', '密码至少 8 位。');
    this.register({ staffNo, name, passwordHash: await hashPassword(password) });
  }

  disable(staffNo: string): void {
    const r = this.db.prepare('UPDATE hub_staff SET active = 0, updated_at = ? WHERE staff_no = ?').run(this.now(), staffNo);
    if (r.changes !== 1) throw new DeskError('UNKNOWN_STAFF', `大厅服务没有登记工号 ${staffNo}。`);
    this.endAll(staffNo, 'disabled');
  }

  list(): HubStaffRecord[] {
    return (this.db.prepare('SELECT * FROM hub_staff ORDER BY staff_no').all() as Row[]).map((r) => ({ staffNo: r.staff_no, name: r.name, role: r.role, active: r.active === 1 }));
  }

  /**
   * Checks a supervisor's password for the device asking and issues an assertion. Wrong passwords
   * count per account (5 suspend checking for 15 minutes); an unknown number takes as long as a known one.
   */
  async assert(deviceId: string, staffNo: string, password: string): Promise<StaffAssertion> {
    const row = await this.checked(staffNo, password);
    const at = this.now();
    const assertion = randomBytes(32).toString('base64url');
    const expiresAt = at + ASSERTION_MINUTES * 60_000;
    this.db.prepare('INSERT INTO staff_assertions (token_hash, staff_no, device_id, issued_at, expires_at, max_until) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sha(assertion), staffNo, deviceId, at, expiresAt, at + MAX_HOURS * 3600_000);
    return { assertion, staffNo, name: row.name, role: 'supervisor', expiresAt };
  }

  /**
   * A supervisor changed their password at a workstation: checked against the current one the hub
   * holds (with the same failure count and suspension as sign-in), then the new one is kept and
   * every assertion made under the old password ends.
   */
  async changePassword(staffNo: string, current: string, next: string): Promise<{ changed: true }> {
    const row = await this.checked(staffNo, current);
    if (next.length < 8) throw new DeskError('INVALID_INPUT', '新密码至少 8 位。');
    this.register({ staffNo, name: row.name, passwordHash: await hashPassword(next) });
    this.endAll(staffNo, 'password-changed');
    return { changed: true };
  }

  /** The active, unsuspended supervisor whose password this is; wrong passwords count towards suspension. */
  private async checked(staffNo: string, password: string): Promise<Row> {
    const row = this.db.prepare('SELECT * FROM hub_staff WHERE staff_no = ?').get(staffNo) as Row | undefined;
    const at = this.now();
    if (!row || row.active !== 1) {
      await verifyPassword(password, await dummyHash());
      throw staffUnverified(row ? '该工号在大厅服务已停用' : '大厅服务没有登记该值班主任');
    }
    if (row.locked_until !== null && row.locked_until > at) {
      throw staffUnverified(`多次核验失败，大厅服务暂停核验该工号至 ${new Date(row.locked_until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`);
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      const failures = row.failures + 1;
      const lock = failures >= LOCK_AFTER ? at + LOCK_MINUTES * 60_000 : null;
      this.db.prepare('UPDATE hub_staff SET failures = ?, locked_until = ? WHERE staff_no = ?').run(lock ? 0 : failures, lock, staffNo);
      throw staffUnverified('密码与大厅服务登记的不符');
    }
    this.db.prepare('UPDATE hub_staff SET failures = 0, locked_until = NULL WHERE staff_no = ?').run(staffNo);
    return row;
  }

  /** The supervisor an assertion vouches for, if it is valid, unexpired, unended and was issued to this device. */
  verify(assertion: string | undefined, deviceId: string): VerifiedStaff | null {
    const found = this.open(assertion, deviceId);
    return found ? { staffNo: found.staff_no, name: found.name, role: 'supervisor' } : null;
  }

  /** Another ASSERTION_MINUTES (capped at MAX_HOURS after the password check). */
  renew(assertion: string | undefined, deviceId: string): { expiresAt: number } {
    const found = this.open(assertion, deviceId);
    if (!found) throw staffUnverified('核验已过期或来自其他设备');
    const expiresAt = Math.min(this.now() + ASSERTION_MINUTES * 60_000, found.max_until);
    this.db.prepare('UPDATE staff_assertions SET expires_at = ? WHERE token_hash = ?').run(expiresAt, sha(assertion!));
    return { expiresAt };
  }

  /** Logout: the assertion is ended at once (only by the device it was issued to). */
  end(assertion: string | undefined, deviceId: string): { ended: boolean } {
    if (!assertion) return { ended: false };
    const r = this.db.prepare('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE token_hash = ? AND device_id = ? AND ended_at IS NULL')
      .run(this.now(), 'logout', sha(assertion), deviceId);
    return { ended: r.changes === 1 };
  }

  private open(assertion: string | undefined, deviceId: string): (Row & { max_until: number }) | null {
    if (!assertion || !/^[A-Za-z0-9_-]{43}$/.test(assertion)) return null;
    const r = this.db.prepare(`SELECT a.device_id, a.expires_at, a.max_until, a.ended_at, s.* FROM staff_assertions a JOIN hub_staff s ON s.staff_no = a.staff_no WHERE a.token_hash = ?`)
      .get(sha(assertion)) as (Row & { device_id: string; expires_at: number; max_until: number; ended_at: number | null }) | undefined;
    if (!r || r.device_id !== deviceId || r.ended_at !== null || r.active !== 1) return null;
    const at = this.now();
    return r.expires_at > at && r.max_until > at ? r : null;
  }

  private endAll(staffNo: string, reason: string): void {
    this.db.prepare('UPDATE staff_assertions SET ended_at = ?, ended_reason = ? WHERE staff_no = ? AND ended_at IS NULL').run(this.now(), reason, staffNo);
  }
}
