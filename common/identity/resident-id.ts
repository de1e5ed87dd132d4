import dayjs from 'dayjs';

// GB 11643-1999 MOD 11-2: weight of position i (0-based, left to right) is 2^(17-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes (GB/T 2260) that appear on mainland resident ID cards. */
export const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);

export function mod11CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Card readers give upper-case X; people type lower-case and spaces. */
export function normaliseIdNumber(s: string): string {
  return String(s ?? '').replace(/\s+/g, '').toUpperCase();
}

/** A real calendar date, not before 1900 and not after `today`. */
export function isRealPastDate(yyyymmdd: string, today = dayjs()): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const d = dayjs(iso);
  if (!d.isValid() || d.format('YYYY-MM-DD') !== iso) return false;
  return Number(yyyymmdd.slice(0, 4)) >= 1900 && !d.isAfter(today, 'day');
}

/** 18 chars: 17 digits, the MOD 11-2 check character, and a real birth date. Shape only; no prefix rule. */
export function hasValidGb11643Body(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  if (!isRealPastDate(s.slice(6, 14))) return false;
  return mod11CheckChar(s) === s[17];
}

/**
 * A mainland resident ID number (居民身份证, GB 11643): province code of a real province, a
 * real birth date not in the future, and the check character (digit or X). HK/Macao/Taiwan
 * residence permits (81/82/83 prefixes) are a different document: see isValidHmtResidencePermitNumber.
 */
export function isValidResidentIdNumber(s: string): boolean {
  const id = normaliseIdNumber(s);
  return PROVINCE_CODES.has(id.slice(0, 2)) && /^\d{6}/.test(id) && hasValidGb11643Body(id);
}

export function birthDateFromId(s: string): string | null {
  const id = normaliseIdNumber(s);
  if (!hasValidGb11643Body(id)) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Position 17 (the last of the sequence code): odd for men, even for women. */
export function sexFromId(s: string): 'male' | 'female' | null {
  const id = normaliseIdNumber(s);
  if (!hasValidGb11643Body(id)) return null;
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Keeps the first four and last four characters, e.g. 3101**********123X; short input is fully masked. */
export function maskIdNumber(s: string): string {
  const id = normaliseIdNumber(s);
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Builds a valid number from its parts (demo data and tests); the caller chooses region, birth date and sequence. */
export function makeResidentIdNumber(region6: string, birthYyyymmdd: string, seq3: string): string {
  const first17 = `${region6}${birthYyyymmdd}${seq3}`;
  if (!/^\d{17}$/.test(first17)) throw new Error('region6 + birth + seq3 must be 17 digits');
  return first17 + mod11CheckChar(first17);
}
