import { safeStorage } from 'electron';
import type { OsKeystore } from '../db/keys/keystore';

/**
 * The OS keystore through Electron's safeStorage (DPAPI on Windows, Keychain on macOS, the
 * Secret Service/KWallet on Linux), or null where it would not protect anything: no backend at
 * all, or Linux's `basic_text` fallback, which seals with a password hard-coded in Chromium
 * (likely on UOS/Kylin without a keyring daemon). Then the operator PIN protects the master key.
 * Called after app `ready` (safeStorage is unavailable before it on Linux).
 */
export function electronKeystore(): OsKeystore | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi';
  if (backend === 'basic_text' || backend === 'unknown') return null;
  // The master key travels as base64 text: safeStorage seals strings.
  return {
    backend,
    encrypt: async (plain) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: async (blob) => Buffer.from(safeStorage.decryptString(blob), 'base64'),
  };
}
