/**
 * The supervisors signed in at this workstation, as the hub verified them. At a supervisor's
 * sign-in (and unlock) the password is forwarded once to the hub, which checks it against the
 * supervisor accounts it holds and answers a short-lived assertion bound to this device
 * (main/hub/trust/staff.ts). Supervisor calls to the hub carry it; it is renewed while the session
 * is open and ended at logout. The password is never kept.
 */
import { isDeskError } from '../../../common/errors';
import type { HubClient } from '../../hub/client';
import type { Logger } from '../logger';

interface Held {
  staffNo: string;
  assertion: string;
  expiresAt: number;
}

/** Renew when less than this is left (the 10-second interest tick calls `renewDue`). */
const RENEW_BEFORE_MS = 5 * 60_000;

export interface HubStaffDeps {
  client: HubClient | null;
  log: Logger;
  /** Whether the workstation session is still open (an assertion outlives no session). */
  isOpen(sessionId: string): boolean;
  /** The embedded hub: register the workstation's own account there first (same machine, same administrator). */
  beforeAssert?(staffNo: string): void | Promise<void>;
}

export class HubStaffAssertions {
  private readonly held = new Map<string, Held>();

  constructor(private readonly deps: HubStaffDeps) {}

  /** A session signed in (or unlocked): a supervisor's password is checked by the hub. Never throws: the hub may be away. */
  async signedIn(sessionId: string, staff: { staffNo: string; role: string }, password: string): Promise<void> {
    const client = this.deps.client;
    if (!client || (staff.role !== 'supervisor' && staff.role !== 'admin')) return;
    try {
      await this.deps.beforeAssert?.(staff.staffNo);
      const a = await client.staffAssert(staff.staffNo, password);
      const old = this.held.get(sessionId);
      this.held.set(sessionId, { staffNo: staff.staffNo, assertion: a.assertion, expiresAt: a.expiresAt });
      if (old) void client.staffEnd(old.assertion).catch(() => {});
    } catch (e) {
      // Supervisor actions at the hub will answer STAFF_UNVERIFIED until the next sign-in or unlock.
      this.deps.log.error(`大厅服务未能核验值班主任 ${staff.staffNo}（${isDeskError(e) ? e.code : 'ERROR'}）：${(e as Error).message}`);
    }
  }

  /**
   * A supervisor changed their password here: a hub of its own (embedded) takes the new hash at the
   * next assertion; a remote hub is told, checking the current password it holds. Then the session
   * is asserted again with the new one. Never throws: the hub may be away (the supervisor is then
   * asked to sign in again once it is back, and `npm run hub -- staff-add` remains the fallback).
   */
  async passwordChanged(sessionId: string, staff: { staffNo: string; role: string }, current: string, next: string): Promise<void> {
    const client = this.deps.client;
    if (!client || (staff.role !== 'supervisor' && staff.role !== 'admin')) return;
    if (!this.deps.beforeAssert) {
      try {
        await client.staffPassword(staff.staffNo, current, next);
      } catch (e) {
        this.deps.log.error(`大厅服务未能更新值班主任 ${staff.staffNo} 的密码（${isDeskError(e) ? e.code : 'ERROR'}）：${(e as Error).message}`);
        return;
      }
    }
    await this.signedIn(sessionId, staff, next);
  }

  /** Logout (or a session otherwise ended): the hub ends the assertion at once. */
  ended(sessionId: string): void {
    const h = this.held.get(sessionId);
    if (!h) return;
    this.held.delete(sessionId);
    void this.deps.client?.staffEnd(h.assertion).catch(() => {});
  }

  /** The assertion of this session, if it holds a live one. */
  assertionOf(sessionId: string): string | null {
    const h = this.held.get(sessionId);
    return h && h.expiresAt > Date.now() ? h.assertion : null;
  }

  /** Renews what is close to expiry; drops what belongs to a session that ended. */
  async renewDue(): Promise<void> {
    for (const [id, h] of [...this.held]) {
      if (!this.deps.isOpen(id)) {
        this.ended(id);
        continue;
      }
      if (h.expiresAt - Date.now() > RENEW_BEFORE_MS || !this.deps.client) continue;
      try {
        h.expiresAt = (await this.deps.client.staffRenew(h.assertion)).expiresAt;
      } catch (e) {
        // Refused (past its maximum age, or the supervisor was disabled at the hub): gone until the next password.
        if (isDeskError(e) && e.code === 'STAFF_UNVERIFIED') this.held.delete(id);
      }
    }
  }
}
