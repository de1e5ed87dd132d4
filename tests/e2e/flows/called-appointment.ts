import { expect, type Page } from '@playwright/test';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { maskIdNumber } from '../../../common/identity';
import { ActionCounter } from './standard-intake';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { hubJson } from '../../fixtures/hub-access';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

/** A booking as the hub answers it, plus the holder's plain ID number from the demo generator (the hub keeps it only hashed). */
export interface HubBooking { id: string; day: string; idNumber: string; name: string; code: string; itemCode: string | null; itemName: string | null; slotStart: number; status: string }

/** The embedded hub's address, as the supervisor's 大厅监控 links to its hall display (a page of its own, closed after). */
export async function hubUrlOf(page: Page, launchUrl: string): Promise<string> {
  await page.goto(launchUrl);
  await page.getByLabel('工号').fill('3001');
  await page.getByLabel('密码').fill('demo3001');
  await page.getByLabel('密码').press('Enter');
  const href = await page.getByRole('link', { name: '打开大厅叫号屏' }).getAttribute('href');
  expect(href).toMatch(/\/display$/);
  return href!.replace(/\/display$/, '');
}

/** Moves the hub's test clock (`--hub-test-clock`) to the next 09:01 hall time and returns a booking of the first slot still open. */
export async function firstSlotBooking(hubUrl: string, cred: DeviceCredential): Promise<HubBooking> {
  const now = (await hubJson<{ now: number }>(cred, `${hubUrl}/health`)).value.now;
  let target = atHallTime(hallDay(now), '09:01');
  if (target <= now) target += 24 * 3600_000;
  const moved = await hubJson(cred, `${hubUrl}/test/clock`, 'POST', { advanceMinutes: Math.ceil((target - now) / 60_000) });
  expect(moved.ok).toBe(true);
  const list = (await hubJson<Omit<HubBooking, 'idNumber'>[]>(cred, `${hubUrl}/appointments`)).value;
  const first = Math.min(...list.map((a) => a.slotStart));
  const b = list.find((a) => a.slotStart === first && a.status === 'booked');
  expect(b?.itemName).toBeTruthy();
  return { ...b!, idNumber: bookedIdNumber(b!) };
}

/**
 * One applicant at a counter, keyboard first, from the F1 that calls them to the F1 that finishes
 * them and calls the next: 受理 opens with the booking's applicant (ID masked) and item, the scenario
 * if the item has several, every needed material seen in the original, Ctrl+Enter. Starts on 叫号
 * with `booking` checked in and called first; returns the clerk's actions and the case number.
 */
export async function calledAppointment(page: Page, booking: HubBooking, ticket: string): Promise<{ actions: ActionCounter; caseNumber: string; materials: number }> {
  const n = new ActionCounter();
  const press = async (key: string) => {
    n.keys++;
    await page.keyboard.press(key);
  };
  await press('F1');
  await expect(page).toHaveURL(/\/intake$/);
  await expect(page.getByTestId('intake-ticket')).toContainText(ticket);
  const person = page.getByTestId('intake-person');
  await expect(person).toContainText(booking.name);
  await expect(person).toContainText(maskIdNumber(booking.idNumber));
  await expect(person).not.toContainText(booking.idNumber);
  await expect(page.getByTestId('intake-picked')).toContainText(booking.itemName!);
  // The serving bar (every page): the number, the booked item, the name masked.
  await expect(page.getByTestId('serving-number')).toHaveText(ticket);
  await expect(page.getByTestId('serving-booking')).toContainText(booking.itemName!);
  await expect(page.getByTestId('serving-booking')).toContainText([...booking.name][0]);
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
  await expect(page.getByTestId('intake-case-ticket')).toHaveText(ticket);

  const rows = page.locator('tr[data-testid^="material-"]:not(.not-needed)');
  const materials = await rows.count();
  expect(materials).toBeGreaterThan(0);
  for (let i = 0; i < materials; i++) {
    n.clicks++;
    await rows.nth(i).locator('select').selectOption({ label: '已核验原件' });
    await expect(rows.nth(i)).toContainText('已核验原件');
  }
  await press('Control+Enter');
  const caseNumber = (await page.getByTestId('intake-case-number').textContent()) ?? '';
  await expect(page.getByTestId('serving-case')).toContainText(caseNumber);

  await expect(page.getByRole('button', { name: /结束并叫下一位/ })).toHaveAttribute('aria-keyshortcuts', 'F1');
  await press('F1');
  await expect(page.getByTestId('serving-number')).not.toHaveText(ticket);
  return { actions: n, caseNumber, materials };
}
