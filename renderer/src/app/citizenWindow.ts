import { call } from '../api/client';

/**
 * Opens the counter's citizen-facing screen. In Electron the shell opens its own window on
 * the second display (bound to the counter by the shell); in a browser it is a separate window on
 * the same host, let in by the same session cookie as the clerk's page, carrying a fresh pairing
 * code (single use, spent at once) so it can attach to this counter.
 */
export async function openCitizenScreen(counterId: string): Promise<void> {
  const r = await call('citizen.openScreen', { counterId });
  if (r.ok && r.value.opened) return;
  // The click's user activation lasts a few seconds in Chromium, enough for these two calls to main.
  const pairing = await call('citizen.pairingCode', {});
  const pair = pairing.ok ? `?pair=${pairing.value.code}` : '';
  const url = `${window.location.origin}${window.location.pathname}#/citizen/${encodeURIComponent(counterId)}${pair}`;
  window.open(url, `citizen-${counterId}`, 'popup,width=1280,height=800');
}
