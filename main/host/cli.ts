import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createWorkstation, type Workstation } from '../api/workstation';
import { DeskError, isDeskError } from '../../common/errors';
import { ConfSettings } from '../core/settings/conf';
import { MemorySettings } from '../core/settings';
import { startHost } from './server';
import { startEmbeddedHub } from './hub';
import { projectRoot, readVersion } from './paths';

const HELP = `WindowDesk 综合窗口工作台 — Node host (the app in a browser when Electron is not available)

  npm start -- [--port N] [--data DIR] [--demo] [--no-open] [--hub URL] [--host-hub]

  --port N     port on 127.0.0.1 (default 5180; 0 picks a free one)
  --data DIR   where the database and settings live (default ~/.windowdesk)
  --demo       seed a demo hall, counters, staff and catalog (see README)
  --no-open    do not open a browser window; just print the URL
  --hub URL    the hall hub to use (overrides the saved setting)
  --host-hub   this workstation hosts the hall hub itself (small office; on by default with --demo and no hub)
  --hub-test-clock  TESTS ONLY: the hosted hub exposes POST /test/clock {advanceMinutes}
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5180' },
      data: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'no-open': { type: 'boolean', default: false },
      hub: { type: 'string' },
      'host-hub': { type: 'boolean', default: false },
      'hub-test-clock': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DeskError('BAD_ARGUMENT', `--port 需要 0–65535 的端口号，收到 "${values.port}"。`);
  const dataDir = path.resolve(values.data ?? path.join(process.env.HOME ?? '.', '.windowdesk'));
  const settings = dataDir === ':memory:' ? new MemorySettings() : new ConfSettings(ensureDir(dataDir));

  let hubUrl: string | null | undefined = values.hub;
  let hubMode: 'embedded' | 'remote' | 'none' | undefined = values.hub ? 'remote' : undefined;
  let hub: { url: string; close(): Promise<void> } | null = null;
  const wantHub = values['host-hub'] || settings.get('hostHub') || (values.demo && !values.hub && !settings.get('hubUrl'));
  if (wantHub) {
    hub = await startEmbeddedHub({ dataDir: path.join(dataDir, 'hub'), demo: values.demo, testClock: values['hub-test-clock'] });
    hubUrl = hub.url;
    hubMode = 'embedded';
  }

  const ws: Workstation = await createWorkstation({ dataDir, demo: values.demo, shell: 'browser', settings, version: readVersion(), hubUrl, hubMode });
  const host = await startHost({ ws, rendererDir: path.join(projectRoot, 'dist', 'renderer'), port });
  ws.status.start();
  console.log(`WindowDesk 综合窗口工作台 is serving at ${host.url}`);
  console.log(`Open: ${host.launchUrl}`);
  if (hub) console.log(`Hall hub (hosted here): ${hub.url}`);
  if (!values['no-open']) openBrowser(host.launchUrl, dataDir);

  const shutdown = async () => {
    await host.close();
    await hub?.close();
    await ws.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function ensureDir(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new DeskError('DATA_DIR_NOT_WRITABLE', `数据目录不可写：${dir}。请检查目录权限或用 --data 指定其他目录。`);
  }
  return dir;
}

/** Opens a Chromium app window when there is a display and a Chromium; otherwise the printed URL is the way in. */
function openBrowser(url: string, dataDir: string): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.log('No display found: open the address above in Chromium or Chrome.');
    return;
  }
  const candidates = ['chromium', 'chromium-browser', 'google-chrome', 'microsoft-edge'];
  const bin = candidates.find((c) => spawnSync('which', [c]).status === 0);
  if (!bin) {
    console.log('No Chromium found (Debian: apt-get install -y chromium): open the address above in a browser.');
    return;
  }
  const profile = path.join(dataDir, 'browser-profile');
  spawn(bin, [`--app=${url}`, `--user-data-dir=${profile}`, '--lang=zh-CN', '--no-first-run', '--disable-background-networking', '--disable-sync'], { detached: true, stdio: 'ignore' }).unref();
}

main().catch((e) => {
  if (isDeskError(e)) {
    console.error(`无法启动：${e.message}`);
    console.error(`(${e.code})`);
  } else {
    console.error(`无法启动：${(e as Error).message}`);
  }
  process.exit(1);
});
