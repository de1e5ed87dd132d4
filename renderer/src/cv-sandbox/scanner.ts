import type JscanifyType from 'jscanify/client';
import type { Corners, Point } from 'jscanify/client';
import type { Quad } from './protocol';

/**
 * Page detection and perspective correction by jscanify on OpenCV (opencv.js from
 * @techstark/opencv-js). Runs only inside the sandbox frame (see main.ts for why): opencv.js is
 * 7 MB, so it is emitted as a separate asset and loaded with a classic script tag, not bundled.
 */

interface CvMat { delete(): void; cols: number; rows: number }
interface Cv { Mat: unknown; imread(src: HTMLCanvasElement): CvMat; contourArea(c: unknown): number }

declare global {
  interface Window { cv?: Cv; Module?: { onRuntimeInitialized?: () => void; onAbort?: (what: unknown) => void } }
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error('opencv.js 加载失败'));
    document.head.appendChild(s);
  });
}

/** Wrapped because the Emscripten module is a thenable: resolving a promise with it would never settle. */
async function loadCv(): Promise<{ cv: Cv }> {
  const ready = new Promise<void>((resolve, reject) => {
    // opencv.js initialises its WebAssembly asynchronously and calls Module.onRuntimeInitialized when
    // done, or Module.onAbort when compiling fails (a CSP without 'wasm-unsafe-eval' lands here).
    window.Module = { onRuntimeInitialized: () => resolve(), onAbort: (what: unknown) => reject(new Error(`OpenCV 无法启动：${String(what)}`)) };
  });
  const { default: url } = await import('@techstark/opencv-js/dist/opencv.js?url');
  await loadScript(url);
  await ready;
  if (!window.cv?.Mat) throw new Error('OpenCV 未能初始化');
  return { cv: window.cv };
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Output size from the detected corners: the longer of each pair of opposite edges, so nothing is squashed. */
function targetSize(c: Required<Corners>): { w: number; h: number } {
  const w = Math.max(dist(c.topLeftCorner, c.topRightCorner), dist(c.bottomLeftCorner, c.bottomRightCorner));
  const h = Math.max(dist(c.topLeftCorner, c.bottomLeftCorner), dist(c.topRightCorner, c.bottomRightCorner));
  return { w: Math.round(w), h: Math.round(h) };
}

/** Long side of the copy the page is looked for in; corners found there are scaled back to the still. */
const DETECT_LONG_SIDE = 1000;

function resized(src: HTMLCanvasElement, scale: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.round(src.width * scale);
  c.height = Math.round(src.height * scale);
  c.getContext('2d')!.drawImage(src, 0, 0, c.width, c.height);
  return c;
}

/** Smaller than this share of the frame is a speck or a shadow, not the page on the camera's platen. */
const MIN_PAGE_SHARE = 0.15;

export interface Extracted { page: HTMLCanvasElement; corners: Quad }
export type Extract = (frame: HTMLCanvasElement) => Extracted | null;

export async function loadScanner(): Promise<Extract> {
  const { cv } = await loadCv();
  const { default: Jscanify } = await import('jscanify/client');
  const scanner: JscanifyType = new Jscanify();
  return (frame) => {
    // Find the page on a small copy (edge detection on an 8 MP still is slow in WebAssembly),
    // then warp the full-resolution still with the corners scaled back up.
    const scale = Math.min(1, DETECT_LONG_SIDE / Math.max(frame.width, frame.height));
    const small = scale < 1 ? resized(frame, scale) : frame;
    const img = cv.imread(small);
    let corners: Corners;
    try {
      const contour = scanner.findPaperContour(img);
      if (!contour) return null;
      const share = cv.contourArea(contour) / (small.width * small.height);
      corners = scanner.getCornerPoints(contour, img);
      contour.delete();
      if (share < MIN_PAGE_SHARE) return null;
    } finally {
      img.delete();
    }
    if (!corners.topLeftCorner || !corners.topRightCorner || !corners.bottomLeftCorner || !corners.bottomRightCorner) return null;
    const up = (p: Point): Point => ({ x: p.x / scale, y: p.y / scale });
    const full: Required<Corners> = {
      topLeftCorner: up(corners.topLeftCorner), topRightCorner: up(corners.topRightCorner),
      bottomLeftCorner: up(corners.bottomLeftCorner), bottomRightCorner: up(corners.bottomRightCorner),
    };
    const { w, h } = targetSize(full);
    if (w < 64 || h < 64) return null;
    const page = scanner.extractPaper(frame, w, h, full);
    if (!page) return null;
    return {
      page,
      corners: { topLeft: full.topLeftCorner, topRight: full.topRightCorner, bottomRight: full.bottomRightCorner, bottomLeft: full.bottomLeftCorner },
    };
  };
}
