import { randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeskError } from '../../../common/errors';
import { KEY_BYTES, KeyRing, seal, unseal } from './keyring';
import { writePrivateFile } from './private-files';

/** The OS keystore, as the Electron shell offers it (safeStorage); absent in the Node host. */
export interface OsKeystore {
  /** e.g. 'gnome_libsecret', 'keychain', 'dpapi' — recorded so a later start knows what sealed the key. */
  backend: string;
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(blob: Buffer): Promise<Buffer>;
}

export interface UnlockRequest {
  /** Demo data directory: a generated master key kept in `demo.key` (0600), no prompt. */
  demo: boolean;
  /** The OS keystore, when the shell has a real one (not Electron's `basic_text` fallback). */
  os?: OsKeystore | null;
  /** Asks for the operator PIN (TTY, WINDOWDESK_PIN or --pin-file); `confirm` on first start. */
  pin?: (why: 'unlock' | 'new') => Promise<string>;
  /** Told the recovery key once, when a new key ring is created outside demo mode. */
  onRecoveryKey?: (recoveryKey: string, file: string) => void;
  /** Unlock with the recovery key instead (restore on another machine, OS keystore gone). */
  recoveryKey?: string;
  /** Tools that must never create a key ring (backup, restore): a missing one is an error. */
  mustExist?: boolean;
}

export type KeyMode = 'demo' | 'os' | 'pin';

export interface Unlocked {
  ring: KeyRing;
  mode: KeyMode;
  created: boolean;
  file: string;
}

interface Wrap { salt?: string; sealed: string }
interface KeyFile {
  version: 1;
  mode: KeyMode;
  createdAt: string;
  os?: { backend: string; blob: string };
  pin?: Wrap;
  recovery?: Wrap;
}

export const KEYRING_FILE = 'keyring.json';
export const DEMO_KEY_FILE = 'demo.key';
const MIN_PIN = 6;
// scrypt cost: ~0.1 s and 32 MiB per try, so a stolen keyring.json costs a PIN guesser dearly.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const AAD = Buffer.from('windowdesk keyring v1');

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

function kekFromSecret(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret.normalize('NFKC'), salt, KEY_BYTES, SCRYPT);
}

function wrapWithSecret(master: Buffer, secret: string): Wrap {
  const salt = randomBytes(16);
  return { salt: b64(salt), sealed: b64(seal(kekFromSecret(secret, salt), master, AAD)) };
}

function unwrapWithSecret(w: Wrap, secret: string): Buffer | null {
  return unseal(kekFromSecret(secret, unb64(w.salt ?? '')), unb64(w.sealed), AAD);
}

/** 160 random bits as 32 Crockford base32 characters in groups of four (easy to copy from paper). */
function newRecoveryKey(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(20);
  let bits = 0, value = 0, out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Accepts the recovery key as printed, in any case, with or without dashes and spaces. */
export function normaliseRecoveryKey(s: string): string {
  const plain = s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return plain.match(/.{1,4}/g)?.join('-') ?? '';
}

export function checkNewPin(pin: string): void {
  if (pin.length < MIN_PIN) throw new DeskError('KEY_PIN_WEAK', `操作员 PIN 至少 ${MIN_PIN} 位。`);
}

function readKeyFile(file: string): KeyFile | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DeskError('KEYRING_UNREADABLE', `无法读取密钥文件：${file}（${(e as Error).message}）。`);
  }
  try {
    const k = JSON.parse(text) as KeyFile;
    if (k.version !== 1 || !['demo', 'os', 'pin'].includes(k.mode)) throw new Error('unknown version');
    return k;
  } catch {
    throw new DeskError('KEYRING_CORRUPT', `密钥文件已损坏：${file}。文件未被改动；请从备份恢复 keyring.json，或联系技术支持。`);
  }
}

function writeKeyFile(file: string, k: KeyFile): void {
  writePrivateFile(file, JSON.stringify(k, null, 2));
}

function pinRequired(req: UnlockRequest): NonNullable<UnlockRequest['pin']> {
  if (!req.pin) throw new DeskError('KEY_PIN_REQUIRED', '需要操作员 PIN 才能打开加密数据：请在终端启动并输入 PIN，或设置环境变量 WINDOWDESK_PIN，或用 --pin-file 指定 PIN 文件。');
  return req.pin;
}

/**
 * Opens (or, on first start, creates) the key ring of a data directory: `keyring.json` (0600)
 * holds the master key wrapped under the OS keystore or an operator PIN (scrypt), and always
 * under a recovery key printed once at creation. A wrong PIN is refused before anything is read
 * or written. Demo data directories keep their master key in `demo.key` (0600), unprotected.
 */
export async function unlockKeyRing(dataDir: string, req: UnlockRequest): Promise<Unlocked> {
  const file = path.join(dataDir, KEYRING_FILE);
  const existing = readKeyFile(file);
  if (existing) return { ring: await openExisting(dataDir, existing, req), mode: existing.mode, created: false, file };
  if (req.mustExist) throw new DeskError('KEYRING_MISSING', `没有找到密钥文件：${file}。请确认数据目录（--data）是否正确。`);

  let ring = KeyRing.generate();
  const master = ring.exportMasterForWrapping();
  const k: KeyFile = { version: 1, mode: 'pin', createdAt: new Date().toISOString() };
  if (req.demo) {
    k.mode = 'demo';
    // The key first, then the ring that names it; if another process (or a start that crashed
    // between the two) made the key already, that key is the one.
    const keyFile = path.join(dataDir, DEMO_KEY_FILE);
    if (!createExclusive(keyFile, master.toString('hex'))) ring = new KeyRing(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex'));
    createExclusive(file, JSON.stringify(k, null, 2));
    return { ring, mode: 'demo', created: true, file };
  }
  if (req.os) {
    k.mode = 'os';
    k.os = { backend: req.os.backend, blob: b64(await req.os.encrypt(master)) };
  } else {
    const pin = await pinRequired(req)('new');
    checkNewPin(pin);
    k.pin = wrapWithSecret(master, pin);
  }
  const recovery = newRecoveryKey();
  k.recovery = wrapWithSecret(master, recovery);
  if (!createExclusive(file, JSON.stringify(k, null, 2))) return unlockKeyRing(dataDir, { ...req, mustExist: true });
  req.onRecoveryKey?.(recovery, file);
  return { ring, mode: k.mode, created: true, file };
}

/**
 * Creates a file only if no other process did meanwhile (two hub processes starting on a fresh
 * folder): it appears whole, 0600, through a hard link, which fails if the name is taken.
 * False: another process won, and its file is the one to use.
 */
function createExclusive(file: string, data: string): boolean {
  const tmp = `${file}.${process.pid}.new`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function openExisting(dataDir: string, k: KeyFile, req: UnlockRequest): Promise<KeyRing> {
  if (req.recoveryKey !== undefined) {
    if (!k.recovery) throw new DeskError('KEY_NO_RECOVERY', '该数据目录是演示数据，没有恢复密钥。');
    const master = unwrapWithSecret(k.recovery, normaliseRecoveryKey(req.recoveryKey));
    if (!master) throw new DeskError('KEY_RECOVERY_WRONG', '恢复密钥不正确，数据未被改动。');
    return new KeyRing(master);
  }
  if (k.mode === 'demo') {
    const keyFile = path.join(dataDir, DEMO_KEY_FILE);
    let hex: string;
    try {
      hex = fs.readFileSync(keyFile, 'utf8').trim();
    } catch {
      throw new DeskError('KEY_DEMO_MISSING', `演示密钥文件缺失：${keyFile}。演示数据无法解密；请换一个空的数据目录重新开始演示。`);
    }
    return new KeyRing(Buffer.from(hex, 'hex'));
  }
  if (k.os && req.os) {
    let master: Buffer;
    try {
      master = await req.os.decrypt(unb64(k.os.blob));
    } catch (e) {
      if (!k.pin) throw new DeskError('KEY_OS_FAILED', `系统密钥库无法解开本机数据密钥（${(e as Error).message}）。数据未被改动；请用恢复密钥设置操作员 PIN：npm run keys -- reset-pin`);
      master = Buffer.alloc(0);
    }
    if (master.length === KEY_BYTES) return new KeyRing(master);
  }
  if (k.pin) {
    const pin = await pinRequired(req)('unlock');
    const master = unwrapWithSecret(k.pin, pin);
    if (!master) throw new DeskError('KEY_PIN_WRONG', '操作员 PIN 不正确，数据未被改动。忘记 PIN 时请用恢复密钥重设：npm run keys -- reset-pin');
    return new KeyRing(master);
  }
  throw new DeskError('KEY_OS_UNAVAILABLE', '数据密钥保存在系统密钥库中，但当前没有可用的系统密钥库。数据未被改动；请用恢复密钥设置操作员 PIN：npm run keys -- reset-pin');
}

/**
 * The recovery path: the recovery key printed at first start unwraps the master key, and a new
 * operator PIN wraps it again (the OS wrap, if any, is kept). Nothing else changes: the database
 * and file keys derive from the same master key.
 */
export function resetPinWithRecoveryKey(dataDir: string, recoveryKey: string, newPin: string): void {
  const file = path.join(dataDir, KEYRING_FILE);
  const k = readKeyFile(file);
  if (!k) throw new DeskError('KEYRING_MISSING', `数据目录中没有密钥文件：${file}。`);
  if (!k.recovery) throw new DeskError('KEY_NO_RECOVERY', '该数据目录是演示数据，没有恢复密钥。');
  checkNewPin(newPin);
  const master = unwrapWithSecret(k.recovery, normaliseRecoveryKey(recoveryKey));
  if (!master) throw new DeskError('KEY_RECOVERY_WRONG', '恢复密钥不正确，密钥文件未被改动。');
  writeKeyFile(file, { ...k, mode: k.os ? k.mode : 'pin', pin: wrapWithSecret(master, newPin) });
}
