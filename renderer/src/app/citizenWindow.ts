import { call } from '../api/client';

/**
 * Opens the counter's citizen-facing screen. In Electron the shell opens its own window on
 * the second display; in a browser it is a separate window on the same host, carrying the
 * launch token so it can attach.
 */
export async function openCitizenScreen(counterId: string): Promise<void> {
  const r = await call('citizen.openScreen', { counterId });
  if (r.ok && r.value.opened) return;
  const token = sessionStorage.getItem('wd.hostToken') ?? '';
  const url = `${window.location.origin}${window.location.pathname}?token=${encodeURIComponent(token)}#/citizen/${encodeURIComponent(counterId)}`;
  window.open(url, `citizen-${counterId}`, 'popup,width=1280,height=800');
}
