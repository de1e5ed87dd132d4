/** Minimal types for what the camera code uses of opencv.js and jscanify (neither ships types for this use). */

declare module '@techstark/opencv-js/dist/opencv.js?url' {
  const url: string;
  export default url;
}

declare module 'jscanify/client' {
  export interface Point { x: number; y: number }
  export interface Corners { topLeftCorner?: Point; topRightCorner?: Point; bottomLeftCorner?: Point; bottomRightCorner?: Point }
  export default class Jscanify {
    findPaperContour(img: unknown): { delete(): void } | null;
    getCornerPoints(contour: unknown, img?: unknown): Corners;
    extractPaper(image: HTMLCanvasElement, width: number, height: number, corners?: Corners): HTMLCanvasElement | null;
  }
}
