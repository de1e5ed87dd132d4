import { randomBytes } from 'node:crypto';
import { seal, unseal, type KeyRing } from '../../db/keys/keyring';

/**
 * A stored file on disk: `WDF1` ‖ wrapped-key length ‖ the file's own AES-256-GCM key wrapped
 * by the key ring's file-key wrapping key ‖ the content sealed under the file's key. Both seals
 * bind the file's id, so swapping two files' contents or headers on disk is detected on read.
 * The wrapped key travels with the bytes, so a backup copy of the folder decrypts with the
 * same key ring and nothing else.
 */
const MAGIC = Buffer.from('WDF1', 'latin1');

export function isEnvelope(bytes: Buffer): boolean {
  return bytes.length > MAGIC.length + 1 && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

export function sealFile(keys: KeyRing, fileId: string, plain: Buffer): Buffer {
  const fileKey = randomBytes(32);
  const wrapped = keys.wrapFileKey(fileKey, Buffer.from(`file-key:${fileId}`));
  const body = seal(fileKey, plain, Buffer.concat([MAGIC, Buffer.from(fileId)]));
  return Buffer.concat([MAGIC, Buffer.from([wrapped.length]), wrapped, body]);
}

/** The plaintext, or null when the key ring is not this file's or a byte was changed. */
export function openFile(keys: KeyRing, fileId: string, sealed: Buffer): Buffer | null {
  if (!isEnvelope(sealed)) return null;
  const len = sealed[MAGIC.length];
  const start = MAGIC.length + 1;
  const fileKey = keys.unwrapFileKey(sealed.subarray(start, start + len), Buffer.from(`file-key:${fileId}`));
  if (!fileKey) return null;
  return unseal(fileKey, sealed.subarray(start + len), Buffer.concat([MAGIC, Buffer.from(fileId)]));
}
