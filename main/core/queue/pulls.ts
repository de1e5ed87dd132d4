/**
 * The queue's two pulls from the hall hub, each with the cursor the hub issues (issue 11):
 *
 * - the day's bookings (`GET /appointments/changes`), which offline check-in relies on: each page
 *   is checked whole, then its rows, the day's matching key and the cursor it ends at are written
 *   in ONE transaction (OfflineStore.applyAppointmentPage). A `reset` page (the hub's day turned,
 *   or the cursor names another hub database) drops the local day's cache and rebuilds it.
 * - the hall's configuration (`GET /hall/changes`): the hub answers `unchanged` while its version
 *   stands; a changed configuration and its cursor are written in one transaction.
 *
 * A malformed answer is a Chinese error and nothing of it is kept: the cursor stays where it was.
 */
import { DeskError } from '../../../common/errors';
import { AppointmentPull, HallPull } from '../../hub/protocol';
import type { HallView } from './mapping';
import type { OfflineStore } from './offline-store';

export const APPOINTMENTS_CURSOR = 'appointments';
export const HALL_CURSOR = 'hall';

export interface AppointmentPullResult {
  received: number;
  reset: boolean;
  /** The hub's hall day of the last page. */
  day: string | null;
}

function checkAppointmentPage(raw: unknown): AppointmentPull {
  const r = AppointmentPull.safeParse(raw);
  if (!r.success || r.data.appointments.some((a) => a.day !== r.data.day)) {
    throw new DeskError('HUB_BAD_RESPONSE', '大厅服务返回的预约名单格式不符，本次未同步，本机继续使用现有预约名单；请确认工作站与大厅服务版本一致。');
  }
  return r.data;
}

export async function pullAppointments(store: OfflineStore, fetch: (cursor: string | null) => Promise<unknown>, now: () => number = Date.now, maxPages = 50): Promise<AppointmentPullResult> {
  const out: AppointmentPullResult = { received: 0, reset: false, day: null };
  for (let i = 0; i < maxPages; i++) {
    const page = checkAppointmentPage(await fetch(store.cursor(APPOINTMENTS_CURSOR)));
    store.applyAppointmentPage(page, APPOINTMENTS_CURSOR, now());
    out.received += page.appointments.length;
    out.reset ||= page.reset;
    out.day = page.day;
    if (!page.more) break;
  }
  return out;
}

/** The hall's configuration when it changed since the stored cursor (written with it), else null. */
export async function pullHall(store: OfflineStore, fetch: (cursor: string | null) => Promise<unknown>, now: () => number = Date.now): Promise<HallView | null> {
  const r = HallPull.safeParse(await fetch(store.cursor(HALL_CURSOR)));
  if (!r.success) throw new DeskError('HUB_BAD_RESPONSE', '大厅服务返回的大厅配置格式不符，本次未同步，本机继续使用现有配置；请确认工作站与大厅服务版本一致。');
  if (r.data.unchanged) return null;
  const hall: HallView = r.data.hall;
  store.applyHall(hall, HALL_CURSOR, r.data.cursor, now());
  return hall;
}
