import path from 'node:path';
import type { Logger } from '../api/logger';
import { KeyRing } from '../db/keys/keyring';
import { DEMO_KEY_FILE, unlockKeyRing, type OsKeystore } from '../db/keys/keystore';
import { pinSource } from '../db/keys/pin';
import { ensurePrivateDir } from '../db/keys/private-files';

export interface KeyBootOptions {
  dataDir: string;
  demo: boolean;
  /** Electron's safeStorage when it has a real backend; null in the Node host. */
  os?: OsKeystore | null;
  pinFile?: string;
  log: Pick<Logger, 'info'>;
  /** How the recovery key is shown once (default: printed to the terminal). */
  onRecoveryKey?: (recoveryKey: string, keyringFile: string) => void;
}

export function printRecoveryKey(recoveryKey: string, keyringFile: string): void {
  const line = '='.repeat(64);
  console.log(`${line}\n恢复密钥（只显示这一次，请抄写后存放在保险柜等安全处）：\n\n    ${recoveryKey}\n\n忘记操作员 PIN 或更换电脑时，用它重设 PIN：npm run keys -- reset-pin\n密钥文件：${keyringFile}\n${line}`);
}

/**
 * Unlocks the data directory's key ring before anything reads the database: the OS keystore,
 * else the operator PIN (terminal, WINDOWDESK_PIN or --pin-file), else — demo only — a key kept
 * beside the data, which is said out loud on every start. `:memory:` gets a throwaway key.
 */
export async function unlockDataKeys(o: KeyBootOptions): Promise<KeyRing> {
  if (o.dataDir === ':memory:') return KeyRing.generate();
  ensurePrivateDir(o.dataDir);
  const unlocked = await unlockKeyRing(o.dataDir, {
    demo: o.demo,
    os: o.os ?? null,
    pin: pinSource({ pinFile: o.pinFile }),
    onRecoveryKey: o.onRecoveryKey ?? printRecoveryKey,
  });
  if (unlocked.mode === 'demo') o.log.info(`[windowdesk] 演示模式：数据加密密钥保存在 ${path.join(o.dataDir, DEMO_KEY_FILE)}（仅本用户可读），不受 PIN 保护，仅供演示使用。`);
  else o.log.info(`[windowdesk] 数据已加密（密钥来源：${unlocked.mode === 'os' ? '系统密钥库' : '操作员 PIN'}）。`);
  return unlocked.ring;
}
