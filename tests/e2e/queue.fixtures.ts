import { atHallTime, hallDay } from '../../common/hall-time';
import type { Page } from '@playwright/test';
import type { DeviceCredential } from '../../main/core/trust/device';
import { hubJson } from '../fixtures/hub-access';
import { expect, startHost, stopHost, test as base, type RunningHost } from './fixtures';
import { bookedIdNumber } from '../fixtures/demo-bookings';

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

/** The hub's test clock moved forward, as the host's enrolled workstation (`cred`, credentialIn(host.dataDir)). */
export async function advanceHub(cred: DeviceCredential, hubUrl: string, minutes: number): Promise<number> {
  const r = await hubJson<{ now: number }>(cred, `${hubUrl}/test/clock`, 'POST', { advanceMinutes: minutes });
  expect(r.ok).toBe(true);
  return r.value.now;
}

/** Moves the hub to the next 09:01 hall time, inside the demo booking day, so check-in is open. */
export async function toMorningSlot(cred: DeviceCredential, hubUrl: string): Promise<number> {
  const now = (await hubJson<{ now: number }>(cred, `${hubUrl}/health`)).value.now;
  let target = atHallTime(hallDay(now), '09:01');
  if (target <= now) target += 24 * 3600_000;
  return advanceHub(cred, hubUrl, Math.ceil((target - now) / 60_000));
}

/** The first booked demo appointment; its plain ID number from the demo generator (the hub keeps it only hashed and masked). */
export async function bookingAt0900(cred: DeviceCredential, hubUrl: string): Promise<{ id: string; idNumber: string; name: string; code: string; itemName: string | null }> {
  const list = (await hubJson<{ id: string; day: string; name: string; code: string; itemName: string | null; slotStart: number; status: string }[]>(cred, `${hubUrl}/appointments`)).value;
  const first = Math.min(...list.map((a) => a.slotStart));
  const a = list.find((x) => x.slotStart === first && x.status === 'booked');
  expect(a).toBeTruthy();
  return { ...a!, idNumber: bookedIdNumber(a!) };
}

export { expect };
