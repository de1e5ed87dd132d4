/**
 * The later-rating QR as a small SVG (drawn from the `qrcode` library's module matrix, synchronously:
 * the citizen screen's 结束 state is pushed in the same tick as the service is recorded).
 */
import QRCode from 'qrcode';

export function qrSvg(text: string, quiet = 2): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(y, x)) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  const size = n + 2 * quiet;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
