import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { unlockKeyRing } from '../../../main/db/keys/keystore';
import { workstationMigrations } from '../../../main/db/migrations';
import { tempDir } from '../../fixtures/workstation';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the host CLI as `npm start` would, expecting it to refuse to start. */
function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  // Outside --demo the data is encrypted under the operator PIN, given here as a service would.
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--no-open', '--port', '0', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, DISPLAY: '', WINDOWDESK_PIN: '135790', ...env } });
}

describe('starting the host on bad ground', () => {
  it('refuses a corrupt database with a Chinese message, exit 1, file untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'windowdesk.sqlite');
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    const r = start(['--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('无法启动');
    expect(r.stderr).toContain('已损坏');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(true);
  });

  it('refuses a database from a newer WindowDesk', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'windowdesk.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    const r = start(['--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('更新版本');
    // Refused before the plaintext file from the newer version was encrypted: it is as it was.
    expect(fs.readFileSync(path.join(dir, 'windowdesk.sqlite')).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });

  it('refuses a data directory it cannot create', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'plain-file'), 'x');
    const r = start(['--data', path.join(dir, 'plain-file', 'data')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/数据目录不可写|无法启动/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('asks for the operator PIN and, with no terminal and none given, refuses to start and creates nothing', () => {
    const dir = tempDir();
    const r = start(['--data', dir], { WINDOWDESK_PIN: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('需要操作员 PIN');
    expect(r.stderr).toContain('WINDOWDESK_PIN');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'keyring.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'windowdesk.sqlite'))).toBe(false);
  });

  it('refuses a wrong PIN with a Chinese message and touches neither the key ring nor the database', async () => {
    const dir = tempDir();
    const { ring } = await unlockKeyRing(dir, { demo: false, pin: async () => '135790' });
    openDatabase({ dataDir: dir, migrations: workstationMigrations, key: ring.databaseKey('workstation') }).close();
    const before = ['keyring.json', 'windowdesk.sqlite'].map((f) => fs.readFileSync(path.join(dir, f)));
    const r = start(['--data', dir], { WINDOWDESK_PIN: '000000' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('操作员 PIN 不正确');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(['keyring.json', 'windowdesk.sqlite'].map((f) => fs.readFileSync(path.join(dir, f)))).toEqual(before);
  });

  it('takes the PIN from --pin-file (services), and the database it creates is encrypted, 0600 in a 0700 folder', async () => {
    const dir = tempDir();
    const pinFile = path.join(tempDir(), 'pin');
    fs.writeFileSync(pinFile, '975310\n', { mode: 0o600 });
    // Whether the renderer is built or not (the start then stops there, after the data is open),
    // the host is stopped as soon as it has started or given up.
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--no-open', '--port', '0', '--data', dir, '--pin-file', pinFile], { cwd: root, env: { ...process.env, DISPLAY: '', WINDOWDESK_PIN: '' } });
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('Open: ')) child.kill('SIGTERM'); });
      child.on('exit', () => resolve());
    });
    const file = path.join(dir, 'windowdesk.sqlite');
    expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'keyring.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'keyring.json'), 'utf8'))).toMatchObject({ mode: 'pin' });
  });

  it('refuses a bad port with a clear message', () => {
    const r = start(['--data', tempDir(), '--port', 'abc']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--port');
  });
});
