import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../../main/core/files';
import { openDatabase } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import { tempDir } from '../../fixtures/workstation';

// A recognisable "scan": a PNG signature and a citizen's ID number in the clear.
const SCAN = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('居民身份证 310101199001011234 张三'.repeat(50))]);

function store(dir: string, keys: KeyRing | null) {
  const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key: keys?.databaseKey('workstation') });
  return { db, files: new FileStore(db, dir, keys) };
}

describe('stored files (scans, notices, signatures) are encrypted, each under its own key', () => {
  it('on disk: ciphertext (no PNG magic, no ID number), 0600 in a 0700 folder; read() gives the bytes back', () => {
    const dir = tempDir();
    const { files, db } = store(dir, KeyRing.generate());
    const f = files.put(SCAN, { kind: 'capture', mime: 'image/png' });
    const onDisk = fs.readFileSync(f.path);
    expect(onDisk.subarray(0, 4).toString()).toBe('WDF1');
    expect(onDisk.includes(Buffer.from('310101199001011234'))).toBe(false);
    expect(onDisk.includes(SCAN.subarray(0, 8))).toBe(false);
    expect(fs.statSync(f.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(f.path)).mode & 0o777).toBe(0o700);
    expect(files.read(f.id).bytes.equals(SCAN)).toBe(true);
    // Two files with the same content are sealed under different keys.
    const g = files.put(SCAN, { kind: 'capture', mime: 'image/png' });
    expect(fs.readFileSync(g.path).subarray(5, 65).equals(onDisk.subarray(5, 65))).toBe(false);
    db.close();
  });

  it('a changed byte, or one file\'s bytes moved under another id, is refused (FILE_TAMPERED)', () => {
    const dir = tempDir();
    const { files, db } = store(dir, KeyRing.generate());
    const a = files.put(SCAN, { kind: 'capture', mime: 'image/png' });
    const b = files.put(Buffer.concat([SCAN, Buffer.from('other')]), { kind: 'capture', mime: 'image/png' });
    const original = fs.readFileSync(a.path);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 40] ^= 1;
    fs.writeFileSync(a.path, flipped);
    expect(() => files.read(a.id)).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED' }));
    fs.writeFileSync(a.path, fs.readFileSync(b.path));
    expect(() => files.read(a.id)).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED' }));
    fs.writeFileSync(a.path, original);
    expect(files.read(a.id).bytes.equals(SCAN)).toBe(true);
    db.close();
  });

  it('another key ring cannot open them', () => {
    const dir = tempDir();
    const { files, db } = store(dir, KeyRing.generate());
    const f = files.put(SCAN, { kind: 'capture', mime: 'image/png' });
    expect(() => new FileStore(db, dir, KeyRing.generate()).read(f.id)).toThrow(expect.objectContaining({ code: 'FILE_TAMPERED' }));
    db.close();
  });

  it('files from an earlier, unencrypted version are encrypted in place at start and still read back', () => {
    const dir = tempDir();
    const plain = store(dir, null);
    const f = plain.files.put(SCAN, { kind: 'notice', mime: 'application/pdf' });
    expect(fs.readFileSync(f.path).equals(SCAN)).toBe(true);
    fs.chmodSync(f.path, 0o644);
    const keys = KeyRing.generate();
    const files = new FileStore(plain.db, dir, keys);
    expect(fs.readFileSync(f.path).subarray(0, 4).toString()).toBe('WDF1');
    expect(fs.statSync(f.path).mode & 0o777).toBe(0o600);
    expect(files.read(f.id).bytes.equals(SCAN)).toBe(true);
    expect(fs.readdirSync(path.dirname(f.path)).filter((n) => n.endsWith('.part'))).toEqual([]);
    plain.db.close();
  });

  it('plainCopy: a private decrypted copy for the printer, gone after dispose()', () => {
    const dir = tempDir();
    const { files, db } = store(dir, KeyRing.generate());
    const f = files.put(SCAN, { kind: 'notice', mime: 'application/pdf' });
    const copy = files.plainCopy(f.id);
    expect(fs.readFileSync(copy.path).equals(SCAN)).toBe(true);
    expect(fs.statSync(copy.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(copy.path)).mode & 0o777).toBe(0o700);
    copy.dispose();
    expect(fs.existsSync(copy.path)).toBe(false);
    db.close();
  });
});
