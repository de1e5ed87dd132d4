import { test as base } from '@playwright/test';
import { maskIdNumber } from '../../common/identity';
import { HubClient } from '../../main/hub/client';
import { login, startHost, stopHost, type RunningHost } from './fixtures';
import { ActionCounter } from './flows/standard-intake';
import { expect, hubUrlFrom, toMorningSlot } from './queue.fixtures';

// A host of its own (hub test clock on): the tickets and bookings here are no other spec's.
const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const h = await startHost(['--hub-test-clock']);
    await use(h);
    await stopHost(h);
  },
});

interface Booking { idNumber: string; name: string; code: string; itemCode: string | null; itemName: string | null; slotStart: number; status: string }

test('one flow per applicant, keyboard only: checked in, F1 opens 受理 with the booking, accepted, F1 finishes and calls the next', async ({ page, browser, host, request }) => {
  // Setup: the hub's clock moved into the booking day (the supervisor's page links to the hub).
  const supCtx = await browser.newContext();
  const sup = await supCtx.newPage();
  await sup.goto(host.launchUrl);
  await login(sup, '3001', 'demo3001');
  const hubUrl = await hubUrlFrom(sup);
  await supCtx.close();
  await toMorningSlot(request, hubUrl);
  const list = ((await (await request.get(`${hubUrl}/appointments`)).json()) as { value: Booking[] }).value;
  const first = Math.min(...list.map((a) => a.slotStart));
  const booking = list.find((a) => a.slotStart === first && a.status === 'booked')!;
  expect(booking.itemName).toBeTruthy();

  await page.goto(host.launchUrl);
  await login(page, '1001', 'demo1001', '3号综合窗口');
  await expect(page.getByTestId('serving-bar')).toContainText('当前无号');

  // The appointment holder checks in at the counter (ID number typed, Enter), then a walk-in arrives.
  await page.getByRole('textbox', { name: '身份证号' }).fill(booking.idNumber);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('queue-form-result')).toHaveText('已签到：Y001');
  await page.getByRole('button', { name: '取号', exact: true }).click();
  await expect(page.getByTestId('queue-form-result')).toHaveText('已取号：A001（现场取号）');

  // From here every action of the clerk is counted, from this F1 to the next.
  const n = new ActionCounter();
  const press = async (key: string) => {
    n.keys++;
    await page.keyboard.press(key);
  };
  await press('F1');
  await expect(page).toHaveURL(/\/intake$/);
  await expect(page.getByTestId('intake-ticket')).toContainText('Y001');
  await expect(page.getByTestId('intake-person')).toContainText(booking.name);
  await expect(page.getByTestId('intake-person')).toContainText(maskIdNumber(booking.idNumber));
  await expect(page.getByTestId('intake-person')).not.toContainText(booking.idNumber);
  await expect(page.getByTestId('intake-picked')).toContainText(booking.itemName!);
  // The serving bar, on every page: the number, the masked name, the booked item.
  await expect(page.getByTestId('serving-number')).toHaveText('Y001');
  await expect(page.getByTestId('serving-booking')).toContainText(booking.itemName!);
  await expect(page.getByTestId('serving-booking')).toContainText(booking.name[0]);
  await expect(page.getByTestId('serving-booking')).not.toContainText(booking.name);

  // The scenario, when the item has several, is the clerk's choice: focus waits on it.
  const scenario = page.getByTestId('intake-scenario');
  if ((await scenario.inputValue()) === '') {
    await expect(scenario).toBeFocused();
    await press('ArrowDown');
    await expect(scenario).not.toHaveValue('');
    await press('Tab');
  }
  await expect(page.getByRole('button', { name: '开始收件' })).toBeFocused();
  await press('Enter');
  await expect(page.getByTestId('intake-case-ticket')).toHaveText('Y001');

  // Materials: each one needed is seen in the original.
  const selects = page.locator('tr[data-testid^="material-"]:not(.not-needed) select');
  const count = await selects.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    n.clicks++;
    await selects.nth(i).selectOption({ label: '已核验原件' });
    await expect(page.locator('tr[data-testid^="material-"]:not(.not-needed)').nth(i)).toContainText('已核验原件');
  }
  await press('Control+Enter');
  const caseNumber = (await page.getByTestId('intake-case-number').textContent())!;
  expect(caseNumber).toMatch(/\d/);
  await expect(page.getByTestId('serving-case')).toContainText(caseNumber);

  // F1 after the decision: 结束并叫下一位. Y001 is finished at the hub; the walk-in is called; 受理 is ready for them.
  await expect(page.getByRole('button', { name: /结束并叫下一位/ })).toHaveAttribute('aria-keyshortcuts', 'F1');
  await press('F1');
  await expect(page.getByTestId('serving-number')).toHaveText('A001');
  await expect(page.getByTestId('intake-ticket')).toContainText('A001');
  await expect(page.getByTestId('intake-case-number')).toHaveCount(0);
  await expect(page.getByTestId('intake-person')).toHaveCount(0);
  const y = (await new HubClient({ url: hubUrl }).tickets()).find((t) => t.number === 'Y001')!;
  expect(y.status).toBe('finished');

  // Back on 叫号 the panel shows the walk-in; the hotkeys are the same keys there.
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('queue-current')).toContainText('A001');
  console.log(`[intake-ticket] clerk actions from F1 to the next F1: ${n.total} (keys ${n.keys}, clicks ${n.clicks}, fills ${n.fills}; ${count} materials)`);
});
