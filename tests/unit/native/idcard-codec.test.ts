import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  decodeCommand,
  encodeCommand,
  encodeResponse,
  encodeIdentityText,
  encodeAdditionalAddress,
  parseAdditionalAddress,
  parseIdentityText,
  fromHex,
  toHex,
  FrameReassembler,
  IdCardError,
  KNOWN_STATUS_CODES,
  statusError,
  SAMPLE_CARDS,
  nationName,
  wrapMiaxis,
  unwrapMiaxis,
  TEXT_LEN,
} from '../../../native/idcard';
import type { Identity } from '../../../native/types';
import { isValidResidentIdNumber } from '../../../common/identity';

const P = 'AA AA AA 96 69';

describe('GA 467 frame codec — reference vectors', () => {
  it('encodes find card and SAM status exactly', () => {
    expect(toHex(encodeCommand(0x20, 0x01))).toBe(`${P} 00 03 20 01 22`);
    expect(toHex(encodeCommand(0x11, 0xff))).toBe(`${P} 00 03 11 FF ED`);
  });

  it('decodes find OK, find fail and SAM self-test fail', () => {
    const ok = decodeResponse(fromHex(`${P} 00 08 00 00 9F 00 00 00 00 97`));
    expect(ok).toEqual({ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) });
    expect(decodeResponse(fromHex(`${P} 00 04 00 00 80 84`)).sw3).toBe(0x80);
    expect(decodeResponse(fromHex(`${P} 00 04 00 00 60 64`)).sw3).toBe(0x60);
  });

  it('re-encodes the reference responses byte for byte', () => {
    expect(toHex(encodeResponse(0x9f, new Uint8Array(4)))).toBe(`${P} 00 08 00 00 9F 00 00 00 00 97`);
    expect(toHex(encodeResponse(0x80))).toBe(`${P} 00 04 00 00 80 84`);
  });

  it('round-trips commands with data', () => {
    const f = encodeCommand(0x61, 0xff, Uint8Array.of(0x50));
    expect(decodeCommand(f)).toEqual({ cmd: 0x61, para: 0xff, data: Uint8Array.of(0x50) });
  });

  it('throws typed errors for bad preamble, length and checksum', () => {
    const good = fromHex(`${P} 00 04 00 00 80 84`);
    const badPre = good.slice();
    badPre[3] = 0x95;
    expect(() => decodeResponse(badPre)).toThrow(expect.objectContaining({ code: 'IDCARD_FRAME_PREAMBLE' }));
    expect(() => decodeResponse(good.slice(0, 9))).toThrow(expect.objectContaining({ code: 'IDCARD_FRAME_LENGTH' }));
    const badLen = good.slice();
    badLen[6] = 0x05;
    expect(() => decodeResponse(badLen)).toThrow(expect.objectContaining({ code: 'IDCARD_FRAME_LENGTH' }));
    const badChk = good.slice();
    badChk[10] ^= 1;
    expect(() => decodeResponse(badChk)).toThrow(IdCardError);
    expect(() => decodeResponse(badChk)).toThrow(expect.objectContaining({ code: 'IDCARD_FRAME_CHECKSUM' }));
    expect(() => encodeCommand(0x100, 1)).toThrow(expect.objectContaining({ code: 'IDCARD_BAD_ARGUMENT' }));
  });

  it('a full text+photo response frame is 1295 bytes with LEN 0508', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    const f = encodeResponse(0x90, data);
    expect(f.length).toBe(1295);
    expect(toHex(f.subarray(5, 7))).toBe('05 08');
  });
});

describe('status codes', () => {
  it('maps every SW3 to a typed error with a Chinese message', () => {
    for (const sw3 of [...KNOWN_STATUS_CODES, 0x77]) {
      const e = statusError(sw3);
      expect(e).toBeInstanceOf(IdCardError);
      expect(e.code).toMatch(/^IDCARD_[A-Z_]+$/);
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.sw3).toBe(sw3);
    }
    expect(statusError(0x80).code).toBe('IDCARD_NO_CARD');
    expect(statusError(0x60).code).toBe('IDCARD_SAM_SELFTEST');
    expect(statusError(0x77).code).toBe('IDCARD_STATUS_UNKNOWN');
    expect(new Set(KNOWN_STATUS_CODES.map((c) => statusError(c).code)).size).toBe(KNOWN_STATUS_CODES.length);
  });
});

describe('identity text', () => {
  for (const [type, card] of Object.entries(SAMPLE_CARDS)) {
    it(`round-trips a ${type} card`, () => {
      const text = encodeIdentityText(card.identity);
      expect(text.length).toBe(TEXT_LEN);
      expect(parseIdentityText(text)).toEqual(card.identity);
    });
  }

  it('reads the resident fields at their documented offsets', () => {
    const t = encodeIdentityText(SAMPLE_CARDS.resident.identity);
    const u = (o: number, l: number) => new TextDecoder('utf-16le').decode(t.subarray(o, o + l)).trimEnd();
    expect(u(0, 30)).toBe('张三丰');
    expect(u(32, 4)).toBe('01');
    expect(u(36, 16)).toBe('19850307');
    expect(u(248, 2)).toBe('');
    const id = parseIdentityText(t);
    expect(id.nation).toBe('汉');
    expect(isValidResidentIdNumber(id.idNumber)).toBe(true);
  });

  it('decodes 长期 as long-term and the 2023 English name across its split', () => {
    const id: Identity = { ...SAMPLE_CARDS.resident.identity, validTo: 'long-term' };
    const t = encodeIdentityText(id);
    expect(new TextDecoder('utf-16le').decode(t.subarray(204, 208))).toBe('长期');
    expect(parseIdentityText(t).validTo).toBe('long-term');
    const y = parseIdentityText(encodeIdentityText(SAMPLE_CARDS['foreign-2023'].identity));
    expect(y.nameEn).toBe('DUPONT-MARTIN, MARIE CHRISTINE ELISABETH');
    expect(y.nameEn!.length).toBeGreaterThan(35);
  });

  it('keeps unknown nation codes instead of crashing', () => {
    const t = encodeIdentityText(SAMPLE_CARDS.resident.identity);
    t.set([0x39, 0, 0x39, 0], 32); // "99"
    expect(parseIdentityText(t).nation).toBe('未知民族代码99');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('05')).toBe('维吾尔');
  });

  it('rejects bad text with IDCARD_TEXT_INVALID / IDCARD_UNKNOWN_CARD', () => {
    expect(() => parseIdentityText(new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'IDCARD_TEXT_INVALID' }));
    const t = encodeIdentityText(SAMPLE_CARDS.resident.identity);
    t.set([0x31, 0, 0x39, 0, 0x38, 0, 0x35, 0, 0x31, 0, 0x33, 0, 0x33, 0, 0x32, 0], 36); // 19851332
    expect(() => parseIdentityText(t)).toThrow(expect.objectContaining({ code: 'IDCARD_TEXT_INVALID' }));
    const z = encodeIdentityText(SAMPLE_CARDS.resident.identity);
    z.set([0x5a, 0], 248);
    expect(() => parseIdentityText(z)).toThrow(expect.objectContaining({ code: 'IDCARD_UNKNOWN_CARD' }));
  });

  it('additional address round-trips', () => {
    expect(parseAdditionalAddress(encodeAdditionalAddress('上海市徐汇区漕溪北路88号'))).toBe('上海市徐汇区漕溪北路88号');
    expect(parseAdditionalAddress(encodeAdditionalAddress(''))).toBeUndefined();
  });
});

describe('reassembler', () => {
  it('finds frames split in arbitrary chunks with garbage before the preamble', () => {
    const a = encodeResponse(0x9f, new Uint8Array(4));
    const b = encodeResponse(0x90, encodeIdentityText(SAMPLE_CARDS.resident.identity));
    const stream = new Uint8Array([0x01, 0xaa, 0xaa, 0x13, ...a, 0, 0, 0, 0xaa, 0xaa, ...b, 0xaa]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const r = new FrameReassembler();
      const frames: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i += size) for (const it of r.push(stream.subarray(i, i + size))) if (it.ok) frames.push(it.frame);
      expect(frames.map(toHex)).toEqual([toHex(a), toHex(b)]);
      expect(r.buffered).toBeLessThanOrEqual(4);
    }
  });

  it('reports a corrupted frame and still finds the next good one', () => {
    const bad = encodeResponse(0x90, Uint8Array.of(1, 2, 3));
    bad[9] ^= 0xff;
    const good = encodeResponse(0x80);
    const out = new FrameReassembler().push(new Uint8Array([...bad, ...good]));
    expect(out[0]).toMatchObject({ ok: false });
    expect(out.filter((x) => x.ok).length).toBe(1);
  });
});

describe('Miaxis HID envelope', () => {
  it('wraps and unwraps with the additive checksum', () => {
    const f = encodeCommand(0x20, 0x01);
    const env = wrapMiaxis(f);
    expect(env[0]).toBe(0x88);
    expect(env[5]).toBe(0xb1);
    expect(unwrapMiaxis(env)).toEqual(f);
    env[8] ^= 1;
    expect(() => unwrapMiaxis(env)).toThrow(expect.objectContaining({ code: 'IDCARD_FRAME_CHECKSUM' }));
  });
});
