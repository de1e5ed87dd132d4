import { beforeEach, describe, expect, it, vi } from 'vitest';

// safeStorage as Electron reports it; each test sets the backend it plays.
const state = { available: true, backend: 'gnome_libsecret' };
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => state.available,
    getSelectedStorageBackend: () => state.backend,
    encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(7), 'hex').toString(),
  },
}));

const { electronKeystore } = await import('../../../main/electron/keystore');

describe('the Electron shell\'s OS keystore (safeStorage)', () => {
  beforeEach(() => {
    state.available = true;
    state.backend = 'gnome_libsecret';
  });

  it.runIf(process.platform === 'linux')('a real Linux keyring seals and unseals the master key', async () => {
    const ks = electronKeystore();
    expect(ks?.backend).toBe('gnome_libsecret');
    const master = Buffer.alloc(32, 7);
    const sealed = await ks!.encrypt(master);
    expect(sealed.includes(master)).toBe(false);
    expect((await ks!.decrypt(sealed)).equals(master)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('Linux\'s basic_text fallback (a hard-coded password) is not trusted: no keystore, the PIN protects the key', () => {
    state.backend = 'basic_text';
    expect(electronKeystore()).toBeNull();
  });

  it('no encryption available: no keystore', () => {
    state.available = false;
    expect(electronKeystore()).toBeNull();
  });
});
