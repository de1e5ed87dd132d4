/**
 * The queue's pulls with the hub's cursors (core/queue/pulls.ts): the day's bookings and the
 * hall's configuration. Each page and its cursor are one transaction (a failure while writing
 * keeps neither), a `reset` page rebuilds the day's cache, and a malformed answer is a Chinese
 * error that changes nothing locally.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OfflineStore } from '../../../main/core/queue/offline-store';
import { APPOINTMENTS_CURSOR, HALL_CURSOR, pullAppointments, pullHall } from '../../../main/core/queue/pulls';
import { matchHash } from '../../../main/core/queue/match-hash';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import type { Appointment } from '../../../main/hub/protocol';
import { demoHall } from '../../../main/hub/config';

const DAY = '2026-12-02';
const KEY = randomBytes(32);

function booking(id: string, over: Partial<Appointment> = {}): Appointment {
  const slotStart = Date.parse(`${DAY}T10:00:00+08:00`);
  return {
    id, day: DAY, code: `YY${id}`, idNumberMasked: '3101**********1234', idHash: matchHash(KEY, '310101199001011234'), name: '李雷', phone: '13800000000',
    slotStart, slotEnd: slotStart + 1_800_000, itemCode: null, itemName: '居住证办理', status: 'booked', ticketId: null, checkedInAt: null, note: null, ...over,
  };
}
const page = (over: Record<string, unknown>) => ({ day: DAY, appointments: [], cursor: `ab12:${DAY}:0`, more: false, reset: false, matchKey: KEY.toString('base64'), ...over });

function station() {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  return { db, store: new OfflineStore(db) };
}
const rows = (db: ReturnType<typeof station>['db']) => db.prepare('SELECT id, day, status, ticket_number FROM queue_appointments ORDER BY id').all();

describe('pull of the day’s bookings', () => {
  it('writes the page, the match key and the cursor; the next pull sends the cursor and takes only the changes', async () => {
    const { db, store } = station();
    const asked: Array<string | null> = [];
    const answers = [
      page({ appointments: [booking('a1'), booking('a2')], cursor: `ab12:${DAY}:2`, reset: true }),
      page({ appointments: [booking('a2', { status: 'checked_in', checkedInAt: 5 })], cursor: `ab12:${DAY}:3` }),
    ];
    const fetch = async (c: string | null) => (asked.push(c), answers.shift());
    expect(await pullAppointments(store, fetch)).toEqual({ received: 2, reset: true, day: DAY });
    expect(store.cursor(APPOINTMENTS_CURSOR)).toBe(`ab12:${DAY}:2`);
    // Offline check-in by ID number matches through the day's key the page carried.
    expect(store.findAppointments(DAY, { idNumber: '310101199001011234' }).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(await pullAppointments(store, fetch)).toEqual({ received: 1, reset: false, day: DAY });
    expect(asked).toEqual([null, `ab12:${DAY}:2`]);
    expect(rows(db)).toEqual([
      { id: 'a1', day: DAY, status: 'booked', ticket_number: null },
      { id: 'a2', day: DAY, status: 'checked_in', ticket_number: null },
    ]);
  });

  it('follows `more` page by page, each page with its own cursor', async () => {
    const { store } = station();
    const answers = [
      page({ appointments: [booking('a1')], cursor: `ab12:${DAY}:1`, more: true, reset: true }),
      page({ appointments: [booking('a2')], cursor: `ab12:${DAY}:2`, more: false }),
    ];
    const asked: Array<string | null> = [];
    const r = await pullAppointments(store, async (c) => (asked.push(c), answers.shift()));
    expect(r.received).toBe(2);
    expect(asked).toEqual([null, `ab12:${DAY}:1`]);
    expect(store.cursor(APPOINTMENTS_CURSOR)).toBe(`ab12:${DAY}:2`);
  });

  it('a failure while writing a page keeps neither its rows nor its cursor; the next pull asks again from the old cursor', async () => {
    const { db, store } = station();
    await pullAppointments(store, async () => page({ appointments: [booking('a1')], cursor: `ab12:${DAY}:1`, reset: true }));
    // The cursor write fails (a full disk, a kill): the rows of the same page must not stay without it.
    db.exec(`CREATE TRIGGER no_cursor BEFORE UPDATE ON sync_cursors BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const next = page({ appointments: [booking('a2'), booking('a1', { status: 'cancelled' })], cursor: `ab12:${DAY}:3` });
    await expect(pullAppointments(store, async () => next)).rejects.toThrow(/disk I\/O error/);
    expect(rows(db)).toEqual([{ id: 'a1', day: DAY, status: 'booked', ticket_number: null }]);
    expect(store.cursor(APPOINTMENTS_CURSOR)).toBe(`ab12:${DAY}:1`);
    db.exec('DROP TRIGGER no_cursor');
    const asked: Array<string | null> = [];
    await pullAppointments(store, async (c) => (asked.push(c), next));
    expect(asked).toEqual([`ab12:${DAY}:1`]);
    expect(rows(db)).toEqual([
      { id: 'a1', day: DAY, status: 'cancelled', ticket_number: null },
      { id: 'a2', day: DAY, status: 'booked', ticket_number: null },
    ]);
  });

  it('a reset (the hub’s day turned, or another hub database) drops the cache and rebuilds it, keeping only today’s local check-ins', async () => {
    const { db, store } = station();
    const yesterday = '2026-12-01';
    store.cacheAppointments(yesterday, [booking('old', { day: yesterday })], 1);
    await pullAppointments(store, async () => page({ appointments: [booking('a1'), booking('a2'), booking('gone')], cursor: `ab12:${DAY}:3`, reset: true }));
    expect(rows(db).map((r) => (r as { id: string }).id)).toEqual(['a1', 'a2', 'gone']);
    // a1 was checked in here while the hub was away: its offline ticket names it.
    store.checkIn({ counter: 3, appointment: store.appointment('a1')!, stream: 'Y', prefix: 'Y', now: Date.parse(`${DAY}T09:50:00+08:00`) });
    const other = randomBytes(32);
    const r = await pullAppointments(store, async () => page({ appointments: [booking('a1'), booking('a2')], cursor: `cd34:${DAY}:2`, reset: true, matchKey: other.toString('base64') }));
    expect(r.reset).toBe(true);
    expect(rows(db)).toEqual([
      { id: 'a1', day: DAY, status: 'checked_in', ticket_number: 'Y-3-001' },
      { id: 'a2', day: DAY, status: 'booked', ticket_number: null },
    ]);
    expect(store.cursor(APPOINTMENTS_CURSOR)).toBe(`cd34:${DAY}:2`);
    // The new day's key: the old hash no longer matches (the new hub hashes under its own key).
    expect(store.findAppointments(DAY, { idNumber: '310101199001011234' })).toEqual([]);
  });

  it('a malformed answer is a clear Chinese error and changes nothing', async () => {
    const { db, store } = station();
    await pullAppointments(store, async () => page({ appointments: [booking('a1')], cursor: `ab12:${DAY}:1`, reset: true }));
    const before = { rows: rows(db), cursor: store.cursor(APPOINTMENTS_CURSOR), key: store.getMeta('matchKey') };
    const bad = [
      { nonsense: true },
      page({ appointments: [{ id: 'a9' }], cursor: `ab12:${DAY}:9`, reset: true }),
      page({ appointments: [booking('a9', { day: '2026-12-03' })], cursor: `ab12:${DAY}:9`, reset: true }),
      page({ appointments: [booking('a9')], cursor: 'not a cursor' }),
      page({ appointments: [booking('a9')], cursor: `ab12:${DAY}:9`, matchKey: 'short' }),
      null,
    ];
    for (const answer of bad) {
      await expect(pullAppointments(store, async () => answer)).rejects.toMatchObject({ code: 'HUB_BAD_RESPONSE', message: expect.stringMatching(/预约名单格式不符.*本机继续使用现有预约名单/) });
    }
    expect({ rows: rows(db), cursor: store.cursor(APPOINTMENTS_CURSOR), key: store.getMeta('matchKey') }).toEqual(before);
  });
});

describe('pull of the hall’s configuration', () => {
  const hall = { ...demoHall(), followBase: null };

  it('writes a changed configuration with its cursor; `unchanged` writes nothing', async () => {
    const { store } = station();
    const asked: Array<string | null> = [];
    const got = await pullHall(store, async (c) => (asked.push(c), { unchanged: false, cursor: `ab12:${'0'.repeat(32)}`, hall }));
    expect(got?.counters.map((c) => c.number)).toEqual(hall.counters.map((c) => c.number));
    expect(store.getMeta('hall')).toEqual(got);
    expect(store.cursor(HALL_CURSOR)).toBe(`ab12:${'0'.repeat(32)}`);
    expect(await pullHall(store, async (c) => (asked.push(c), { unchanged: true, cursor: c }))).toBeNull();
    expect(asked).toEqual([null, `ab12:${'0'.repeat(32)}`]);
    expect(store.getMeta('hall')).toEqual(got);
  });

  it('a malformed configuration is a clear error and the stored one and its cursor stay', async () => {
    const { db, store } = station();
    await pullHall(store, async () => ({ unchanged: false, cursor: `ab12:${'0'.repeat(32)}`, hall }));
    const before = { hall: store.getMeta('hall'), cursor: store.cursor(HALL_CURSOR) };
    for (const answer of [{ unchanged: false, cursor: `ab12:${'1'.repeat(32)}`, hall: { ...hall, streams: [] } }, { unchanged: false, cursor: `ab12:${'1'.repeat(32)}` }, 'ok']) {
      await expect(pullHall(store, async () => answer)).rejects.toMatchObject({ code: 'HUB_BAD_RESPONSE', message: expect.stringMatching(/大厅配置格式不符/) });
    }
    expect({ hall: store.getMeta('hall'), cursor: store.cursor(HALL_CURSOR) }).toEqual(before);
    // A write that fails keeps the old configuration with its old cursor.
    db.exec(`CREATE TRIGGER no_cursor BEFORE UPDATE ON sync_cursors BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    await expect(pullHall(store, async () => ({ unchanged: false, cursor: `ab12:${'2'.repeat(32)}`, hall: { ...hall, name: '另一个大厅' } }))).rejects.toThrow(/disk I\/O error/);
    expect({ hall: store.getMeta('hall'), cursor: store.cursor(HALL_CURSOR) }).toEqual(before);
  });
});
