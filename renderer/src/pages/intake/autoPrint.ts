const KEY = 'wd.autoPrintNotices';

/**
 * Whether this counter prints the notice of a decision by itself (on unless the counter turned it off:
 * a counter whose applicants mostly take the notice by phone QR may not want paper). Kept on the
 * counter's own machine, like the counter choice at login.
 */
export function autoPrintNotices(): boolean {
  return localStorage.getItem(KEY) !== 'off';
}

export function setAutoPrintNotices(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
}
