import dayjs from 'dayjs';
import { PROVINCE_CODES, hasValidGb11643Body, isRealPastDate, normaliseIdNumber } from './resident-id';

/**
 * 港澳台居民居住证 numbers follow GB 11643 with the address code fixed at 810000 (Hong Kong),
 * 820000 (Macao) or 830000 (Taiwan).
 */
export function isValidHmtResidencePermitNumber(s: string): boolean {
  const id = normaliseIdNumber(s);
  return /^8[123]0000/.test(id) && hasValidGb11643Body(id);
}

export function hmtRegionOf(s: string): 'HK' | 'MO' | 'TW' | null {
  if (!isValidHmtResidencePermitNumber(s)) return null;
  return ({ '81': 'HK', '82': 'MO', '83': 'TW' } as const)[normaliseIdNumber(s).slice(0, 2) as '81' | '82' | '83'];
}

/**
 * 2023 外国人永久居留身份证: 18 digits, identity digit 9, two-digit province code of the issuing
 * place, three-digit nationality code, birth date, sequence, MOD 11-2 check (same as GB 11643).
 */
export function isValidForeignPermanentResidenceId2023(s: string): boolean {
  const id = normaliseIdNumber(s);
  return /^9\d{16}[\dX]$/.test(id) && PROVINCE_CODES.has(id.slice(1, 3)) && hasValidGb11643Body(id);
}

/**
 * 2017 外国人永久居留身份证: 15 characters, three letters (nationality, ISO 3166-1 alpha-3) then
 * 12 digits: issuing province code, birth date YYMMDD, sequence and check digit. The 2017 check
 * digit algorithm is not published in anything we could verify, so only the structure and the
 * birth date are checked here; the holder's identity is still verified against the card chip.
 */
export function isValidForeignPermanentResidenceId2017(s: string): boolean {
  const id = normaliseIdNumber(s);
  const m = /^([A-Z]{3})(\d{2})(\d{6})(\d{4})$/.exec(id);
  if (!m || !PROVINCE_CODES.has(m[2])) return false;
  const yy = Number(m[3].slice(0, 2));
  // Two-digit year: the later century that is not in the future.
  const century = 2000 + yy <= dayjs().year() ? 2000 : 1900;
  return isRealPastDate(`${century + yy}${m[3].slice(2)}`);
}

export function isValidForeignPermanentResidenceId(s: string): boolean {
  return isValidForeignPermanentResidenceId2023(s) || isValidForeignPermanentResidenceId2017(s);
}
