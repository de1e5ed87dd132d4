/** Saves a file main produced (base64) through the browser's download: the same in Electron and the browser shell. */
export function download(f: { fileName: string; mime: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "A-1, C-2" → ['A-1', 'C-2']; numbers for counters. */
export const listOf = (s: string) => s.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean);
