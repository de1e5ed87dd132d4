// `npm test`: type-check, lint, unit + integration (vitest), the Electron shell (its bundles loaded
// with a recording stand-in for electron), end-to-end (Playwright in Debian's Chromium against the
// Node host). Prints one closing line `N passed, N failed` and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageBin as bin } from './bin.mjs';
import { buildSqlite } from './setup.mjs';
import { ensureSystemDeps } from './system-deps.mjs';
import { startTestPostgres } from './test-pg.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-testrun-'));
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures = [];

const MINUTE = 60_000;

// Every step has a budget, so a hang fails that step and the run still ends inside CI's 90 minutes.
function run(name, cmd, args, env = {}, budgetMs = 10 * MINUTE) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, timeout: budgetMs, killSignal: 'SIGKILL' });
  const over = r.error?.code === 'ETIMEDOUT' ? ` — stopped: over its ${budgetMs / MINUTE}-minute budget` : '';
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)${over} ===`);
  return r.status === 0;
}

function step(name, ok) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

const want = (s) => only.length === 0 || only.includes(s);

if (!buildSqlite()) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const missing = ensureSystemDeps();

if (want('typecheck')) {
  step('typecheck (node)', run('typecheck: main, native, preload, tests (Node types only)', process.execPath, [bin('typescript', 'tsc'), '-p', 'tsconfig.node.json']));
  step('typecheck (web)', run('typecheck: renderer (DOM types only)', process.execPath, [bin('typescript', 'tsc'), '-p', 'tsconfig.web.json']));
  step('typecheck (e2e)', run('typecheck: end-to-end tests', process.execPath, [bin('typescript', 'tsc'), '-p', 'tsconfig.e2e.json']));
}
if (want('lint')) step('lint', run('lint (eslint with the layering rule)', process.execPath, [bin('eslint'), '.', '--max-warnings=0']));
if (want('build') || want('e2e') || want('unit') || want('shell')) step('build renderer', run('build renderer (vite)', process.execPath, [bin('vite'), 'build', '--logLevel', 'warn']));

function countVitest(file) {
  if (!fs.existsSync(file)) return null;
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) };
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return null;
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

let skipped = 0;
function tally(name, ok, counts) {
  if (!counts) return step(name, ok);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (!ok && counts.failed === 0) step(name, false);
  else if (counts.failed) failures.push(name);
}

if (want('unit')) {
  const file = path.join(out, 'vitest.json');
  // The hub suites run again against a throwaway PostgreSQL (vitest's hub-pg project) when one starts.
  const pg = await startTestPostgres();
  let ok;
  try {
    // The shell's test runs in its own step below, against the bundle that step builds.
    ok = run('unit + integration (vitest)', process.execPath, [bin('vitest'), 'run', '--exclude', 'tests/integration/electron/**', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], pg ? { WINDOWDESK_TEST_PG: pg.url } : {}, 35 * MINUTE);
  } finally {
    pg?.stop();
  }
  tally('unit + integration', ok, countVitest(file));
}

if (want('shell')) {
  // Electron's binary is missing here: the shipped bundles are built (any esbuild warning fails)
  // and loaded with a recording stand-in for `electron` (tests/integration/electron).
  const built = run('build the Electron shell (esbuild)', process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);
  step('build electron shell', built);
  if (built) {
    const file = path.join(out, 'vitest-shell.json');
    const ok = run('Electron shell loads and boots (recording stand-in for electron)', process.execPath, [bin('vitest'), 'run', 'tests/integration/electron', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], { WINDOWDESK_SHELL_BUILT: '1' });
    tally('electron shell', ok, countVitest(file));
  }
}

if (want('e2e')) {
  if (missing.some((d) => d.pkg === 'chromium')) {
    console.log('\n=== end-to-end: cannot run — Chromium is missing (see above) ===');
    step('end-to-end (Chromium missing)', false);
  } else {
    const file = path.join(out, 'playwright.json');
    const ok = run('end-to-end (Playwright in Debian Chromium)', process.execPath, [bin('@playwright/test', 'playwright'), 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: file }, 38 * MINUTE);
    tally('end-to-end', ok, countPlaywright(file));
  }
}

console.log('');
if (failures.length) console.log(`failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
