import { describe, expect, it } from 'vitest';
import { CV_SANDBOX_CSP, appCsp } from '../../../common/csp';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('the one CSP definition', () => {
  it('never allows eval on the app page, in either shell or delivery', () => {
    for (const shell of ['browser', 'electron'] as const) {
      for (const delivery of ['header', 'meta'] as const) {
        const d = directives(appCsp(shell, delivery));
        expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
        expect(d.get('frame-src')).toEqual(["'self'"]);
        expect(d.get('object-src')).toEqual(["'none'"]);
      }
    }
  });

  it('gives the browser shell its loopback WebSocket and Electron no network at all', () => {
    expect(directives(appCsp('electron')).get('connect-src')).toEqual(["'self'"]);
    expect(directives(appCsp('browser')).get('connect-src')).toEqual(["'self'", 'ws:', 'http://127.0.0.1:*', 'http://localhost:*']);
  });

  it('keeps header-only directives out of the meta tag, where browsers ignore them', () => {
    expect(directives(appCsp('browser')).get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives(appCsp('browser', 'meta')).has('frame-ancestors')).toBe(false);
  });

  it('lets the OpenCV sandbox page eval but reach nothing', () => {
    const d = directives(CV_SANDBOX_CSP);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toContain("'unsafe-eval'");
    expect(d.has('connect-src')).toBe(false);
    expect(d.get('frame-ancestors')).toEqual(["'self'"]);
  });
});
