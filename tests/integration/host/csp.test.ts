import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workstation } from '../../../main/api/workstation';
import { CV_SANDBOX_CSP, appCsp } from '../../../common/csp';
import { startHost, type Host } from '../../../main/host/server';
import { ensureRendererBuilt, rendererDir } from '../../fixtures/host';
import { demoWorkstation } from '../../fixtures/workstation';

// OpenCV needs eval; the app page must never get it. It is confined to the sandbox frame's page,
// whose policy lets it reach nothing.

let ws: Workstation;
let host: Host;

beforeAll(async () => {
  ensureRendererBuilt();
  ws = await demoWorkstation();
  host = await startHost({ ws, rendererDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  await ws.close();
});

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('content security policies', () => {
  it('the app page: no unsafe-eval, frames only from itself, not frameable', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${host.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).not.toMatch(/'unsafe-eval'/);
      const d = directives(csp);
      expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(d.get('frame-src')).toEqual(["'self'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(csp).toBe(appCsp('browser'));
    }
  });

  it('the built app page carries the same no-eval policy in its meta tag', async () => {
    const html = await (await fetch(`${host.url}/`)).text();
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("frame-src 'self'");
    expect(meta).not.toMatch(/'unsafe-eval'/);
    expect(meta).toBe(appCsp('browser', 'meta'));
  });

  it('the OpenCV sandbox page: eval allowed, but default-src none, no connect-src, framed by the app only', async () => {
    const res = await fetch(`${host.url}/cv-sandbox.html?x=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('Content-Security-Policy');
    const d = directives(res.headers.get('content-security-policy') ?? '');
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.has('connect-src')).toBe(false);
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
    expect(d.get('frame-ancestors')).toEqual(["'self'"]);
    expect(res.headers.get('content-security-policy')).toBe(CV_SANDBOX_CSP);
  });

  it('lets the opaque-origin frame load the renderer scripts, and nothing else cross-origin', async () => {
    const html = await (await fetch(`${host.url}/cv-sandbox.html`)).text();
    const script = /src="\.(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const fromFrame = await fetch(`${host.url}${script}`, { headers: { origin: 'null', 'sec-fetch-dest': 'script' } });
    expect(fromFrame.headers.get('access-control-allow-origin')).toBe('null');
    const fromElsewhere = await fetch(`${host.url}${script}`, { headers: { origin: 'http://evil.example', 'sec-fetch-dest': 'script' } });
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    const page = await fetch(`${host.url}/`, { headers: { origin: 'null', 'sec-fetch-dest': 'script' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });
});
