import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workstation } from '../../../main/api/workstation';
import { startHost, type Host } from '../../../main/host/server';
import { ensureRendererBuilt, rendererDir, signInCookie, WsClient } from '../../fixtures/host';
import { demoWorkstation } from '../../fixtures/workstation';

// The launch token is gone: a one-time, short-lived code in the address, exchanged for an HttpOnly,
// SameSite=Strict cookie; the WebSocket is let in by that cookie (plus Origin and Host).

const TTL = 60_000;
let ws: Workstation;
let host: Host;
let clock = Date.parse('2026-03-02T01:00:00Z');

const open = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const cookiesOf = (res: Response) => res.headers.getSetCookie();
const asHeader = (res: Response) => cookiesOf(res).map((c) => c.split(';')[0]).join('; ');

beforeAll(async () => {
  ensureRendererBuilt();
  ws = await demoWorkstation();
  host = await startHost({ ws, rendererDir, port: 0, launchCodeTtlMs: TTL, now: () => clock });
});
afterAll(async () => {
  await host.close();
  await ws.close();
});

describe('the launch code', () => {
  it('opens once: a 303 to the address without it, setting an HttpOnly, SameSite=Strict session cookie', async () => {
    const url = host.newLaunchUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/);
    const res = await open(url);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const [session, marker] = cookiesOf(res);
    const flags = (c: string) => c.split(';').slice(1).map((f) => f.trim().toLowerCase()).sort();
    expect(session).toMatch(new RegExp(`^${host.sessionCookie}=[\\w-]{43};`));
    expect(flags(session!)).toEqual(['httponly', 'path=/', 'samesite=strict']);
    // Lives as long as the browser session: no Expires or Max-Age, nothing written to the profile's disk for long.
    expect(session).not.toMatch(/expires|max-age/i);
    // The page's marker is readable by script and carries no secret.
    expect(marker).toMatch(/^wd_signed_\d+=1;/);
    expect(flags(marker!)).toEqual(['path=/', 'samesite=strict']);
    expect(session).not.toContain(new URL(url).searchParams.get('code')!);
  });

  it('a used code is refused on reuse (no cookie for whoever reads it from a log, history or ps)', async () => {
    const url = host.newLaunchUrl();
    expect((await open(url)).status).toBe(303);
    const again = await open(url);
    expect(again.status).toBe(403);
    expect(cookiesOf(again)).toEqual([]);
    expect(await again.text()).toContain('一次性');
    expect(ws.audit.recent(5).some((r) => r.action === 'host.launch' && r.outcome === 'refused')).toBe(true);
  });

  it('an expired code is refused; one just inside its lifetime opens', async () => {
    const late = host.newLaunchUrl();
    const inTime = host.newLaunchUrl();
    clock += TTL - 1;
    expect((await open(inTime)).status).toBe(303);
    clock += 1;
    expect((await open(late)).status).toBe(403);
  });

  it('an unknown or empty code is refused, and the code is checked on any path', async () => {
    expect((await open(`${host.url}/?code=`)).status).toBe(403);
    expect((await open(`${host.url}/?code=${'A'.repeat(43)}`)).status).toBe(403);
    const url = new URL(host.newLaunchUrl());
    const res = await open(`${host.url}/index.html?lang=zh&code=${url.searchParams.get('code')}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/index.html?lang=zh');
  });

  it('a browser already let in that reloads its spent address is sent on, not refused', async () => {
    const url = host.newLaunchUrl();
    const first = await open(url);
    const again = await open(url, asHeader(first));
    expect(again.status).toBe(303);
    expect(cookiesOf(again)).toEqual([]);
  });

  it('spent codes say so once (the CLI deletes the launch page Chromium opened)', async () => {
    const spent: string[] = [];
    const used = host.newLaunchUrl(() => spent.push('used'));
    host.newLaunchUrl(() => spent.push('expired'));
    await open(used);
    await open(used);
    expect(spent).toEqual(['used']);
    clock += TTL;
    await open(`${host.url}/?code=x`);
    expect(spent).toEqual(['used', 'expired']);
  });
});

describe('the WebSocket is let in by the session cookie', () => {
  const desk = () => `${host.url.replace('http', 'ws')}/desk`;

  it('refuses no cookie, a made-up cookie, the marker alone and the launch code itself', async () => {
    const url = host.newLaunchUrl();
    const code = new URL(url).searchParams.get('code')!;
    await expect(WsClient.open(desk(), host.url)).rejects.toThrow(/403/);
    await expect(WsClient.open(desk(), host.url, `${host.sessionCookie}=${code}`)).rejects.toThrow(/403/);
    await expect(WsClient.open(`${desk()}?code=${code}`, host.url)).rejects.toThrow(/403/);
    const res = await open(url);
    const marker = cookiesOf(res).find((c) => c.startsWith('wd_signed_'))!.split(';')[0]!;
    await expect(WsClient.open(desk(), host.url, marker)).rejects.toThrow(/403/);
    const c = await WsClient.open(desk(), host.url, asHeader(res));
    expect(await c.call('system.info')).toMatchObject({ ok: true });
    c.close();
  });

  it('refuses the cookie from another origin, and another host’s cookie', async () => {
    const cookie = await signInCookie(host);
    await expect(WsClient.open(desk(), 'http://127.0.0.1:1', cookie)).rejects.toThrow(/403/);
    const other = await startHost({ ws, rendererDir, port: 0 });
    try {
      const theirs = await signInCookie(other);
      await expect(WsClient.open(desk(), host.url, theirs)).rejects.toThrow(/403/);
      // Same session value under our cookie's name: still not one of ours.
      await expect(WsClient.open(desk(), host.url, theirs.replace(other.sessionCookie, host.sessionCookie))).rejects.toThrow(/403/);
    } finally {
      await other.close();
    }
  });
});

describe('nothing is cached', () => {
  it('every answer says Cache-Control: no-store — page, assets, sandbox page, redirects, refusals, 404, 421', async () => {
    const html = await (await fetch(`${host.url}/`)).text();
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const answers: Array<[string, Response]> = [];
    for (const p of ['/', '/index.html', script, '/cv-sandbox.html', '/no-such-file', `/?code=${host.newLaunchUrl().split('code=')[1]}`, '/?code=spent']) answers.push([p!, await open(`${host.url}${p}`)]);
    expect(answers.map(([p, r]) => [p, r.status])).toEqual([['/', 200], ['/index.html', 200], [script, 200], ['/cv-sandbox.html', 200], ['/no-such-file', 404], [expect.any(String), 303], ['/?code=spent', 403]]);
    for (const [p, r] of answers) {
      expect(r.headers.get('cache-control'), p).toBe('no-store');
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy'), p).toBe('same-origin');
      expect(r.headers.get('permissions-policy'), p).toMatch(/camera=\(self\)/);
      expect(r.headers.get('etag'), p).toBeNull();
    }
    const misdirected = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${host.url}/`, { headers: { host: 'evil.example' } }, resolve).on('error', reject);
    });
    expect(misdirected.statusCode).toBe(421);
    expect(misdirected.headers['cache-control']).toBe('no-store');
    misdirected.resume();
  });
});
