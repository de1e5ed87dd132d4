import path from 'node:path';
import readline from 'node:readline';
import { bootWorkstation } from '../boot';
import { parseShellOptions, USAGE } from '../boot/options';
import { isDeskError } from '../../common/errors';
import { ConfSettings } from '../core/settings/conf';
import { MemorySettings } from '../core/settings';
import { openChromium } from './browser';
import { startHost } from './server';
import { projectRoot, readVersion } from './paths';

// The Node host: the same workstation as the Electron shell (bootWorkstation), served to a browser.
async function main(): Promise<void> {
  const started = performance.now();
  const options = parseShellOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  // performance.now() counts from the process's start: this much went to loading modules.
  const timings: Record<string, number> = { modules: Math.round(started) };
  const booted = await bootWorkstation({
    options,
    shell: 'browser',
    defaultDataDir: path.join(process.env.HOME ?? '.', '.windowdesk'),
    settings: (dir) => (dir === ':memory:' ? new MemorySettings() : new ConfSettings(dir)),
    version: readVersion(),
    timings,
  });
  const since = performance.now();
  const host = await startHost({ ws: booted.ws, rendererDir: path.join(projectRoot, 'dist', 'renderer'), port: options.port });
  timings.host = Math.round((performance.now() - since) * 10) / 10;
  timings.total = Math.round((performance.now() - started) * 10) / 10;
  console.log(`WindowDesk 综合窗口工作台 is serving at ${host.url}`);
  console.log(`Open: ${host.launchUrl}`);
  console.log('(That address opens once, within 2 minutes. Press Enter here for a new one.)');
  if (booted.hub) console.log(`Hall hub (hosted here): ${booted.hub.url}`);
  // Machine-readable start-up phases for the bench (tests/bench/host.bench.ts); one line, quiet otherwise.
  if (process.env.WINDOWDESK_BOOT_TIMINGS === '1') console.log(`[boot-timings] ${JSON.stringify(timings)}`);
  // Chromium gets its own code through a private file, never on its (public) command line.
  if (!options.noOpen) openChromium(host, booted.dataDir);
  // Each line on stdin (Enter in the terminal) prints another one-time address: another browser, or a lapsed code.
  readline.createInterface({ input: process.stdin }).on('line', () => console.log(`Open: ${host.newLaunchUrl()}`));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await booted.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
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
