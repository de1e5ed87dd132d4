import { useState, type FormEvent } from 'react';
import type { QueueState, QueueTicket } from '../../../../preload/contract/queue';
import { t } from '../../i18n';

/** Transfer to another counter or stream; the ticket keeps its original wait (see POLICY.md). */
export function Transfer({ ticket, state, canForce, onSubmit, onCancel }: {
  ticket: QueueTicket; state: QueueState; canForce: boolean; onSubmit(to: { toCounter?: number; toStream?: string; force?: boolean }): void; onCancel(): void;
}) {
  const [toCounter, setToCounter] = useState('');
  const [toStream, setToStream] = useState('');
  const [force, setForce] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ ...(toCounter ? { toCounter: Number(toCounter) } : {}), ...(toStream ? { toStream } : {}), ...(force && toCounter ? { force } : {}) });
  };
  return (
    <form className="queue-form queue-transfer" onSubmit={submit} aria-labelledby="queue-transfer-h" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h2 id="queue-transfer-h">{t('queue.transfer.heading', { number: ticket.number })}</h2>
      <label>
        {t('queue.transfer.toCounter')}
        <select value={toCounter} onChange={(e) => setToCounter(e.target.value)} autoFocus>
          <option value="">{t('queue.transfer.none')}</option>
          {state.counters.filter((c) => c.number !== state.counter.number).map((c) => <option key={c.number} value={c.number}>{c.name}</option>)}
        </select>
      </label>
      <label>
        {t('queue.transfer.toStream')}
        <select value={toStream} onChange={(e) => setToStream(e.target.value)}>
          <option value="">{t('queue.transfer.none')}</option>
          {state.streams.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </label>
      {canForce && toCounter && (
        <label className="inline">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('queue.transfer.force')}
        </label>
      )}
      <p className="hint">{t('queue.transfer.hint')}</p>
      <div className="actions">
        <button type="submit" disabled={!toCounter && !toStream}>{t('queue.transfer.submit')}</button>
        <button type="button" className="ghost" onClick={onCancel}>{t('queue.transfer.cancel')}</button>
      </div>
    </form>
  );
}
