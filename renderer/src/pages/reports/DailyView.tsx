import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { DailyReport } from '../../../../common/reports';
import { t } from '../../i18n';
import { Chart } from './Chart';
import { Drill, type TicketRow } from './Drill';
import { Figure } from './Figure';
import { mins, pct, ratio } from './format';

type Daily = z.infer<typeof DailyReport>;
type Open = { what: string; cases?: Daily['cases']['cases']['accepted']; tickets?: TicketRow[] } | null;

/** 日动态: the figures as buttons (each opens its cases or tickets), the streams as a chart. */
export function DailyView({ report }: { report: Daily }) {
  const [open, setOpen] = useState<Open>(null);
  const r = report;
  const c = r.cases.cases;
  const within = r.ticketList.filter((x) => x.kind === 'appointment' && x.waitMinutes !== null);
  const streams = Object.entries(r.queue.ticketsByStream);
  const option = useMemo(() => ({
    tooltip: {}, grid: { left: 40, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: streams.map(([s]) => s) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('reports.fig.tickets'), data: streams.map(([, n]) => n), itemStyle: { color: '#1f5fa8' }, barMaxWidth: 48 }],
  }), [streams]);
  const list = (what: string, cases: Daily['cases']['cases']['accepted']) => () => setOpen({ what, cases });
  const tickets = (what: string, rows: TicketRow[]) => () => setOpen({ what, tickets: rows });
  return (
    <>
      <div className="report-figures" role="group" aria-label={t('reports.daily')}>
        <Figure testId="fig-accepted" label={t('reports.fig.accepted')} value={r.accepted} onOpen={list(t('reports.fig.accepted'), c.accepted)} />
        <Figure testId="fig-completed" label={t('reports.fig.completed')} value={r.completed} onOpen={list(t('reports.fig.completed'), c.completed)} />
        <Figure testId="fig-overdue-accepted" label={t('reports.fig.overdueAccepted')} value={r.overdueAccepted} alert={r.overdueAccepted > 0} onOpen={list(t('reports.fig.overdueAccepted'), c.overdueAccepted)} />
        <Figure testId="fig-overdue-completed" label={t('reports.fig.overdueCompleted')} value={r.overdueCompleted} alert={r.overdueCompleted > 0} onOpen={list(t('reports.fig.overdueCompleted'), c.overdueCompleted)} />
        <Figure testId="fig-tickets" label={t('reports.fig.tickets')} value={r.tickets} onOpen={tickets(t('reports.fig.tickets'), r.ticketList)} />
        <Figure testId="fig-within10" label={t('reports.fig.within10')} value={pct(r.appointmentsWithin10Share)} alert={r.appointmentsWithin10Share !== null && r.appointmentsWithin10Share < 1}
          note={`${r.queue.appointmentsWithin10}/${r.queue.appointmentsCalled}`} onOpen={tickets(t('reports.fig.within10'), within)} />
        <Figure testId="fig-p95" label={t('reports.fig.p95')} value={mins(r.queue.waitP95Minutes)} />
        <Figure testId="fig-noshows" label={t('reports.fig.noShows')} value={r.queue.noShows} />
        <Figure testId="fig-avg-service" label={t('reports.fig.avgService')} value={mins(r.queue.avgServiceMinutes)} />
        <Figure testId="fig-avg-accept" label={t('reports.fig.avgAccept')} value={mins(r.cases.avgAcceptMinutes)} />
        <Figure testId="fig-ratings" label={t('reports.fig.ratings')} value={pct(ratio(r.ratings.good, r.ratings.rated))} note={`${r.ratings.rated}/${r.ratings.count}`} />
        <Figure testId="fig-bad" label={t('reports.fig.bad')} value={r.ratings.bad} alert={r.ratings.bad > 0} />
        <Figure testId="fig-assistance" label={t('reports.fig.assistance')} value={pct(ratio(r.assistance.resolved, r.assistance.requests))} note={`${r.assistance.resolved}/${r.assistance.requests}`} />
      </div>
      <section aria-labelledby="chart-streams-h" className="report-chart-box">
        <h2 id="chart-streams-h">{t('reports.chart.streams')}</h2>
        <Chart testId="chart-streams" option={option} label={t('reports.chart.streamsLabel', { list: streams.map(([s, n]) => `${s} ${n}`).join('，') || t('reports.none') })}
          onPick={(s) => setOpen({ what: `${s} ${t('reports.col.stream')}`, tickets: r.ticketList.filter((x) => x.stream === s) })} />
      </section>
      {open && <Drill what={open.what} cases={open.cases} tickets={open.tickets} onClose={() => setOpen(null)} />}
    </>
  );
}
