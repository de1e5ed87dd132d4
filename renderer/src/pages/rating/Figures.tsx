import { useEffect, useState } from 'react';
import type { RatingFigures } from '../../../../preload/contract/rating';
import { call, on } from '../../api/client';
import { errorText, t, type MessageKey } from '../../i18n';

const RATES = ['evaluationRate', 'unratedRate', 'goodRate', 'activeGoodRate', 'badReplyRate', 'rectifyRate', 'rectifySatisfiedRate'] as const;
const BY = ['counter', 'staff', 'item', 'day', 'month'] as const;
type By = (typeof BY)[number];

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function Cells({ f }: { f: RatingFigures }) {
  return (
    <>
      <td className="num">{f.services}</td>
      <td className="num">{f.rated}</td>
      <td className="num">{f.bad}</td>
      {RATES.map((k) => <td key={k} className="num">{pct(f[k])}</td>)}
    </>
  );
}

function Head({ first }: { first: string }) {
  return (
    <tr>
      <th>{first}</th>
      <th className="num">{t('rating.fig.services')}</th>
      <th className="num">{t('rating.fig.rated')}</th>
      <th className="num">{t('rating.fig.bad')}</th>
      {RATES.map((k) => <th key={k} className="num">{t(`rating.fig.${k}` as MessageKey)}</th>)}
    </tr>
  );
}

/** GB/T 39734's indicators for a period, grouped by counter, staff, item, day or month (supervisors). */
export function FiguresPanel({ from, to }: { from: string; to: string }) {
  const [by, setBy] = useState<By>('counter');
  const [data, setData] = useState<{ total: RatingFigures; rows: Array<{ key: string; label: string; figures: RatingFigures }> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => void call('rating.figures', { from, to, by }).then((r) => (r.ok ? (setData(r.value), setError(null)) : setError(errorText(r.error))));
    load();
    // A follow-up step or its close changes 差评回复率 and 回访整改率: the table follows.
    return on('rating.followUpChanged', load);
  }, [from, to, by]);
  return (
    <section className="panel" aria-labelledby="rating-figures-h">
      <h2 id="rating-figures-h">{t('rating.figures')}</h2>
      <label>{t('rating.by')}{' '}
        <select value={by} onChange={(e) => setBy(e.target.value as By)}>
          {BY.map((b) => <option key={b} value={b}>{t(`rating.by.${b}` as MessageKey)}</option>)}
        </select>
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      {data && (
        <table className="queue-table rating-figures" data-testid="rating-figures">
          <thead><Head first={t(`rating.by.${by}` as MessageKey)} /></thead>
          <tbody>
            {data.rows.map((r) => <tr key={r.key}><td>{r.label}</td><Cells f={r.figures} /></tr>)}
            <tr className="total"><th>{t('rating.total')}</th><Cells f={data.total} /></tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A staff member's own figures: aggregates only, never who rated what. */
export function MineFigures({ from, to }: { from: string; to: string }) {
  const [f, setF] = useState<RatingFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('rating.mine', { from, to }).then((r) => (r.ok ? (setF(r.value), setError(null)) : setError(errorText(r.error))));
  }, [from, to]);
  return (
    <section className="panel" aria-labelledby="rating-mine-h">
      <h2 id="rating-mine-h">{t('rating.mineHeading')}</h2>
      <p className="muted">{t('rating.mineHint')}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {f && (
        <table className="queue-table rating-figures" data-testid="rating-mine">
          <thead><Head first={t('rating.period')} /></thead>
          <tbody><tr><td>{from} – {to}</td><Cells f={f} /></tr></tbody>
        </table>
      )}
    </section>
  );
}
