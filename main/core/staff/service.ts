import { hallClock } from '../../../common/hall-time';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../../preload/contract/define';
import type { Db } from '../../db/connection';
import type { AuditLog } from '../audit';
import { DeskError } from '../../../common/errors';
import { dummyHash, hashPassword, verifyPassword } from './passwords';

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

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly lockout: () => LockoutPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: { staffNo: string; name: string; role: Role; password: string }): Promise<StaffRecord> {
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    this.db.prepare(`INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(id, input.staffNo, input.name, input.role, hash, this.now().toISOString());
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

  /** Checks credentials; on success opens a session and returns its bearer token (only its hash is stored). */
  async login(staffNo: string, password: string, counterId: string | null): Promise<{ token: string; session: SessionRecord; staff: StaffRecord }> {
    const row = this.db.prepare(`SELECT ${STAFF_COLUMNS}, password_hash AS passwordHash FROM staff WHERE staff_no = ?`).get(staffNo) as
      | (StaffRecord & { passwordHash: string })
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
    if (this.isLocked(row)) {
      this.audit.record({ ...base, action: 'session.login', outcome: 'refused', details: { reason: 'locked', lockedUntil: row.lockedUntil } });
      throw new DeskError('ACCOUNT_LOCKED', `账号因多次登录失败已锁定，请于 ${hallClock(Date.parse(row.lockedUntil!))} 后再试，或请值班长解锁。`, { lockedUntil: row.lockedUntil });
    }
    if (!(await verifyPassword(password, row.passwordHash))) {
      const policy = this.lockout();
      const attempts = row.failedAttempts + 1;
      const lockedUntil = attempts >= policy.threshold ? new Date(this.now().getTime() + policy.minutes * 60_000).toISOString() : null;
      this.db.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lockedUntil ? 0 : attempts, lockedUntil, row.id);
      this.audit.record({ ...base, action: 'session.login', outcome: 'refused', details: { reason: 'bad-password', attempts } });
      if (lockedUntil) {
        this.audit.record({ ...base, action: 'staff.locked', outcome: 'ok', details: { until: lockedUntil, attempts } });
        throw new DeskError('ACCOUNT_LOCKED', `连续 ${policy.threshold} 次登录失败，账号已锁定至 ${hallClock(Date.parse(lockedUntil))}（${policy.minutes} 分钟），或请值班长解锁。`, { lockedUntil });
      }
      throw badCredentials(policy, policy.threshold - attempts);
    }
    if (counterId !== null && !this.db.prepare('SELECT 1 FROM counters WHERE id = ? AND active = 1').get(counterId)) {
      throw new DeskError('UNKNOWN_COUNTER', '所选窗口不存在或已停用，请重新选择。');
    }
    const token = randomBytes(32).toString('base64url');
    const at = this.now().toISOString();
    const session: SessionRecord = { id: hashToken(token), staffId: row.id, counterId, createdAt: at };
    this.db.transaction(() => {
      this.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
      this.db.prepare('INSERT INTO sessions (id, staff_id, counter_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(session.id, row.id, counterId, at, at);
    })();
    this.audit.record({ ...base, action: 'session.login', outcome: 'ok' });
    return { token, session, staff: { ...row, failedAttempts: 0, lockedUntil: null } };
  }

  /** Resolves a bearer token to its open session (e.g. after a renderer reload). */
  resume(token: string): { session: SessionRecord; staff: StaffRecord } | undefined {
    const row = this.db.prepare(`SELECT id, staff_id AS staffId, counter_id AS counterId, created_at AS createdAt FROM sessions WHERE id = ? AND ended_at IS NULL`)
      .get(hashToken(token)) as SessionRecord | undefined;
    if (!row) return undefined;
    const staff = this.get(row.staffId);
    if (!staff || !staff.active) return undefined;
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(this.now().toISOString(), row.id);
    return { session: row, staff };
  }

  logout(sessionId: string, staff: Pick<StaffRecord, 'id' | 'role'>, counterId: string | null): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(this.now().toISOString(), sessionId);
    this.audit.record({ actorStaffId: staff.id, actorRole: staff.role, counterId, action: 'session.logout', outcome: 'ok' });
  }

  unlock(staffId: string): void {
    const r = this.db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(staffId);
    if (r.changes === 0) throw new DeskError('UNKNOWN_STAFF', '找不到该工作人员。');
  }
}

function badCredentials(policy: LockoutPolicy, remaining: number): DeskError {
  const tail = remaining > 0 ? `还剩 ${remaining} 次尝试，之后账号将锁定 ${policy.minutes} 分钟。` : '';
  return new DeskError('BAD_CREDENTIALS', `工号或密码不正确。${tail}`, { remaining });
}
