import { Fragment, useCallback, useEffect, useState } from 'react';
import type { FollowUpView } from '../../../preload/contract/rating';
import { hallDateTime, hallDay } from '../../../common/hall-time';
import { call, on } from '../api/client';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';
import { FollowUpDetail } from './rating/FollowUpDetail';
import { FiguresPanel, MineFigures } from './rating/Figures';

const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`;

/** 差评回访整改 for supervisors: overdue first and highlighted, each with its 1/5/15 working-day deadlines. */
function FollowUps() {
  const [openOnly, setOpenOnly] = useState(false);
  const [items, setItems] = useState<FollowUpView[] | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void call('rating.followUps', { openOnly }).then((r) => (r.ok ? (setItems(r.value.items), setError(null)) : setError(errorText(r.error))));
  }, [openOnly]);
  useEffect(() => {
    load();
    return on('rating.followUpChanged', load);
  }, [load]);
  const replace = (v: FollowUpView) => setItems((xs) => xs?.map((x) => (x.ratingId === v.ratingId ? v : x)) ?? null);

  return (
    <section className="panel" aria-labelledby="rating-followups-h">
      <h2 id="rating-followups-h">{t('rating.followUps')}</h2>
      <label><input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> {t('rating.openOnly')}</label>
      {error && <p role="alert" className="error">{error}</p>}
      {items && items.length === 0 && <p className="muted">{t('rating.none')}</p>}
      {items && items.length > 0 && (
        <table className="queue-table rating-followups" data-testid="rating-followups">
          <thead>
            <tr>
              <th>{t('rating.col.id')}</th><th>{t('rating.col.time')}</th><th>{t('rating.col.level')}</th><th>{t('rating.col.reason')}</th>
              <th>{t('rating.col.service')}</th><th>{t('rating.col.case')}</th><th>{t('rating.col.deadlines')}</th><th>{t('rating.col.state')}</th><th />
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <Fragment key={f.ratingId}>
                <tr className={f.overdue ? 'overdue' : ''} data-testid={`followup-${f.ratingId}`}>
                  <td>{f.ratingId}</td>
                  <td>{hallDateTime(f.ratedAt).slice(0, 16)}</td>
                  <td>{t(`rating.level${f.level as 1 | 2}`)}</td>
                  <td>{f.reason}</td>
                  <td>{f.counter} / {f.staffNo}</td>
                  <td>{f.caseNumber ?? '—'}<br />{f.itemName ? `${f.itemName}（${f.itemCode}）` : ''}</td>
                  <td data-testid="followup-deadlines">
                    {f.deadlines.contact} / {f.deadlines.simple} / {f.deadlines.complex}
                    {f.provisional && <span className="badge"> {t('rating.provisional')}</span>}
                  </td>
                  <td>
                    {t(`rating.state.${f.state}`)}
                    {f.due && <><br />{t('rating.dueNext', { step: t(`rating.step.${f.due.step}`), date: f.due.date })}</>}
                    {f.overdue && <><br /><strong className="overdue-badge">{t('rating.overdue')}</strong></>}
                    {f.excluded && <><br />{t('rating.excluded')}</>}
                  </td>
                  <td>
                    <button type="button" aria-expanded={expanded === f.ratingId} onClick={() => setExpanded(expanded === f.ratingId ? null : f.ratingId)}>
                      {expanded === f.ratingId ? t('rating.collapse') : t('rating.open')}
                    </button>
                  </td>
                </tr>
                {expanded === f.ratingId && (
                  <tr><td colSpan={9}><FollowUpDetail item={f} onChanged={replace} /></td></tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function RatingPage() {
  const { session } = useSession();
  const role = session!.staff.role;
  const today = hallDay(Date.now());
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const supervisor = role === 'supervisor' || role === 'admin';
  return (
    <div className="rating-page">
      <section className="panel" aria-labelledby="rating-h">
        <h1 id="rating-h">{t('rating.heading')}</h1>
        <fieldset>
          <legend>{t('rating.period')}</legend>
          <label>{t('rating.from')} <input type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} /></label>{' '}
          <label>{t('rating.to')} <input type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} /></label>
        </fieldset>
      </section>
      {role === 'supervisor' && <FollowUps />}
      {supervisor ? <FiguresPanel from={from} to={to} /> : <MineFigures from={from} to={to} />}
    </div>
  );
}
