// GB 32100-2015 统一社会信用代码: 18 characters from a 31-symbol set (no I, O, Z, S, V).
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new Error(`bad credit code character ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Registration-authority code (1–9, A–G, N, Y), organisation-type code, six-digit region code,
 * nine-character organisation code, and the MOD 31 check character.
 */
export function isValidCreditCode(s: string): boolean {
  const code = String(s ?? '').replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  if (!/^[1-9A-GNY]/.test(code)) return false;
  return creditCodeCheckChar(code) === code[17];
}

/** Builds a valid code (demo data and tests). */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}
