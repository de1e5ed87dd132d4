import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DeskError } from '../../../common/errors';

/** Sizes of AES-256-GCM's parts: key, nonce and tag. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed blob: nonce ‖ ciphertext ‖ tag. */
export function seal(key: Buffer, plain: Buffer, aad?: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  if (aad) c.setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}

/** Opens a `seal` blob; null when the key is wrong or a byte was changed (GCM's tag does not match). */
export function unseal(key: Buffer, blob: Buffer, aad?: Buffer): Buffer | null {
  if (blob.length < IV_BYTES + TAG_BYTES) return null;
  const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
  if (aad) d.setAAD(aad);
  d.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), d.final()]);
  } catch {
    return null;
  }
}

/** What another module (e.g. the audit chain's HMAC) may ask of the key hierarchy: a sub-key of its own. */
export interface SubKeySource {
  /** A 32-byte key for `label` (e.g. 'audit-hmac'), the same every start for the same master key. */
  subKey(label: string): Buffer;
}

/**
 * The key hierarchy under one master key (ARCHITECTURE.md, "Data at rest"):
 *   master ──HKDF──▶ database keys (one per database), the file-key wrapping key, sub-keys for
 *   other modules (audit); every stored file has its own random key, wrapped by the file-key
 *   wrapping key and kept in the file's header.
 * HKDF labels keep the derived keys independent: knowing one tells nothing of the others or of
 * the master. The master key itself never leaves this object except to be wrapped (keystore.ts).
 */
export class KeyRing implements SubKeySource {
  private readonly master: Buffer;
  private readonly derived = new Map<string, Buffer>();

  constructor(master: Buffer) {
    if (master.length !== KEY_BYTES) throw new DeskError('KEY_INVALID', '主密钥长度不正确。');
    this.master = Buffer.from(master);
  }

  /** A fresh random master key (first start). */
  static generate(): KeyRing {
    return new KeyRing(randomBytes(KEY_BYTES));
  }

  subKey(label: string): Buffer {
    let k = this.derived.get(label);
    if (!k) {
      k = Buffer.from(hkdfSync('sha256', this.master, Buffer.from('windowdesk/v1'), Buffer.from(label), KEY_BYTES));
      this.derived.set(label, k);
    }
    return k;
  }

  /** The raw SQLCipher key of one database (`workstation`, `hub`). */
  databaseKey(name: string): Buffer {
    return this.subKey(`db:${name}`);
  }

  /** Wraps a file's own key; `aad` binds it to the file (its id), so a header cannot be moved to another file. */
  wrapFileKey(fileKey: Buffer, aad: Buffer): Buffer {
    return seal(this.subKey('files:wrap'), fileKey, aad);
  }

  unwrapFileKey(wrapped: Buffer, aad: Buffer): Buffer | null {
    return unseal(this.subKey('files:wrap'), wrapped, aad);
  }

  /** For keystore.ts only: the master key, to be wrapped under a PIN, the OS keystore or the recovery key. */
  exportMasterForWrapping(): Buffer {
    return Buffer.from(this.master);
  }
}
