import { useLocation } from 'react-router';
import { t } from '../../i18n';
import { useCounter } from './counter';
import { caseText } from './CurrentTicket';
import { maskPersonName } from '../../../../common/identity';

/**
 * Under the top bar on every page of a counter's session: the ticket being served (number, stream,
 * state; for an appointment the masked name and the booked item; its case once taken), and — away
 * from 叫号, where the queue page shows them itself — what the hotkeys answered and the 过号 undo.
 */
export function ServingBar() {
  const counter = useCounter();
  const onQueue = useLocation().pathname === '/queue';
  if (!counter) return null;
  const { current: tk, ticketCase, msg, noShow, spoken } = counter;
  return (
    <div className="serving-bar" role="region" aria-label={t('queue.servingBar')} aria-keyshortcuts="F1 F2 F3 F4 F5" data-testid="serving-bar">
      <strong>{t('queue.servingBar')}</strong>
      {!tk && <span className="muted">{t('queue.servingNone')}</span>}
      {tk && (
        <>
          <span className="serving-number" data-testid="serving-number">{tk.number}</span>
          <span>{tk.streamName}</span>
          <span>{tk.status === 'serving' ? t('queue.status.serving') : t('queue.status.called')}</span>
          {tk.appointment && <span data-testid="serving-booking">{maskPersonName(tk.appointment.name)} · {tk.appointment.itemName ?? '—'}</span>}
          {ticketCase && <span data-testid="serving-case">{caseText(ticketCase)}</span>}
        </>
      )}
      <span className="hint">{t('queue.hotkeys')}</span>
      {!onQueue && noShow.pending && (
        <span className="queue-undo" role="status">
          {t('queue.noShowPending', { number: noShow.pending.number, s: noShow.pending.left })}
          <button type="button" onClick={noShow.undo} aria-keyshortcuts="Control+Z">{t('queue.undo')} <kbd>Ctrl+Z</kbd></button>
        </span>
      )}
      {!onQueue && msg && <span className="form-error" role="alert" data-testid="serving-message">{msg}</span>}
      {!onQueue && <span className="visually-hidden" aria-live="assertive">{spoken.spoken}</span>}
    </div>
  );
}
