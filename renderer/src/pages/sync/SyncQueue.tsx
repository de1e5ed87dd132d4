import { useCallback, useEffect, useState } from 'react';
import type { SyncOp } from '../../../../preload/contract/sync';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';
import { detailOf, kindLabel, stepOf, subjectOf, timeOf } from './format';

const STATUSES = ['pending', 'inflight', 'failed', 'dead'] as const;
type Status = (typeof STATUSES)[number];

/** Pending, in-flight, failed and dead-lettered operations, with the reason and 重新发送. */
export function SyncQueue() {
  const [ops, setOps] = useState<SyncOp[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => void call('sync.list', { statuses: [...STATUSES] }).then((r) => r.ok && setOps(r.value)), []);
  useEffect(() => {
    load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [load]);

  const pushNow = async () => {
    setBusy(true);
    setError(null);
    const r = await call('sync.pushNow', {});
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    setNote(t('sync.pushed', r.value));
    load();
  };
  const resend = async (id: number) => {
    setError(null);
    const r = await call('sync.resend', { id });
    if (!r.ok) return setError(errorText(r.error));
    setNote(t('sync.resent'));
    load();
  };
  // The dead-lettered scan whose 撤回 is being confirmed, with the reason typed.
  const [withdrawing, setWithdrawing] = useState<{ id: number; reason: string } | null>(null);
  const withdraw = async () => {
    if (!withdrawing) return;
    setError(null);
    const r = await call('sync.withdrawFile', withdrawing);
    if (!r.ok) return setError(errorText(r.error));
    setWithdrawing(null);
    setNote(t('sync.withdrawn', { number: r.value.caseNumber ?? t('sync.draft'), material: r.value.subject ?? '' }));
    load();
  };
  const count = (s: Status) => ops.filter((o) => o.status === s).length;

  return (
    <section className="panel" aria-labelledby="sync-queue-h">
      <h2 id="sync-queue-h">{t('sync.queueHeading')}</h2>
      <p data-testid="sync-counts">
        {STATUSES.map((s) => <span key={s} className={`sync-count st-${s}`}>{t(`sync.filter.${s}`)}：{count(s)}　</span>)}
        <button type="button" onClick={() => void pushNow()} disabled={busy}>{busy ? t('sync.pushing') : t('sync.pushNow')}</button>
      </p>
      {note && <p role="status">{note}</p>}
      {error && <p role="alert" className="form-error">{error}</p>}
      {ops.some((o) => o.status === 'dead' && o.kind === 'case.step') && <p className="muted">{t('sync.fixHint')}</p>}
      {ops.some((o) => o.status === 'dead' && o.kind !== 'case.step') && <p className="muted">{t('sync.fixHintOther')}</p>}
      {ops.length === 0 ? <p className="muted" data-testid="sync-empty">{t('sync.empty')}</p> : (
        <table data-testid="sync-ops">
          <thead>
            <tr>
              <th>{t('sync.col.kind')}</th><th>{t('sync.col.case')}</th><th>{t('sync.col.step')}</th><th>{t('sync.col.status')}</th><th>{t('sync.col.attempts')}</th>
              <th>{t('sync.col.created')}</th><th>{t('sync.col.next')}</th><th>{t('sync.col.reason')}</th><th>{t('sync.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {ops.map((o) => (
              <tr key={o.id} className={`st-${o.status}`}>
                <td className="sync-kind">{kindLabel(o.kind)}</td>
                <td>{subjectOf(o)}<br /><span className="muted">{detailOf(o)}</span></td>
                <td className="sync-nowrap">{stepOf(o)}</td>
                <td className="sync-nowrap">{t(`sync.filter.${o.status as Status}`)}</td>
                <td>{o.attempts}</td>
                <td>{timeOf(o.createdAt)}</td>
                <td>{o.status === 'failed' ? timeOf(o.nextAttemptAt) : '—'}</td>
                <td>{o.lastError ?? '—'}</td>
                <td className="sync-action">
                  {(o.status === 'dead' || o.status === 'failed') && withdrawing?.id !== o.id && (
                    <button type="button" onClick={() => void resend(o.id)} aria-label={`${t('sync.resend')} ${kindLabel(o.kind)} ${subjectOf(o)} ${stepOf(o)}`}>{t('sync.resend')}</button>
                  )}
                  {o.status === 'dead' && o.kind === 'case.file' && o.step === 'attachment' && (withdrawing?.id === o.id ? (
                    <WithdrawForm reason={withdrawing.reason} label={`${subjectOf(o)} ${detailOf(o) ?? ''}`}
                      onReason={(reason) => setWithdrawing({ id: o.id, reason })} onConfirm={() => void withdraw()} onCancel={() => setWithdrawing(null)} />
                  ) : (
                    <button type="button" onClick={() => setWithdrawing({ id: o.id, reason: t('sync.withdrawDefault') })}
                      aria-label={`${t('sync.withdraw')} ${subjectOf(o)} ${detailOf(o) ?? ''}`}>{t('sync.withdraw')}</button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The reason for a 撤回 and its confirmation, in the row (the clerk sees which scan it is). */
function WithdrawForm(p: { reason: string; label: string; onReason: (r: string) => void; onConfirm: () => void; onCancel: () => void }) {
  return (
    <span className="sync-withdraw">
      <label>{t('sync.withdrawReason')}
        <input value={p.reason} onChange={(e) => p.onReason(e.target.value)} maxLength={200} aria-label={`${t('sync.withdrawReason')} ${p.label}`} />
      </label>
      <span>
        <button type="button" onClick={p.onConfirm} disabled={p.reason.trim().length < 2}>{t('sync.withdrawConfirm')}</button>{' '}
        <button type="button" onClick={p.onCancel}>{t('sync.withdrawCancel')}</button>
      </span>
    </span>
  );
}
