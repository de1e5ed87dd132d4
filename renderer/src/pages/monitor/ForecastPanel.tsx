import type { SupervisorView } from '../../../../preload/contract/queue';
import { t } from '../../i18n';

type Outlook = NonNullable<SupervisorView['forecast']>;
/** The replay looks 8 hours ahead at most; beyond it the outlook says so rather than a number. */
const minutes = (m: number) => (m >= 480 ? t('forecast.beyond') : t('forecast.minutes', { m: Math.round(m) }));

/** 未来一小时预测: per stream the hub's replay of the next hour, and the bounds it says will break with advice. */
export function ForecastPanel({ forecast }: { forecast: Outlook }) {
  return (
    <section aria-labelledby="monitor-forecast-h" className="monitor-forecast" data-testid="monitor-forecast">
      <h2 id="monitor-forecast-h">{t('forecast.heading')}</h2>
      <p className="muted">{t('forecast.summary', { open: forecast.openCounters, mean: forecast.meanServiceMinutes })}</p>
      {forecast.warnings.length === 0 ? (
        <p className="muted" data-testid="forecast-ok">{t('forecast.ok')}</p>
      ) : (
        // role="alert" on the <ul> itself would take away its list role (its <li> then belong to no list).
        <div role="alert"><ul className="forecast-warnings" data-testid="forecast-warnings">
          {forecast.warnings.map((w) => (
            <li key={w.stream} className="risk-breach">
              {t(w.inMinutes < 1 ? `forecast.warnNow.${w.kind}` : `forecast.warn.${w.kind}`, { stream: w.name, in: Math.round(w.inMinutes), bound: w.boundMinutes, m: minutes(w.predictedMinutes) })}
              <strong className="forecast-advice">{w.extraCounters === null ? t('forecast.adviceMore') : t(w.openWithinMinutes === 0 ? 'forecast.adviceNow' : 'forecast.advice', { n: w.extraCounters })}</strong>
            </li>
          ))}
        </ul></div>
      )}
      <table className="queue-table">
        <thead>
          <tr><th>{t('forecast.col.stream')}</th><th>{t('forecast.col.expected')}</th><th>{t('forecast.col.mean')}</th><th>{t('forecast.col.max')}</th><th>{t('forecast.col.bound')}</th></tr>
        </thead>
        <tbody>
          {forecast.streams.map((s) => (
            <tr key={s.stream} data-testid={`forecast-stream-${s.stream}`} className={s.boundMinutes !== null && s.maxWaitMinutes > s.boundMinutes ? 'risk-breach' : undefined}>
              <td>{s.name}（{s.stream}）</td><td>{s.expectedTickets}</td><td>{minutes(s.meanWaitMinutes)}</td><td>{minutes(s.maxWaitMinutes)}</td>
              <td>{s.boundMinutes === null ? t('forecast.none') : minutes(s.boundMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
