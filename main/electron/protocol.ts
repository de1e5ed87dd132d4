import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './security';

/** Must run before the app is ready: our scheme is standard and secure, so it gets an origin and a CSP. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Serves the built renderer from `rendererDir` as windowdesk://app/…, never anything outside it. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (req) => {
    const { pathname } = new URL(req.url);
    const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('Forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    // The OpenCV sandbox frame (cv-sandbox.html) has an opaque origin, so its module scripts are
    // cross-origin requests from origin 'null'; the renderer's scripts are public build output.
    if (req.headers.get('origin') === 'null' && rel.startsWith('/assets/') && rel.endsWith('.js')) {
      const headers = new Headers(res.headers);
      headers.set('Access-Control-Allow-Origin', 'null');
      headers.set('Vary', 'Origin');
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
    return res;
  });
}
