/**
 * What workstations pull from the hub with a cursor it issues (issue 11), besides cases and
 * reference data: the day's bookings (the offline check-in list) and the hall's configuration.
 *
 * Bookings: each carries `change_seq`, issued by the database on every insert and update (hub
 * migration 0024; on PostgreSQL a row-locked counter, so the sequence commits in order across hub
 * processes). The cursor `<epoch>:<day>:<seq>` names the database and the hall day: a cursor of
 * another database or another day answers `reset` and the day's first page.
 *
 * The hall: a content version (SHA-256 of the configuration as answered, counters' skills as they
 * stand now, so a supervisor's skill change moves it) behind the same epoch; an unchanged version
 * answers `unchanged` and nothing else.
 */
import { createHash } from 'node:crypto';
import type { AppointmentPull, HallPull } from './protocol';
import type { HallQueue } from './queue';

export const APPOINTMENT_PAGE = 200;

export async function appointmentPull(q: HallQueue, cursor: string | undefined, limit = APPOINTMENT_PAGE): Promise<AppointmentPull> {
  const epoch = await q.store.epoch();
  const day = q.today();
  let after = 0;
  let reset = true;
  if (cursor) {
    const [e, d, n] = cursor.split(':');
    if (e === epoch && d === day) {
      after = Number(n);
      reset = false;
    }
  }
  const rows = await q.store.appointmentChanges(day, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    day,
    appointments: page.map((r) => r.appointment),
    cursor: `${epoch}:${day}:${page.length ? page[page.length - 1].seq : after}`,
    more: rows.length > limit,
    reset,
    matchKey: q.store.matchKey(day).toString('base64'),
  };
}

/** The hall's configuration as it stands: the hall's settings, each counter's name and current skills (no runtime state). */
export async function hallConfig(q: HallQueue) {
  const { counters: _configured, ...hall } = q.hall;
  const counters = (await q.store.listCounters()).map((c) => ({
    number: c.number, name: c.name, streams: c.streams, items: c.items, dedicatedStream: c.dedicatedStream, dedicationLabel: c.dedicationLabel,
  }));
  return { ...hall, counters, followBase: q.followBase };
}

export async function hallPull(q: HallQueue, cursor: string | undefined): Promise<HallPull> {
  const [epoch, hall] = await Promise.all([q.store.epoch(), hallConfig(q)]);
  const version = createHash('sha256').update(JSON.stringify(hall)).digest('hex').slice(0, 32);
  const next = `${epoch}:${version}`;
  return cursor === next ? { unchanged: true, cursor: next } : { unchanged: false, cursor: next, hall };
}
