import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { calledAppointment, firstSlotBooking, hubUrlOf } from '../e2e/flows/called-appointment';
import { standardIntake } from '../e2e/flows/standard-intake';
import { credentialIn } from '../fixtures/hub-access';
import { ensureRendererBuilt } from '../fixtures/host';
import { spawnHost, stopSpawnedHost } from '../fixtures/spawn-host';
import { round } from './stats';
import type { BenchSuite } from './types';

async function signIn(page: Page, url: string, staffNo: string, counter: string) {
  await page.goto(url);
  await page.getByLabel('工号').fill(staffNo);
  await page.getByLabel('密码').fill(`demo${staffNo}`);
  await page.getByLabel('窗口').selectOption({ label: counter });
  await page.getByLabel('密码').press('Enter');
}

/**
 * Driven once each in Chromium against a demo host (hub test clock on): the standard intake alone
 * (card, item by ztys, five materials of which two exempt, 受理) as the baseline, and a whole
 * applicant from the F1 that calls a checked-in appointment to the F1 that finishes them and calls
 * the next (受理 filled from the booking). Builds the renderer first when dist/renderer is missing.
 */
const suite: BenchSuite = {
  name: 'intake UI: standard intake flow',
  async run() {
    ensureRendererBuilt();
    const host = await spawnHost({ prefix: 'wd-bench-intake-', args: ['--hub-test-clock'] });
    const browser = await chromium.launch({ executablePath: process.env.WINDOWDESK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      // Each page is its own browser context: each opens its own one-time address.
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      await signIn(page, host.launchUrl, '1001', '3号综合窗口');
      await page.getByRole('link', { name: /受理/ }).click();
      await page.getByRole('heading', { name: '受理', exact: true }).waitFor();
      const t0 = performance.now();
      const { actions } = await standardIntake(page);
      const wall = performance.now() - t0;

      // A whole applicant at another counter: an appointment checked in, a walk-in behind them.
      const hubUrl = await hubUrlOf(await browser.newPage(), host.launchUrl);
      const booking = await firstSlotBooking(hubUrl, credentialIn(host.dataDir));
      const clerk = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1920, height: 1080 } });
      await signIn(clerk, host.launchUrl, '1002', '4号综合窗口');
      await clerk.getByRole('textbox', { name: '身份证号' }).fill(booking.idNumber);
      await clerk.keyboard.press('Enter');
      await clerk.getByText(/已签到：Y\d{3}/).waitFor();
      const ticket = (await clerk.getByTestId('queue-form-result').textContent())!.match(/Y\d{3}/)![0];
      await clerk.getByRole('button', { name: '取号', exact: true }).click();
      await clerk.getByText(/已取号：A\d{3}/).waitFor();
      const t1 = performance.now();
      const whole = await calledAppointment(clerk, booking, ticket);
      const wholeWall = performance.now() - t1;
      return [
        { name: 'clerk actions (clicks + keys + fills)', value: actions.total, unit: 'actions', note: `${actions.clicks} clicks, ${actions.keys} keys, ${actions.fills} fills; includes the 2 simulated card-placing steps` },
        { name: 'wall time, card to acceptance notice', value: round(wall, 0), unit: 'ms', note: 'scripted (no human think time), one run' },
        {
          name: 'clerk actions, F1 to the next F1 (called appointment, 受理 from the booking)', value: whole.actions.total, unit: 'actions',
          baseline: { name: 'standard intake alone, no ticket (above)', value: actions.total },
          note: `${whole.actions.keys} keys, ${whole.actions.clicks} material choices; ${whole.materials} materials seen in the original (${booking.itemName}); goal ≤ 12`,
        },
        { name: 'wall time, F1 to the next F1', value: round(wholeWall, 0), unit: 'ms', note: 'scripted (no human think time), one run' },
      ];
    } finally {
      await browser.close();
      await stopSpawnedHost(host);
    }
  },
};

export default suite;
