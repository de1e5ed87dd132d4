import type { CardType, Identity } from '../types';
import { IdCardError } from './errors';
import { nationCode, nationName } from './nations';

export const TEXT_LEN = 256;
const TYPE_OFFSET = 248;

const utf16 = new TextDecoder('utf-16le');

function field(text: Uint8Array, offset: number, len: number): string {
  return utf16.decode(text.subarray(offset, offset + len)).replace(/[\u0000 \u3000]+$/u, '').replace(/^[\u0000 ]+/u, '');
}

function bad(what: string, value?: string): IdCardError {
  return new IdCardError('IDCARD_TEXT_INVALID', `证件信息解析失败（${what}${value === undefined ? '' : `：${JSON.stringify(value)}`}），请重新读卡；仍失败请人工录入。`);
}

function date(raw: string, what: string, allowLongTerm = false): string {
  if (allowLongTerm && raw === '长期') return 'long-term';
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) throw bad(what, raw);
  const [, y, mo, d] = m;
  const dt = new Date(Date.UTC(+y, +mo - 1, +d));
  if (dt.getUTCFullYear() !== +y || dt.getUTCMonth() !== +mo - 1 || dt.getUTCDate() !== +d) throw bad(what, raw);
  return `${y}-${mo}-${d}`;
}

function sex(raw: string): Identity['sex'] {
  if (raw === '1') return 'male';
  if (raw === '2') return 'female';
  return 'unknown';
}

function count(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function cardTypeOf(text: Uint8Array): CardType {
  const t = field(text, TYPE_OFFSET, 2);
  switch (t) {
    case '':
      return 'resident';
    case 'J':
      return 'residence-permit';
    case 'I':
      return 'foreign-2017';
    case 'Y':
      return 'foreign-2023';
    default:
      throw new IdCardError('IDCARD_UNKNOWN_CARD', `无法识别的证件类型标识 ${JSON.stringify(t)}，请人工核验证件。`);
  }
}

function opt(s: string): string | undefined {
  return s === '' ? undefined : s;
}

/** Decodes the 256-byte UTF-16LE text block of all four GA 467 card layouts. */
export function parseIdentityText(text: Uint8Array): Identity {
  if (!(text instanceof Uint8Array) || text.length !== TEXT_LEN) {
    throw new IdCardError('IDCARD_TEXT_INVALID', `证件文字信息长度应为 ${TEXT_LEN} 字节，实际 ${text?.length ?? 0} 字节，请重新读卡。`);
  }
  const type = cardTypeOf(text);
  if (type === 'resident' || type === 'residence-permit') {
    const idNumber = field(text, 122, 36);
    if (!/^\d{17}[\dX]$/.test(idNumber)) throw bad('公民身份号码', idNumber);
    const base: Identity = {
      cardType: type,
      name: field(text, 0, 30),
      sex: sex(field(text, 30, 2)),
      birthDate: date(field(text, 36, 16), '出生日期'),
      address: opt(field(text, 52, 70)),
      idNumber,
      authority: opt(field(text, 158, 30)),
      validFrom: date(field(text, 188, 16), '有效期起始日期'),
      validTo: date(field(text, 204, 16), '有效期截止日期', true),
    };
    if (!base.name) throw bad('姓名为空');
    if (type === 'resident') {
      const code = field(text, 32, 4);
      return { ...base, nation: code ? nationName(code) : undefined };
    }
    return { ...base, passNumber: opt(field(text, 220, 18)), issueCount: count(field(text, 238, 4)) };
  }
  if (type === 'foreign-2017') {
    const nameEn = field(text, 0, 120);
    const nameCn = field(text, 158, 30);
    const permit = field(text, 122, 30);
    if (!/^[A-Z]{3}\d{12}$/.test(permit)) throw bad('永久居留证号码', permit);
    if (!nameEn && !nameCn) throw bad('姓名为空');
    return {
      cardType: type,
      name: nameCn || nameEn,
      nameEn: opt(nameEn),
      sex: sex(field(text, 120, 2)),
      birthDate: date(field(text, 220, 16), '出生日期'),
      idNumber: permit,
      // 2017 cards carry a 4-digit authority code, not a name; the code is kept verbatim.
      authority: opt(field(text, 240, 8)),
      validFrom: date(field(text, 188, 16), '签发日期'),
      validTo: date(field(text, 204, 16), '有效期截止日期', true),
      nationality: opt(field(text, 152, 6)),
    };
  }
  // foreign-2023
  const nameCn = field(text, 0, 30);
  // The English name is split at char 35; keep part 1 untrimmed so a space at the split survives.
  const nameEn = (utf16.decode(text.subarray(52, 122)) + field(text, 220, 22)).replace(/[\u0000 ]+$/u, '').trim();
  const permit = field(text, 122, 36);
  if (!/^9\d{16}[\dX]$/.test(permit)) throw bad('永久居留证号码', permit);
  if (!nameEn && !nameCn) throw bad('姓名为空');
  return {
    cardType: type,
    name: nameCn || nameEn,
    nameEn: opt(nameEn),
    sex: sex(field(text, 30, 2)),
    birthDate: date(field(text, 36, 16), '出生日期'),
    idNumber: permit,
    validFrom: date(field(text, 188, 16), '有效期起始日期'),
    validTo: date(field(text, 204, 16), '有效期截止日期', true),
    nationality: opt(field(text, 242, 6)),
    issueCount: count(field(text, 32, 4)),
  };
}

/** 追加住址: 70 bytes UTF-16LE. */
export function parseAdditionalAddress(data: Uint8Array): string | undefined {
  return opt(field(data, 0, Math.min(data.length, 70)));
}

// ---------- encoder (simulator and fixtures build real card text with it) ----------

function put(buf: Uint8Array, offset: number, len: number, value: string | undefined): void {
  const s = (value ?? '').padEnd(len / 2, ' ');
  if (s.length > len / 2) throw new IdCardError('IDCARD_BAD_ARGUMENT', `模拟证件字段过长：${value}`);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    buf[offset + i * 2] = c & 0xff;
    buf[offset + i * 2 + 1] = c >> 8;
  }
}

const ymd = (d: string) => (d === 'long-term' ? '长期' : d.replace(/-/g, ''));
const sexCode = (s: Identity['sex']) => (s === 'male' ? '1' : s === 'female' ? '2' : '0');

export function encodeIdentityText(id: Identity): Uint8Array {
  const t = new Uint8Array(TEXT_LEN);
  put(t, 0, TEXT_LEN, '');
  switch (id.cardType) {
    case 'resident':
    case 'residence-permit':
      put(t, 0, 30, id.name);
      put(t, 30, 2, sexCode(id.sex));
      put(t, 32, 4, id.cardType === 'resident' && id.nation ? nationCode(id.nation) ?? '' : '');
      put(t, 36, 16, ymd(id.birthDate));
      put(t, 52, 70, id.address);
      put(t, 122, 36, id.idNumber);
      put(t, 158, 30, id.authority);
      put(t, 188, 16, ymd(id.validFrom));
      put(t, 204, 16, ymd(id.validTo));
      if (id.cardType === 'residence-permit') {
        put(t, 220, 18, id.passNumber);
        put(t, 238, 4, id.issueCount === undefined ? '' : String(id.issueCount).padStart(2, '0'));
        put(t, 248, 2, 'J');
      }
      break;
    case 'foreign-2017':
      put(t, 0, 120, id.nameEn);
      put(t, 120, 2, sexCode(id.sex));
      put(t, 122, 30, id.idNumber);
      put(t, 152, 6, id.nationality);
      put(t, 158, 30, id.name !== id.nameEn ? id.name : '');
      put(t, 188, 16, ymd(id.validFrom));
      put(t, 204, 16, ymd(id.validTo));
      put(t, 220, 16, ymd(id.birthDate));
      put(t, 236, 4, '01');
      put(t, 240, 8, id.authority);
      put(t, 248, 2, 'I');
      break;
    case 'foreign-2023': {
      const en = id.nameEn ?? '';
      put(t, 0, 30, id.name !== id.nameEn ? id.name : '');
      put(t, 30, 2, sexCode(id.sex));
      put(t, 32, 4, id.issueCount === undefined ? '' : String(id.issueCount).padStart(2, '0'));
      put(t, 36, 16, ymd(id.birthDate));
      put(t, 52, 70, en.slice(0, 35));
      put(t, 122, 36, id.idNumber);
      put(t, 188, 16, ymd(id.validFrom));
      put(t, 204, 16, ymd(id.validTo));
      put(t, 220, 22, en.slice(35, 46));
      put(t, 242, 6, id.nationality);
      put(t, 248, 2, 'Y');
      break;
    }
  }
  return t;
}

export function encodeAdditionalAddress(addr: string): Uint8Array {
  const b = new Uint8Array(70);
  put(b, 0, 70, addr);
  return b;
}
