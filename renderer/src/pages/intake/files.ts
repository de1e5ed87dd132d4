import { call } from '../../api/client';

function base64ToBlob(b64: string, mime: string): Blob {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** A stored file as a blob URL the page can open, embed or download. */
export async function fileUrl(fileId: string): Promise<string> {
  const r = await call('files.read', { fileId });
  if (!r.ok) throw new Error(r.error.message);
  return URL.createObjectURL(base64ToBlob(r.value.dataBase64, r.value.mime));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const MAGIC: Array<['image/png' | 'image/jpeg' | 'application/pdf', number[]]> = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
];

/** Imports files chosen in a file input into the file store (devices.uploadCapture, source 'import'). */
export async function importFiles(files: FileList | File[]): Promise<{ fileIds: string[] } | { error: { code: string; message: string } }> {
  const ids: string[] = [];
  for (const f of Array.from(files)) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const mime = MAGIC.find(([, m]) => m.every((b, i) => bytes[i] === b))?.[0];
    if (!mime) return { error: { code: 'FILE_TYPE_UNSUPPORTED', message: `文件“${f.name}”不是 PNG、JPEG 或 PDF，未导入。` } };
    const r = await call('devices.uploadCapture', { dataBase64: bytesToBase64(bytes), mime, source: 'import' });
    if (!r.ok) return { error: r.error };
    ids.push(r.value.fileId);
  }
  return { fileIds: ids };
}
