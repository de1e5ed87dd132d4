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
import { trustStoreOf, type AssertionRow, type StaffRow, type TrustStore } from './trust-store';

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

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function staffUnverified(why: string): DeskError {
  return new DeskError('STAFF_UNVERIFIED', `值班主任身份未经大厅服务核验（${why}），请值班主任重新登录后再试。`);
}

export class HubStaff {
  private readonly store: TrustStore;
  /** `db`: the hub's trust backend (a bare SQLite database for the CLI and tests: this node's file). */
  constructor(db: Database.Database | TrustStore, private readonly now: () => number = Date.now) {
    this.store = trustStoreOf(db);
  }

  /** Registers (or updates) a supervisor from a password hash the caller made (`scrypt$…`, passwords.ts). */
  async register(s: { staffNo: string; name: string; passwordHash: string; active?: boolean }): Promise<void> {
    if (!/^[0-9A-Za-z_-]{1,32}$/.test(s.staffNo)) throw new DeskError('INVALID_INPUT', `工号应为 1–32 位字母数字（收到“${s.staffNo.slice(0, 40)}”）。`);
    if (!s.passwordHash.startsWith('scrypt$')) throw new DeskError('INVALID_INPUT', '密码摘要格式不正确。');
    await this.store.upsertStaff({ staffNo: s.staffNo, name: s.name.slice(0, 60), passwordHash: s.passwordHash, active: s.active !== false, at: this.now() });
    // A supervisor disabled (or whose password changed) keeps no assertion made under the old state.
    if (s.active === false) await this.endAll(s.staffNo, 'disabled');
  }

  async registerPassword(staffNo: string, name: string, password: string): Promise<void> {
    if (password.length < 8) throw new DeskError('INVALID_INPUT', '密码至少 8 位。');
    await this.register({ staffNo, name, passwordHash: await hashPassword(password) });
  }

  async disable(staffNo: string): Promise<void> {
    if ((await this.store.disableStaff(staffNo, this.now())) !== 1) throw new DeskError('UNKNOWN_STAFF', `大厅服务没有登记工号 ${staffNo}。`);
    await this.endAll(staffNo, 'disabled');
  }

  async list(): Promise<HubStaffRecord[]> {
    return (await this.store.staff()).map((r) => ({ staffNo: r.staff_no, name: r.name, role: r.role, active: r.active === 1 }));
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
    await this.store.insertAssertion({ tokenHash: sha(assertion), staffNo, deviceId, issuedAt: at, expiresAt, maxUntil: at + MAX_HOURS * 3600_000 });
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
    await this.register({ staffNo, name: row.name, passwordHash: await hashPassword(next) });
    await this.endAll(staffNo, 'password-changed');
    return { changed: true };
  }

  /** The active, unsuspended supervisor whose password this is; wrong passwords count towards suspension. */
  private async checked(staffNo: string, password: string): Promise<StaffRow> {
    const row = await this.store.staffRow(staffNo);
    const at = this.now();
    if (!row || row.active !== 1) {
      await verifyPassword(password, await dummyHash());
      throw staffUnverified(row ? '该工号在大厅服务已停用' : '大厅服务没有登记该值班主任');
    }
    if (row.locked_until !== null && row.locked_until > at) {
      throw staffUnverified(`多次核验失败，大厅服务暂停核验该工号至 ${new Date(row.locked_until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`);
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      // Counted in the statement (not from the row read above): wrong passwords sent to several hub processes at once all count.
      await this.store.staffFailed(staffNo, LOCK_AFTER, at + LOCK_MINUTES * 60_000);
      throw staffUnverified('密码与大厅服务登记的不符');
    }
    await this.store.staffPassed(staffNo);
    return row;
  }

  /** The supervisor an assertion vouches for, if it is valid, unexpired, unended and was issued to this device. */
  async verify(assertion: string | undefined, deviceId: string): Promise<VerifiedStaff | null> {
    const found = await this.open(assertion, deviceId);
    return found ? { staffNo: found.staff_no, name: found.name, role: 'supervisor' } : null;
  }

  /** Another ASSERTION_MINUTES (capped at MAX_HOURS after the password check). */
  async renew(assertion: string | undefined, deviceId: string): Promise<{ expiresAt: number }> {
    const found = await this.open(assertion, deviceId);
    if (!found) throw staffUnverified('核验已过期或来自其他设备');
    const expiresAt = Math.min(this.now() + ASSERTION_MINUTES * 60_000, found.max_until);
    await this.store.renewAssertion(sha(assertion!), expiresAt);
    return { expiresAt };
  }

  /** Logout: the assertion is ended at once (only by the device it was issued to). */
  async end(assertion: string | undefined, deviceId: string): Promise<{ ended: boolean }> {
    if (!assertion) return { ended: false };
    return { ended: (await this.store.endAssertion(sha(assertion), deviceId, this.now(), 'logout')) === 1 };
  }

  private async open(assertion: string | undefined, deviceId: string): Promise<AssertionRow | null> {
    if (!assertion || !/^[A-Za-z0-9_-]{43}$/.test(assertion)) return null;
    const r = await this.store.assertion(sha(assertion));
    if (!r || r.device_id !== deviceId || r.ended_at !== null || r.active !== 1) return null;
    const at = this.now();
    return r.expires_at > at && r.max_until > at ? r : null;
  }

  private endAll(staffNo: string, reason: string): Promise<void> {
    return this.store.endAllOf(staffNo, this.now(), reason);
  }
}
