import { chromium } from '@playwright/test';
import { standardIntake } from '../e2e/flows/standard-intake';
import { ensureRendererBuilt } from '../fixtures/host';
import { spawnHost, stopSpawnedHost } from '../fixtures/spawn-host';
import { round } from './stats';
import type { BenchSuite } from './types';

/** The standard intake (card, item by ztys, five materials of which two exempt, 受理) driven once in Chromium against a demo host. Builds the renderer first when dist/renderer is missing (a fresh clone). */
const suite: BenchSuite = {
  name: 'intake UI: standard intake flow',
  async run() {
    ensureRendererBuilt();
    const host = await spawnHost({ prefix: 'wd-bench-intake-' });
    const browser = await chromium.launch({ executablePath: process.env.WINDOWDESK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const url = host.launchUrl;
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      await page.goto(url);
      await page.getByLabel('工号').fill('1001');
      await page.getByLabel('密码').fill('demo1001');
      await page.getByLabel('窗口').selectOption({ label: '3号综合窗口' });
      await page.getByLabel('密码').press('Enter');
      await page.getByRole('link', { name: /受理/ }).click();
      await page.getByRole('heading', { name: '受理', exact: true }).waitFor();
      const t0 = performance.now();
      const { actions } = await standardIntake(page);
      const wall = performance.now() - t0;
      return [
        { name: 'clerk actions (clicks + keys + fills)', value: actions.total, unit: 'actions', note: `${actions.clicks} clicks, ${actions.keys} keys, ${actions.fills} fills; includes the 2 simulated card-placing steps` },
        { name: 'wall time, card to acceptance notice', value: round(wall, 0), unit: 'ms', note: 'scripted (no human think time), one run' },
      ];
    } finally {
      await browser.close();
      await stopSpawnedHost(host);
    }
  },
};

export default suite;
