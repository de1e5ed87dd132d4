import { DueDate } from '../../components/calendar/DueDate';
import { useCallback, useEffect, useState } from 'react';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { useAction } from './useAction';

type Rows = CallOutput<'intake.cases'>['rows'];
type Due = CallOutput<'intake.due'>;
type Progress = CallOutput<'intake.progress'>;

const STATES = ['', 'draft', 'accepted', 'correction-requested', 'rejected', 'in-review', 'completed', 'result-issued', 'archived'] as const;

/** 办件: progress look-up (number, scanned notice QR, ID or credit code), near-due and overdue lists, and the filtered list. */
export function CasesPanel({ onOpen }: { onOpen(caseId: string): void }) {
  const { run } = useAction();
  const [query, setQuery] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [state, setState] = useState<(typeof STATES)[number]>('');
  const [rows, setRows] = useState<Rows>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [due, setDue] = useState<Due | null>(null);

  const load = useCallback(async (more: string | null) => {
    const r = await run(() => call('intake.cases', { state: state || undefined, cursor: more, limit: 50 }));
    if (!r) return;
    setRows((x) => (more ? [...x, ...r.rows] : r.rows));
    setCursor(r.nextCursor);
  }, [run, state]);

  useEffect(() => void load(null), [load]);
  useEffect(() => void run(() => call('intake.due', { withinWorkingDays: 2 })).then((r) => r && setDue(r)), [run]);

  const lookup = async () => {
    const r = await run(() => call('intake.progress', { query }));
    if (r) setProgress(r);
  };

  return (
    <div className="page-grid">
      <section className="panel" aria-labelledby="intake-prog-h">
        <h2 id="intake-prog-h">{t('intake.progress.heading')}</h2>
        <div className="actions">
          <label className="intake-search">
            {t('intake.progress.query')}
            <input value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void lookup()} placeholder="SH-… / WD-CASE:… / 证件号码 / 统一社会信用代码" />
          </label>
          <button type="button" onClick={() => void lookup()}>{t('intake.progress.go')}</button>
        </div>
        {progress && progress.length === 0 && <p className="muted" role="status">{t('intake.progress.none')}</p>}
        {progress && progress.length > 0 && (
          <table className="intake-table" aria-label={t('intake.progress.heading')}>
            <thead><tr><th>{t('intake.col.number')}</th><th>{t('intake.col.item')}</th><th>{t('intake.col.applicant')}</th><th>{t('intake.col.state')}</th><th>{t('intake.progress.next')}</th><th /></tr></thead>
            <tbody>
              {progress.map((p, i) => (
                <tr key={p.caseNumber ?? i}>
                  <td>{p.caseNumber ?? '—'}</td><td>{p.itemName}（{p.scenarioName}）</td><td>{p.applicantName}</td><td>{p.stateLabel}</td><td>{p.nextStep}</td>
                  <td>{p.id && <button type="button" onClick={() => onOpen(p.id!)} aria-label={t('intake.open', { n: p.caseNumber ?? '' })}>{t('intake.openShort')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {due && (due.overdue.length > 0 || due.nearDue.length > 0) && (
        <section className="panel intake-due" aria-labelledby="intake-due-h">
          <h2 id="intake-due-h">{t('intake.due.heading')}</h2>
          {due.overdue.length > 0 && <p role="alert" className="form-error">{t('intake.due.overdue', { n: due.overdue.length })}</p>}
          <ul>
            {[...due.overdue, ...due.nearDue].map((d) => (
              <li key={d.id} className={d.workingDaysLeft < 0 ? 'overdue' : 'near-due'}>
                {d.caseNumber} {d.itemName} {d.applicantName} · {t('intake.dueDate', { d: '' })}<DueDate date={d.dueDate} provisional={d.dueProvisional} /> ·{' '}
                {d.workingDaysLeft < 0 ? t('intake.due.late', { n: -d.workingDaysLeft }) : t('intake.due.left', { n: d.workingDaysLeft })}
                <button type="button" onClick={() => onOpen(d.id)} aria-label={t('intake.open', { n: d.caseNumber })}>{t('intake.openShort')}</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel" aria-labelledby="intake-list-h">
        <h2 id="intake-list-h">{t('intake.list.heading')}</h2>
        <label>
          {t('intake.list.state')}
          <select value={state} onChange={(e) => setState(e.target.value as (typeof STATES)[number])}>
            {STATES.map((s) => <option key={s} value={s}>{s ? t(`intake.state.${s}`) : t('intake.list.all')}</option>)}
          </select>
        </label>
        <table className="intake-table" aria-label={t('intake.list.heading')}>
          <thead><tr><th>{t('intake.col.number')}</th><th>{t('intake.col.item')}</th><th>{t('intake.col.applicant')}</th><th>{t('intake.col.agent')}</th><th>{t('intake.col.state')}</th><th>{t('intake.col.due')}</th><th /></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.caseNumber ?? '—'}</td><td>{r.itemName}</td><td>{r.applicantName}</td><td>{r.agent ?? '—'}</td><td>{r.stateLabel}</td><td>{r.dueDate ? <DueDate date={r.dueDate} provisional={r.dueProvisional} /> : ''}</td>
                <td><button type="button" onClick={() => onOpen(r.id)} aria-label={t('intake.open', { n: r.caseNumber ?? r.itemName })}>{t('intake.openShort')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {cursor && <button type="button" onClick={() => void load(cursor)}>{t('intake.list.more')}</button>}
      </section>
    </div>
  );
}
