import { spawn as nodeSpawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a launch of Chromium needs from the host: a fresh one-time address, told when it is spent. */
export interface LaunchSource {
  newLaunchUrl(onSpent?: () => void): string;
}

export interface ChromiumLaunch {
  args: string[];
  /** The launch page: the only place the code is written, readable by this user alone, deleted once spent. */
  page: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Chromium's command line is public (every user's `ps` shows it), so the one-time address is not
 * on it: it goes into a page in a fresh 0700 directory of the data directory, mode 0600, which
 * sends the window on to the address (a meta refresh: the page runs no script). The command line
 * names only that file. The page is deleted as soon as its code is redeemed or expires.
 */
export function prepareChromiumLaunch(source: LaunchSource, dataDir: string): ChromiumLaunch {
  const dir = fs.mkdtempSync(path.join(dataDir, 'launch-'));
  fs.chmodSync(dir, 0o700);
  const page = path.join(dir, 'open.html');
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const url = source.newLaunchUrl(remove);
  fs.writeFileSync(page, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${escapeAttr(url)}"><title>综合窗口工作台</title>\n`, { mode: 0o600, flag: 'wx' });
  const profile = path.join(dataDir, 'browser-profile');
  return {
    page,
    args: [`--app=${pathToFileURL(page).href}`, `--user-data-dir=${profile}`, '--lang=zh-CN', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  };
}

export interface OpenDeps {
  env?: NodeJS.ProcessEnv;
  /** The Chromium executable, or null when none is installed. */
  findChromium?: () => string | null;
  spawn?: (bin: string, args: string[]) => void;
  log?: (line: string) => void;
}

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'microsoft-edge'];

/** Opens a Chromium app window when there is a display and a Chromium; otherwise the printed address is the way in. */
export function openChromium(source: LaunchSource, dataDir: string, deps: OpenDeps = {}): ChromiumLaunch | null {
  const env = deps.env ?? process.env;
  const log = deps.log ?? ((l: string) => console.log(l));
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    log('No display found: open the address above in Chromium or Chrome.');
    return null;
  }
  const bin = (deps.findChromium ?? (() => CANDIDATES.find((c) => spawnSync('which', [c]).status === 0) ?? null))();
  if (!bin) {
    log('No Chromium found (Debian: apt-get install -y chromium): open the address above in a browser.');
    return null;
  }
  const launch = prepareChromiumLaunch(source, dataDir);
  (deps.spawn ?? ((b, a) => nodeSpawn(b, a, { detached: true, stdio: 'ignore' }).unref()))(bin, launch.args);
  return launch;
}
