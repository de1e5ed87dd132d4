import type { QueueState } from '../../../../preload/contract/queue';
import { t } from '../../i18n';
import { waitText } from './useQueueState';

/** Tickets this counter may call, in the hall's calling order, with live waits. */
export function WaitingList({ state, now, onCall }: { state: QueueState; now: number; onCall(ref: string): void }) {
  return (
    <section className="queue-waiting" aria-labelledby="queue-waiting-h">
      <h2 id="queue-waiting-h">{t('queue.waiting')}</h2>
      <p className="queue-streams" data-testid="queue-streams">
        {state.streams.filter((s) => state.counter.streams.includes(s.id) || s.waiting > 0).map((s) => (
          <span key={s.id} className="badge">{t('queue.waitingCount', { name: s.name, n: s.waiting })}</span>
        ))}
      </p>
      {state.waiting.length === 0 ? (
        <p className="muted">{t('queue.noneWaiting')}</p>
      ) : (
        <table className="queue-table">
          <thead>
            <tr><th>{t('queue.col.number')}</th><th>{t('queue.col.stream')}</th><th>{t('queue.col.wait')}</th><th>{t('queue.col.note')}</th><th /></tr>
          </thead>
          <tbody>
            {state.waiting.slice(0, 50).map((tk) => (
              <tr key={tk.ref} data-testid="queue-waiting-row">
                <td>{tk.number}</td>
                <td>{tk.streamName}</td>
                <td>{waitText(now - tk.dueAt)}</td>
                <td>{tk.appointment ? tk.appointment.itemName : tk.note}</td>
                <td><button type="button" className="ghost" onClick={() => onCall(tk.ref)} aria-label={`${t('queue.callThis')} ${tk.number}`}>{t('queue.callThis')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
