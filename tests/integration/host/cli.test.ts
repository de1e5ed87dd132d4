import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../fixtures/workstation';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs the host CLI as `npm start` would, expecting it to refuse to start. */
function start(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--no-open', '--port', '0', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, DISPLAY: '' } });
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
  });

  it('refuses a data directory it cannot create', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'plain-file'), 'x');
    const r = start(['--data', path.join(dir, 'plain-file', 'data')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/数据目录不可写|无法启动/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad port with a clear message', () => {
    const r = start(['--data', tempDir(), '--port', 'abc']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--port');
  });
});
