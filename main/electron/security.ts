import { app, session, type WebContents } from 'electron';
import { CV_SANDBOX_CSP, CV_SANDBOX_PATH, SECURITY_HEADERS, appCsp } from '../../common/csp';

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
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol === `${APP_SCHEME}:`) return u.host ? `${APP_SCHEME}://${u.host}` : null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

function isSandboxPage(url: string): boolean {
  try {
    return `${originOf(url)}${new URL(url).pathname}` === CV_SANDBOX_URL;
  } catch {
    return false;
  }
}

/** The policy for a response: the sandbox page's own, every other the app's. */
export function cspFor(url: string): string {
  return isSandboxPage(url) ? CV_SANDBOX_CSP : CSP;
}

/**
 * The headers of every windowdesk:// response. Electron's webRequest header events do not fire
 * for custom protocols, so the protocol handler (protocol.ts) sets them on each response itself.
 */
export function responseHeadersFor(url: string): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': cspFor(url),
    // The sandbox page is framed by the app page (its CSP's frame-ancestors 'self'); nothing else is framed.
    ...(isSandboxPage(url) ? {} : { 'X-Frame-Options': 'DENY' }),
    'Cache-Control': 'no-store',
  };
}

/** The web preferences every window gets; tests run this same configuration. DevTools only in an unpackaged (developer's) run. */
export function secureWebPreferences(preload: string, packaged: boolean): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    devTools: !packaged,
  };
}

/** True when a message comes from our own top-level page, not an iframe or a navigated-away page. */
export function isTrustedSender(frame: Electron.WebFrameMain | null): boolean {
  if (!frame || frame.parent) return false;
  return originOf(frame.url) === APP_ORIGIN;
}

/**
 * A frame may navigate only within our origin: the top frame anywhere in the app, a subframe only
 * to the OpenCV sandbox page (the one frame the app embeds).
 */
export function mayNavigate(url: string, isMainFrame: boolean): boolean {
  if (originOf(url) !== APP_ORIGIN) return false;
  return isMainFrame || isSandboxPage(url);
}

/**
 * Camera only (the 高拍仪), asked by our own top frame: not a microphone, not a subframe (the
 * OpenCV sandbox has an opaque origin anyway), not a page that navigated elsewhere.
 */
export function mayUseCamera(permission: string, details: { isMainFrame?: boolean; requestingUrl?: string; mediaTypes?: readonly string[] }, contents: WebContents | null): boolean {
  if (permission !== 'media' || details.isMainFrame !== true) return false;
  if (originOf(details.requestingUrl) !== APP_ORIGIN || originOf(contents?.getURL()) !== APP_ORIGIN) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** The same rule for Chromium's permission probes (enumerateDevices, permissions.query). */
export function mayProbeCamera(permission: string, requestingOrigin: string, details: { isMainFrame?: boolean; mediaType?: string; embeddingOrigin?: string }): boolean {
  return permission === 'media' && details.isMainFrame === true && details.mediaType === 'video' && !details.embeddingOrigin && originOf(requestingOrigin) === APP_ORIGIN;
}

/** App-wide rules, applied once: no navigation away, no new windows, no webviews, no permissions but the camera, no devices, no DevTools when packaged. */
export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (ev, url) => {
      if (!mayNavigate(url, true)) ev.preventDefault();
    });
    // Also fires for subframes (will-navigate does not): an iframe cannot be sent anywhere either.
    contents.on('will-frame-navigate', (ev) => {
      if (!mayNavigate(ev.url, ev.isMainFrame)) ev.preventDefault();
    });
    contents.on('will-redirect', (ev, url) => {
      if (originOf(url) !== APP_ORIGIN) ev.preventDefault();
    });
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // A packaged build has devTools: false in its preferences; this also closes them should anything open them.
    if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
  });
  app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((wc, permission, cb, details) => cb(mayUseCamera(permission, details as Electron.MediaAccessPermissionRequest, wc)));
    ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => mayProbeCamera(permission, requestingOrigin, details));
    // Devices are the main process's (native/: node-hid, serialport); the page gets no WebHID/WebSerial/WebUSB device.
    ses.setDevicePermissionHandler(() => false);
    // A page asking to pick one is answered "none chosen".
    ses.on('select-hid-device', (e, _details, callback) => {
      e.preventDefault();
      callback(null);
    });
    ses.on('select-serial-port', (e, _ports, _wc, callback) => {
      e.preventDefault();
      callback('');
    });
    ses.on('select-usb-device', (e, _details, callback) => {
      e.preventDefault();
      callback();
    });
  });
}
