import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, digestHex, nativeSm3 } from '../../../../main/core/archive/digest';
import { Sm3, sm3Hex } from '../../../../main/core/archive/sm3';

describe('SM3 (GB/T 32905)', () => {
  it('gives the standard\'s example digests', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('pure JS and the runtime\'s crypto agree on every length around the block and padding edges', () => {
    // This node has OpenSSL's sm3: the test would be meaningless (and says so) without it.
    expect(nativeSm3()).toBe(true);
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_001]) {
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i++) data[i] = (i * 131 + n) & 0xff;
      expect(digestHex('sm3', data, 'js'), `length ${n}`).toBe(digestHex('sm3', data, 'native'));
      expect(digestHex('sm3', data, 'native')).toBe(createHash('sm3').update(data).digest('hex'));
    }
  });

  it('digests the same however the input is chunked', () => {
    const data = Buffer.from('政务服务事项电子文件归档'.repeat(50));
    const whole = sm3Hex(data);
    for (const step of [1, 7, 63, 64, 65, 500]) {
      const h = new Sm3();
      for (let i = 0; i < data.length; i += step) h.update(data.subarray(i, i + step));
      expect(h.digest('hex')).toBe(whole);
    }
    const native = createHasher('sm3', 'native');
    native.update(data);
    expect(native.digest('hex')).toBe(whole);
  });

  it('refuses a second digest rather than returning a wrong one', () => {
    const h = new Sm3().update('abc');
    h.digest();
    expect(() => h.digest()).toThrow(/already/);
  });
});
