import { call } from '../api/client';

/**
 * Opens the counter's citizen-facing screen. In Electron the shell opens its own window on
 * the second display; in a browser it is a separate window on the same host, let in by the
 * same session cookie as the clerk's page.
 */
export async function openCitizenScreen(counterId: string): Promise<void> {
  const r = await call('citizen.openScreen', { counterId });
  if (r.ok && r.value.opened) return;
  const url = `${window.location.origin}${window.location.pathname}#/citizen/${encodeURIComponent(counterId)}`;
  window.open(url, `citizen-${counterId}`, 'popup,width=1280,height=800');
}
