import { useMemo } from 'react';
import type { z } from 'zod';
import type { MonthlyReport } from '../../../../common/reports';
import { t } from '../../i18n';
import { Chart } from './Chart';
import { Figure } from './Figure';
import { mins, pct, ratio, signed } from './format';

type Monthly = z.infer<typeof MonthlyReport>;

/** 月动态: the month's sums beside last month's, the days as a chart and a table; a day opens its 日动态. */
export function MonthlyView({ report, onOpenDay }: { report: Monthly; onOpenDay: (day: string) => void }) {
  const r = report;
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 48, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: r.days.map((d) => d.day.slice(8)) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { type: 'bar', name: t('reports.fig.accepted'), data: r.days.map((d) => d.accepted), itemStyle: { color: '#1f5fa8' } },
      { type: 'bar', name: t('reports.fig.completed'), data: r.days.map((d) => d.completed), itemStyle: { color: '#3a8f5c' } },
      { type: 'line', name: t('reports.chart.within10'), yAxisIndex: 1, data: r.days.map((d) => (d.appointmentsWithin10Share === null ? null : Math.round(d.appointmentsWithin10Share * 1000) / 10)), itemStyle: { color: '#c77800' } },
    ],
  }), [r]);
  const byShortDay = (short: string) => r.days.find((d) => d.day.slice(8) === short)?.day;
  const change = (k: keyof Monthly['change']) => t('reports.change', { d: signed(r.change[k]) });
  return (
    <>
      <div className="report-figures" role="group" aria-label={t('reports.monthly')}>
        <Figure testId="fig-accepted" label={t('reports.fig.accepted')} value={r.accepted} note={change('accepted')} />
        <Figure testId="fig-completed" label={t('reports.fig.completed')} value={r.completed} note={change('completed')} />
        <Figure testId="fig-overdue-accepted" label={t('reports.fig.overdueAccepted')} value={r.overdueAccepted} note={change('overdueAccepted')} alert={r.overdueAccepted > 0} />
        <Figure testId="fig-overdue-completed" label={t('reports.fig.overdueCompleted')} value={r.overdueCompleted} note={change('overdueCompleted')} alert={r.overdueCompleted > 0} />
        <Figure testId="fig-overdue-accepted-rate" label={t('reports.fig.overdueAcceptedRate')} value={pct(r.overdueAcceptedRate)} />
        <Figure testId="fig-overdue-completed-rate" label={t('reports.fig.overdueCompletedRate')} value={pct(r.overdueCompletedRate)} />
        <Figure testId="fig-avg-accept" label={t('reports.fig.avgAccept')} value={mins(r.avgAcceptMinutes)} />
        <Figure testId="fig-tickets" label={t('reports.fig.tickets')} value={r.tickets} note={change('tickets')} />
        <Figure testId="fig-within10" label={t('reports.fig.within10')} value={pct(r.appointmentsWithin10Share)} note={`${r.appointmentsWithin10}/${r.appointmentsCalled}`} />
        <Figure testId="fig-avg-service" label={t('reports.fig.avgService')} value={mins(r.avgServiceMinutes)} />
        <Figure testId="fig-ratings" label={t('reports.fig.ratings')} value={pct(ratio(r.ratings.good, r.ratings.rated))} note={`${r.ratings.rated}/${r.ratings.count}`} />
        <Figure testId="fig-assistance" label={t('reports.fig.assistance')} value={pct(ratio(r.assistance.resolved, r.assistance.requests))} note={`${r.assistance.resolved}/${r.assistance.requests}`} />
      </div>
      <section aria-labelledby="chart-days-h" className="report-chart-box">
        <h2 id="chart-days-h">{t('reports.chart.days')}</h2>
        <Chart testId="chart-days" height={320} option={option} label={t('reports.chart.daysLabel', { month: r.month, a: r.accepted, c: r.completed })}
          onPick={(short) => { const d = byShortDay(short); if (d) onOpenDay(d); }} />
      </section>
      <section aria-labelledby="report-days-h">
        <h2 id="report-days-h">{t('reports.days.heading')}</h2>
        <table className="queue-table" data-testid="report-days">
          <thead><tr><th>{t('reports.col.day')}</th><th>{t('reports.fig.accepted')}</th><th>{t('reports.fig.completed')}</th><th>{t('reports.fig.overdueAccepted')}</th><th>{t('reports.fig.overdueCompleted')}</th><th>{t('reports.fig.tickets')}</th><th>{t('reports.fig.within10')}</th></tr></thead>
          <tbody>
            {r.days.filter((d) => d.tickets + d.accepted + d.completed > 0).map((d) => (
              <tr key={d.day}>
                <td><button type="button" className="link" onClick={() => onOpenDay(d.day)} aria-label={t('reports.openDay', { day: d.day })}>{d.day}</button></td>
                <td>{d.accepted}</td><td>{d.completed}</td><td>{d.overdueAccepted}</td><td>{d.overdueCompleted}</td><td>{d.tickets}</td><td>{pct(d.appointmentsWithin10Share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
