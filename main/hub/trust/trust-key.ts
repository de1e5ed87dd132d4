/**
 * The hall trust key: on a PostgreSQL hub the hall CA lives in the database (shared-ca.ts), but its
 * private key is stored there sealed (AES-256-GCM) under this key, which the database never holds —
 * a dump or a reader of the schema cannot issue device certificates. Every host of the hall has the
 * same key: the first host makes `<data>/trust/hall-trust.key` (mode 0600); the others get a copy
 * of that file, or `WINDOWDESK_HUB_TRUST_KEY` (its base64) from the deployment's secret store.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskError } from '../../../common/errors';

export const TRUST_KEY_ENV = 'WINDOWDESK_HUB_TRUST_KEY';
export const TRUST_KEY_FILE = 'hall-trust.key';
const SEALED = 'wdenc1:';

function parse(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new DeskError('TRUST_KEY_INVALID', `大厅信任密钥（${where}）应为 32 字节的 base64。 The hall trust key (${where}) must be 32 bytes, base64.`);
  return key;
}

/** This host's trust key: the environment's, else `<dir>/hall-trust.key`; made there when `create` (the first host). */
export function hallTrustKey(dir: string | null, create: boolean): Buffer | null {
  const env = process.env[TRUST_KEY_ENV];
  if (env) return parse(env, TRUST_KEY_ENV);
  if (!dir) return null;
  const file = join(dir, TRUST_KEY_FILE);
  if (existsSync(file)) return parse(readFileSync(file, 'utf8'), file);
  if (!create) return null;
  const key = randomBytes(32);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** A short name of a key (never the key): which one a host has, for messages. */
export const keyName = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export function sealCaKey(key: Buffer, pem: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(pem, 'utf8'), c.final()]);
  return SEALED + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

/** The CA's private key; a key that does not open it is refused, saying so. */
export function openCaKey(key: Buffer, sealed: string): string {
  if (!sealed.startsWith(SEALED)) throw new DeskError('CA_KEY_UNSEALED', '数据库中的大厅证书颁发机构私钥未加密存放，拒绝使用。 The hall CA key in the database is not sealed; refused.');
  const raw = Buffer.from(sealed.slice(SEALED.length), 'base64');
  try {
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new DeskError('TRUST_KEY_MISMATCH', [
      `本机的大厅信任密钥（${keyName(key)}）打不开共享数据库中的大厅证书颁发机构：各台大厅服务须使用同一把信任密钥。`,
      `请从第一台大厅服务复制 trust/${TRUST_KEY_FILE} 到本机数据目录的 trust/ 下，或设置 ${TRUST_KEY_ENV}。`,
      `This host's hall trust key (${keyName(key)}) does not open the hall CA in the shared database: every hub must have the same key.`,
      `Copy trust/${TRUST_KEY_FILE} from the first hub into this host's data directory, or set ${TRUST_KEY_ENV}.`,
    ].join('\n'));
  }
}

export function trustKeyMissing(dir: string | null): DeskError {
  const where = dir ? join(dir, TRUST_KEY_FILE) : `${TRUST_KEY_ENV}`;
  return new DeskError('TRUST_KEY_MISSING', [
    `共享数据库中已有大厅证书颁发机构，但本机没有大厅信任密钥（${where}）。`,
    `请从第一台大厅服务复制 trust/${TRUST_KEY_FILE} 到本机，或设置 ${TRUST_KEY_ENV}，然后重新启动。`,
    `The shared database holds the hall CA, but this host has no hall trust key (${where}).`,
    `Copy trust/${TRUST_KEY_FILE} from the first hub, or set ${TRUST_KEY_ENV}, and start again.`,
  ].join('\n'));
}
