/** Turning browser files and blobs into what devices.uploadCapture accepts. */

export type CaptureMime = 'image/png' | 'image/jpeg' | 'application/pdf';

/** The contract accepts 24 MB of base64, which is 18 MB of bytes; stay clearly under it. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

const MAGIC: Array<[CaptureMime, number[]]> = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
];

/** The type from the file's first bytes: a renamed .exe or a HEIC named .jpg is refused here, not by the host. */
export function sniffMime(head: Uint8Array): CaptureMime | null {
  for (const [mime, magic] of MAGIC) if (magic.every((b, i) => head[i] === b)) return mime;
  return null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}
