import { useState } from 'react';
import { CAPACITY_NAMES, KIND_NAMES, STATUS_NAMES } from '../../../../common/assist/labels';
import type { AssistRecord } from '../../../../common/assist/schema';
import { call } from '../../api/client';
import { useSession } from '../../app/session';
import { t } from '../../i18n';
import { CloseForm } from './CloseForm';
import { hhmm, minutesSince, type LiveState } from './useAssistLive';

/** The hall's running 求助: accept (with an ETA), 已到窗, 办结 — for helpers; read-only for others. */
export function LivePanel({ state, reload }: { state: LiveState; reload: () => Promise<void> }) {
  const { session } = useSession();
  const role = session!.staff.role;
  const helper = role === 'assistant' || role === 'supervisor';
  const [eta, setEta] = useState<Record<number, number>>({});
  const [closing, setClosing] = useState<AssistRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (name: 'assist.accept' | 'assist.arrive', id: number) => {
    const r = name === 'assist.accept' ? await call(name, { id, etaMinutes: eta[id] ?? 2 }) : await call(name, { id });
    setError(r.ok ? null : r.error.message);
    if (!r.ok) await reload();
  };
  return (
    <section aria-labelledby="assist-live-title">
      <h2 id="assist-live-title">{t('assist.tab.live')}</h2>
      <p className="muted">{t('assist.me', { capacity: CAPACITY_NAMES[state.me.capacity] })}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {state.records.length === 0 && state.pending.length === 0 ? <p className="muted">{t('assist.noLive')}</p> : (
        <table className="data-table" data-testid="assist-live">
          <thead>
            <tr>
              <th>{t('assist.col.time')}</th><th>{t('assist.col.counter')}</th><th>{t('assist.col.kind')}</th><th>{t('assist.col.by')}</th>
              <th>{t('assist.col.note')}</th><th>{t('assist.col.status')}</th><th>{t('assist.col.helper')}</th><th>{t('assist.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {state.pending.map((p) => (
              <tr key={p.key} className="pending">
                <td>{hhmm(p.at)}</td><td>{p.counter}</td><td>{KIND_NAMES[p.kind]}</td><td>—</td><td>{p.note}</td>
                <td><span className="tag">{t('assist.pendingTag')}</span>{p.lastError && <span className="form-error"> {p.lastError}</span>}</td><td>—</td><td />
              </tr>
            ))}
            {state.records.map((r) => {
              const mine = r.helper?.staffNo === state.me.staffNo;
              return (
                <tr key={r.id} className={r.escalatedAt && r.status === 'open' ? 'escalated' : undefined} data-testid={`assist-row-${r.id}`}>
                  <td>{hhmm(r.requestedAt)} <span className="muted">{t('assist.waitedMin', { min: minutesSince(r.requestedAt) })}</span></td>
                  <td>{r.counter ?? '—'}</td>
                  <td>{KIND_NAMES[r.kind]}</td>
                  <td>{r.requestedBy?.name ?? '—'}</td>
                  <td>{r.note}</td>
                  <td>{STATUS_NAMES[r.status]}{r.escalatedAt && r.status === 'open' && <span className="tag warn"> {t('assist.escalatedTag')}</span>}</td>
                  <td>{r.helper ? `${r.helper.name}（${CAPACITY_NAMES[r.helper.capacity]}）` : '—'}</td>
                  <td className="row-actions">
                    {helper && r.status === 'open' && (
                      <>
                        <label className="inline">
                          <span className="visually-hidden">{t('assist.eta')}</span>
                          <input type="number" min={0} max={120} value={eta[r.id] ?? 2} aria-label={t('assist.eta')} onChange={(e) => setEta({ ...eta, [r.id]: Number(e.target.value) })} />
                        </label>
                        <button type="button" onClick={() => void act('assist.accept', r.id)}>{t('assist.accept')}</button>
                      </>
                    )}
                    {helper && mine && r.status === 'accepted' && <button type="button" onClick={() => void act('assist.arrive', r.id)}>{t('assist.arrive')}</button>}
                    {helper && mine && (r.status === 'accepted' || r.status === 'arrived') && <button type="button" onClick={() => setClosing(r)}>{t('assist.close')}</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {closing && <CloseForm record={closing} onCancel={() => setClosing(null)} onDone={() => { setClosing(null); void reload(); }} />}
    </section>
  );
}
