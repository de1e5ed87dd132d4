import { loadSharp } from '../../../native/sharp';
import { DeskError } from '../../../common/errors';

/** The pad is 900×300; anything far outside this is not a signature from it. */
export const SIGNATURE_LIMITS = { maxBytes: 1_000_000, minWidth: 100, minHeight: 40, maxWidth: 4000, maxHeight: 2000, maxPixels: 4_000_000 } as const;
/** A grey level below this (on white) counts as ink. */
const INK = 160;
/** Fewer inked pixels than this is an empty pad (a dot or a click); more than this share is not handwriting. */
const MIN_INK_PIXELS = 60;
const MAX_INK_SHARE = 0.6;

export interface CheckedSignature {
  /** Re-encoded on white, as on paper: only the decoded pixels are kept (no chunks or bytes appended to the original), no alpha. */
  png: Buffer;
  width: number;
  height: number;
}

const refuse = (code: string, message: string) => new DeskError(code, message);

/**
 * Decodes the signature the citizen screen sent and refuses what is not one: bytes that are not
 * a decodable PNG, a size out of bounds (checked from the header before any pixel is decoded), and
 * an empty pad (all white or transparent).
 */
export async function checkSignatureImage(bytes: Buffer): Promise<CheckedSignature> {
  const L = SIGNATURE_LIMITS;
  if (bytes.length > L.maxBytes) throw refuse('SIGNATURE_TOO_LARGE', `签名图像过大（${Math.round(bytes.length / 1024)} KB，上限 ${L.maxBytes / 1000} KB），请清除后重新签名。`);
  const sharp = await loadSharp();
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse('SIGNATURE_UNREADABLE', '签名图像无法解码，请清除后重新签名。');
  }
  if (meta.format !== 'png') throw refuse('SIGNATURE_NOT_PNG', `签名图像应为 PNG 格式（收到的是 ${meta.format ?? '未知格式'}），请重新签名。`);
  const { width = 0, height = 0 } = meta;
  if (width < L.minWidth || height < L.minHeight || width > L.maxWidth || height > L.maxHeight || width * height > L.maxPixels) {
    throw refuse('SIGNATURE_SIZE_INVALID', `签名图像尺寸 ${width}×${height} 不在允许范围内（${L.minWidth}×${L.minHeight} 至 ${L.maxWidth}×${L.maxHeight}），请在签名板上重新签名。`);
  }
  let grey: { data: Buffer; info: { channels: number } };
  let png: Buffer;
  try {
    // Transparent is paper: flatten onto white before looking for ink.
    grey = await sharp(bytes, { limitInputPixels: L.maxPixels }).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
    png = await sharp(bytes, { limitInputPixels: L.maxPixels }).flatten({ background: '#ffffff' }).png({ compressionLevel: 9 }).toBuffer();
  } catch {
    throw refuse('SIGNATURE_UNREADABLE', '签名图像无法解码，请清除后重新签名。');
  }
  const step = grey.info.channels;
  let ink = 0;
  for (let i = 0; i < grey.data.length; i += step) if (grey.data[i] < INK) ink++;
  if (ink < MIN_INK_PIXELS) throw refuse('SIGNATURE_BLANK', '签名板上没有签名笔迹，请在签名板上签名后再确认。');
  if (ink > width * height * MAX_INK_SHARE) throw refuse('SIGNATURE_NOT_HANDWRITING', '签名图像大面积为深色，不像手写签名，请清除后重新签名。');
  return { png, width, height };
}
