import type { Db } from '../../db/connection';
import type { AuditLog } from '../audit';
import type { SessionPolicy } from './policy';

export type SessionEndReason = 'logout' | 'expired' | 'taken-over' | 'locked-out' | 'disabled';

/** What a call finds when it looks at its session: usable, locked by idleness, or gone. */
export type SessionState = 'ok' | 'locked' | 'must-change' | 'expired' | 'ended';

interface Live {
  staffId: string;
  counterId: string | null;
  createdAt: number;
  lastActive: number;
  /** When last_seen_at was last written: activity is persisted at most once a minute. */
  persistedAt: number;
  locked: boolean;
  mustChange: boolean;
}

const PERSIST_EVERY_MS = 60_000;

/**
 * The open sessions' clocks. A session ends `maxAgeHours` after its login whatever happens, and
 * locks after `idleMinutes` without a call from its renderer; a locked session keeps its counter
 * and its screen, and answers only its password (`StaffService.unlock`). The state lives in memory
 * (every call checks it) and is rebuilt from `sessions` after a restart, so a reload or a restart
 * does not unlock a screen: the last activity written is at most a minute old.
 */
export class SessionClock {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly policy: () => SessionPolicy,
    private readonly now: () => Date,
  ) {}

  open(id: string, staffId: string, counterId: string | null, mustChange: boolean): void {
    const t = this.now().getTime();
    this.live.set(id, { staffId, counterId, createdAt: t, lastActive: t, persistedAt: t, locked: false, mustChange });
  }

  state(id: string): SessionState {
    const s = this.load(id);
    if (!s) return 'ended';
    const t = this.now().getTime();
    const policy = this.policy();
    if (t - s.createdAt >= policy.maxAgeHours * 3_600_000) {
      this.end(id, 'expired');
      return 'expired';
    }
    if (!s.locked && t - s.lastActive >= policy.idleMinutes * 60_000) this.lock(id, 'idle');
    if (s.locked) return 'locked';
    return s.mustChange ? 'must-change' : 'ok';
  }

  /** A call (or reported keyboard/mouse activity) from the session's renderer. */
  touch(id: string): void {
    const s = this.live.get(id);
    if (!s || s.locked) return;
    const t = this.now().getTime();
    s.lastActive = t;
    if (t - s.persistedAt >= PERSIST_EVERY_MS) {
      s.persistedAt = t;
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(new Date(t).toISOString(), id);
    }
  }

  lock(id: string, why: 'idle' | 'manual'): void {
    const s = this.load(id);
    if (!s || s.locked) return;
    s.locked = true;
    this.audit.record({ actorStaffId: s.staffId, counterId: s.counterId, action: 'session.lock', outcome: 'ok', details: { why } });
  }

  unlocked(id: string): void {
    const s = this.live.get(id);
    if (!s) return;
    s.locked = false;
    s.lastActive = this.now().getTime();
  }

  passwordChanged(staffId: string): void {
    for (const s of this.live.values()) if (s.staffId === staffId) s.mustChange = false;
  }

  isLocked(id: string): boolean {
    return this.live.get(id)?.locked ?? false;
  }

  /** Ends a session for good (the renderer is told by the caller, if it should be). */
  end(id: string, reason: SessionEndReason): void {
    this.live.delete(id);
    this.db.prepare('UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL').run(this.now().toISOString(), reason, id);
  }

  /**
   * Open sessions of other counter staff (clerks, assistants) at a counter, within their maximum age.
   * Supervisors and administrators sign in beside a counter's clerk (to force a transfer, to help)
   * and neither hold a counter nor take it over.
   */
  holders(counterId: string, exceptStaffId: string): { id: string; staffId: string; name: string }[] {
    const rows = this.db.prepare(`SELECT s.id, s.staff_id AS staffId, st.name FROM sessions s JOIN staff st ON st.id = s.staff_id
      WHERE s.counter_id = ? AND s.ended_at IS NULL AND s.staff_id != ? AND st.role IN ('clerk', 'assistant')`).all(counterId, exceptStaffId) as { id: string; staffId: string; name: string }[];
    return rows.filter((r) => this.state(r.id) !== 'expired');
  }

  private load(id: string): Live | undefined {
    const cached = this.live.get(id);
    if (cached) return cached;
    const row = this.db.prepare(`SELECT s.staff_id AS staffId, s.counter_id AS counterId, s.created_at AS createdAt, s.last_seen_at AS lastSeen, st.must_change_password AS must
      FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE s.id = ? AND s.ended_at IS NULL`).get(id) as
      | { staffId: string; counterId: string | null; createdAt: string; lastSeen: string; must: number }
      | undefined;
    if (!row) return undefined;
    const lastActive = Date.parse(row.lastSeen);
    const s: Live = { staffId: row.staffId, counterId: row.counterId, createdAt: Date.parse(row.createdAt), lastActive, persistedAt: lastActive, locked: false, mustChange: row.must === 1 };
    this.live.set(id, s);
    return s;
  }
}
