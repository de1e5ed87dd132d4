import { app, session, type WebContents } from 'electron';
import { CV_SANDBOX_CSP, CV_SANDBOX_PATH, appCsp } from '../../common/csp';

export const APP_SCHEME = 'windowdesk';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** The app page's policy (common/csp.ts). */
export const CSP = appCsp('electron');

export const CV_SANDBOX_URL = `${APP_ORIGIN}${CV_SANDBOX_PATH}`;

/**
 * A URL's origin as Chromium sees it. The main process parses with Node's WHATWG URL, which gives
 * every non-special scheme the opaque origin "null" — including ours, which Chromium treats as
 * standard (registerSchemesAsPrivileged) with the origin windowdesk://app. Compared with
 * `new URL(u).origin`, every check against APP_ORIGIN would fail (or, worse, match "null").
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol === `${APP_SCHEME}:`) return u.host ? `${APP_SCHEME}://${u.host}` : null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/** The policy for a response: the sandbox page's own, every other the app's. */
export function cspFor(url: string): string {
  try {
    const u = new URL(url);
    return `${originOf(url)}${u.pathname}` === CV_SANDBOX_URL ? CV_SANDBOX_CSP : CSP;
  } catch {
    return CSP;
  }
}

/** The web preferences every window gets; tests run this same configuration. */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** True when a message comes from our own top-level page, not an iframe or a navigated-away page. */
export function isTrustedSender(frame: Electron.WebFrameMain | null): boolean {
  if (!frame || frame.parent) return false;
  return originOf(frame.url) === APP_ORIGIN;
}

/** App-wide rules, applied once: no navigation away, no new windows, no webviews, no permissions but the camera. */
export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (ev, url) => {
      if (originOf(url) !== APP_ORIGIN) ev.preventDefault();
    });
    contents.on('will-redirect', (ev, url) => {
      if (originOf(url) !== APP_ORIGIN) ev.preventDefault();
    });
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(() => {
    // The document camera (高拍仪) needs media; everything else is refused, asked (request) or probed (check).
    session.defaultSession.setPermissionRequestHandler((wc, permission, cb, details) => {
      cb(permission === 'media' && originOf(details.requestingUrl ?? wc.getURL()) === APP_ORIGIN);
    });
    session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && originOf(requestingOrigin) === APP_ORIGIN);
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [cspFor(details.url)] } });
    });
  });
}
