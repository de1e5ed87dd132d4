/**
 * A keyboard-wedge scan types into whatever has focus before anyone can know it is a scan.
 * We remember the focused field's value when a burst starts and put it back when the burst
 * turns out to be a scan, through the native setter plus an input event so React state follows.
 */
export interface FieldSnapshot { el: HTMLInputElement | HTMLTextAreaElement; value: string; start: number | null; end: number | null }

export function snapshotField(target: EventTarget | null): FieldSnapshot | null {
  if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && textLike(target))) {
    return { el: target, value: target.value, start: target.selectionStart, end: target.selectionEnd };
  }
  return null;
}

function textLike(el: HTMLInputElement): boolean {
  return ['text', 'search', 'tel', 'url', 'email', 'password', 'number', ''].includes(el.type);
}

export function restoreField(s: FieldSnapshot | null): void {
  if (!s || s.el.value === s.value) return;
  const proto = s.el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(s.el, s.value);
  s.el.dispatchEvent(new Event('input', { bubbles: true }));
  if (s.start !== null && s.end !== null) {
    try { s.el.setSelectionRange(s.start, s.end); } catch { /* number inputs have no selection */ }
  }
}
