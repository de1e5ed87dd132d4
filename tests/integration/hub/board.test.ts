import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { maskPersonName as maskName } from '../../../common/identity';
import { expectCode, fakeClock, pushUrl, startTestHub, tlsFor } from './helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

async function until<T>(get: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A workstation's push socket, raw, so a test can drop it the way a pulled cable does (no close frame). */
async function workstation(url: string, sub: object): Promise<WebSocket> {
  const ws = new WebSocket(pushUrl(url), tlsFor(url));
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  const snapshot = new Promise((r) => ws.on('message', (d) => String(d).includes('"type":"views"') && r(null)));
  ws.send(JSON.stringify({ type: 'subscribe', ...sub }));
  await snapshot; // the hub has taken the subscription
  return ws;
}

describe('the supervisor board: who is at each counter', () => {
  it('names the signed-in staff, tells 未登录 from 离线, and keeps the transfer refusal meaningful for both', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    const counter = async (n: number) => (await client.supervisor()).counters.find((c) => c.number === n)!;
    try {
      // Nobody ever signed in at 3 or 4 today: 未登录, not 离线 (which would read as a fault).
      expect(await counter(3)).toMatchObject({ state: 'signed_out', staff: null });

      const a = await workstation(hub.url, { counters: [3], supervisor: false, staff: [{ counter: 3, name: '王芳', staffNo: '1003' }] });
      await until(async () => ((await counter(3)).state === 'idle' ? true : undefined), 'counter 3 present');
      expect((await counter(3)).staff).toEqual({ name: '王芳', staffNo: '1003' });
      expect(await counter(4)).toMatchObject({ state: 'signed_out', staff: null });

      // The connection drops (no close frame): the staff stay named, and once silent past the
      // threshold the counter is 离线 — a fault, not an empty desk.
      a.terminate();
      await new Promise((r) => setTimeout(r, 100));
      expect((await counter(3)).state).toBe('idle');
      clock.advance(3); // > offlineAfterSeconds (120 s)
      expect(await counter(3)).toMatchObject({ state: 'offline', staff: { name: '王芳', staffNo: '1003' } });

      const t = await client.issue({ stream: 'A' });
      await expectCode(client.transfer(t.id, { toCounter: 3 }), 'TRANSFER_TARGET_UNSTAFFED');
      await expect(client.transfer(t.id, { toCounter: 3 })).rejects.toThrow(/连接已中断/);
      await expect(client.transfer(t.id, { toCounter: 4 })).rejects.toThrow(/无人登录/);
      expect((await client.ticket(t.id)).targetCounter).toBeNull();

      // Reconnected and then signed out (the counter leaves the subscription): 未登录 at once.
      const b = await workstation(hub.url, { counters: [3, 4], supervisor: false, staff: [{ counter: 3, name: '王芳', staffNo: '1003' }, { counter: 4, name: '李强', staffNo: '1004' }] });
      await until(async () => ((await counter(4)).state === 'idle' ? true : undefined), 'counter 4 present');
      expect((await counter(3)).state).toBe('idle');
      b.send(JSON.stringify({ type: 'subscribe', counters: [4], supervisor: false, staff: [{ counter: 4, name: '李强', staffNo: '1004' }] }));
      await until(async () => ((await counter(3)).state === 'signed_out' ? true : undefined), 'counter 3 signed out');
      expect((await counter(3)).staff).toBeNull();
      expect((await counter(4)).staff).toEqual({ name: '李强', staffNo: '1004' });

      // The workstation closes its link itself (quit, shutdown): nobody is signed in there any more.
      b.close(1000);
      await until(async () => ((await counter(4)).state === 'signed_out' ? true : undefined), 'counter 4 signed out on a normal close');
      expect((await counter(4)).staff).toBeNull();
    } finally {
      await hub.close();
    }
  });

  it("yesterday's sign-in names nobody today: a counter silent since then is 未登录, not 离线", async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const a = await workstation(hub.url, { counters: [5], supervisor: false, staff: [{ counter: 5, name: '赵敏', staffNo: '1005' }] });
      await until(async () => ((await client.supervisor()).counters.find((c) => c.number === 5)!.staff ? true : undefined), 'counter 5 named');
      a.terminate();
      clock.advance(24 * 60);
      expect((await client.supervisor()).counters.find((c) => c.number === 5)).toMatchObject({ state: 'signed_out', staff: null });
    } finally {
      await hub.close();
    }
  });

  it('a second socket signed in at the same counter keeps it staffed when the first re-subscribes without it', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const staff = { counter: 6, name: '钱进', staffNo: '1006' };
      const a = await workstation(hub.url, { counters: [6], supervisor: false, staff: [staff] });
      const b = await workstation(hub.url, { counters: [6], supervisor: false, staff: [staff] });
      await until(async () => ((await client.supervisor()).counters.find((c) => c.number === 6)!.state === 'idle' ? true : undefined), 'counter 6 present');
      a.send(JSON.stringify({ type: 'subscribe', counters: [], supervisor: false, staff: [] }));
      await new Promise((r) => setTimeout(r, 100));
      expect((await client.supervisor()).counters.find((c) => c.number === 6)).toMatchObject({ state: 'idle', staff: { name: '钱进' } });
      a.close();
      b.close();
    } finally {
      await hub.close();
    }
  });
});

describe('the supervisor board: appointments at risk', () => {
  it('shows the person by masked name and the booked item, never the full name or ID number', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    try {
      const appt = (await client.appointments()).find((a) => a.slotStart === clock.now() && a.itemName)!;
      await client.checkIn({ by: 'code', code: appt.code });
      clock.advance(9);
      const snap = await client.supervisor();
      expect(snap.atRisk).toEqual([expect.objectContaining({ appointmentId: appt.id, level: 'warning', maskedName: maskName(appt.name!), itemName: appt.itemName })]);
      expect(snap.atRisk[0].maskedName).toContain('*');
      const wire = JSON.stringify(await client.views({ counters: [], supervisor: true }));
      expect(wire).not.toContain(appt.name!);
      expect(wire).not.toContain(bookedIdNumber(appt));
    } finally {
      await hub.close();
    }
  });

  it('masks names by keeping the first and last characters', () => {
    expect(maskName('张晓燕')).toBe('张*燕');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李')).toBe('*');
  });
});
