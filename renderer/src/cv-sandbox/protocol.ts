/**
 * Messages between the app page and the OpenCV sandbox frame (cv-sandbox.html). Both sides check
 * every message against these shapes: the frame runs third-party code that evaluates strings as
 * JavaScript, so the parent treats whatever it says as untrusted data, and the frame acts only on
 * well-formed requests from its own parent.
 */

export interface Point { x: number; y: number }
export interface Quad { topLeft: Point; topRight: Point; bottomRight: Point; bottomLeft: Point }

/** Parent → frame: find the page in this RGBA image and return it cut out and straightened. */
export interface ExtractRequest { type: 'extract'; id: number; width: number; height: number; pixels: ArrayBuffer }

/** Frame → parent. */
export type FrameMessage =
  | { type: 'started' }
  | { type: 'ready' }
  | { type: 'failed'; reason: string }
  | { type: 'extracted'; id: number; page: { width: number; height: number; pixels: ArrayBuffer; corners: Quad } | null }
  | { type: 'error'; id: number; reason: string };

/** Above this the request is not a camera still (8K is 33 MP); refusing it keeps a bad message from allocating gigabytes. */
export const MAX_PIXELS = 40_000_000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isDim = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 20_000;
const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPoint = (v: unknown): v is Point => isObj(v) && isCoord(v.x) && isCoord(v.y);
const isQuad = (v: unknown): v is Quad => isObj(v) && isPoint(v.topLeft) && isPoint(v.topRight) && isPoint(v.bottomRight) && isPoint(v.bottomLeft);

function isImage(v: Record<string, unknown>): boolean {
  return isDim(v.width) && isDim(v.height) && (v.width as number) * (v.height as number) <= MAX_PIXELS
    && v.pixels instanceof ArrayBuffer && v.pixels.byteLength === (v.width as number) * (v.height as number) * 4;
}

export function isExtractRequest(v: unknown): v is ExtractRequest {
  return isObj(v) && v.type === 'extract' && Number.isSafeInteger(v.id) && isImage(v);
}

export function isFrameMessage(v: unknown): v is FrameMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'started':
    case 'ready': return true;
    case 'failed': return typeof v.reason === 'string';
    case 'error': return Number.isSafeInteger(v.id) && typeof v.reason === 'string';
    case 'extracted':
      return Number.isSafeInteger(v.id) && (v.page === null || (isObj(v.page) && isImage(v.page) && isQuad(v.page.corners)));
    default: return false;
  }
}
