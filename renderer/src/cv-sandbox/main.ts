import { isExtractRequest, type FrameMessage } from './protocol';
import { loadScanner, type Extract } from './scanner';

/**
 * The OpenCV sandbox frame. opencv.js's Emscripten/embind glue builds functions from strings
 * (new Function), which the app page's CSP forbids ('unsafe-eval' is never allowed there). So
 * OpenCV runs here instead, in an <iframe sandbox="allow-scripts"> without allow-same-origin:
 * an opaque origin that cannot reach the app's DOM, storage, cookies or WebSocket. The page is
 * served with its own CSP (common/csp.ts, set by both shells) that allows eval but
 * has default-src 'none' and no connect-src, so even evaluated code can send nothing anywhere.
 * The only channel is postMessage with the parent, checked on both sides (protocol.ts).
 */

// The frame's document origin is opaque, but its URL still has the app's origin, which is the
// parent's (frame-ancestors 'self' on this page guarantees it): answers go to that origin only.
const parentOrigin = new URL(location.href).origin;

function post(msg: FrameMessage, transfer: Transferable[] = []): void {
  window.parent.postMessage(msg, parentOrigin === 'null' ? '*' : parentOrigin, transfer);
}

function toCanvas(width: number, height: number, pixels: ArrayBuffer): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return c;
}

function start(extract: Extract): void {
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const req: unknown = event.data;
    if (!isExtractRequest(req)) return;
    try {
      const found = extract(toCanvas(req.width, req.height, req.pixels));
      if (!found) { post({ type: 'extracted', id: req.id, page: null }); return; }
      const { width, height } = found.page;
      const pixels = found.page.getContext('2d')!.getImageData(0, 0, width, height).data.buffer as ArrayBuffer;
      post({ type: 'extracted', id: req.id, page: { width, height, pixels, corners: found.corners } }, [pixels]);
    } catch (e) {
      post({ type: 'error', id: req.id, reason: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ type: 'ready' });
}

// Before the slow OpenCV start: tells the parent this page and its scripts loaded (an error page would not).
post({ type: 'started' });
loadScanner().then(start, (e: unknown) => post({ type: 'failed', reason: e instanceof Error ? e.message : String(e) }));
