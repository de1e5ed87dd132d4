// The wait forecast's cost per ticket (common/queue/forecast.ts: a replay of the calling policy),
// with 50, 200 and 1,000 tickets waiting on 8 and 20 counters, beside one pickNext over the same
// waiting set (what one call-next's choice costs) measured in the same run; and the supervisor's
// next-hour outlook (common/queue/outlook.ts) on the same hall; and the hub's forecast at issue
// (store read + replay, forecast-store.ts) on PostgreSQL beside SQLite when WINDOWDESK_TEST_PG is set.
import { forecastTicket } from '../../common/queue/forecast';
import { hallOutlook } from '../../common/queue/outlook';
import { pickNext } from '../../common/queue/policy';
import { DEFAULT_POLICY, type CounterLoad, type PolicyTicket } from '../../common/queue/types';
import { forNewPerBackend } from './forecast-store';
import type { BenchFigure, BenchSuite } from './types';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00+08:00');

function hall(waitingCount: number, counterCount: number) {
  const waiting: PolicyTicket[] = [];
  for (let i = 0; i < waitingCount; i++) {
    // Every fifth an appointment, one in twenty the priority lane; all arrived over the last hour.
    const kind = i % 20 === 7 ? 'priority' : i % 5 === 0 ? 'appointment' : 'walkin';
    waiting.push({ id: i + 1, stream: kind === 'appointment' ? 'Y' : kind === 'priority' ? 'V' : 'A', kind, dueAt: T0 - 60 * MIN + (i * 60 * MIN) / waitingCount, issuedSeq: i + 1 });
  }
  const counters: CounterLoad[] = Array.from({ length: counterCount }, (_, i) => ({ counter: { number: i + 1, streams: ['Y', 'A', 'V'] }, freeAt: T0 + ((i * 10) / counterCount) * MIN }));
  const expected: PolicyTicket[] = Array.from({ length: 8 }, (_, i) => ({ id: `b${i}`, stream: 'Y', kind: 'appointment', dueAt: T0 + 20 * MIN, issuedSeq: 1e9 + i }));
  return { waiting, counters, expected };
}

function perCall(fn: () => void, minMs = 300): number {
  fn(); // warm
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n++;
  }
  return (performance.now() - start) / n;
}

const suite: BenchSuite = {
  name: 'forecast (wait estimate per ticket)',
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    for (const [w, c] of [[50, 8], [200, 8], [200, 20], [1000, 20]] as const) {
      const h = hall(w, c);
      const last = h.waiting[h.waiting.length - 1];
      const load = { counters: h.counters, meanServiceMs: 10 * MIN, expected: h.expected };
      const pick = perCall(() => void pickNext(h.waiting, h.counters[0].counter, T0, DEFAULT_POLICY, load));
      const forecast = perCall(() => void forecastTicket({ now: T0, waiting: h.waiting, counters: h.counters, meanServiceMs: 10 * MIN, params: DEFAULT_POLICY, upcoming: h.expected }, last));
      figures.push({ name: `forecast, last of ${w} waiting, ${c} counters`, value: forecast, unit: 'ms/ticket', baseline: { name: 'one pickNext', value: pick } });
    }
    const h = hall(200, 8);
    const streams = [{ id: 'Y', name: '预约', kind: 'appointment' as const, perHour: 0 }, { id: 'A', name: '现场', kind: 'walkin' as const, perHour: 60 }, { id: 'V', name: '绿色通道', kind: 'priority' as const, perHour: 3 }];
    const outlook = perCall(() => void hallOutlook({ now: T0, waiting: h.waiting, counters: h.counters, meanServiceMs: 10 * MIN, params: DEFAULT_POLICY, expected: h.expected, streams, extraCounter: { number: -1, streams: ['Y', 'A', 'V'] } }), 1000);
    const one = perCall(() => void forecastTicket({ now: T0, waiting: h.waiting, counters: h.counters, meanServiceMs: 10 * MIN, params: DEFAULT_POLICY, upcoming: h.expected }, h.waiting[h.waiting.length - 1]));
    figures.push({ name: 'supervisor outlook, 200 waiting, 8 counters (with advice replays)', value: outlook, unit: 'ms', baseline: { name: 'one ticket forecast', value: one } });
    // The hub's forecast at issue, live hall read from the store: PostgreSQL beside SQLite.
    for (const [w, c] of [[50, 8], [1000, 20]] as const) {
      const r = await forNewPerBackend(w, c);
      const name = `hub forecast at issue, ${w} waiting, ${c} counters`;
      if (r.pg === null) {
        if (w === 50) console.log(`  PostgreSQL rows skipped: ${r.skipped}`);
        figures.push({ name: `${name}, SQLite`, value: r.sqlite, unit: 'ms/ticket', note: 'store read + replay' });
      } else {
        figures.push({ name: `${name}, PostgreSQL`, value: r.pg, unit: 'ms/ticket', baseline: { name: 'SQLite', value: r.sqlite }, note: 'store read + replay' });
      }
    }
    return figures;
  },
};
export default suite;
