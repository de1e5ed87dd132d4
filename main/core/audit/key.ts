import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../../common/errors';

/**
 * Where the audit chain's MAC key comes from. The key is never stored in the database it
 * protects: whoever can edit the database (a clerk with the file, a copied disk) must not be able
 * to re-compute the chain. Today the boot hands in `fileAuditKey` (a key file in the data
 * directory, mode 0600); once the encryption-at-rest key hierarchy lands, `derivedAuditKey(master)`
 * is the drop-in replacement — nothing else changes.
 */
export interface AuditKeySource {
  /** The 32-byte HMAC-SHA256 key. */
  key(): Buffer;
}

const KEY_BYTES = 32;
export const AUDIT_KEY_FILE = 'audit.key';

/** A short public fingerprint of a key, written into the chain's first keyed row (tells "key replaced" from "row edited"). */
export function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('windowdesk/audit/key-id').digest('hex').slice(0, 16);
}

/**
 * The key file `<dir>/audit.key`, created on first use with 32 random bytes, mode 0600, never
 * overwritten: a missing key would make every existing row unverifiable, so a damaged file is an
 * error for an administrator, not something to replace silently.
 */
export function fileAuditKey(dir: string): AuditKeySource {
  const file = path.join(dir, AUDIT_KEY_FILE);
  let cached: Buffer | null = null;
  return {
    key() {
      cached ??= readOrCreate(file);
      return cached;
    },
  };
}

function readOrCreate(file: string): Buffer {
  try {
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new DeskError('AUDIT_KEY_UNAVAILABLE', `无法创建审计日志密钥文件：${file}。请检查数据目录权限。`);
    }
  }
  let text: string;
  try {
    // A file made readable to others (copied by hand, restored from an archive) is closed again.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    throw new DeskError('AUDIT_KEY_UNAVAILABLE', `无法读取审计日志密钥文件：${file}。请检查文件权限。`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new DeskError('AUDIT_KEY_UNAVAILABLE', `审计日志密钥文件已损坏：${file}。请从备份恢复该文件，切勿删除（删除后已有日志将无法校验）。`);
  }
  return key;
}

/** A throwaway key for a database that lives in memory (tests, `--data :memory:`). */
export function memoryAuditKey(): AuditKeySource {
  const key = randomBytes(KEY_BYTES);
  return { key: () => key };
}

/** The audit key derived from a master key (the encryption-at-rest hierarchy): one HKDF step, its own label. */
export function derivedAuditKey(master: Buffer): AuditKeySource {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'windowdesk/audit/v1', KEY_BYTES));
  return { key: () => key };
}
