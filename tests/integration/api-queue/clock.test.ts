import { describe, expect, it } from 'vitest';
import { raw } from '../hub/helpers';
import { caller, signIn, startQueueHub, until, workstationFor } from './helpers';

const post = (url: string, body: unknown) => { const u = new URL(url); return raw(u.origin, 'POST', u.pathname, JSON.stringify(body)).then((r) => ({ status: r.status, body: r.json as any })); };

describe('hub test clock', () => {
  it('does not exist by default', async () => {
    const hub = await startQueueHub({ demo: false });
    try {
      const r = await post(`${hub.url}/test/clock`, { advanceMinutes: 10 });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    } finally {
      await hub.close();
    }
  });

  it('when enabled, moves the hub clock forward only, and waits grow with it', async () => {
    let real = Date.UTC(2026, 2, 2, 2, 0); // 10:00 hall time
    const hub = await startQueueHub({ demo: true, now: () => real, testClock: true });
    try {
      const ticket = (await post(`${hub.url}/tickets`, { stream: 'A' })).body.value;
      expect((await post(`${hub.url}/test/clock`, { advanceMinutes: -5 })).body.error.code).toBe('INVALID_INPUT');
      const r = await post(`${hub.url}/test/clock`, { advanceMinutes: 12 });
      expect(r.body.value.now).toBe(real + 12 * 60_000);
      real += 1000;
      const snap = (await raw(hub.url, 'GET', '/supervisor')).json as any;
      expect(snap.value.streams.find((s: any) => s.stream === 'A').longestWaitMinutes).toBe(12);
      expect(ticket.number).toBe('A001');
    } finally {
      await hub.close();
    }
  });
});

describe('presence', () => {
  it('a counter nobody signed in at is 未登录; once its clerk opens the panel it is idle and names the clerk (name and 工号)', async () => {
    const hub = await startQueueHub({ demo: true });
    const ws = await workstationFor(hub.url);
    try {
      await until(() => ws.queue.link.online);
      const sup = caller(ws, await signIn(ws, '3001', null));
      expect((await sup<any>('queue.supervisor', {})).counters.find((c: any) => c.number === 3)).toMatchObject({ state: 'signed_out', staff: null });
      const clerk = caller(ws, await signIn(ws, '1001', 'counter-3'));
      await clerk('queue.state', {});
      await until(async () => (await sup<any>('queue.supervisor', {})).counters.find((c: any) => c.number === 3).state === 'idle');
      expect((await sup<any>('queue.supervisor', {})).counters.find((c: any) => c.number === 3).staff).toEqual({ name: '王敏', staffNo: '1001' });
      // The clerk logs out: the board shows 未登录 (nobody there), not 离线 (a fault), and names no one.
      await clerk('session.logout', undefined);
      await until(async () => (await sup<any>('queue.supervisor', {})).counters.find((c: any) => c.number === 3).state === 'signed_out', 15_000);
      expect((await sup<any>('queue.supervisor', {})).counters.find((c: any) => c.number === 3).staff).toBeNull();
    } finally {
      await ws.close();
      await hub.close();
    }
  });
});
