/**
 * The 评价器 (a USB pad with five keys) reports as a HID keyboard: an 8-byte boot report
 * `[modifiers, reserved, k1 … k6]` of the keys held now, optionally after a report ID. The pads
 * seen in halls print 非常满意 … 非常不满意 from left to right on keys that send 1 … 5 (or the
 * keypad's 1 … 5); a pad wired otherwise is given its own map. A key counts once when it goes
 * down — held keys and key-up reports rate nothing, so a stuck or bouncing key rates once.
 */

/** HID usage IDs (keyboard page 0x07): '1'…'5' are 0x1E…0x22, keypad 1…5 are 0x59…0x5D. */
export const DEFAULT_PAD_KEYS: Readonly<Record<number, 1 | 2 | 3 | 4 | 5>> = {
  0x1e: 5, 0x1f: 4, 0x20: 3, 0x21: 2, 0x22: 1,
  0x59: 5, 0x5a: 4, 0x5b: 3, 0x5c: 2, 0x5d: 1,
};

/** Keys held in one report (usage IDs ≥ 4; 0 is "none", 1–3 are the keyboard's error codes). */
export function heldKeys(report: Uint8Array): number[] | null {
  // 8 bytes: a boot report; 9 bytes: the same after a report ID.
  const base = report.length === 9 ? 1 : report.length === 8 ? 0 : -1;
  if (base < 0) return null;
  const keys = [...report.subarray(base + 2, base + 8)];
  // ErrorRollOver (1) in every slot: too many keys at once; the report says nothing usable.
  if (keys.every((k) => k === 1)) return null;
  return keys.filter((k) => k >= 4);
}

/**
 * Reads reports in order and says which level each newly pressed key gives (or null).
 * Stateful only in which keys were already down.
 */
export class PadDecoder {
  private down = new Set<number>();

  constructor(private readonly keys: Readonly<Record<number, number>> = DEFAULT_PAD_KEYS) {}

  next(report: Uint8Array): number | null {
    const held = heldKeys(report);
    if (held === null) return null;
    const pressed = held.filter((k) => !this.down.has(k));
    this.down = new Set(held);
    // Two keys pressed in the same instant are ambiguous: no rating rather than a guess.
    const levels = [...new Set(pressed.map((k) => this.keys[k]).filter((l): l is number => l !== undefined))];
    return levels.length === 1 ? levels[0] : null;
  }
}
