import { describe, expect, it } from 'vitest';
import { fakeClock, raw, startTestHub } from './helpers';
import { bookedIdNumber } from '../../fixtures/demo-bookings';

/** A phone on the hall's Wi-Fi: no device certificate (the page is public). */
const split = (url: string) => {
  const u = new URL(url);
  return { base: u.origin, path: u.pathname + u.search };
};
const page = async (url: string) => {
  const { base, path } = split(url);
  const res = await raw(base, 'GET', path, undefined, null, { accept: 'text/html,application/xhtml+xml' });
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), csp: String(res.headers['content-security-policy'] ?? ''), html: res.text };
};
const json = async (url: string) => {
  const { base, path } = split(url);
  const res = await raw(base, 'GET', path, undefined, null, { accept: 'application/json' });
  return { status: res.status, body: res.json as { ok: boolean; value?: any; error?: { code: string; message: string } } };
};

describe('GET /follow/:code (the slip QR’s page)', () => {
  it('every hub ticket gets its own unguessable code; the page follows it from 等候中 to 已叫号 to 已办结', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const first = await client.issue({ stream: 'A', source: 'kiosk' });
      const t = await client.issue({ stream: 'A', source: 'counter' });
      expect(t.followCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(first.followCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(t.followCode).not.toBe(first.followCode);
      const url = `${hub.url}/follow/${t.followCode}`;

      const waiting = await page(url);
      expect(waiting.status).toBe(200);
      expect(waiting.type).toContain('text/html');
      expect(waiting.csp).toContain("default-src 'none'");
      expect(waiting.html).toContain('lang="zh-CN"');
      expect(waiting.html).toContain(t.number);
      expect(waiting.html).toContain('等候中 · 前面还有 1 人');
      expect((await json(url)).body.value).toMatchObject({ number: t.number, state: 'waiting', ahead: 1, counter: null });
      // The typed client reads the same route as JSON.
      expect((await client.call('follow', { params: { code: t.followCode! } })).state).toBe('waiting');

      await client.callNext(1); // calls the first ticket
      expect((await page(url)).html).toContain('下一位就是您');
      const called = await client.callNext(2);
      expect(called.ticket?.number).toBe(t.number);
      expect((await page(url)).html).toMatch(/已叫号，请到 .*2.*窗口 办理/);
      await client.start(t.id, 2);
      await client.finish(t.id, 2);
      const done = await page(url);
      expect(done.html).toContain('已办结');
      // A finished ticket's page stops refreshing itself.
      expect(done.html).not.toContain('http-equiv="refresh"');
    } finally {
      await hub.close();
    }
  });

  it('shows no personal data: not the holder’s name, ID number, phone, item or the note', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, demo: true });
    try {
      const appt = (await client.appointments()).find((a) => a.slotStart === clock.now() && a.itemName && a.phone)!;
      const { ticket } = await client.checkIn({ by: 'idNumber', idNumber: bookedIdNumber(appt) });
      expect(ticket.followCode).toBeTruthy();
      const url = `${hub.url}/follow/${ticket.followCode}`;
      const html = (await page(url)).html;
      const wire = JSON.stringify((await json(url)).body);
      expect(html).toContain(ticket.number);
      for (const text of [html, wire]) {
        expect(text).not.toContain(appt.name!);
        if (appt.name!.length >= 3) expect(text).not.toContain(appt.name!.slice(1));
        expect(text).not.toContain(bookedIdNumber(appt));
        expect(text).not.toContain(bookedIdNumber(appt).slice(-6));
        expect(text).not.toContain(appt.phone!);
        expect(text).not.toContain(appt.itemName!);
        expect(text).not.toContain(appt.code);
      }
      expect(Object.keys((await json(url)).body.value).sort()).toEqual(['ahead', 'at', 'counter', 'counterName', 'hall', 'number', 'state', 'streamName']);
    } finally {
      await hub.close();
    }
  });

  it('an unknown, malformed or yesterday’s code is 404, as a page for a phone and as JSON for a client', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now });
    try {
      const t = await client.issue({ stream: 'A', source: 'kiosk' });
      for (const code of ['AAAAAAAAAAAAAAAAAAAAAA', 'x', t.followCode!.slice(0, 21) + (t.followCode!.endsWith('A') ? 'B' : 'A')]) {
        const p = await page(`${hub.url}/follow/${code}`);
        expect(p.status).toBe(404);
        expect(p.html).toContain('没有找到这张号票');
        const j = await json(`${hub.url}/follow/${code}`);
        expect(j.status).toBe(404);
        expect(j.body.error?.code).toBe('UNKNOWN_FOLLOW_CODE');
      }
      clock.advance(24 * 60);
      expect((await page(`${hub.url}/follow/${t.followCode}`)).status).toBe(404);
    } finally {
      await hub.close();
    }
  });
});
