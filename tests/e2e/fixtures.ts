import { test as base, expect, type Page } from '@playwright/test';
import { spawnHost, stopSpawnedHost, type SpawnedHost } from '../fixtures/spawn-host';

export type RunningHost = SpawnedHost;

/** Starts `npm start`'s Node host exactly as a user would (demo data, no browser), on a temporary data directory. */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const hub = process.env.WD_E2E_HUB ? ['--hub', process.env.WD_E2E_HUB] : [];
  return spawnHost({ args: [...hub, ...extraArgs], prefix: 'wd-e2e-' });
}

export const stopHost = stopSpawnedHost;

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
