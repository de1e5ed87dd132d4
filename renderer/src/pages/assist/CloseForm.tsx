import { useState } from 'react';
import { OUTCOME_NAMES, REPORT_KIND_NAMES } from '../../../../common/assist/labels';
import { ASSIST_OUTCOMES, type AssistOutcome, type AssistRecord } from '../../../../common/assist/schema';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { download, listOf } from './download';

export interface Details {
  applicant: string; itemName: string; itemCode: string; caseIds: string; ticketNo: string; counters: string; problem: string; action: string; outOfScope: boolean;
}
export const emptyDetails = (r?: AssistRecord): Details => ({
  applicant: '', itemName: r?.itemName ?? '', itemCode: r?.itemCode ?? '', caseIds: r?.caseIds.join(', ') ?? '', ticketNo: r?.ticketNo ?? '',
  counters: '', problem: r?.note ?? '', action: '', outOfScope: false,
});

/** The fields a closed assistance records (the applicant masked by main before it leaves the workstation). */
export function DetailFields({ d, set }: { d: Details; set: (d: Details) => void }) {
  const f = (k: keyof Omit<Details, 'outOfScope'>, label: string, multiline = false) => (
    <label className="field">
      <span>{label}</span>
      {multiline ? <textarea rows={2} maxLength={500} value={d[k]} onChange={(e) => set({ ...d, [k]: e.target.value })} />
        : <input value={d[k]} maxLength={80} onChange={(e) => set({ ...d, [k]: e.target.value })} />}
    </label>
  );
  return (
    <div className="assist-fields">
      {f('applicant', t('assist.applicant'))}
      {f('itemName', t('assist.itemName'))}
      {f('itemCode', t('assist.itemCode'))}
      {f('caseIds', t('assist.caseIds'))}
      {f('ticketNo', t('assist.ticketNo'))}
      {f('counters', t('assist.counters'))}
      {f('problem', t('assist.problem'), true)}
      {f('action', t('assist.action'), true)}
      <label className="checkbox"><input type="checkbox" checked={d.outOfScope} onChange={(e) => set({ ...d, outOfScope: e.target.checked })} />{t('assist.outOfScope')}</label>
    </div>
  );
}

/** Details → the call's fields; a counter list that is not numbers is refused here, in Chinese. */
export function detailInput(d: Details): { ok: true; value: { applicant: string; itemName: string | null; itemCode: string | null; caseIds: string[]; ticketNo: string | null; counters: number[]; problem: string; action: string; outOfScope: boolean } } | { ok: false; message: string } {
  const counters = listOf(d.counters);
  if (counters.some((c) => !/^[1-9]\d{0,3}$/.test(c))) return { ok: false, message: t('assist.badList', { field: t('assist.counters') }) };
  return {
    ok: true,
    value: {
      applicant: d.applicant, itemName: d.itemName || null, itemCode: d.itemCode || null, caseIds: listOf(d.caseIds), ticketNo: d.ticketNo || null,
      counters: counters.map(Number), problem: d.problem, action: d.action, outOfScope: d.outOfScope,
    },
  };
}

export function OutcomePicker({ value, set, name }: { value: AssistOutcome | null; set: (o: AssistOutcome) => void; name: string }) {
  return (
    <fieldset>
      <legend>{t('assist.outcome')}</legend>
      {ASSIST_OUTCOMES.map((o) => (
        <label key={o} className="radio"><input type="radio" name={name} checked={value === o} onChange={() => set(o)} />{OUTCOME_NAMES[o]}</label>
      ))}
    </fieldset>
  );
}

/** 办结: the outcome and what was done; 未解决 can be taken as a 办不成事 report at once (its notice printed). */
export function CloseForm({ record, onDone, onCancel }: { record: AssistRecord; onDone: () => void; onCancel: () => void }) {
  const [d, setD] = useState<Details>(emptyDetails(record));
  const [outcome, setOutcome] = useState<AssistOutcome | null>(null);
  const [toReport, setToReport] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!outcome) return setError(t('assist.outcome') + '：请选择。');
    const input = detailInput(d);
    if (!input.ok) return setError(input.message);
    setBusy(true);
    const r = await call('assist.close', { id: record.id, outcome, ...input.value });
    if (r.ok && outcome === 'unresolved' && toReport && !d.outOfScope) {
      const rep = await call('unresolved.take', { kind: 'blocked', applicant: d.applicant, contact: '', itemName: d.itemName || null, description: d.problem || d.action || REPORT_KIND_NAMES.blocked, assistId: record.id });
      if (rep.ok && rep.value.notice) download(rep.value.notice);
      if (!rep.ok) setError(rep.error.message);
    }
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onDone();
  };
  return (
    <div className="lock-backdrop">
      <form noValidate role="dialog" aria-modal="true" aria-labelledby="assist-close-title" className="assist-dialog wide" onSubmit={(e) => { e.preventDefault(); void save(); }}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="assist-close-title">{t('assist.closeTitle', { id: record.id })}</h2>
        <OutcomePicker value={outcome} set={setOutcome} name={`outcome-${record.id}`} />
        {outcome === 'unresolved' && (
          <label className="checkbox"><input type="checkbox" checked={toReport} onChange={(e) => setToReport(e.target.checked)} />{t('assist.toReport')}</label>
        )}
        <DetailFields d={d} set={setD} />
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" disabled={busy}>{t('assist.save')}</button>
          <button type="button" className="ghost" onClick={onCancel}>{t('assist.cancelDialog')}</button>
        </div>
      </form>
    </div>
  );
}
