import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Workstation } from '../../../main/api/workstation';
import { startHost, type Host } from '../../../main/host/server';
import { ensureRendererBuilt, rendererDir, signInCookie, WsClient } from '../../fixtures/host';
import { demoWorkstation } from '../../fixtures/workstation';

let ws: Workstation;
let host: Host;
let cookie: string;
const wsUrl = () => `${host.url.replace('http', 'ws')}/desk`;
const open = () => WsClient.open(wsUrl(), host.url, cookie);

beforeAll(async () => {
  ensureRendererBuilt();
  ws = await demoWorkstation();
  host = await startHost({ ws, rendererDir, port: 0 });
  cookie = await signInCookie(host);
});
afterAll(async () => {
  await host.close();
  await ws.close();
});

/** The browser shell's pairing: the clerk's code typed on the citizen screen. */
async function pair(clerk: WsClient, citizen: WsClient, counterId: string): Promise<void> {
  const code = (await clerk.call('citizen.pairingCode')) as { value: { code: string } };
  expect(await citizen.call('citizen.pair', { counterId, code: code.value.code })).toMatchObject({ ok: true });
}

describe('the Node host', () => {
  it('serves the renderer with a CSP, only to its loopback name', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    // fetch() will not send a forged Host header; node:http will, as a DNS-rebinding page's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`${host.url}/`, { headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('refuses a WebSocket without the session cookie, or with a made-up one', async () => {
    await expect(WsClient.open(wsUrl(), host.url)).rejects.toThrow(/403/);
    await expect(WsClient.open(wsUrl(), host.url, `${host.sessionCookie}=made-up`)).rejects.toThrow(/403/);
    // The old way in (a token in the socket's address) opens nothing.
    await expect(WsClient.open(`${wsUrl()}?token=${new URL(host.launchUrl).searchParams.get('code')}`, host.url)).rejects.toThrow(/403/);
  });

  it('refuses a WebSocket from another origin even with the cookie', async () => {
    await expect(WsClient.open(wsUrl(), 'http://127.0.0.1:9999', cookie)).rejects.toThrow(/403/);
    expect(ws.audit.recent(5).some((r) => r.action === 'host.connection' && r.outcome === 'refused')).toBe(true);
  });

  it('carries the contract: login, status, citizen events scoped to the counter', async () => {
    const clerk = await open();
    const citizen = await open();
    const otherCitizen = await open();
    const otherClerk = await open();
    expect(await clerk.call('session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-2' })).toMatchObject({ ok: true });
    expect(await otherClerk.call('session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-3' })).toMatchObject({ ok: true });
    // Holding the launch token is not enough to be a counter's citizen screen: it needs the clerk's pairing code.
    expect(await citizen.call('citizen.attach', { counterId: 'counter-2' })).toMatchObject({ ok: false, error: { code: 'CITIZEN_NOT_PAIRED' } });
    await pair(clerk, citizen, 'counter-2');
    await pair(otherClerk, otherCitizen, 'counter-3');
    expect(await citizen.call('citizen.attach', { counterId: 'counter-2' })).toMatchObject({ ok: true, value: { mode: 'welcome', counterNumber: 2 } });
    expect(await otherCitizen.call('citizen.attach', { counterId: 'counter-3' })).toMatchObject({ ok: true });
    expect(await clerk.call('citizen.show', { view: { mode: 'called', counterNumber: 2, ticketNumber: 'A012' } })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(citizen.events).toContainEqual({ event: 'citizen.view', payload: { mode: 'called', counterNumber: 2, ticketNumber: 'A012' } });
    expect(otherCitizen.events.filter((e) => e.event === 'citizen.view')).toEqual([]);
    expect(await citizen.call('system.status')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    clerk.close();
    citizen.close();
    otherCitizen.close();
  });

  it('answers garbage with INVALID_INPUT and keeps the connection', async () => {
    const c = await open();
    expect(await c.sendRaw('{not json')).toMatchObject({ result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    for (const notAMessage of ['null', '5', '"x"', '[1]']) expect(await c.sendRaw(notAMessage)).toMatchObject({ id: null, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(await c.call('system.info')).toMatchObject({ ok: true });
    c.close();
  });
});

describe('replies on the wire', () => {
  it('are text frames of JSON, also when the answer is a cached one (a browser gets a string, not a Blob)', async () => {
    const sock = new WebSocket(wsUrl(), { origin: host.url, headers: { cookie } });
    await new Promise((r) => sock.once('open', r));
    for (const id of [1, 2]) {
      const [data, isBinary] = await new Promise<[unknown, boolean]>((resolve) => {
        sock.once('message', (d, b) => resolve([d, b]));
        sock.send(JSON.stringify({ id, call: 'system.info', input: {} }));
      });
      expect(isBinary).toBe(false);
      expect(JSON.parse(String(data))).toMatchObject({ id, result: { ok: true, value: { product: expect.any(String) } } });
    }
    sock.close();
  });
});

describe('the citizen screen across a change of clerk', () => {
  it('greets with the clerk on login and forgets everything on logout', async () => {
    const clerk = await open();
    const citizen = await open();
    expect(await clerk.call('session.login', { staffNo: '1002', password: 'demo1002', counterId: 'counter-4' })).toMatchObject({ ok: true });
    await pair(clerk, citizen, 'counter-4');
    expect(await citizen.call('citizen.attach', { counterId: 'counter-4' })).toMatchObject({ ok: true, value: { mode: 'welcome', clerkName: '李强' } });
    expect(await clerk.call('citizen.show', { view: { mode: 'checklist', counterNumber: 4, itemName: '某事项', entries: [{ name: '营业执照', status: 'missing', statusLabel: '缺少' }] } })).toMatchObject({ ok: true });
    expect(await clerk.call('session.logout')).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    const views = citizen.events.filter((e) => e.event === 'citizen.view').map((e) => e.payload);
    const hallName = '上海市松江区行政服务中心（演示）';
    expect(views[0]).toMatchObject({ mode: 'checklist', counterNumber: 4 });
    expect(views.at(-1)).toEqual({ mode: 'welcome', counterNumber: 4, clerkName: null, hallName });
    expect(await citizen.call('citizen.attach', { counterId: 'counter-4' })).toMatchObject({ ok: true, value: { mode: 'welcome', clerkName: null } });
    clerk.close();
    citizen.close();
  });
});
