import { test as base } from '@playwright/test';
import { credentialIn, hubClientAs } from '../fixtures/hub-access';
import { login, startHost, stopHost, type RunningHost } from './fixtures';
import { calledAppointment, firstSlotBooking, hubUrlOf } from './flows/called-appointment';
import { expect } from './queue.fixtures';

// A host of its own (hub test clock on): the tickets and bookings here are no other spec's.
const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const h = await startHost(['--hub-test-clock']);
    await use(h);
    await stopHost(h);
  },
});

test('one flow per applicant, keyboard only: checked in, F1 opens 受理 with the booking, accepted, F1 finishes and calls the next', async ({ page, browser, host }) => {
  // Setup: the hub's clock moved into the booking day (the supervisor's page links to the hub).
  const supCtx = await browser.newContext();
  const hubUrl = await hubUrlOf(await supCtx.newPage(), host.launchUrl);
  await supCtx.close();
  const booking = await firstSlotBooking(hubUrl, credentialIn(host.dataDir));

  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await expect(page.getByTestId('serving-bar')).toContainText('当前无号');

  // The appointment holder checks in at the counter (ID number typed, Enter), then a walk-in arrives.
  await page.getByRole('textbox', { name: '身份证号' }).fill(booking.idNumber);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('queue-form-result')).toHaveText('已签到：Y001');
  await page.getByRole('button', { name: '取号', exact: true }).click();
  await expect(page.getByTestId('queue-form-result')).toHaveText(/^已取号：A001（现场取号）；号票已打印（模拟打印机，演示用），请取走$/);

  // From here every action of the clerk is counted, from this F1 to the next.
  const { actions: n, caseNumber, materials } = await calledAppointment(page, booking, 'Y001');
  expect(caseNumber).toMatch(/\d/);

  // After F1 (结束并叫下一位): Y001 is finished at the hub; the walk-in is called; 受理 is ready for them.
  await expect(page.getByTestId('serving-number')).toHaveText('A001');
  await expect(page.getByTestId('intake-ticket')).toContainText('A001');
  await expect(page.getByTestId('intake-case-number')).toHaveCount(0);
  await expect(page.getByTestId('intake-person')).toHaveCount(0);
  const y = (await hubClientAs(credentialIn(host.dataDir), hubUrl).tickets()).find((t) => t.number === 'Y001')!;
  expect(y.status).toBe('finished');

  // The counter's keys work on 受理 too: F3 marks 过号 with its undo window in the serving bar, Ctrl+Z undoes it.
  await page.keyboard.press('F3');
  await expect(page.getByTestId('serving-bar')).toContainText('A001 已过号');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('serving-bar')).not.toContainText('已过号');

  // Back on 叫号 the panel shows the walk-in; the hotkeys are the same keys there.
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('queue-current')).toContainText('A001');
  console.log(`[intake-ticket] clerk actions from F1 to the next F1: ${n.total} (keys ${n.keys}, clicks ${n.clicks}, fills ${n.fills}; ${materials} materials)`);
});

test('a walk-in who reads their ID card at the kiosk is carried into 受理 at the counter that calls them', async ({ browser, page, host }) => {
  // The kiosk: no staff session; the SIMULATED reader takes a demo person's number (said on screen).
  const kioskCtx = await browser.newContext();
  const kiosk = await kioskCtx.newPage();
  await kiosk.goto(`${host.launchUrl}#/kiosk`);
  await expect(kiosk.getByText('模拟读卡器')).toBeVisible();
  await kiosk.getByLabel(/模拟放卡/).fill('31011919800101168X');
  await kiosk.getByRole('button', { name: '读身份证' }).click();
  // No booking today: greeted by masked name, asked to choose; the page never holds the ID number.
  await expect(kiosk.getByRole('status')).toHaveText(/^陈\*，您今天没有预约/);
  expect(await kiosk.content()).not.toContain('31011919800101168X');
  await kiosk.getByRole('button', { name: /现场取号/ }).click();
  await expect(kiosk.getByTestId('kiosk-ticket')).toContainText('A001');
  // The card left with its holder: the next person at the kiosk is not read as 陈静.
  await kiosk.getByRole('button', { name: '返回' }).click();
  await kiosk.getByRole('button', { name: '读身份证' }).click();
  await expect(kiosk.getByRole('alert')).toContainText(/未检测到|请放置|读卡/);
  await kioskCtx.close();

  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await expect(page.getByTestId('serving-bar')).toContainText('当前无号');
  await expect(page.getByTestId('queue-waiting-row').filter({ hasText: 'A001' })).toHaveCount(1);
  await page.keyboard.press('F1');
  await expect(page.getByTestId('serving-number')).toHaveText('A001');
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('intake-ticket')).toContainText('A001');
  await expect(page.getByTestId('intake-person')).toContainText('陈静');
  await expect(page.getByTestId('intake-person')).toContainText('3101**********168X');
});
