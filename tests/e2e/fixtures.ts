import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolDevice } from '../../main/core/trust/device';
import { networkEnrolTransport } from '../../main/core/trust/transport';
import type { RunningHub } from '../../main/hub/index';
import { spawnHost, stopSpawnedHost, type SpawnedHost } from '../fixtures/spawn-host';

export type RunningHost = SpawnedHost;

/** Starts `npm start`'s Node host exactly as a user would (demo data, no browser), on a temporary data directory. */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const hub = process.env.WD_E2E_HUB ? ['--hub', process.env.WD_E2E_HUB] : [];
  return spawnHost({ args: [...hub, ...extraArgs], prefix: 'wd-e2e-' });
}

export const stopHost = stopSpawnedHost;

/** A workstation host enrolled at a secure hub for one counter, on its own data directory, as a hall sets one up. */
export async function enrolledHost(hub: RunningHub, counter: number): Promise<RunningHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-e2e-host-'));
  const { code } = await hub.trust!.registry.createCode({ role: 'workstation', counters: [counter], name: `${counter}号窗口` });
  await enrolDevice(dir, code, networkEnrolTransport(hub.url));
  return spawnHost({ dataDir: dir, args: ['--hub', hub.url], prefix: 'wd-e2e-' });
}

/**
 * Signs in as a user would. A counter still held by another clerk (an earlier test's session in this
 * host) asks 「是否接管？」; the helper takes it over, as the clerk sitting down at it would.
 */
export async function login(page: Page, staffNo: string, password: string, counter?: string): Promise<void> {
  await page.getByLabel('工号').fill(staffNo);
  await page.getByLabel('密码').fill(password);
  if (counter) await page.getByLabel('窗口').selectOption({ label: counter });
  await page.getByLabel('密码').press('Enter');
  if (!counter) return;
  const takeover = page.getByRole('alertdialog', { name: '接管窗口' });
  const settled = page.getByRole('navigation', { name: '主导航' }).or(page.getByRole('alert')).or(takeover);
  await settled.first().waitFor();
  if (await takeover.isVisible()) await takeover.getByRole('button', { name: '接管' }).click();
}

/**
 * One host per worker (one worker: the whole run, until a failure restarts it), so a spec that
 * changes shared state (a staff member's 帮办身份, settings) puts it back for the specs after it.
 */
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

/** The applicant (or collector) signs on the citizen screen's pad and confirms. */
export async function signOn(citizen: Page): Promise<void> {
  const pad = citizen.getByRole('img', { name: '签名板：请用手指或鼠标在此签名' });
  const box = (await pad.boundingBox())!;
  await citizen.mouse.move(box.x + 40, box.y + 60);
  await citizen.mouse.down();
  for (let i = 1; i <= 10; i++) await citizen.mouse.move(box.x + 40 + i * 25, box.y + 60 + (i % 2) * 40);
  await citizen.mouse.up();
  await citizen.getByRole('button', { name: '确认并签名' }).click();
}
