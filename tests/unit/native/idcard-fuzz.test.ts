import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeResponse, encodeIdentityText, FrameReassembler, IdCardError, MAX_FRAME, parseIdentityText, SAMPLE_CARDS } from '../../../native/idcard';
import { prng, randomBytes } from '../../fixtures/native/prng';

// Only IdCardError may escape the decoder; anything else (RangeError, TypeError) is a bug.
function onlyTyped(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof IdCardError)) throw new Error(`untyped error escaped: ${String(e)}`);
  }
}

function mutate(rnd: () => number, frame: Uint8Array): Uint8Array {
  const f = frame.slice();
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return f.subarray(0, Math.floor(rnd() * f.length));
    case 1:
      f[Math.floor(rnd() * f.length)] ^= 1 + Math.floor(rnd() * 255);
      return f;
    case 2: // oversized length field
      f[5] = 0x80 + Math.floor(rnd() * 0x7f);
      return f;
    case 3:
      f[f.length - 1] ^= 0x01;
      return f;
    case 4:
      return new Uint8Array([...f, ...randomBytes(rnd, Math.floor(rnd() * 20))]);
    default:
      f[6] = Math.floor(rnd() * 256);
      return f;
  }
}

describe('fuzz: decoder and reassembler', () => {
  const rnd = prng(0x5eed467);
  const samples = [
    encodeResponse(0x9f, new Uint8Array(4)),
    encodeResponse(0x80),
    encodeResponse(0x90, new Uint8Array(8)),
    encodeResponse(0x90, new Uint8Array([0x01, 0x00, 0x04, 0x00, ...encodeIdentityText(SAMPLE_CARDS.resident.identity), ...new Uint8Array(1024)])),
  ];

  it('decodeResponse throws only IdCardError on 5000 random and mutated frames', () => {
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const f = i % 2 ? randomBytes(rnd, Math.floor(rnd() * 64)) : mutate(rnd, samples[i % samples.length]);
      if (i % 7 === 0) f.set([0xaa, 0xaa, 0xaa, 0x96, 0x69].slice(0, f.length));
      try {
        decodeResponse(f);
      } catch (e) {
        expect(e).toBeInstanceOf(IdCardError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(4000);
  });

  it('parseIdentityText throws only IdCardError on 3000 mutated text blocks', () => {
    const base = Object.values(SAMPLE_CARDS).map((c) => encodeIdentityText(c.identity));
    for (let i = 0; i < 3000; i++) {
      const t = base[i % base.length].slice();
      for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++) t[Math.floor(rnd() * t.length)] = Math.floor(rnd() * 256);
      onlyTyped(() => parseIdentityText(i % 50 === 0 ? t.subarray(0, Math.floor(rnd() * 256)) : t));
    }
  });

  it('reassembler stays bounded and never throws on a long noisy stream', () => {
    const r = new FrameReassembler();
    let good = 0;
    let maxBuffered = 0;
    for (let i = 0; i < 4000; i++) {
      const pick = rnd();
      const chunk = pick < 0.4 ? randomBytes(rnd, Math.floor(rnd() * 300)) : pick < 0.7 ? mutate(rnd, samples[i % samples.length]) : samples[i % samples.length];
      // feed in random-sized pieces
      for (let off = 0; off < chunk.length; ) {
        const n = 1 + Math.floor(rnd() * 80);
        for (const item of r.push(chunk.subarray(off, off + n))) {
          if (item.ok) {
            good++;
            onlyTyped(() => decodeResponse(item.frame));
          } else expect(item.error).toBeInstanceOf(IdCardError);
        }
        off += n;
        maxBuffered = Math.max(maxBuffered, r.buffered);
      }
    }
    expect(maxBuffered).toBeLessThanOrEqual(MAX_FRAME);
    expect(good).toBeGreaterThan(500);
  });
});
