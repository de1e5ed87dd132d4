/**
 * The hall TV enrols from its own page: a browser has no certificate, so `/display` shows a code
 * form, the hub enrols a `display` device and sets an HttpOnly cookie; with it the TV reads the hall
 * and gets the public push — and nothing else. The administrator lists and revokes it like any
 * device, and the revocation cuts it off at once (an open push socket too).
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { runDeviceCommand } from '../../../main/hub/trust/cli-devices';
import { DISPLAY_COOKIE } from '../../../main/hub/trust/access';
import { backendFor, fakeClock, pushUrl, raw, startTestHub, tempDir, tlsFor, trustSql } from './helpers';

const enrolBody = (code: string) => JSON.stringify({ code });
const html = { accept: 'text/html' };

function tvSocket(url: string, cookie: string | null): Promise<{ ws: WebSocket; events: any[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(pushUrl(url), { ...tlsFor(url, null), headers: cookie ? { cookie } : {} });
    const events: any[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => events.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, events, closed }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('hall TV enrolment (/display, cookie device)', () => {
  it('enrols with a display code, reads the public view only, and is cut off at once when revoked', async () => {
    const dataDir = tempDir();
    const { hub, client } = await startTestHub({ dataDir, now: fakeClock().now });
    try {
      // Not enrolled: the page is the form, and the push and the hall are refused.
      const form = await raw(hub.url, 'GET', '/display', undefined, null, html);
      expect(form.status).toBe(200);
      expect(form.text).toContain('本屏尚未登记');
      expect(form.text).toContain('叫号屏登记码');
      expect(form.headers['cache-control']).toBe('no-store');
      await expect(tvSocket(hub.url, null)).rejects.toThrow(/401/);

      const registry = hub.trust!.registry;
      // A workstation's code is not a TV's: refused, and stays good for the workstation.
      const wsCode = (await registry.createCode({ role: 'workstation', counters: [1], name: '1号窗口' })).code;
      const wrongRole = await raw(hub.url, 'POST', '/display/enrol', enrolBody(wsCode), null);
      expect(wrongRole.status).toBe(403);
      expect(wrongRole.json.error.message).toBe('此登记码是为窗口工作站签发的，不能用于大厅叫号屏；请向管理员索取大厅叫号屏的登记码。');
      const bogus = await raw(hub.url, 'POST', '/display/enrol', enrolBody('AAAA-BBBB-CCCC-DDDD'), null);
      expect(bogus.json.error).toEqual({ code: 'ENROLMENT_REFUSED', message: '登记码无效、已使用或已过期，请向管理员重新索取。' });

      const { code } = await registry.createCode({ role: 'display', counters: [], name: '大厅东侧叫号屏' });
      const ok = await raw(hub.url, 'POST', '/display/enrol', enrolBody(code), null);
      expect(ok.status).toBe(200);
      expect(ok.json.value.name).toBe('大厅东侧叫号屏');
      const setCookie = String(ok.headers['set-cookie']);
      expect(setCookie).toMatch(new RegExp(`^${DISPLAY_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; HttpOnly; Secure; SameSite=Strict$`));
      const cookie = setCookie.split(';')[0];
      // Only the hash is stored: the database never holds the token.
      const [stored] = await trustSql<{ token_hash: string }>(hub, 'SELECT token_hash FROM devices WHERE id = ?', ok.json.value.deviceId);
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.token_hash).not.toContain(cookie.split('=')[1]);

      const used = await raw(hub.url, 'POST', '/display/enrol', enrolBody(code), null);
      expect(used.json.error.message).toBe('登记码无效、已使用或已过期，请向管理员重新索取。');

      // Enrolled: the display page, the hall, and the public push (calls arrive live).
      expect((await raw(hub.url, 'GET', '/display', undefined, null, { ...html, cookie })).text).toContain('正在叫号');
      expect((await raw(hub.url, 'GET', '/hall', undefined, null, { cookie })).status).toBe(200);
      const tv = await tvSocket(hub.url, cookie);
      await until(() => tv.events.some((e) => e.type === 'queue.changed'));
      const t = await client.issue({ stream: 'A', note: '张三 代办' });
      await client.callNext(1);
      await until(() => tv.events.some((e) => e.type === 'ticket.called'));
      const called = tv.events.find((e) => e.type === 'ticket.called');
      expect(called.ticket.number).toBe(t.number);
      expect(JSON.stringify(tv.events)).not.toContain('张三');
      // A TV's subscribe asks for views it may not have: nothing comes of it.
      tv.ws.send(JSON.stringify({ type: 'subscribe', counters: [1], supervisor: true }));

      // Read-only public view: no tickets, no board, no writes.
      for (const [m, p, b] of [['GET', '/tickets'], ['GET', '/supervisor'], ['GET', '/appointments'], ['POST', '/counters/1/call-next', JSON.stringify({ requestId: 'req-00000009' })]] as const) {
        const r = await raw(hub.url, m, p, b, null, { cookie });
        expect(r.status, `${m} ${p}`).toBe(403);
        expect(r.json.error.code).toBe('DEVICE_FORBIDDEN');
      }
      // Another site's page cannot use it: the Origin check comes first.
      expect((await raw(hub.url, 'GET', '/hall', undefined, null, { cookie, origin: 'https://evil.example' })).status).toBe(403);
      expect(tv.events.some((e) => e.type === 'views')).toBe(false);

      // The administrator sees it and revokes it: refused on the next request, socket closed.
      const id = ok.json.value.deviceId as string;
      expect(await runDeviceCommand('devices', dataDir, null, { db: backendFor(dataDir) })).toMatch(new RegExp(`${id}.*大厅东侧叫号屏（浏览器凭据）`));
      await runDeviceCommand('revoke', dataDir, null, { id, reason: '屏幕更换', db: backendFor(dataDir) });
      expect((await raw(hub.url, 'GET', '/hall', undefined, null, { cookie })).status).toBe(401);
      expect(await tv.closed).toBe(4401);
      await expect(tvSocket(hub.url, cookie)).rejects.toThrow(/401/);
      expect((await raw(hub.url, 'GET', '/display', undefined, null, { ...html, cookie })).text).toContain('本屏尚未登记');
    } finally {
      await hub.close();
    }
  });

  it('limits enrolment attempts per client: the 11th in a minute is answered 429 in Chinese', async () => {
    const { hub } = await startTestHub();
    try {
      const answers = [];
      for (let i = 0; i < 11; i++) answers.push(await raw(hub.url, 'POST', '/display/enrol', enrolBody('AAAA-BBBB-CCCC-DDDD'), null));
      expect(answers.slice(0, 10).every((a) => a.status === 403)).toBe(true);
      expect(answers[10].status).toBe(429);
      expect(answers[10].json.error.code).toBe('RATE_LIMITED');
      expect(answers[10].json.error.message).toMatch(/请求过于频繁，请 \d+ 秒后重试/);
    } finally {
      await hub.close();
    }
  });
});
