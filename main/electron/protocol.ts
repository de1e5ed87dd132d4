import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, responseHeadersFor } from './security';

/** Must run before the app is ready: our scheme is standard and secure, so it gets an origin and a CSP. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

function withHeaders(url: string, status: number, body: ConstructorParameters<typeof Response>[0], base?: Headers): Response {
  const headers = new Headers(base);
  for (const [k, v] of Object.entries(responseHeadersFor(url))) headers.set(k, v);
  return new Response(body, { status, headers });
}

/**
 * Serves the built renderer from `rendererDir` as windowdesk://app/…, never anything outside it.
 * Every response carries the CSP and the security headers (responseHeadersFor): this handler is
 * the only place they can be set, since webRequest's header events do not fire for custom protocols.
 */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (req) => {
    const { pathname } = new URL(req.url);
    let rel: string;
    try {
      rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return withHeaders(req.url, 400, 'Bad Request');
    }
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) return withHeaders(req.url, 403, 'Forbidden');
    let res: Response;
    try {
      res = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return withHeaders(req.url, 404, 'Not Found');
    }
    const out = withHeaders(req.url, res.status, res.body, res.headers);
    // The OpenCV sandbox frame (cv-sandbox.html) has an opaque origin, so its module scripts are
    // cross-origin requests from origin 'null'; the renderer's scripts are public build output.
    if (req.headers.get('origin') === 'null' && rel.startsWith('/assets/') && rel.endsWith('.js')) {
      out.headers.set('Access-Control-Allow-Origin', 'null');
      out.headers.set('Vary', 'Origin');
    }
    return out;
  });
}
