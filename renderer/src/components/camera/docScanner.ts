import { isFrameMessage, type FrameMessage, type Quad } from '../../cv-sandbox/protocol';

/**
 * Page detection and perspective correction, done by OpenCV (jscanify on opencv.js) inside a
 * sandboxed frame, cv-sandbox.html. opencv.js evaluates strings as JavaScript, and the app page's
 * CSP forbids that ('unsafe-eval'); rather than weaken the app's policy, the eval is confined to an
 * <iframe sandbox="allow-scripts"> with an opaque origin (no access to this page, its storage or
 * its WebSocket) whose own CSP has no connect-src, so it can reach nothing. The frame gets the
 * still's pixels and gives back the page's pixels and corners, both by postMessage.
 */

export interface Extracted { page: HTMLCanvasElement; corners: Quad }

export interface DocScanner {
  /** The page in the frame cut out and made rectangular, or null when no plausible page was found. */
  extract(frame: HTMLCanvasElement): Promise<Extracted | null>;
}

/** opencv.js is 7 MB of JavaScript and WebAssembly to compile; a slow counter PC needs a while. */
const LOAD_TIMEOUT_MS = 60_000;
/** One still, detected on a 1000 px copy and warped at full size, takes well under this. */
const EXTRACT_TIMEOUT_MS = 20_000;

let loading: Promise<DocScanner> | null = null;

function createFrame(): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  // allow-scripts only: without allow-same-origin the frame's origin is opaque.
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'OpenCV';
  frame.style.display = 'none';
  frame.src = new URL('./cv-sandbox.html', document.baseURI).href;
  document.body.appendChild(frame);
  return frame;
}

function toCanvas(width: number, height: number, pixels: ArrayBuffer): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return c;
}

function connect(): Promise<DocScanner> {
  const frame = createFrame();
  const pending = new Map<number, { resolve(v: Extracted | null): void; reject(e: Error): void }>();
  let nextId = 1;
  let started = false;
  let onReady: ((err: Error | null) => void) | null = null;

  const dispose = (why: Error) => {
    window.removeEventListener('message', onMessage);
    frame.remove();
    for (const p of pending.values()) p.reject(why);
    pending.clear();
  };

  function onMessage(event: MessageEvent) {
    // Only our frame, which being sandboxed posts from the opaque origin 'null'.
    if (event.source !== frame.contentWindow || event.origin !== 'null') return;
    const msg: unknown = event.data;
    if (!isFrameMessage(msg)) return;
    handle(msg);
  }

  function handle(msg: FrameMessage) {
    if (msg.type === 'started') { started = true; return; }
    if (msg.type === 'ready') { onReady?.(null); return; }
    if (msg.type === 'failed') { onReady?.(new Error(msg.reason)); return; }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.reason));
    else p.resolve(msg.page ? { page: toCanvas(msg.page.width, msg.page.height, msg.page.pixels), corners: msg.page.corners } : null);
  }

  window.addEventListener('message', onMessage);
  const scanner: DocScanner = {
    extract(still) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('裁边纠偏超时'));
        }, EXTRACT_TIMEOUT_MS);
        pending.set(id, {
          resolve: (v) => { clearTimeout(timer); resolve(v); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        });
        const pixels = still.getContext('2d')!.getImageData(0, 0, still.width, still.height).data.buffer as ArrayBuffer;
        // '*' because a sandboxed frame's origin is opaque and cannot be named; the recipient is
        // pinned by holding its window, and only pixels of the still just taken are sent.
        frame.contentWindow?.postMessage({ type: 'extract', id, width: still.width, height: still.height, pixels }, '*', [pixels]);
      });
    },
  };

  return new Promise<DocScanner>((resolve, reject) => {
    const timer = setTimeout(() => onReady?.(new Error('OpenCV 初始化超时')), LOAD_TIMEOUT_MS);
    // A frame whose page failed (404, blocked by policy) still fires load, but never says 'started',
    // which its script posts before the load event; so fail then rather than after the long timeout.
    frame.addEventListener('load', () => setTimeout(() => { if (!started) onReady?.(new Error('裁边纠偏页面未能加载')); }, 1000));
    onReady = (err) => {
      clearTimeout(timer);
      onReady = null;
      if (err) { dispose(err); reject(err); } else resolve(scanner);
    };
  });
}

export function loadDocScanner(): Promise<DocScanner> {
  loading ??= connect();
  // A failed load may succeed on the next dialog (e.g. after a policy fix); don't cache the failure.
  loading.catch(() => { loading = null; });
  return loading;
}
