// The Content Security Policies, once. Every place that sets a CSP builds it from here: the Node
// host's response header (main/host/server.ts), the Electron shell's header for windowdesk://
// (main/electron/security.ts) and the <meta> tag the build writes into renderer/index.html
// (vite.config.ts). Two pages, two policies:
//
// - The app page never allows eval. `'wasm-unsafe-eval'` lets it compile WebAssembly only; it frames
//   nothing but its own OpenCV sandbox page (frame-src 'self') and is framed by nobody.
// - The OpenCV sandbox page (renderer/cv-sandbox.html, renderer/src/cv-sandbox/main.ts) DOES allow
//   eval, on purpose: opencv.js evaluates strings as JavaScript (new Function), so rather than
//   weaken the app's policy the eval is confined to this page. It runs in an
//   <iframe sandbox="allow-scripts"> with an opaque origin, and default-src 'none' without a
//   connect-src leaves it no way to reach the network, the WebSocket or anything of the app's.

type Directives = Readonly<Record<string, readonly string[]>>;

const APP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:', 'mediastream:'],
  'connect-src': ["'self'"],
  'frame-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * In a browser the renderer reaches the workstation through the Node host's WebSocket (/desk) on a
 * loopback port chosen at launch, which a policy written at build time cannot name; in Electron it
 * talks over IPC and needs no network at all.
 */
const BROWSER_CONNECT = ['ws:', 'http://127.0.0.1:*', 'http://localhost:*'];

export const CV_SANDBOX_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
  'img-src': ['blob:', 'data:'],
  'style-src': ["'unsafe-inline'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'self'"],
};

/** Directives a <meta> policy may not carry (CSP3 §6.1: browsers ignore them there, with a warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

export function serialiseCsp(d: Directives, delivery: 'header' | 'meta' = 'header'): string {
  return Object.entries(d)
    .filter(([name]) => delivery === 'header' || !HEADER_ONLY.has(name))
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/** The app page's policy for a shell: 'browser' is the Node host serving Chromium, 'electron' the windowdesk:// protocol. */
export function appCspDirectives(shell: 'browser' | 'electron'): Directives {
  return shell === 'browser' ? { ...APP, 'connect-src': [...APP['connect-src'], ...BROWSER_CONNECT] } : APP;
}

export function appCsp(shell: 'browser' | 'electron', delivery: 'header' | 'meta' = 'header'): string {
  return serialiseCsp(appCspDirectives(shell), delivery);
}

export const CV_SANDBOX_CSP = serialiseCsp(CV_SANDBOX_DIRECTIVES);

/** The sandbox page's path in both shells (served at the renderer's root). */
export const CV_SANDBOX_PATH = '/cv-sandbox.html';

/**
 * The headers every page and asset carries beside its CSP, in both shells (the Node host's
 * onRequest hook and Electron's windowdesk:// protocol handler, which must set them itself:
 * webRequest header events do not fire for custom protocols). Camera for our own page only
 * (the 高拍仪); no other powerful feature, for the page or anything it frames.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), display-capture=(), usb=(), hid=(), serial=(), bluetooth=(), payment=(), midi=()',
};

