import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
      expect(Object.keys((await json(url)).body.value).sort()).toEqual(['ahead', 'at', 'counter', 'counterName', 'estimateMinutes', 'hall', 'number', 'soon', 'state', 'streamName']);
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

describe('the public follow listener (issue 13: the applicant’s phone)', () => {
  it('the ticket carries its forecast; the phone page on the public port shows it, then 即将叫到, then the counter', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, publicListener: { port: 0 } });
    try {
      expect(hub.publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await client.hall()).followBase).toBe(hub.publicUrl);
      // Two counters signed in (a heartbeat each): the forecast spreads the queue over both.
      await client.heartbeat(1);
      await client.heartbeat(2);
      const tickets = [];
      for (let i = 0; i < 8; i++) tickets.push(await client.issue({ stream: 'A', source: 'kiosk' }));
      const last = tickets[7];
      expect(tickets[0].estimateAhead).toBe(0);
      expect(tickets[0].estimateMinutes).toBe(0);
      expect(last.estimateAhead).toBe(7);
      // Seven ahead over two counters of ≈10 minutes each (nobody served yet today: the default mean).
      expect(last.estimateMinutes).toBeGreaterThanOrEqual(30);
      expect(last.estimateMinutes).toBeLessThanOrEqual(40);

      const url = `${hub.publicUrl}/follow/${last.followCode}`;
      const first = await page(url);
      expect(first.status).toBe(200);
      expect(first.html).toContain('前面还有 7 人');
      expect(first.html).toMatch(/预计等候约 <b>\d+<\/b> 分钟/);
      expect(first.html).not.toContain('即将叫到');
      expect((await json(url)).body.value).toMatchObject({ state: 'waiting', ahead: 7, soon: false });

      for (let i = 0; i < 4; i++) {
        const c = await client.callNext(1 + (i % 2));
        await client.start(c.ticket!.id, 1 + (i % 2));
        await client.finish(c.ticket!.id, 1 + (i % 2));
      }
      const soon = await page(url);
      expect(soon.html).toContain('前面还有 3 人');
      expect(soon.html).toContain('即将叫到');
      for (;;) {
        const c = (await client.callNext(1)).ticket!;
        if (c.id === last.id) break;
        await client.start(c.id, 1);
        await client.finish(c.id, 1);
      }
      const called = await page(url);
      expect(called.html).toMatch(/已叫号，请到 .*1.*窗口 办理/);
      expect(called.html).not.toContain('预计等候');
    } finally {
      await hub.close();
    }
  });

  it('serves the later-rating page too: a phone opens the citizen screen\'s QR, rates once, and the workstation hears it', async () => {
    const { hub, client } = await startTestHub({ publicListener: { port: 0 } });
    try {
      const code = randomBytes(12).toString('base64url');
      const serviceId = randomUUID();
      await client.call('offerRating', { body: { counter: 1, offer: { serviceId, codeHash: createHash('sha256').update(code).digest('hex'), ticketNumber: 'A007', itemName: '居住证办理', rateUntil: '2030-01-01T00:00:00.000Z' } } });
      const url = `${hub.publicUrl}/rate/${code}`;
      const p = await page(url);
      expect(p.status).toBe(200);
      expect(p.html).toContain('请您对本次服务进行评价');
      expect(p.html).toContain('A007 号');
      const post = (body: string, type = 'application/json') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
      // Bad input: a clear error, nothing recorded.
      expect((await post('{"level":9}')).status).toBe(400);
      expect((await post('level=5', 'application/x-www-form-urlencoded')).status).toBeGreaterThanOrEqual(400);
      expect(await client.call('laterRatings', { query: { counter: '1', after: '0' } })).toEqual([]);
      const ok = await post(JSON.stringify({ level: 5, reasons: [], reasonText: null }));
      expect(await ok.json()).toEqual({ ok: true, value: { done: true } });
      const again = await post(JSON.stringify({ level: 1, reasons: ['attitude'], reasonText: null }));
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('RATING_ALREADY_RATED');
      const answers = await client.call('laterRatings', { query: { counter: '1', after: '0' } });
      expect(answers.map((a) => [a.serviceId, a.level])).toEqual([[serviceId, 5]]);
      expect((await page(`${hub.publicUrl}/rate/AAAAAAAAAAAAAAAA`)).status).toBe(404);
    } finally {
      await hub.close();
    }
  });

  it('serves nothing but /follow/:code and /rate/:code: every other route of the hub is 404 there, without a certificate', async () => {
    const clock = fakeClock();
    const { hub, client } = await startTestHub({ now: clock.now, publicListener: { port: 0 } });
    try {
      const t = await client.issue({ stream: 'A', source: 'kiosk' });
      const base = hub.publicUrl!;
      for (const [method, path] of [['GET', '/health'], ['GET', '/hall'], ['GET', '/tickets'], ['POST', '/tickets'], ['GET', '/display'], ['GET', '/trust/ca'], ['POST', '/trust/enrol'], ['GET', '/supervisor'], ['GET', '/views'], ['GET', '/push'], ['GET', '/'], ['POST', `/follow/${t.followCode}`], ['GET', `/follow/${t.followCode}/x`]] as const) {
        const res = await raw(base, method, path, method === 'POST' ? '{}' : undefined, null);
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      expect((await raw(base, 'GET', `/follow/${t.followCode}`, undefined, null)).status).toBe(200);
      const unknown = await raw(base, 'GET', '/follow/AAAAAAAAAAAAAAAAAAAAAA', undefined, null);
      expect(unknown.status).toBe(404);
      expect(unknown.json.error?.code).toBe('UNKNOWN_FOLLOW_CODE');
      // The devices' listener is HTTPS with client certificates; the public one is plain HTTP and separate.
      expect(hub.url.startsWith('https://')).toBe(true);
      expect(new URL(hub.url).port).not.toBe(new URL(base).port);
    } finally {
      await hub.close();
    }
  });
});
