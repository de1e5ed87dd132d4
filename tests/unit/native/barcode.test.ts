import { describe, expect, it } from 'vitest';
import { classifyBarcode } from '../../../common/barcode/classify';
import { WedgeDetector, type WedgeResult } from '../../../common/barcode/wedge';
import { parseHidPosReport, decodeScanText, SimulatedBarcodeScanner } from '../../../native/barcode';

describe('classifyBarcode', () => {
  it('our notice QR', () => {
    expect(classifyBarcode('WD-CASE:HP2026-000123\r\n')).toEqual({ kind: 'case', caseNumber: 'HP2026-000123' });
    expect(classifyBarcode('WD-CASE:')).toMatchObject({ kind: 'unknown' });
    expect(classifyBarcode('wd-case:HP1')).toMatchObject({ kind: 'unknown' });
  });

  it('appointment codes, built-in and hall-configured', () => {
    expect(classifyBarcode('WD-APPT:Y20261122-0031')).toEqual({ kind: 'appointment', code: 'Y20261122-0031' });
    expect(classifyBarcode('YY12345678', { appointmentPatterns: [/^YY(\d{8})$/] })).toEqual({ kind: 'appointment', code: '12345678' });
  });

  it('e-licence shapes', () => {
    expect(classifyBarcode('EL:3101SH2026000123;issuer=310000')).toMatchObject({ kind: 'elicence', licenceId: '3101SH2026000123', issuer: '310000' });
    expect(classifyBarcode('https://zwdt.sh.gov.cn/elicence/verify?zzbs=ABC123456')).toMatchObject({ kind: 'elicence', licenceId: 'ABC123456', verifyUrl: expect.stringContaining('sh.gov.cn') });
    expect(classifyBarcode('1.2.156.3005.2.11100000000013338W.310000.0001')).toMatchObject({ kind: 'elicence' });
    // a look-alike host is not trusted
    expect(classifyBarcode('https://sh.gov.cn.evil.com/verify?zzbs=ABC123456')).toMatchObject({ kind: 'unknown' });
    expect(classifyBarcode('http://zwdt.sh.gov.cn/verify?zzbs=ABC123456')).toMatchObject({ kind: 'unknown' });
  });

  it('anything else is unknown with the raw payload for the hub', () => {
    expect(classifyBarcode('sss://opaque-token-随申码')).toEqual({ kind: 'unknown', raw: 'sss://opaque-token-随申码' });
    expect(classifyBarcode(undefined as unknown as string)).toEqual({ kind: 'unknown', raw: '' });
  });
});

function feed(d: WedgeDetector, text: string, start: number, gap: number | (() => number), terminator = 'Enter'): WedgeResult[] {
  const out: WedgeResult[] = [];
  let t = start;
  for (const ch of text) {
    const r = d.push({ key: ch, timeStamp: t });
    if (r) out.push(r);
    t += typeof gap === 'number' ? gap : gap();
  }
  if (terminator) {
    const r = d.push({ key: terminator, timeStamp: t });
    if (r) out.push(r);
  }
  return out;
}

describe('WedgeDetector', () => {
  it('fast keys + Enter = scan', () => {
    const d = new WedgeDetector();
    expect(feed(d, 'WD-CASE:HP2026-000123', 1000, 8)).toEqual([{ type: 'scan', data: 'WD-CASE:HP2026-000123', avgMs: 8 }]);
  });

  it('shift keys inside a scan are ignored', () => {
    const d = new WedgeDetector();
    const r: (WedgeResult | undefined)[] = [];
    let t = 0;
    for (const k of ['Shift', 'W', 'Shift', 'D', '-', '1', '2', '3', '4', 'Enter']) r.push(d.push({ key: k, timeStamp: (t += 5) }));
    expect(r.filter(Boolean)).toEqual([{ type: 'scan', data: 'WD-1234', avgMs: expect.any(Number) }]);
  });

  it('human typing is not a scan, even a fast typist', () => {
    let seed = 7;
    const jitter = () => 70 + ((seed = (seed * 16807) % 2147483647) % 120);
    const d = new WedgeDetector();
    const typed = feed(d, '310101198503071234', 0, jitter);
    expect(typed.every((r) => r.type === 'typing')).toBe(true);
    expect(typed.map((r) => (r.type === 'typing' ? r.text : '')).join('')).toBe('310101198503071234');
    // burst of fast keys but one human pause in the middle
    const d2 = new WedgeDetector();
    const res = feed(d2, 'ABCDEFGH', 0, (() => { let i = 0; return () => (++i === 4 ? 400 : 10); })());
    expect(res.every((r) => r.type === 'typing')).toBe(true);
  });

  it('short bursts and edits are typing', () => {
    const d = new WedgeDetector();
    expect(feed(d, 'abc', 0, 5)).toEqual([{ type: 'typing', text: 'abc' }]);
    const d2 = new WedgeDetector();
    d2.push({ key: 'a', timeStamp: 0 });
    expect(d2.push({ key: 'Backspace', timeStamp: 5 })).toEqual({ type: 'typing', text: 'a' });
  });

  it('a terminator-less burst is judged by flush after the quiet time', () => {
    const d = new WedgeDetector();
    expect(feed(d, '12345678', 0, 10, '')).toEqual([]);
    expect(d.flush(80)).toBeUndefined();
    expect(d.flush(200)).toEqual({ type: 'scan', data: '12345678', avgMs: 10 });
  });

  it('programmed prefix/suffix are stripped', () => {
    const d = new WedgeDetector({ prefix: '~', suffix: '#' });
    expect(feed(d, '~WD-APPT:A1234#', 0, 6)).toEqual([{ type: 'scan', data: 'WD-APPT:A1234', avgMs: 6 }]);
  });
});

describe('HID-POS report parsing', () => {
  it('parses [id][len][AIM]data and continuation', () => {
    const payload = new TextEncoder().encode('WD-CASE:1');
    const rep = new Uint8Array(64);
    rep.set([0x02, 3 + payload.length, 0x5d, 0x51, 0x31, ...payload]);
    const c = parseHidPosReport(rep);
    expect(c).toMatchObject({ symbology: ']Q1', more: false });
    expect(decodeScanText(c.data)).toBe('WD-CASE:1');
    const full = new Uint8Array(64);
    full.set([0x02, 62, 0x5d, 0x51, 0x31]);
    expect(parseHidPosReport(full).more).toBe(true);
    expect(() => parseHidPosReport(Uint8Array.of(2, 99, 1, 2, 3))).toThrow(expect.objectContaining({ code: 'BARCODE_REPORT_INVALID' }));
  });

  it('decodes GB18030 payloads', () => {
    expect(decodeScanText(Uint8Array.of(0xc9, 0xcf, 0xba, 0xa3))).toBe('上海');
  });
});

describe('simulated scanner', () => {
  it('emits classified scans once opened', async () => {
    const s = new SimulatedBarcodeScanner();
    const got: string[] = [];
    const off = s.onScan((x) => got.push(x.payload.kind));
    s.scan('WD-CASE:X1');
    await s.open();
    s.scan('WD-CASE:X1');
    s.scan('hello');
    off();
    s.scan('WD-CASE:X2');
    expect(got).toEqual(['case', 'unknown']);
    expect(s.info()).toMatchObject({ simulated: true, state: 'ready' });
  });
});
