import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningHost {
  url: string;
  launchUrl: string;
  dataDir: string;
  proc: ChildProcess;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts `npm start`'s Node host exactly as a user would (demo data, no browser), on a temporary data directory. */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-'));
  const hub = process.env.WD_E2E_HUB ? ['--hub', process.env.WD_E2E_HUB] : [];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--demo', '--no-open', '--port', '0', '--data', dataDir, ...hub, ...extraArgs], {
    cwd: root,
    env: { ...process.env, DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)));
  });
  return { url: new URL(launchUrl).origin, launchUrl, dataDir, proc };
}

export async function stopHost(h: RunningHost): Promise<void> {
  if (h.proc.exitCode === null) {
    const exited = new Promise((r) => h.proc.once('exit', r));
    h.proc.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(h.dataDir, { recursive: true, force: true });
}

export async function login(page: Page, staffNo: string, password: string, counter?: string): Promise<void> {
  await page.getByLabel('工号').fill(staffNo);
  await page.getByLabel('密码').fill(password);
  if (counter) await page.getByLabel('窗口').selectOption({ label: counter });
  await page.getByLabel('密码').press('Enter');
}

export const test = base.extend<object, { host: RunningHost }>({
  host: [
    async ({}, use) => {
      const h = await startHost();
      await use(h);
      await stopHost(h);
    },
    { scope: 'worker' },
  ],
});

export { expect };
