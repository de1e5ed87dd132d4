import { randomBytes } from 'node:crypto';

/**
 * A ticket's follow code: 128 random bits, base64url (22 characters). It is the only key to the
 * public follow page, so it must not be guessable from the ticket number, the day or another code.
 */
export const FOLLOW_CODE_RE = /^[A-Za-z0-9_-]{22}$/;

export function newFollowCode(): string {
  return randomBytes(16).toString('base64url');
}
