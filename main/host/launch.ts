import { createHash, randomBytes } from 'node:crypto';

/** How long a launch code may wait to be opened: long enough to start Chromium or paste the address, no longer. */
export const LAUNCH_CODE_TTL_MS = 120_000;
/** Codes outstanding at once; a new one beyond this retires the oldest (nothing mints them but the operator and the CLI). */
const MAX_LIVE_CODES = 32;

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

interface PendingCode {
  expiresAt: number;
  onSpent?: () => void;
}

/**
 * The Node host's launch credentials. A **launch code** is what the printed or opened address
 * carries: single use, short-lived, exchanged once for a **browser session** (an HttpOnly cookie's
 * value) and useless afterwards, so an address left in a terminal, a log, the browser's history or
 * another user's `ps` opens nothing. Only digests are kept: a lookup by digest compares no secret.
 */
export class LaunchCredentials {
  private readonly codes = new Map<string, PendingCode>();
  private readonly sessions = new Set<string>();

  constructor(
    private readonly ttlMs = LAUNCH_CODE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh code; `onSpent` runs once when it is redeemed, expires or is retired. */
  mint(onSpent?: () => void): string {
    this.prune();
    while (this.codes.size >= MAX_LIVE_CODES) this.retire(this.codes.keys().next().value!);
    const code = secret();
    this.codes.set(digest(code), { expiresAt: this.now() + this.ttlMs, onSpent });
    return code;
  }

  /** Redeems a code: a new browser session's secret, or null if the code is unknown, used or expired. */
  redeem(code: string): string | null {
    this.prune();
    const key = digest(code);
    if (!this.codes.has(key)) return null;
    this.retire(key);
    const session = secret();
    this.sessions.add(digest(session));
    return session;
  }

  isSession(value: string | undefined): boolean {
    return Boolean(value) && this.sessions.has(digest(value!));
  }

  /** Spends every outstanding code (the host is closing). */
  clear(): void {
    for (const key of [...this.codes.keys()]) this.retire(key);
    this.sessions.clear();
  }

  private prune(): void {
    const t = this.now();
    for (const [key, c] of this.codes) if (c.expiresAt <= t) this.retire(key);
  }

  private retire(key: string): void {
    const c = this.codes.get(key);
    this.codes.delete(key);
    c?.onSpent?.();
  }
}

/** The value of one cookie in a Cookie header (RFC 6265 §5.4 pairs; our values are base64url, never quoted). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
