/**
 * Appointment holders' ID numbers as the hub keeps them: a keyed hash for matching, never the
 * number. HMAC-SHA256 under a per-day matching key, itself HMAC of the hub's identity key (a
 * sub-key of the hub's key ring, or `identity.key` in a hub run without one) and the day. The
 * identity key never leaves the hub; a workstation gets the matching key of today only
 * (`GET /appointments/match-key`), so it can match a typed or read ID number against its offline
 * copy of today's bookings, and a leaked day key exposes one day's bookings to guessing, no more.
 * Here in core (not in main/hub) because both sides use it: the hub derives and hashes, the
 * workstation's offline store matches with `matchHash` (no key material in this module).
 */
import { createHmac } from 'node:crypto';
import { normaliseIdNumber } from '../../../common/identity';

/** The matching hash of an ID number under a day's matching key (hex). */
export function matchHash(dayKey: Buffer, idNumber: string): string {
  return createHmac('sha256', dayKey).update(normaliseIdNumber(idNumber)).digest('hex');
}

/** The hub's side: derives day keys from the identity key it holds. */
export class IdentityHasher {
  private readonly days = new Map<string, Buffer>();
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('identity key too short');
  }

  dayKey(day: string): Buffer {
    let k = this.days.get(day);
    if (!k) {
      k = createHmac('sha256', this.key).update(`windowdesk/hub/id-match/v1/${day}`).digest();
      if (this.days.size > 64) this.days.clear();
      this.days.set(day, k);
    }
    return k;
  }

  hash(day: string, idNumber: string): string {
    return matchHash(this.dayKey(day), idNumber);
  }
}
