import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workstation } from '../../../main/api/workstation';
import { openChromium, prepareChromiumLaunch } from '../../../main/host/browser';
import { startHost, type Host } from '../../../main/host/server';
import { ensureRendererBuilt, rendererDir } from '../../fixtures/host';
import { demoWorkstation, tempDir } from '../../fixtures/workstation';

// The host opens Chromium without putting its way in on Chromium's command line, which every
// user's `ps` can read: the one-time address is in a private launch page, deleted once spent.

const CHROMIUM = process.env.WINDOWDESK_CHROMIUM ?? '/usr/bin/chromium';
let ws: Workstation;
let host: Host;

beforeAll(async () => {
  ensureRendererBuilt();
  ws = await demoWorkstation();
  host = await startHost({ ws, rendererDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  await ws.close();
});

const codeIn = (page: string) => /code=([\w-]+)/.exec(fs.readFileSync(page, 'utf8'))![1]!;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function until(what: string, probe: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !probe(); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

describe('opening Chromium', () => {
  it('passes no code or token on the command line: only a launch page, 0600 in a 0700 directory, gone once used', async () => {
    const dataDir = tempDir();
    const spawned: Array<{ bin: string; args: string[] }> = [];
    const launch = openChromium(host, dataDir, { env: { DISPLAY: ':0' }, findChromium: () => '/usr/bin/chromium', spawn: (bin, args) => spawned.push({ bin, args }), log: () => {} })!;
    expect(spawned).toHaveLength(1);
    const code = codeIn(launch.page);
    const argv = spawned[0]!.args.join(' ');
    expect(argv).not.toContain(code);
    expect(argv).not.toMatch(/code=|token=|127\.0\.0\.1/);
    expect(spawned[0]!.args[0]).toBe(`--app=file://${launch.page}`);
    expect(fs.statSync(launch.page).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(launch.page)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(launch.page, 'utf8')).not.toMatch(/<script/i);
    expect((await fetch(`${host.url}/?code=${code}`, { redirect: 'manual' })).status).toBe(303);
    expect(fs.existsSync(path.dirname(launch.page))).toBe(false);
  });

  it('does nothing without a display or a Chromium, and says where to go instead', () => {
    const logs: string[] = [];
    const spawnFn = () => {
      throw new Error('must not spawn');
    };
    expect(openChromium(host, tempDir(), { env: {}, spawn: spawnFn, log: (l) => logs.push(l) })).toBeNull();
    expect(openChromium(host, tempDir(), { env: { WAYLAND_DISPLAY: 'wayland-0' }, findChromium: () => null, spawn: spawnFn, log: (l) => logs.push(l) })).toBeNull();
    expect(logs).toEqual([expect.stringContaining('No display'), expect.stringContaining('No Chromium')]);
  });
});

describe.skipIf(!fs.existsSync(CHROMIUM))('with the real Chromium', () => {
  it('the launched Chromium redeems its code and no process shows it in `ps`', async () => {
    const dataDir = tempDir();
    const launch = prepareChromiumLaunch(host, dataDir);
    const code = codeIn(launch.page);
    let proc: ChildProcess | null = null;
    try {
      proc = spawn(CHROMIUM, [...launch.args, '--headless=new', '--no-sandbox', '--disable-gpu'], { stdio: 'ignore', detached: true });
      await until('Chromium to spend its launch code', () => !fs.existsSync(launch.page));
      const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(ps).toContain(launch.page); // it is Chromium's command line we read
      expect(ps).not.toContain(code);
      expect((await fetch(`${host.url}/?code=${code}`, { redirect: 'manual' })).status).toBe(403);
    } finally {
      if (proc?.pid) process.kill(-proc.pid, 'SIGKILL');
    }
    // The profile's caches never hold it either (every answer is no-store). Its history may keep the
    // spent address: that opens nothing, as the 403 above shows.
    const holding = filesUnder(path.join(dataDir, 'browser-profile')).filter((f) => fs.readFileSync(f).includes(code));
    expect(holding.filter((f) => /cache/i.test(path.relative(dataDir, f)))).toEqual([]);
  }, 40_000);

  it('the launch page lands on the app, let in: the login page reaches the workstation, no secret in the page or its storage', async () => {
    const launch = prepareChromiumLaunch(host, tempDir());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ locale: 'zh-CN' });
      await page.goto(`file://${launch.page}`);
      await page.waitForURL(`${host.url}/`);
      // The counters in the login form come from system.info over the cookie's WebSocket.
      await expect.poll(() => page.getByLabel('窗口').locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
      // (Evaluated as strings: this file is type-checked without the DOM.)
      expect(await page.evaluate<string>('document.cookie')).toMatch(/^wd_signed_\d+=1$/);
      expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })')).not.toMatch(/code|token/i);
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === host.sessionCookie)).toMatchObject({ httpOnly: true, sameSite: 'Strict', expires: -1 });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
