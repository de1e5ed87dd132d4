import { describe, expect, it } from 'vitest';
import { heldKeys, PadDecoder, SimulatedRatingPad } from '../../../native/rating-pad';

const boot = (...keys: number[]) => Uint8Array.of(0, 0, ...[...keys, 0, 0, 0, 0, 0, 0].slice(0, 6));

describe('评价器 HID reports', () => {
  it('reads the keys held from a boot report, with or without a report ID', () => {
    expect(heldKeys(boot(0x1e))).toEqual([0x1e]);
    expect(heldKeys(Uint8Array.of(1, ...boot(0x22, 0x1f)))).toEqual([0x22, 0x1f]);
    expect(heldKeys(new Uint8Array(8))).toEqual([]);
    expect(heldKeys(Uint8Array.of(0, 0, 1, 1, 1, 1, 1, 1))).toBeNull(); // ErrorRollOver
    expect(heldKeys(Uint8Array.of(0, 0, 0x1e))).toBeNull(); // not a boot report
  });

  it('gives the level when a key goes down, left to right 非常满意 … 非常不满意, keypad keys alike', () => {
    const d = new PadDecoder();
    expect(d.next(boot(0x1e))).toBe(5);
    expect(d.next(new Uint8Array(8))).toBeNull();
    expect(d.next(boot(0x21))).toBe(2);
    expect(d.next(new Uint8Array(8))).toBeNull();
    expect(d.next(boot(0x5d))).toBe(1);
  });

  it('rates once for a held key, nothing on release, nothing for an unknown key or two keys at once', () => {
    const d = new PadDecoder();
    expect(d.next(boot(0x20))).toBe(3);
    expect(d.next(boot(0x20))).toBeNull();
    expect(d.next(new Uint8Array(8))).toBeNull();
    expect(d.next(boot(0x04))).toBeNull(); // 'a'
    expect(d.next(new Uint8Array(8))).toBeNull();
    expect(d.next(boot(0x1e, 0x22))).toBeNull();
  });

  it('takes a pad wired otherwise by its own key map', () => {
    const d = new PadDecoder({ 0x3a: 5, 0x3e: 1 }); // F1 … F5
    expect(d.next(boot(0x3e))).toBe(1);
  });

  it('the simulated pad goes through the same decoding', () => {
    const pad = new SimulatedRatingPad();
    const got: number[] = [];
    pad.on('press', (l) => got.push(l));
    pad.press(4);
    pad.press(1);
    pad.feed(boot(0x1e));
    pad.feed(boot(0x1e));
    expect(got).toEqual([4, 1, 5]);
  });
});
