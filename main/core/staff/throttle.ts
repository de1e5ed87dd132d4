import { DeskError } from '../../../common/errors';
import type { AuditLog } from '../audit';

export interface ThrottlePolicy {
  attempts: number;
  windowMs: number;
}

interface Window {
  start: number;
  attempts: number;
  refused: number;
}

/**
 * Password attempts per connection (a WebSocket or an Electron webContents): the per-account lockout
 * alone lets one connection lock every account in turn, and guess on forever at the same speed. A
 * connection past its share is refused before any password is checked (so it cannot lock an account
 * either). Refusals are audited once per connection and window, with their count, not one row each.
 */
export class AttemptThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    private readonly policy: ThrottlePolicy = { attempts: 10, windowMs: 60_000 },
  ) {}

  take(connectionId: string): void {
    const t = this.now().getTime();
    let w = this.windows.get(connectionId);
    if (!w || t - w.start >= this.policy.windowMs) {
      if (w) this.flush(connectionId, w);
      if (this.windows.size > 1000) this.prune(t);
      w = { start: t, attempts: 0, refused: 0 };
      this.windows.set(connectionId, w);
    }
    if (w.attempts < this.policy.attempts) {
      w.attempts++;
      return;
    }
    w.refused++;
    if (w.refused === 1) this.audit.record({ action: 'session.login', target: connectionId, outcome: 'refused', details: { reason: 'rate-limited', limit: this.policy.attempts, windowSeconds: this.policy.windowMs / 1000 } });
    const wait = Math.max(1, Math.ceil((w.start + this.policy.windowMs - t) / 1000));
    throw new DeskError('TOO_MANY_ATTEMPTS', `尝试过于频繁，请 ${wait} 秒后再试。`, { retryAfterSeconds: wait });
  }

  /** The first refusal of a window is written at once; the rest of that window as one row when it is over. */
  private flush(connectionId: string, w: Window): void {
    if (w.refused > 1) this.audit.record({ action: 'session.login', target: connectionId, outcome: 'refused', details: { reason: 'rate-limited', refused: w.refused, since: new Date(w.start).toISOString() } });
  }

  private prune(t: number): void {
    for (const [id, w] of this.windows) {
      if (t - w.start >= this.policy.windowMs) {
        this.flush(id, w);
        this.windows.delete(id);
      }
    }
  }
}
