/**
 * The day's bookings and the hall's configuration pulled with the hub's cursors (issue 11),
 * against a real hub (SQLite here, PostgreSQL in the `hub-pg` project): the first pull takes the
 * day, the next only what changed (an import, a check-in, the no-show sweep), a cursor of another
 * day or database starts over; the hall answers `unchanged` until a supervisor changes a skill.
 * Every such change is pushed to the hall's workstations as `pull.due` (never to a TV or a kiosk,
 * and never as a change of the views). Then a workstation built as the app builds it: it holds
 * both cursors once online, and an import, a kiosk check-in or a skill change at the hub reaches
 * its copies within seconds (the push), not at the next minute's pull.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkstation, type Workstation } from '../../../main/api/workstation';
import { APPOINTMENTS_CURSOR, HALL_CURSOR } from '../../../main/core/queue/pulls';
import { MemorySettings } from '../../../main/core/settings';
import { cursorOf } from '../../../main/core/sync/pull';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import { keysFor, tempDir as wsTempDir } from '../../fixtures/workstation';
import { enrolTestDevice, expectCode, fakeClock, listenPush, startTestHub } from './helpers';

const DAY = '2026-03-02';
const at = (hm: string) => Date.parse(`${DAY}T${hm}:00+08:00`);
const booking = (n: number, slot: string) => ({
  id: `pull-${n}`, code: `PL${String(n).padStart(4, '0')}`, idNumber: '310101199001011234', name: `预约人${n}`, phone: '13800000000',
  slotStart: at(slot), slotEnd: at(slot) + 30 * 60_000, itemCode: null, itemName: '居住证办理',
});

describe('bookings and hall configuration by cursor', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  let client: HubClient;
  beforeAll(async () => {
    ({ hub, client } = await startTestHub({ now: clock.now, demo: true }));
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('first the whole day, then only the changes: an import, a check-in, the no-show sweep', async () => {
    const first = await client.appointmentChanges(null);
    expect(first).toMatchObject({ day: DAY, reset: true, more: false });
    const day = (await client.appointments()).filter((a) => a.day === DAY);
    expect(first.appointments.map((a) => a.id).sort()).toEqual(day.map((a) => a.id).sort());
    expect(first.matchKey).toBe((await client.matchKey()).key);
    // Nothing changed: an empty page and the same cursor.
    expect(await client.appointmentChanges(first.cursor)).toMatchObject({ appointments: [], cursor: first.cursor, reset: false, more: false });

    // Imported after the first pull: the next page holds exactly these two.
    await client.importAppointments([booking(1, '10:00'), booking(2, '10:30')]);
    const second = await client.appointmentChanges(first.cursor);
    expect(second.reset).toBe(false);
    expect(second.appointments.map((a) => a.id)).toEqual(['pull-1', 'pull-2']);

    // A check-in changes the row: it comes again, checked in.
    const { ticket } = await client.checkIn({ by: 'code', code: 'PL0001' });
    const third = await client.appointmentChanges(second.cursor);
    expect(third.appointments).toEqual([expect.objectContaining({ id: 'pull-1', status: 'checked_in', ticketId: ticket.id })]);

    // The sweep after the slot (+ lateness): pull-2 and every other booking of the morning left unclaimed.
    clock.set(at('12:00'));
    const marked = (await hub.hub.appointments.sweepNoShows());
    const fourth = await client.appointmentChanges(third.cursor);
    expect(marked).toBeGreaterThan(0);
    expect(fourth.appointments.length).toBe(marked);
    expect(fourth.appointments.every((a) => a.status === 'no_show')).toBe(true);
    expect(fourth.appointments.map((a) => a.id)).toContain('pull-2');
  });

  it('pages of at most 200 follow `more` without a gap or a repeat', async () => {
    const all = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const p = await client.appointmentChanges(cursor);
      pages++;
      for (const a of p.appointments) all.set(a.id, (all.get(a.id) ?? 0) + 1);
      cursor = p.cursor;
      if (!p.more) break;
    }
    const day = (await client.appointments()).filter((a) => a.day === DAY);
    expect([...all.keys()].sort()).toEqual(day.map((a) => a.id).sort());
    expect([...all.values()].every((n) => n === 1)).toBe(true);
    expect(pages).toBe(Math.floor(day.length / 200) + 1);
  });

  it('a cursor of another database or another day starts over; the day turn is a reset to the new day', async () => {
    const now = await client.appointmentChanges(null);
    const [epoch, , seq] = now.cursor.split(':');
    const foreign = await client.appointmentChanges(`${'f'.repeat(16)}:${DAY}:${seq}`);
    expect(foreign).toMatchObject({ reset: true, day: DAY });
    expect(foreign.appointments.length).toBe(now.appointments.length);
    expect((await client.appointmentChanges(`${epoch}:2026-03-01:${seq}`)).reset).toBe(true);

    clock.set(Date.parse('2026-03-03T08:30:00+08:00'));
    await client.importAppointments([{ ...booking(3, '09:00'), slotStart: Date.parse('2026-03-03T09:00:00+08:00'), slotEnd: Date.parse('2026-03-03T09:30:00+08:00') }]);
    const next = await client.appointmentChanges(now.cursor);
    expect(next).toMatchObject({ reset: true, day: '2026-03-03' });
    expect(next.appointments.map((a) => a.id)).toContain('pull-3');
    expect(next.appointments.every((a) => a.day === '2026-03-03')).toBe(true);
    // The new day's matching key.
    expect(next.matchKey).not.toBe(now.matchKey);
    expect(next.cursor.split(':')[1]).toBe('2026-03-03');
  });

  it('a kiosk pulls the hall (it issues by its streams) but no bookings; a TV neither', async () => {
    const kiosk = new HubClient({ url: hub.url, credential: await enrolTestDevice(hub, 'kiosk') });
    expect((await kiosk.hallChanges(null)).unchanged).toBe(false);
    await expectCode(kiosk.appointmentChanges(null), 'DEVICE_FORBIDDEN');
    const tv = new HubClient({ url: hub.url, credential: await enrolTestDevice(hub, 'display') });
    await expectCode(tv.hallChanges(null), 'DEVICE_FORBIDDEN');
    await expectCode(tv.appointmentChanges(null), 'DEVICE_FORBIDDEN');
  });

  it('a check-in made offline at a counter and reconciled later moves the booking too', async () => {
    const before = await client.appointmentChanges(null);
    expect(before.day).toBe('2026-03-03');
    const results = await client.reconcile({
      workstationId: 'ws-offline', counter: 3,
      ops: [{ opId: '6f1c1d7e-7a4e-4c56-9d0e-000000000001', type: 'checkIn', at: clock.now(), number: 'Y-3-001', appointmentCode: 'PL0003' }],
    });
    expect(results[0].outcome).toBe('applied');
    const after = await client.appointmentChanges(before.cursor);
    expect(after.appointments).toEqual([expect.objectContaining({ id: 'pull-3', status: 'checked_in', ticketId: results[0].ticket!.id })]);
  });

  it('the hall: its configuration once, then `unchanged` until a skill changes', async () => {
    const first = await client.hallChanges(null);
    if (first.unchanged) throw new Error('the first hall pull must carry the configuration');
    expect(first.hall.counters.map((c) => c.number)).toEqual(hub.hub.queue.hall.counters.map((c) => c.number));
    expect(await client.hallChanges(first.cursor)).toEqual({ unchanged: true, cursor: first.cursor });
    // A pause is runtime state, not configuration.
    await client.pause(1);
    expect(await client.hallChanges(first.cursor)).toEqual({ unchanged: true, cursor: first.cursor });
    await client.resumeCounter(1);
    const n = first.hall.counters[1].number;
    await client.setSkills(n, ['A']);
    const changed = await client.hallChanges(first.cursor);
    if (changed.unchanged) throw new Error('a skill change must move the hall version');
    expect(changed.cursor).not.toBe(first.cursor);
    expect(changed.hall.counters.find((c) => c.number === n)!.streams).toEqual(['A']);
    // Another database's cursor: the configuration again.
    expect((await client.hallChanges(`${'f'.repeat(16)}:${first.cursor.split(':')[1]}`)).unchanged).toBe(false);
  });

  it('each change is pushed to the workstations as pull.due (bookings or hall), never to a TV or a kiosk, and moves no views', async () => {
    const tv = await enrolTestDevice(hub, 'display');
    const kiosk = await enrolTestDevice(hub, 'kiosk');
    const station = await enrolTestDevice(hub, 'workstation', [1]);
    const listen = (cred: DeviceCredential, subscribe: boolean) => {
      const l = listenPush(hub.url, cred, subscribe);
      return { ...l, due: () => l.got.filter((e) => e.type === 'pull.due').map((e) => e.what) };
    };
    const [t, k, w] = [listen(tv, false), listen(kiosk, false), listen(station, true)];
    await Promise.all([t.open, k.open, w.open]);
    await expect.poll(() => hub.hub.views.subscribers()).toBeGreaterThan(0);
    try {
      clock.set(at('09:00'));
      const version = hub.hub.views.upcoming;
      await client.importAppointments([booking(20, '09:30')]);
      await expect.poll(() => w.due()).toEqual(['appointments']);
      // Nothing of the queue changed: no views were pushed for it.
      expect(hub.hub.views.upcoming).toBe(version);
      // The same rows again change nothing: no push.
      await client.importAppointments([booking(20, '09:30')]);
      await client.checkIn({ by: 'code', code: 'PL0020' });
      await expect.poll(() => w.due()).toEqual(['appointments', 'appointments']);
      await client.setSkills(hub.hub.queue.hall.counters[0].number, ['A', 'B']);
      await expect.poll(() => w.due()).toEqual(['appointments', 'appointments', 'hall']);
      expect(t.due()).toEqual([]);
      expect(k.due()).toEqual([]);
    } finally {
      for (const s of [t, k, w]) s.close();
    }
  });
});

describe('a workstation pulls the bookings and the hall with the hub’s cursors', () => {
  let hub: RunningHub;
  let client: HubClient;
  let credential: DeviceCredential;
  let ws: Workstation | null = null;
  const dataDir = wsTempDir();
  beforeAll(async () => {
    // The hub on the real clock: the workstation's push and hall day are the real ones.
    ({ hub, client } = await startTestHub({ demo: true, testClock: true }));
    const counters = hub.hub.queue.hall.counters.map((c) => c.number);
    credential = await enrolWithRunningHub(hub, dataDir, { role: 'workstation', counters, name: '预约测试工作站' });
  }, 60_000);
  afterAll(async () => {
    await ws?.close();
    await hub?.close();
  });

  it('holds both cursors once online; an import, a kiosk check-in and a skill change at the hub reach it within seconds (pull.due)', async () => {
    ws = await createWorkstation({
      dataDir, keys: keysFor(dataDir), demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test',
      hubUrl: hub.url, hubMode: 'remote', hubCredential: credential, log: { info: () => {}, error: () => {} },
    });
    const link = ws.queue.link;
    await vi.waitFor(() => expect(link.online).toBe(true), { timeout: 20_000, interval: 100 });
    expect(cursorOf(ws.db, HALL_CURSOR)).toMatch(/^[0-9a-f]+:[0-9a-f]{32}$/);
    expect(cursorOf(ws.db, APPOINTMENTS_CURSOR)).toMatch(/^[0-9a-f]+:\d{4}-\d{2}-\d{2}:\d+$/);
    const today = hub.hub.queue.today();
    expect(ws.queue.store.appointmentCount(today)).toBe((await client.appointments()).filter((a) => a.day === today).length);

    // Booked at the hub after the workstation's pull: the push (pull.due) brings it within seconds
    // (the schedule's next pull is a minute away); checked in at a kiosk, it follows as checked in.
    link.want({ counters: [1], supervisor: false });
    const now = hub.hub.queue.now();
    const slot = now - (now % 60_000);
    await client.importAppointments([{ ...booking(9, '10:00'), id: 'pull-late', code: 'PL9999', slotStart: slot, slotEnd: slot + 30 * 60_000 }]);
    await vi.waitFor(() => expect(ws!.queue.store.appointment('pull-late')).toMatchObject({ code: 'PL9999', status: 'booked' }), { timeout: 5_000, interval: 50 });
    const { ticket } = await client.checkIn({ by: 'code', code: 'PL9999' });
    await vi.waitFor(() => expect(ws!.queue.store.appointment('pull-late')).toMatchObject({ status: 'checked_in' }), { timeout: 5_000, interval: 50 });
    await client.callTicket(ticket.id, 1);

    // A supervisor gives counter 2 only stream A: the link's hall follows within seconds, with nothing left to pull.
    await client.setSkills(2, ['A']);
    await vi.waitFor(() => expect(link.hall?.counters.find((c) => c.number === 2)?.streams).toEqual(['A']), { timeout: 5_000, interval: 50 });
    expect(await link.pullHall()).toBeNull();
  });

  it('the hub’s day turns: the next views push makes it pull at once, the hub answers reset, yesterday’s bookings leave the cache', async () => {
    const link = ws!.queue.link;
    const before = hub.hub.queue.today();
    expect(ws!.queue.store.appointmentCount(before)).toBeGreaterThan(0);
    await client.call('testClock', { body: { advanceMinutes: 24 * 60 } });
    const after = hub.hub.queue.today();
    expect(after).not.toBe(before);
    // Any change of the queue pushes views of the new day to the subscribed workstation.
    await client.issue({ stream: 'A' });
    await vi.waitFor(() => expect(cursorOf(ws!.db, APPOINTMENTS_CURSOR)?.split(':')[1]).toBe(after), { timeout: 5_000, interval: 50 });
    expect(ws!.queue.store.appointmentCount(before)).toBe(0);
    expect(ws!.queue.store.getMeta<{ day: string }>('matchKey')?.day).toBe(after);
    expect(link.online).toBe(true);
  });
});
