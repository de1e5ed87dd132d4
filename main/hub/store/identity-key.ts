/**
 * Where the hub's identity key (the root of appointment ID matching, match-hash.ts) comes from:
 * the hub key ring's sub-key `identity:hub` when the hub has one; otherwise a 32-byte
 * `identity.key` created 0600 beside hub.sqlite on first use and never replaced (the stored
 * hashes would stop matching); a random key for an in-memory hub.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../../common/errors';
import type { SubKeySource } from '../../db/keys/keyring';

export const IDENTITY_KEY_FILE = 'identity.key';
const KEY_BYTES = 32;

export function hubIdentityKey(dataDir: string, keys?: SubKeySource | null): Buffer {
  if (keys) return keys.subKey('identity:hub');
  if (dataDir === ':memory:') return randomBytes(KEY_BYTES);
  const file = path.join(dataDir, IDENTITY_KEY_FILE);
  try {
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new DeskError('IDENTITY_KEY_UNAVAILABLE', `无法创建证件号匹配密钥文件：${file}。请检查数据目录权限。`);
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new DeskError('IDENTITY_KEY_UNAVAILABLE', `证件号匹配密钥文件已损坏：${file}。请从备份恢复该文件，切勿删除（已存预约将无法按证件号签到）。`);
  return key;
}
