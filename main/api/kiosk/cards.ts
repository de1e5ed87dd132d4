/**
 * ID cards read at the kiosk, held in memory for the moment between "读身份证" and choosing a
 * stream: the renderer gets an opaque token, never the ID number, and the token is good for one
 * issue within two minutes (the person in front of the kiosk, not whoever comes later).
 */
import { randomBytes } from 'node:crypto';
import { DeskError } from '../../../common/errors';

export interface KioskCardHolder {
  idNumber: string;
  name: string;
}

export class KioskCards {
  private readonly held = new Map<string, { holder: KioskCardHolder; until: number }>();

  constructor(private readonly now: () => number = Date.now, private readonly ttlMs = 120_000) {}

  put(holder: KioskCardHolder): string {
    this.sweep();
    const token = randomBytes(16).toString('base64url');
    this.held.set(token, { holder, until: this.now() + this.ttlMs });
    return token;
  }

  /** The holder once, then forgotten; an unknown or expired token asks the person to read the card again. */
  take(token: string): KioskCardHolder {
    this.sweep();
    const h = this.held.get(token);
    this.held.delete(token);
    if (!h) throw new DeskError('KIOSK_CARD_EXPIRED', '读卡信息已过期，请重新放置身份证读取，或直接取号。');
    return h.holder;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, v] of this.held) if (v.until <= now) this.held.delete(k);
  }
}
