import { useCallback, useEffect, useState } from 'react';
import { REPORT_KIND_NAMES, REPORT_STATE_NAMES } from '../../../../common/assist/labels';
import { REPORT_KINDS, REPORT_STATES, type ReportKind, type UnresolvedReport } from '../../../../common/assist/reports';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { t } from '../../i18n';
import { download } from './download';

/** 办不成事: take a report (首问负责, the 一次性告知 printed), move the open ones through their steps; overdue ones first. */
export function ReportsPanel() {
  const { session } = useSession();
  const [list, setList] = useState<UnresolvedReport[]>([]);
  const [form, setForm] = useState({ kind: 'repeated' as ReportKind, applicant: '', contact: '', itemName: '', description: '' });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [step, setStep] = useState<Record<number, { note: string; ownerNo: string; ownerName: string }>>({});
  const load = useCallback(async () => {
    const r = await call('unresolved.list', {});
    if (r.ok) setList(r.value);
    else setMsg({ ok: false, text: r.error.message });
  }, []);
  useEffect(() => void load(), [load]);
  const take = async () => {
    const r = await call('unresolved.take', { ...form, itemName: form.itemName || null, assistId: null });
    if (!r.ok) return setMsg({ ok: false, text: r.error.message });
    if (r.value.queued || !r.value.report) return setMsg({ ok: true, text: t('unresolved.queued') });
    if (r.value.notice) download(r.value.notice);
    setMsg({ ok: true, text: t('unresolved.taken', { id: r.value.report.id, name: r.value.report.owner.name, due: r.value.report.deadlines.feedback ?? '' }) });
    setForm({ ...form, applicant: '', contact: '', itemName: '', description: '' });
    void load();
  };
  const advance = async (rep: UnresolvedReport) => {
    const next = REPORT_STATES[REPORT_STATES.indexOf(rep.state) + 1];
    const s = step[rep.id] ?? { note: '', ownerNo: '', ownerName: '' };
    const owner = s.ownerNo && s.ownerName ? { owner: { staffNo: s.ownerNo, name: s.ownerName } } : {};
    const r = await call('unresolved.advance', { id: rep.id, to: next, note: s.note, ...owner });
    if (!r.ok) return setMsg({ ok: false, text: r.error.message });
    setMsg(null);
    setStep({ ...step, [rep.id]: { note: '', ownerNo: '', ownerName: '' } });
    void load();
  };
  const notice = async (id: number) => {
    const r = await call('unresolved.notice', { id });
    if (r.ok) download(r.value);
    else setMsg({ ok: false, text: r.error.message });
  };
  const canTake = session!.staff.role !== 'admin';
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('unresolved.title')}</h2>
      {canTake && (
        <form noValidate className="assist-form report-form" onSubmit={(e) => { e.preventDefault(); void take(); }}>
          <label className="field"><span>{t('unresolved.kind')}</span>
            <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ReportKind })}>
              {REPORT_KINDS.map((k) => <option key={k} value={k}>{REPORT_KIND_NAMES[k]}</option>)}
            </select>
          </label>
          <label className="field"><span>{t('unresolved.applicant')}</span><input value={form.applicant} maxLength={40} onChange={(e) => setForm({ ...form, applicant: e.target.value })} /></label>
          <label className="field"><span>{t('unresolved.contact')}</span><input value={form.contact} maxLength={40} onChange={(e) => setForm({ ...form, contact: e.target.value })} /></label>
          <label className="field"><span>{t('unresolved.itemName')}</span><input value={form.itemName} maxLength={80} onChange={(e) => setForm({ ...form, itemName: e.target.value })} /></label>
          <label className="field wide"><span>{t('unresolved.description')}</span><textarea rows={3} maxLength={1000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
          <div className="actions"><button type="submit">{t('unresolved.submit')}</button></div>
        </form>
      )}
      {msg && <p className={msg.ok ? 'form-ok' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      {list.length === 0 ? <p className="muted">{t('unresolved.none')}</p> : (
        <table className="data-table" data-testid="reports">
          <thead>
            <tr><th>{t('unresolved.col.id')}</th><th>{t('unresolved.col.kind')}</th><th>{t('unresolved.col.description')}</th><th>{t('unresolved.col.state')}</th><th>{t('unresolved.col.owner')}</th><th>{t('unresolved.col.due')}</th><th>{t('unresolved.col.feedback')}</th><th>{t('assist.col.actions')}</th></tr>
          </thead>
          <tbody>
            {list.map((r) => {
              const next = REPORT_STATES[REPORT_STATES.indexOf(r.state) + 1];
              const s = step[r.id] ?? { note: '', ownerNo: '', ownerName: '' };
              return (
                <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
                  <td>{r.id}</td><td>{REPORT_KIND_NAMES[r.kind]}</td><td>{r.description}</td>
                  <td>{REPORT_STATE_NAMES[r.state]}{r.overdue && <span className="tag warn"> {t('unresolved.overdue')}</span>}</td>
                  <td>{r.owner.name}（{r.owner.staffNo}）</td><td>{r.deadlines[r.state] ?? '—'}</td><td>{r.deadlines.feedback ?? '—'}</td>
                  <td className="row-actions">
                    <input aria-label={t('unresolved.note')} placeholder={t('unresolved.note')} size={22} value={s.note} onChange={(e) => setStep({ ...step, [r.id]: { ...s, note: e.target.value } })} />
                    <input aria-label={t('unresolved.ownerNo')} placeholder={t('unresolved.ownerNo')} size={12} value={s.ownerNo} onChange={(e) => setStep({ ...step, [r.id]: { ...s, ownerNo: e.target.value } })} />
                    <input aria-label={t('unresolved.ownerName')} placeholder={t('unresolved.ownerName')} size={10} value={s.ownerName} onChange={(e) => setStep({ ...step, [r.id]: { ...s, ownerName: e.target.value } })} />
                    {next && <button type="button" onClick={() => void advance(r)}>{t('unresolved.next', { state: REPORT_STATE_NAMES[next] })}</button>}
                    <button type="button" className="ghost" onClick={() => void notice(r.id)}>{t('unresolved.notice')}</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
