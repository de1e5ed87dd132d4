import { hallClock } from '../../../../common/hall-time';
import type { Serving } from '../../../../preload/contract/intake';
import type { QueueTicket } from '../../../../preload/contract/queue';
import { t } from '../../i18n';
import { waitText } from './useQueueState';

/** The case taken for the ticket: its number once accepted, its state while still a draft. */
export function caseText(c: NonNullable<Serving['case']>): string {
  return c.caseNumber ? t('queue.ticketCase', { number: c.caseNumber, state: c.stateLabel }) : t('queue.ticketCaseDraft', { state: c.stateLabel });
}

/** The applicant at the counter: number, stream, how long since called, and the booking for an appointment holder. */
export function CurrentTicket({ ticket, now, ticketCase = null }: { ticket: QueueTicket | null; now: number; ticketCase?: Serving['case'] }) {
  if (!ticket) return <div className="queue-current idle" data-testid="queue-current">{t('queue.currentNone')}</div>;
  const since = ticket.status === 'serving' ? ticket.startedAt : ticket.calledAt;
  return (
    <div className={`queue-current ${ticket.status}`} data-testid="queue-current">
      <div className="queue-current-number">{ticket.number}</div>
      <div>
        <div>
          {ticket.streamName} · {ticket.status === 'serving' ? t('queue.status.serving') : t('queue.status.called')}
          {since !== null && ` · ${waitText(now - since)}`}
          {ticket.callCount > 1 && ` · ${t('queue.calledTimes', { n: ticket.callCount })}`}
        </div>
        {ticket.appointment && (
          <div className="queue-booking" data-testid="queue-booking">
            <div>{t('queue.booking', { item: ticket.appointment.itemName ?? '—', slot: `${hallClock(ticket.appointment.slotStart)}–${hallClock(ticket.appointment.slotEnd)}` })}</div>
            <div>{t('queue.bookingName', { name: ticket.appointment.name, code: ticket.appointment.code })}</div>
          </div>
        )}
        {ticketCase && <div data-testid="queue-ticket-case">{caseText(ticketCase)}</div>}
        {ticket.note && <div className="muted">{ticket.note}</div>}
      </div>
    </div>
  );
}
