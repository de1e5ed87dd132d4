import { useState } from 'react';
import { KIND_NAMES } from '../../../../common/assist/labels';
import { ASSIST_KINDS, type AssistKind, type AssistOutcome } from '../../../../common/assist/schema';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { useCounter } from '../queue/counter';
import { DetailFields, detailInput, emptyDetails, OutcomePicker, type Details } from './CloseForm';

/** A walk-up without a ticket, or a leader's 全流程陪同 spanning several counters and cases: one assistance. */
export function WalkUpPanel({ onSaved }: { onSaved: () => void }) {
  const [kind, setKind] = useState<AssistKind>('consult');
  // At a counter serving the assistance stream (B), the ticket being served is the one helped.
  const serving = useCounter()?.current?.number ?? '';
  const [d, setD] = useState<Details>({ ...emptyDetails(), ticketNo: serving });
  const [done, setDone] = useState(true);
  const [outcome, setOutcome] = useState<AssistOutcome | null>('resolved');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    const input = detailInput(d);
    if (!input.ok) return setMsg({ ok: false, text: input.message });
    const r = await call('assist.walkUp', { kind, outcome: done ? outcome : null, ...input.value });
    if (!r.ok) return setMsg({ ok: false, text: r.error.message });
    setMsg({ ok: true, text: t('assist.walkupSaved', { id: r.value.id }) });
    setD(emptyDetails());
    onSaved();
  };
  return (
    <section aria-labelledby="assist-walkup-title">
      <h2 id="assist-walkup-title">{t('assist.walkupTitle')}</h2>
      <form noValidate className="assist-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field">
          <span>{t('assist.walkupKind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as AssistKind)}>
            {ASSIST_KINDS.map((k) => <option key={k} value={k}>{KIND_NAMES[k]}</option>)}
          </select>
        </label>
        <DetailFields d={d} set={setD} />
        <label className="checkbox"><input type="radio" name="walkup-done" checked={done} onChange={() => setDone(true)} />{t('assist.walkupDone')}</label>
        {done && <OutcomePicker value={outcome} set={setOutcome} name="walkup-outcome" />}
        <label className="checkbox"><input type="radio" name="walkup-done" checked={!done} onChange={() => setDone(false)} />{t('assist.walkupOpen')}</label>
        {msg && <p className={msg.ok ? 'form-ok' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
        <div className="actions"><button type="submit">{t('assist.save')}</button></div>
      </form>
    </section>
  );
}
