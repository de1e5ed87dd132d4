import { DeskError } from '../../../common/errors';
import type { AuditLog } from '../audit';

export interface ThrottlePolicy {
  attempts: number;
  windowMs: number;
}

interface Window {
  start: number;
  attempts: number;
}

/**
 * Password attempts per connection (a WebSocket or an Electron webContents): the per-account lockout
 * alone lets one connection lock every account in turn, and guess on forever at the same speed. A
 * connection past its share is refused before any password is checked (so it cannot lock an account
 * either). Refusals go to the audit log through its refusal aggregator: the first of a minute at
 * once, the rest of that minute as one row with their count.
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
      if (this.windows.size > 1000) this.prune(t);
      w = { start: t, attempts: 0 };
      this.windows.set(connectionId, w);
    }
    if (w.attempts < this.policy.attempts) {
      w.attempts++;
      return;
    }
    this.audit.refusal({ action: 'session.login', source: connectionId, details: { reason: 'rate-limited', limit: this.policy.attempts, windowSeconds: this.policy.windowMs / 1000 } });
    const wait = Math.max(1, Math.ceil((w.start + this.policy.windowMs - t) / 1000));
    throw new DeskError('TOO_MANY_ATTEMPTS', `尝试过于频繁，请 ${wait} 秒后再试。`, { retryAfterSeconds: wait });
  }

  private prune(t: number): void {
    for (const [id, w] of this.windows) {
      if (t - w.start >= this.policy.windowMs) this.windows.delete(id);
    }
  }
}
