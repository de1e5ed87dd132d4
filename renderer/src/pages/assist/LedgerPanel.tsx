import { useCallback, useEffect, useState } from 'react';
import { CAPACITY_NAMES, KIND_NAMES, OUTCOME_NAMES } from '../../../../common/assist/labels';
import { ASSIST_KINDS, ASSIST_OUTCOMES, type AssistKind, type AssistOutcome } from '../../../../common/assist/schema';
import { hallDay } from '../../../../common/hall-time';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { download } from './download';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const mins = (from: number | null, to: number | null) => (from !== null && to !== null ? t('assist.minutes', { n: Math.round(((to - from) / 60_000) * 10) / 10 }) : '—');
const when = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** 帮办台账: filter by period, kind, outcome, helper, text; export .xlsx and PDF; the figures below. */
export function LedgerPanel() {
  const today = hallDay(Date.now());
  const [q, setQ] = useState({ from: `${today.slice(0, 8)}01`, to: today, kind: '' as AssistKind | '', outcome: '' as AssistOutcome | '', helper: '', text: '' });
  const [data, setData] = useState<CallOutput<'assist.ledger'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = useCallback(() => ({
    from: q.from, to: q.to, ...(q.kind ? { kind: q.kind } : {}), ...(q.outcome ? { outcome: q.outcome } : {}), ...(q.helper ? { helper: q.helper } : {}), ...(q.text ? { text: q.text } : {}),
  }), [q]);
  const search = useCallback(async () => {
    const r = await call('assist.ledger', query());
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [query]);
  useEffect(() => void search(), []);
  const exportAs = async (format: 'xlsx' | 'pdf') => {
    const r = await call('assist.export', { ...query(), format });
    if (r.ok) download(r.value);
    else setError(r.error.message);
  };
  return (
    <section aria-labelledby="assist-ledger-title">
      <h2 id="assist-ledger-title">{t('assist.ledgerTitle')}</h2>
      <form noValidate className="filters" onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <label>{t('assist.from')}<input type="date" value={q.from} onChange={(e) => setQ({ ...q, from: e.target.value })} /></label>
        <label>{t('assist.to')}<input type="date" value={q.to} onChange={(e) => setQ({ ...q, to: e.target.value })} /></label>
        <label>{t('assist.filterKind')}
          <select value={q.kind} onChange={(e) => setQ({ ...q, kind: e.target.value as AssistKind | '' })}>
            <option value="">{t('assist.all')}</option>
            {ASSIST_KINDS.map((k) => <option key={k} value={k}>{KIND_NAMES[k]}</option>)}
          </select>
        </label>
        <label>{t('assist.filterOutcome')}
          <select value={q.outcome} onChange={(e) => setQ({ ...q, outcome: e.target.value as AssistOutcome | '' })}>
            <option value="">{t('assist.all')}</option>
            {ASSIST_OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_NAMES[o]}</option>)}
          </select>
        </label>
        <label>{t('assist.filterHelper')}<input value={q.helper} maxLength={20} onChange={(e) => setQ({ ...q, helper: e.target.value })} /></label>
        <label>{t('assist.filterText')}<input value={q.text} maxLength={40} onChange={(e) => setQ({ ...q, text: e.target.value })} /></label>
        <button type="submit">{t('assist.search')}</button>
        <button type="button" onClick={() => void exportAs('xlsx')}>{t('assist.exportXlsx')}</button>
        <button type="button" onClick={() => void exportAs('pdf')}>{t('assist.exportPdf')}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {data && (
        <>
          <p className="muted">{t('assist.ledgerCount', { n: data.records.length })}</p>
          {data.records.length === 0 ? <p className="muted">{t('assist.ledgerEmpty')}</p> : (
            <table className="data-table" data-testid="assist-ledger">
              <thead>
                <tr>
                  <th>#</th><th>{t('assist.col.time')}</th><th>{t('assist.col.kind')}</th><th>{t('assist.col.counter')}</th><th>{t('assist.col.helper')}</th>
                  <th>{t('assist.col.applicant')}</th><th>{t('assist.col.item')}</th><th>{t('assist.problem')}</th><th>{t('assist.action')}</th>
                  <th>{t('assist.col.outcome')}</th><th>{t('assist.col.response')}</th>
                </tr>
              </thead>
              <tbody>
                {data.records.map((r) => (
                  <tr key={r.id} data-testid={`ledger-row-${r.id}`}>
                    <td>{r.id}</td><td>{when(r.requestedAt)}</td><td>{KIND_NAMES[r.kind]}{r.outOfScope ? '（涉法涉诉）' : ''}</td>
                    <td>{r.counters.join('、') || '—'}</td><td>{r.helper ? `${r.helper.name}（${CAPACITY_NAMES[r.helper.capacity]}）` : '—'}</td>
                    <td>{r.applicant || '—'}</td><td>{r.itemName ?? '—'}</td><td>{r.problem}</td><td>{r.action}</td>
                    <td>{r.outcome ? OUTCOME_NAMES[r.outcome] : '—'}</td><td data-testid="ledger-response">{mins(r.requestedAt, r.acceptedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('assist.figures')}</h3>
          <ul className="plain">{data.figures.months.map((m) => <li key={m.month}>{t('assist.fig.month', m)}</li>)}</ul>
          {data.figures.groups.length > 0 && (
            <table className="data-table">
              <thead><tr><th>{t('assist.fig.group')}</th><th>{t('assist.fig.name')}</th><th>{t('assist.fig.count')}</th><th>{t('assist.fig.rate')}</th><th>{t('assist.fig.accept')}</th><th>{t('assist.fig.arrive')}</th><th>{t('assist.fig.handle')}</th></tr></thead>
              <tbody>
                {data.figures.groups.map((g) => (
                  <tr key={`${g.by}-${g.key}`}>
                    <td>{g.by === 'helper' ? t('assist.fig.byHelper') : t('assist.fig.byKind')}</td><td>{g.label}</td><td>{g.count}</td><td>{pct(g.resolutionRate)}</td>
                    <td>{g.avgAcceptMinutes ?? '—'}</td><td>{g.avgArriveMinutes ?? '—'}</td><td>{g.avgHandleMinutes ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
