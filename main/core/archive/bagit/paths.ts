/**
 * Manifest file paths (RFC 8493 §2.1.3): only CR, LF and `%` are percent-encoded, a leading
 * `./` is tolerated, and a path must stay inside the bag — a manifest or fetch.txt naming
 * `../x`, `/etc/x` or `~/x` is refused, never resolved. The workstation runs on Windows, so a
 * backslash is read as a separator too when judging scope (`..\x` escapes there).
 */
export function encodePath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

export function decodePath(p: string): string {
  return p.replace(/%(0A|0D|25)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A manifest's path as the bag means it: decoded and without a leading `./`. */
export function manifestPath(raw: string): string {
  const p = decodePath(raw);
  return p.startsWith('./') ? p.slice(2) : p;
}

/** Why a path would leave the bag, or null when it stays inside. */
export function unsafePathReason(p: string): string | null {
  if (p === '') return '路径为空';
  if (p.startsWith('/') || p.startsWith('\\')) return '绝对路径';
  if (/^[A-Za-z]:/.test(p)) return '带盘符的绝对路径';
  if (p.startsWith('~')) return '以 ~ 开头的路径';
  if (p.split(/[\\/]/).some((seg) => seg === '..')) return '含 ../ 的路径';
  if (p.includes('\0')) return '含空字符';
  return null;
}

/** Names that differ only in Unicode normalization are the same file (RFC 8493 §3, bagit-python #51). */
export const pathKey = (p: string): string => p.normalize('NFC');
