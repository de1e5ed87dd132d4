import { createHash, randomBytes, randomInt } from 'node:crypto';
import { DeskError } from '../../common/errors';

/** How long a pairing code shown on the clerk's screen can be typed on the citizen screen. */
export const PAIRING_SECONDS = 120;
/** Wrong codes a counter's current code survives; then it is void and the clerk shows a new one. */
export const PAIRING_TRIES = 5;

interface Pending {
  code: string;
  expiresAt: number;
  wrong: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Which connections may act as a counter's citizen screen in the browser shell (Electron binds the
 * window it created itself). The clerk signed in at the counter shows a 6-digit code, valid for
 * two minutes and once; the screen that types it gets a binding secret, kept in its tab so a
 * reload or reconnect re-attaches without a new code. Holding the launch token alone is not enough.
 * Bindings live as long as the workstation process; a restart asks for a new code.
 */
export class CitizenPairing {
  private readonly codes = new Map<string, Pending>();
  /** sha256(binding secret) → counter id. */
  private readonly bindings = new Map<string, string>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh code for the counter (any earlier one is void). */
  issue(counterId: string): { code: string; expiresAt: string } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = this.now() + PAIRING_SECONDS * 1000;
    this.codes.set(counterId, { code, expiresAt, wrong: 0 });
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Spends the counter's code; returns the binding secret for the screen that typed it. */
  redeem(counterId: string, code: string): string {
    const p = this.codes.get(counterId);
    if (!p || p.expiresAt <= this.now()) {
      this.codes.delete(counterId);
      throw new DeskError('PAIRING_CODE_INVALID', '配对码已失效，请工作人员在本窗口重新获取配对码。');
    }
    if (p.code !== code) {
      p.wrong++;
      if (p.wrong >= PAIRING_TRIES) this.codes.delete(counterId);
      throw new DeskError('PAIRING_CODE_INVALID', p.wrong >= PAIRING_TRIES ? '配对码输错次数过多，已作废，请工作人员重新获取配对码。' : '配对码不正确，请核对工作人员屏幕上的 6 位数字。');
    }
    this.codes.delete(counterId);
    const secret = randomBytes(32).toString('base64url');
    if (this.bindings.size > 10_000) this.bindings.clear();
    this.bindings.set(digest(secret), counterId);
    return secret;
  }

  /** Whether `secret` was given to a screen paired with this counter. */
  bound(counterId: string, secret: string): boolean {
    return this.bindings.get(digest(secret)) === counterId;
  }
}
