// Builds what `ignore-scripts=true` (.npmrc) leaves unbuilt, so that a fresh
// `npm ci` never fails on a download from outside the npm registry:
//   - better-sqlite3 and better-sqlite3-multiple-ciphers are compiled from source with node-gyp
//     (no prebuilt is fetched);
//   - Electron's binary is fetched if the network allows, and skipped quietly if not.
// Idempotent: each step checks whether it is already done.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const quiet = process.argv.includes('--quiet');
const log = (msg) => { if (!quiet) console.log(`[setup] ${msg}`); };

// Both SQLite drivers are native: better-sqlite3 (tests, tools) and better-sqlite3-multiple-ciphers
// (the SQLCipher-compatible one every WindowDesk database is opened with).
const SQLITE_MODULES = ['better-sqlite3', 'better-sqlite3-multiple-ciphers'];

function sqliteWorks(name) {
  const probe = `const D=require('${name}');const d=new D(':memory:');d.prepare('select 1').get();`
    + (name.includes('ciphers') ? "d.pragma(\"cipher='sqlcipher'\");" : '');
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  return r.status === 0;
}

function buildOne(name) {
  if (sqliteWorks(name)) return true;
  const dir = path.dirname(require.resolve(`${name}/package.json`));
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  log(`compiling ${name} from source (a few minutes on 2 cores)…`);
  const args = [gyp, 'rebuild', '--release', '-j', 'max'];
  // Build against the headers installed beside this Node, so node-gyp never downloads them.
  const nodedir = process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..');
  if (existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodedir}`);
  const r = spawnSync(process.execPath, args, { cwd: dir, stdio: quiet ? 'ignore' : 'inherit' });
  if (r.status !== 0 || !sqliteWorks(name)) {
    console.error(`[setup] ${name} could not be built. It needs python3, make and a C++ compiler:\n  sudo apt-get install -y python3 make g++`);
    return false;
  }
  return true;
}

export function buildSqlite() {
  return SQLITE_MODULES.every(buildOne);
}

export function electronBinaryPresent() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    return existsSync(path.join(dir, 'path.txt'));
  } catch { return false; }
}

/**
 * Electron's own installer fetches its binary from outside the npm registry. Try it once per
 * install (a marker in node_modules remembers a failed try), never fail because of it.
 */
export function tryElectron({ once = false } = {}) {
  if (electronBinaryPresent() || process.env.WINDOWDESK_SKIP_ELECTRON === '1') return;
  let dir;
  try { dir = path.dirname(require.resolve('electron/package.json')); } catch { return; }
  const marker = path.join(root, 'node_modules', '.windowdesk-electron-tried');
  if (once && existsSync(marker)) return;
  writeFileSync(marker, new Date().toISOString());
  log('trying to fetch the Electron binary (optional; the workstation also runs in a browser)…');
  const r = spawnSync(process.execPath, ['install.js'], { cwd: dir, stdio: 'ignore', timeout: 60_000 });
  log(r.status === 0 && electronBinaryPresent() ? 'Electron binary installed.' : 'Electron binary not available here; `npm start` will use the browser shell.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = buildSqlite();
  if (!process.argv.includes('--no-electron')) tryElectron();
  process.exit(ok ? 0 : 1);
}
