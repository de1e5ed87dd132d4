/**
 * Enrolment codes: 16 characters people can read aloud and type (Crockford base32 without I, L,
 * O, U), `SSSS-SSSS-CCCC-CCCC`: 8 secret characters (40 bits; single use, short-lived, 5 guesses)
 * and 8 characters of the hall CA's fingerprint, checked by the device before it sends the secret.
 */
/** Crockford base32 without I, L, O, U: nothing a person misreads or mistypes. */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_RE = /^([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})$/;

/** The 8-character CA check of a code: the fingerprint's first 40 bits in the code's alphabet. */
export function caCheckOf(fingerprintHex: string): string {
  let bits = BigInt('0x' + fingerprintHex.slice(0, 10));
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** A typed code made canonical: upper case, O→0, I/L→1, spaces dropped, dashes restored. */
export function normaliseCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== 16) return null;
  const code = `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
  return CODE_RE.test(code) ? code : null;
}

/** The part of a code a device checks against the CA it was shown (last 8 characters). */
export function caCheckInCode(code: string): string {
  return code.slice(10).replace('-', '');
}

