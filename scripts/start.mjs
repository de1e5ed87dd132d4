// `npm start`: the workstation. With Electron's binary and a display it opens the Electron
// app (clerk window + citizen window); without it, the same app runs on the Node host and
// opens in a Chromium app window (or prints its address). Never a stack trace for a missing Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageBin } from './bin.mjs';
import { buildHost, hostBundle, hostBundleStale } from './build-host.mjs';
import { buildSqlite, electronBinaryPresent, tryElectron } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureRenderer() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  const stale = !existsSync(index) || ['renderer', 'preload/contract'].some((d) => newestMtime(path.join(root, d)) > statSync(index).mtimeMs);
  if (!stale) return;
  console.log('[start] building the renderer…');
  const r = spawnSync(process.execPath, [packageBin('vite'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!buildSqlite()) process.exit(1);
ensureRenderer();
tryElectron({ once: true });

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform === 'win32' || process.platform === 'darwin';
const wantsBrowser = args.includes('--browser') || args.includes('--no-open');
if (electronBinaryPresent() && hasDisplay && !wantsBrowser) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status === 0) {
    const electron = require('electron');
    const child = spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    console.log('[start] Electron shell could not be built; starting the browser shell instead.');
    await startHost();
  }
} else {
  if (!electronBinaryPresent()) console.log('[start] Electron binary not installed: starting WindowDesk on the Node host (same app, in the browser).');
  await startHost();
}

async function startHost() {
  const hostArgs = args.filter((a) => a !== '--browser');
  // The host runs from its esbuild bundle (rebuilt when a source is newer): no TypeScript transpiling at each start.
  if (hostBundleStale() && !(await buildHost())) process.exit(1);
  const child = spawn(process.execPath, [hostBundle, ...hostArgs], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
