// CI: the README's first command on a fresh clone, before anything else has built dist/.
// Runs `npm start -- --demo --no-open --port 0` with a throwaway data directory, waits for the
// printed one-time launch address, opens it as a browser would (the code exchanged for the session
// cookie, a redirect to the page), checks that the app's page (the login screen's HTML shell) is
// served, that the contract answers over the cookie's WebSocket and that the address does not
// open twice, then stops the workstation. Fails with a plain message and the output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The first start compiles better-sqlite3 and better-sqlite3-multiple-ciphers when they are missing
// (2–4 minutes each on 2 cores) and builds the renderer.
const TIMEOUT_MS = Number(process.env.WINDOWDESK_START_TIMEOUT_MS ?? 600_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-ci-start-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const child = spawn(npm, ['start', '--', '--demo', '--no-open', '--port', '0', '--data', dataDir], {
  cwd: root,
  env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: process.platform !== 'win32', // its own process group, so stopping it stops the host it spawns
});
let out = '';
let failed = false;
const fail = (why) => {
  if (failed) return;
  failed = true;
  console.error(`\n[ci-start-check] FAILED: ${why}\n--- npm start output ---\n${out.trim()}\n------------------------`);
  stop().finally(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  });
};

function stop() {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killTimer = setTimeout(() => signal('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    signal('SIGTERM');
  });
}
function signal(sig) {
  try {
    if (process.platform === 'win32') child.kill(sig);
    else process.kill(-child.pid, sig);
  } catch {
    /* already gone */
  }
}

const timer = setTimeout(() => fail(`no launch address within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
child.once('exit', (code, sig) => {
  if (!checked) {
    clearTimeout(timer);
    fail(`npm start exited (${code ?? sig}) before serving the app`);
  }
});
let checked = false;
let started = false;
const onData = (d) => {
  out += d.toString();
  const m = /Open: (http:\/\/\S+)/.exec(out);
  if (m && !started) {
    started = true;
    clearTimeout(timer);
    void check(m[1]);
  }
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);

async function check(launchUrl) {
  try {
    const launch = await fetch(launchUrl, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    const cookie = launch.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    if (launch.status !== 303 || !cookie) return fail(`GET ${launchUrl} answered HTTP ${launch.status} without the session cookie (expected a 303 that sets it)`);
    const pageUrl = new URL(launch.headers.get('location') ?? '/', launchUrl);
    if (pageUrl.search.includes('code=')) return fail(`the launch redirect kept the code: ${pageUrl}`);
    const res = await fetch(pageUrl, { headers: { cookie }, signal: AbortSignal.timeout(15_000) });
    const html = await res.text();
    if (res.status !== 200) return fail(`GET ${pageUrl} answered HTTP ${res.status}`);
    const script = /<script[^>]+src="(\.?\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!html.includes('<title>综合窗口工作台</title>') || !html.includes('<div id="root">') || !script) return fail(`GET ${pageUrl} did not return the app's page:\n${html.slice(0, 400)}`);
    const js = await fetch(new URL(script, pageUrl), { signal: AbortSignal.timeout(15_000) });
    if (js.status !== 200) return fail(`the app's script ${script} answered HTTP ${js.status}`);
    // The login page's first call: the contract over the cookie's WebSocket answers with the demo hall.
    const info = await firstCall(pageUrl, cookie);
    if (!info.ok || info.value.demo !== true || !info.value.counters?.length) return fail(`system.info over /desk answered ${JSON.stringify(info).slice(0, 300)}`);
    const reuse = await fetch(launchUrl, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    if (reuse.status !== 403) return fail(`the launch address opened twice (second answer HTTP ${reuse.status})`);
    checked = true;
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`[ci-start-check] ok: npm start -- --demo served the app at ${pageUrl.origin} (one-time address → cookie, page, ${script}, system.info: ${info.value.hall?.name}, ${info.value.counters.length} counters; the address refused on reuse)`);
  } catch (e) {
    fail(`GET ${launchUrl} failed: ${e.message}`);
  }
}

function firstCall(pageUrl, cookie) {
  return new Promise((resolve, reject) => {
    const sock = new WebSocket(`ws://${pageUrl.host}/desk`, { origin: pageUrl.origin, headers: { cookie } });
    const t = setTimeout(() => reject(new Error('no answer to system.info within 15 s')), 15_000);
    sock.once('open', () => sock.send(JSON.stringify({ id: 1, call: 'system.info', input: {} })));
    sock.on('message', (d) => {
      const msg = JSON.parse(String(d));
      if (msg.id !== 1) return;
      clearTimeout(t);
      sock.close();
      resolve(msg.result);
    });
    sock.once('error', reject);
  });
}
