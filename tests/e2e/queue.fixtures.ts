import { atHallTime, hallDay } from '../../common/hall-time';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, startHost, stopHost, test as base, type RunningHost } from './fixtures';

/** The host with its embedded hub's TEST clock enabled (`--hub-test-clock`), one per worker. */
export const test = base.extend<object, { host: RunningHost }>({
  host: [
    async ({}, use) => {
      const h = await startHost(['--hub-test-clock']);
      await use(h);
      await stopHost(h);
    },
    { scope: 'worker' },
  ],
});

/** The hub's own address, as the supervisor's page links to its hall display. */
export async function hubUrlFrom(monitor: Page): Promise<string> {
  const href = await monitor.getByRole('link', { name: '打开大厅叫号屏' }).getAttribute('href');
  expect(href).toMatch(/\/display$/);
  return href!.replace(/\/display$/, '');
}

export async function advanceHub(request: APIRequestContext, hubUrl: string, minutes: number): Promise<number> {
  const r = await request.post(`${hubUrl}/test/clock`, { data: { advanceMinutes: minutes } });
  expect(r.ok()).toBe(true);
  return ((await r.json()) as { value: { now: number } }).value.now;
}

/** Moves the hub to the next 09:01 hall time, inside the demo booking day, so check-in is open. */
export async function toMorningSlot(request: APIRequestContext, hubUrl: string): Promise<number> {
  const health = (await (await request.get(`${hubUrl}/health`)).json()) as { value: { now: number } };
  const now = health.value.now;
  let target = atHallTime(hallDay(now), '09:01');
  if (target <= now) target += 24 * 3600_000;
  return advanceHub(request, hubUrl, Math.ceil((target - now) / 60_000));
}

export async function bookingAt0900(request: APIRequestContext, hubUrl: string): Promise<{ idNumber: string; name: string; code: string; itemName: string | null }> {
  const list = ((await (await request.get(`${hubUrl}/appointments`)).json()) as { value: { idNumber: string; name: string; code: string; itemName: string | null; slotStart: number; status: string }[] }).value;
  const first = Math.min(...list.map((a) => a.slotStart));
  const a = list.find((x) => x.slotStart === first && x.status === 'booked');
  expect(a).toBeTruthy();
  return a!;
}

export { expect };
