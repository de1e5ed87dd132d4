import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../../main/db/keys/keyring';
import { resetPinWithRecoveryKey, unlockKeyRing, type OsKeystore } from '../../../main/db/keys/keystore';
import { pinSource } from '../../../main/db/keys/pin';
import { tempDir } from '../../fixtures/workstation';

const pin = (p: string) => async () => p;
const dbKeyOf = (r: { ring: KeyRing }) => r.ring.databaseKey('workstation').toString('hex');

describe('the key ring: master key under a PIN, the OS keystore or a demo key; a recovery key', () => {
  it('first start with a PIN: keyring.json 0600 without the key in clear; the same PIN unlocks the same keys; the recovery key is told once', async () => {
    const dir = tempDir();
    const told: string[] = [];
    const first = await unlockKeyRing(dir, { demo: false, pin: pin('246813'), onRecoveryKey: (k) => told.push(k) });
    expect(first).toMatchObject({ mode: 'pin', created: true });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const file = path.join(dir, 'keyring.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(first.ring.exportMasterForWrapping().toString('base64'));
    expect(text).not.toContain(first.ring.exportMasterForWrapping().toString('hex'));
    const again = await unlockKeyRing(dir, { demo: false, pin: pin('246813'), onRecoveryKey: (k) => told.push(k) });
    expect(again.created).toBe(false);
    expect(dbKeyOf(again)).toBe(dbKeyOf(first));
    expect(told).toHaveLength(1);
  });

  it('a wrong PIN is refused in Chinese and keyring.json is left byte for byte', async () => {
    const dir = tempDir();
    await unlockKeyRing(dir, { demo: false, pin: pin('246813') });
    const before = fs.readFileSync(path.join(dir, 'keyring.json'));
    await expect(unlockKeyRing(dir, { demo: false, pin: pin('246814') })).rejects.toMatchObject({ code: 'KEY_PIN_WRONG', message: expect.stringContaining('PIN 不正确') });
    expect(fs.readFileSync(path.join(dir, 'keyring.json')).equals(before)).toBe(true);
  });

  it('a short PIN is refused at first start, and no PIN source at all says how to give one', async () => {
    await expect(unlockKeyRing(tempDir(), { demo: false, pin: pin('123') })).rejects.toMatchObject({ code: 'KEY_PIN_WEAK' });
    const dir = tempDir();
    await expect(unlockKeyRing(dir, { demo: false, pin: pinSource({ env: {}, tty: null }) })).rejects.toMatchObject({ code: 'KEY_PIN_REQUIRED', message: expect.stringContaining('--pin-file') });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('recovery: the recovery key sets a new PIN; the old PIN then fails, the keys stay the same; a wrong recovery key changes nothing', async () => {
    const dir = tempDir();
    let recovery = '';
    const first = await unlockKeyRing(dir, { demo: false, pin: pin('246813'), onRecoveryKey: (k) => (recovery = k) });
    const before = fs.readFileSync(path.join(dir, 'keyring.json'));
    expect(() => resetPinWithRecoveryKey(dir, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', '999888')).toThrow(expect.objectContaining({ code: 'KEY_RECOVERY_WRONG' }));
    expect(fs.readFileSync(path.join(dir, 'keyring.json')).equals(before)).toBe(true);
    // Typed from paper: lower case, spaces instead of dashes.
    resetPinWithRecoveryKey(dir, recovery.toLowerCase().replace(/-/g, ' '), '999888');
    await expect(unlockKeyRing(dir, { demo: false, pin: pin('246813') })).rejects.toMatchObject({ code: 'KEY_PIN_WRONG' });
    expect(dbKeyOf(await unlockKeyRing(dir, { demo: false, pin: pin('999888') }))).toBe(dbKeyOf(first));
    expect(dbKeyOf(await unlockKeyRing(dir, { demo: false, recoveryKey: recovery }))).toBe(dbKeyOf(first));
  });

  it('the OS keystore seals the master key when there is one (no PIN asked); without it later, the recovery path is named', async () => {
    const dir = tempDir();
    const sealed: Buffer[] = [];
    const os: OsKeystore = {
      backend: 'gnome_libsecret',
      encrypt: async (b) => (sealed.push(b), Buffer.from(`os:${b.toString('hex')}`)),
      decrypt: async (b) => Buffer.from(b.toString().slice(3), 'hex'),
    };
    const noPin = async () => { throw new Error('must not ask for a PIN'); };
    const first = await unlockKeyRing(dir, { demo: false, os, pin: noPin });
    expect(first.mode).toBe('os');
    expect(dbKeyOf(await unlockKeyRing(dir, { demo: false, os, pin: noPin }))).toBe(dbKeyOf(first));
    await expect(unlockKeyRing(dir, { demo: false, os: null, pin: pin('246813') })).rejects.toMatchObject({ code: 'KEY_OS_UNAVAILABLE', message: expect.stringContaining('reset-pin') });
  });

  it('demo: a generated key in demo.key (0600), no prompt, the same keys on the next start', async () => {
    const dir = tempDir();
    const first = await unlockKeyRing(dir, { demo: true });
    expect(first.mode).toBe('demo');
    expect(fs.statSync(path.join(dir, 'demo.key')).mode & 0o777).toBe(0o600);
    expect(dbKeyOf(await unlockKeyRing(dir, { demo: true }))).toBe(dbKeyOf(first));
  });

  it('sub-keys: one per label, stable, independent (the audit chain takes its HMAC key from here)', () => {
    const ring = KeyRing.generate();
    expect(ring.subKey('audit-hmac').equals(ring.subKey('audit-hmac'))).toBe(true);
    expect(ring.subKey('audit-hmac').equals(ring.databaseKey('workstation'))).toBe(false);
    expect(ring.databaseKey('hub').equals(ring.databaseKey('workstation'))).toBe(false);
    expect(new KeyRing(ring.exportMasterForWrapping()).subKey('audit-hmac').equals(ring.subKey('audit-hmac'))).toBe(true);
    expect(KeyRing.generate().subKey('audit-hmac').equals(ring.subKey('audit-hmac'))).toBe(false);
  });

  it('PIN sources: --pin-file first, then WINDOWDESK_PIN', async () => {
    const f = path.join(tempDir(), 'pin');
    fs.writeFileSync(f, '112233\nignored');
    expect(await pinSource({ pinFile: f, env: { WINDOWDESK_PIN: '445566' }, tty: null })('unlock')).toBe('112233');
    expect(await pinSource({ env: { WINDOWDESK_PIN: '445566' }, tty: null })('unlock')).toBe('445566');
    await expect(pinSource({ pinFile: path.join(tempDir(), 'none'), tty: null })('unlock')).rejects.toMatchObject({ code: 'KEY_PIN_FILE' });
  });
});
