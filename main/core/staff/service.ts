import { hallClock } from '../../../common/hall-time';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../../preload/contract/define';
import type { Db } from '../../db/connection';
import type { AuditLog } from '../audit';
import { DeskError } from '../../../common/errors';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, DEFAULT_SESSION_POLICY, passwordExpired, type PasswordPolicy, type SessionPolicy } from './policy';
import { SessionClock, type SessionEndReason } from './sessions';
import { AttemptThrottle } from './throttle';

export interface StaffRecord {
  id: string;
  staffNo: string;
  name: string;
  role: Role;
  active: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
}

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

export interface SessionRecord {
  id: string;
  staffId: string;
  counterId: string | null;
  createdAt: string;
}

export interface StaffPolicies {
  session: SessionPolicy;
  password: PasswordPolicy;
}

/** What a login did besides opening a session: whose sessions it ended by taking their counter over. */
export interface LoginResult {
  token: string;
  session: SessionRecord;
  staff: StaffRecord;
  mustChangePassword: boolean;
  replaced: { sessionId: string; name: string }[];
}

type StaffRow = StaffRecord & { passwordHash: string; passwordChangedAt: string | null; mustChange: number };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const STAFF_COLUMNS = `id, staff_no AS staffNo, name, role, active, failed_attempts AS failedAttempts, locked_until AS lockedUntil`;

/**
 * Staff accounts and their sessions. Wrong password, unknown staff number and a locked
 * account each get their own code; the message never says which half of the credentials
 * was wrong, and the unknown-number path spends the same scrypt time as a real check.
 */
export class StaffService {
  /**
   * Failed tries per unknown staff number, so its answers count down 「还剩 N 次」 exactly like a real
   * account's: otherwise the count itself would tell an outsider which staff numbers exist.
   */
  private readonly unknownTries = new Map<string, number>();

  readonly sessions: SessionClock;
  /** Password attempts per connection (login, the lock screen, 修改密码). */
  readonly attempts: AttemptThrottle;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly lockout: () => LockoutPolicy,
    private readonly now: () => Date = () => new Date(),
    private readonly policies: () => StaffPolicies = () => ({ session: DEFAULT_SESSION_POLICY, password: DEFAULT_PASSWORD_POLICY }),
  ) {
    this.sessions = new SessionClock(db, audit, () => this.policies().session, now);
    this.attempts = new AttemptThrottle(audit, now);
  }

  sessionPolicy(): SessionPolicy {
    return this.policies().session;
  }

  /**
   * A new account. Its password must meet the policy unless it is a demo account (`policy: 'demo'`,
   * documented as such in README.md); `mustChange` makes its holder choose their own at the first login.
   */
  async create(input: { staffNo: string; name: string; role: Role; password: string }, opts: { policy?: 'enforce' | 'demo'; mustChange?: boolean } = {}): Promise<StaffRecord> {
    if (opts.policy !== 'demo') checkPasswordPolicy(input.password, this.policies().password, input.staffNo);
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO staff (id, staff_no, name, role, password_hash, created_at, password_changed_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, input.staffNo, input.name, input.role, hash, at, at, opts.mustChange ? 1 : 0);
      this.db.prepare('INSERT INTO password_history (staff_id, password_hash, changed_at) VALUES (?, ?, ?)').run(id, hash, at);
    })();
    return this.get(id)!;
  }

  get(id: string): StaffRecord | undefined {
    const row = this.db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = ?`).get(id) as StaffRecord | undefined;
    return row && { ...row, active: Boolean(row.active) };
  }

  list(): StaffRecord[] {
    return (this.db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff ORDER BY staff_no`).all() as StaffRecord[]).map((r) => ({ ...r, active: Boolean(r.active) }));
  }

  isLocked(s: Pick<StaffRecord, 'lockedUntil'>): boolean {
    return s.lockedUntil !== null && s.lockedUntil > this.now().toISOString();
  }

  /**
   * Checks credentials; on success opens a session and returns its bearer token (only its hash is
   * stored). A counter held by another clerk is refused with COUNTER_TAKEN (naming them) unless
   * `takeOver` is set, which ends their sessions there.
   */
  async login(staffNo: string, password: string, counterId: string | null, takeOver = false): Promise<LoginResult> {
    const row = this.db.prepare(`SELECT ${STAFF_COLUMNS}, password_hash AS passwordHash, password_changed_at AS passwordChangedAt, must_change_password AS mustChange FROM staff WHERE staff_no = ?`).get(staffNo) as
      | StaffRow
      | undefined;
    if (!row) {
      await verifyPassword(password, await dummyHash());
      this.audit.record({ action: 'session.login', target: staffNo, outcome: 'refused', details: { reason: 'unknown-staff' } });
      const policy = this.lockout();
      if (this.unknownTries.size > 10_000) this.unknownTries.clear();
      const tries = ((this.unknownTries.get(staffNo) ?? 0) % policy.threshold) + 1;
      this.unknownTries.set(staffNo, tries);
      throw badCredentials(policy, policy.threshold - tries);
    }
    const base = { actorStaffId: row.id, actorRole: row.role, counterId, target: staffNo };
    if (!row.active) {
      this.audit.record({ ...base, action: 'session.login', outcome: 'refused', details: { reason: 'disabled' } });
      throw new DeskError('ACCOUNT_DISABLED', '该账号已停用，请联系大厅管理员。');
    }
    await this.checkPassword(row, password, base, 'session.login');
    if (counterId !== null && !this.db.prepare('SELECT 1 FROM counters WHERE id = ? AND active = 1').get(counterId)) {
      throw new DeskError('UNKNOWN_COUNTER', '所选窗口不存在或已停用，请重新选择。');
    }
    const holders = counterId && (row.role === 'clerk' || row.role === 'assistant') ? this.sessions.holders(counterId, row.id) : [];
    if (holders.length > 0 && !takeOver) {
      const names = [...new Set(holders.map((h) => h.name))].join('、');
      throw new DeskError('COUNTER_TAKEN', `该窗口已由 ${names} 登录，是否接管？`, { holder: names });
    }
    const mustChange = row.mustChange === 1 || passwordExpired(row.passwordChangedAt, this.policies().password, this.now());
    const token = randomBytes(32).toString('base64url');
    const at = this.now().toISOString();
    const session: SessionRecord = { id: hashToken(token), staffId: row.id, counterId, createdAt: at };
    this.db.transaction(() => {
      this.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL, must_change_password = ? WHERE id = ?').run(mustChange ? 1 : 0, row.id);
      this.db.prepare('INSERT INTO sessions (id, staff_id, counter_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(session.id, row.id, counterId, at, at);
    })();
    for (const h of holders) {
      this.sessions.end(h.id, 'taken-over');
      this.audit.record({ ...base, action: 'session.takeover', outcome: 'ok', details: { from: h.staffId } });
    }
    this.sessions.open(session.id, row.id, counterId, mustChange);
    this.audit.record({ ...base, action: 'session.login', outcome: 'ok', details: mustChange ? { mustChangePassword: true } : {} });
    return { token, session, staff: { ...stripRow(row), failedAttempts: 0, lockedUntil: null }, mustChangePassword: mustChange, replaced: holders.map((h) => ({ sessionId: h.id, name: h.name })) };
  }

  /**
   * Verifies a password, counting a failure toward the account's lockout (「还剩 N 次」) exactly as a
   * login does — the lock screen and 修改密码 must not be a way around it.
   */
  private async checkPassword(row: StaffRow, password: string, base: { actorStaffId: string; actorRole: Role; counterId: string | null; target: string }, action: string): Promise<void> {
    if (this.isLocked(row)) {
      this.audit.record({ ...base, action, outcome: 'refused', details: { reason: 'locked', lockedUntil: row.lockedUntil } });
      throw new DeskError('ACCOUNT_LOCKED', `账号因多次登录失败已锁定，请于 ${hallClock(Date.parse(row.lockedUntil!))} 后再试，或请值班长解锁。`, { lockedUntil: row.lockedUntil });
    }
    if (await verifyPassword(password, row.passwordHash)) return;
    const policy = this.lockout();
    const attempts = row.failedAttempts + 1;
    const lockedUntil = attempts >= policy.threshold ? new Date(this.now().getTime() + policy.minutes * 60_000).toISOString() : null;
    this.db.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lockedUntil ? 0 : attempts, lockedUntil, row.id);
    this.audit.record({ ...base, action, outcome: 'refused', details: { reason: 'bad-password', attempts } });
    if (lockedUntil) {
      this.audit.record({ ...base, action: 'staff.locked', outcome: 'ok', details: { until: lockedUntil, attempts } });
      throw new DeskError('ACCOUNT_LOCKED', `连续 ${policy.threshold} 次登录失败，账号已锁定至 ${hallClock(Date.parse(lockedUntil))}（${policy.minutes} 分钟），或请值班长解锁。`, { lockedUntil });
    }
    throw badCredentials(policy, policy.threshold - attempts);
  }

  private row(staffId: string): StaffRow {
    const row = this.db.prepare(`SELECT ${STAFF_COLUMNS}, password_hash AS passwordHash, password_changed_at AS passwordChangedAt, must_change_password AS mustChange FROM staff WHERE id = ?`).get(staffId) as StaffRow | undefined;
    if (!row) throw new DeskError('UNKNOWN_STAFF', '找不到该工作人员。');
    return row;
  }

  /**
   * The lock screen's password. A wrong one counts toward the lockout; when it locks the account the
   * session ends (the caller is told ACCOUNT_LOCKED and returns to the login page).
   */
  async unlockSession(sessionId: string, password: string): Promise<void> {
    const session = this.openSession(sessionId);
    const row = this.row(session.staffId);
    const base = { actorStaffId: row.id, actorRole: row.role, counterId: session.counterId, target: row.staffNo };
    try {
      await this.checkPassword(row, password, base, 'session.unlock');
    } catch (e) {
      if ((e as DeskError).code === 'ACCOUNT_LOCKED') this.sessions.end(sessionId, 'locked-out');
      throw e;
    }
    this.db.prepare('UPDATE staff SET failed_attempts = 0 WHERE id = ?').run(row.id);
    this.sessions.unlocked(sessionId);
    this.audit.record({ ...base, action: 'session.unlock', outcome: 'ok' });
  }

  /** 修改密码: the current password, then a new one that meets the policy and repeats none of the last N. */
  async changePassword(sessionId: string, current: string, next: string): Promise<void> {
    const session = this.openSession(sessionId);
    const row = this.row(session.staffId);
    const base = { actorStaffId: row.id, actorRole: row.role, counterId: session.counterId, target: row.staffNo };
    await this.checkPassword(row, current, base, 'session.changePassword');
    const policy = this.policies().password;
    checkPasswordPolicy(next, policy, row.staffNo);
    const recent = this.db.prepare('SELECT password_hash AS hash FROM password_history WHERE staff_id = ? ORDER BY changed_at DESC, rowid DESC LIMIT ?')
      .all(row.id, Math.max(1, policy.history)) as { hash: string }[];
    for (const h of [{ hash: row.passwordHash }, ...recent]) {
      if (await verifyPassword(next, h.hash)) {
        throw new DeskError('PASSWORD_REUSED', policy.history > 1 ? `新密码不能与最近 ${policy.history} 次使用过的密码相同。` : '新密码不能与当前密码相同。');
      }
    }
    const hash = await hashPassword(next);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE staff SET password_hash = ?, password_changed_at = ?, must_change_password = 0, failed_attempts = 0 WHERE id = ?').run(hash, at, row.id);
      this.db.prepare('INSERT INTO password_history (staff_id, password_hash, changed_at) VALUES (?, ?, ?)').run(row.id, hash, at);
      // Only the last N are ever compared; older hashes are not kept.
      this.db.prepare('DELETE FROM password_history WHERE staff_id = ? AND rowid NOT IN (SELECT rowid FROM password_history WHERE staff_id = ? ORDER BY changed_at DESC, rowid DESC LIMIT ?)')
        .run(row.id, row.id, Math.max(1, policy.history));
    })();
    this.sessions.passwordChanged(row.id);
    this.audit.record({ ...base, action: 'session.changePassword', outcome: 'ok' });
  }

  private openSession(sessionId: string): SessionRecord {
    const row = this.db.prepare('SELECT id, staff_id AS staffId, counter_id AS counterId, created_at AS createdAt FROM sessions WHERE id = ? AND ended_at IS NULL').get(sessionId) as SessionRecord | undefined;
    if (!row) throw new DeskError('NOT_SIGNED_IN', '请先登录。');
    return row;
  }

  /** Resolves a bearer token to its open session (e.g. after a renderer reload). */
  /**
   * Resolves a bearer token to its open session (e.g. after a renderer reload). A session past its
   * maximum age is ended, not resumed; a locked one resumes locked (a reload is no way around the lock).
   */
  resume(token: string): { session: SessionRecord; staff: StaffRecord; locked: boolean; mustChangePassword: boolean } | undefined {
    const row = this.db.prepare(`SELECT id, staff_id AS staffId, counter_id AS counterId, created_at AS createdAt FROM sessions WHERE id = ? AND ended_at IS NULL`)
      .get(hashToken(token)) as SessionRecord | undefined;
    if (!row) return undefined;
    const staff = this.get(row.staffId);
    if (!staff || !staff.active) return undefined;
    const state = this.sessions.state(row.id);
    if (state === 'expired' || state === 'ended') return undefined;
    return { session: row, staff, locked: state === 'locked', mustChangePassword: state === 'must-change' };
  }

  logout(sessionId: string, staff: Pick<StaffRecord, 'id' | 'role'>, counterId: string | null, reason: SessionEndReason = 'logout'): void {
    this.sessions.end(sessionId, reason);
    this.audit.record({ actorStaffId: staff.id, actorRole: staff.role, counterId, action: 'session.logout', outcome: 'ok', details: reason === 'logout' ? {} : { reason } });
  }

  unlock(staffId: string): void {
    const r = this.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(staffId);
    if (r.changes === 0) throw new DeskError('UNKNOWN_STAFF', '找不到该工作人员。');
  }
}

function stripRow(row: StaffRow): StaffRecord {
  return { id: row.id, staffNo: row.staffNo, name: row.name, role: row.role, active: Boolean(row.active), failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil };
}

function badCredentials(policy: LockoutPolicy, remaining: number): DeskError {
  const tail = remaining > 0 ? `还剩 ${remaining} 次尝试，之后账号将锁定 ${policy.minutes} 分钟。` : '';
  return new DeskError('BAD_CREDENTIALS', `工号或密码不正确。${tail}`, { remaining });
}
