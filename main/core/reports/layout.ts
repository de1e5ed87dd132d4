// What a report file shows, in the supervisor's words: label/value rows per section, and the
// lists behind the figures. The xlsx and the PDF are both drawn from this one layout.
import { hallDateTime } from '../../../common/hall-time';
import type { DailyReport } from './daily';
import type { MonthlyReport } from './monthly';

export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ReportLayout {
  title: string;
  subtitle: string;
  tables: ReportTable[];
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : v);
const rate = (n: number, d: number) => (d === 0 ? '—' : `${((n / d) * 100).toFixed(1)}%`);

const CASE_COLUMNS = ['办件编号', '事项编码', '事项名称', '状态', '承诺办结日期', '时间'];
const STATE: Record<string, string> = {
  draft: '收件中', accepted: '已受理', 'correction-requested': '待补正', rejected: '不予受理', 'in-review': '审批中',
  completed: '已办结', 'result-issued': '已出件', archived: '已归档',
};

function ratingRows(r: DailyReport['ratings']): (string | number)[][] {
  return [
    ['可评价服务', r.count], ['已评价', r.rated], ['评价率', rate(r.rated, r.count)], ['好评', r.good], ['好评率', rate(r.good, r.rated)], ['差评', r.bad],
  ];
}

function assistanceRows(a: DailyReport['assistance']): (string | number)[][] {
  return [
    ['帮办请求', a.requests], ['已解决', a.resolved], ['解决率', rate(a.resolved, a.requests)],
    ['平均响应（分钟）', a.answered === 0 ? '—' : Math.round((a.responseMinutesTotal / a.answered) * 10) / 10],
  ];
}

export function dailyLayout(r: DailyReport, hall: string): ReportLayout {
  const caseList = (title: string, list: DailyReport['cases']['cases']['accepted']): ReportTable => ({
    title, columns: CASE_COLUMNS, rows: list.map((c) => [c.caseNumber, c.itemCode, c.itemName, STATE[c.state] ?? c.state, c.dueDate ?? '—', c.at ?? '—']),
  });
  return {
    title: `${hall} 日动态`,
    subtitle: `${r.day}　统计时间 ${hallDateTime(r.generatedAt)}`,
    tables: [
      { title: '办件', columns: ['指标', '数值'], rows: [['受理量', r.accepted], ['办结量', r.completed], ['超时受理量', r.overdueAccepted], ['超时办结量', r.overdueCompleted], ['平均受理时长（分钟）', num(r.cases.avgAcceptMinutes)]] },
      {
        title: '排队叫号', columns: ['指标', '数值'],
        rows: [
          ['取号总数', r.tickets], ...Object.entries(r.queue.ticketsByStream).map(([s, n]) => [`　${s} 队列`, n] as (string | number)[]),
          ['预约', r.queue.appointments], ['爽约', r.queue.noShows], ['预约 10 分钟内叫号占比', pct(r.appointmentsWithin10Share)],
          ['等候时间 P95（分钟）', num(r.queue.waitP95Minutes)], ['平均办理时长（分钟）', num(r.queue.avgServiceMinutes)],
        ],
      },
      { title: '好差评', columns: ['指标', '数值'], rows: ratingRows(r.ratings) },
      { title: '帮办', columns: ['指标', '数值'], rows: assistanceRows(r.assistance) },
      caseList('超时受理办件', r.cases.cases.overdueAccepted),
      caseList('超时办结办件', r.cases.cases.overdueCompleted),
      caseList('受理办件', r.cases.cases.accepted),
      caseList('办结办件', r.cases.cases.completed),
    ],
  };
}

export function monthlyLayout(r: MonthlyReport, hall: string): ReportLayout {
  const change = (k: keyof MonthlyReport['change']) => (r.change[k] > 0 ? `+${r.change[k]}` : String(r.change[k]));
  return {
    title: `${hall} 月动态`,
    subtitle: `${r.month}（上月 ${r.previous.month}）　统计时间 ${hallDateTime(r.generatedAt)}`,
    tables: [
      {
        title: '办件', columns: ['指标', '本月', '上月', '环比变化'],
        rows: [
          ['受理量', r.accepted, r.previous.accepted, change('accepted')], ['办结量', r.completed, r.previous.completed, change('completed')],
          ['超时受理量', r.overdueAccepted, r.previous.overdueAccepted, change('overdueAccepted')],
          ['超时办结量', r.overdueCompleted, r.previous.overdueCompleted, change('overdueCompleted')],
          ['超时受理率', pct(r.overdueAcceptedRate), pct(r.previous.overdueAcceptedRate), ''], ['超时办结率', pct(r.overdueCompletedRate), pct(r.previous.overdueCompletedRate), ''],
          ['平均受理时长（分钟）', num(r.avgAcceptMinutes), num(r.previous.avgAcceptMinutes), ''],
        ],
      },
      {
        title: '排队叫号', columns: ['指标', '本月', '上月', '环比变化'],
        rows: [
          ['取号总数', r.tickets, r.previous.tickets, change('tickets')], ['爽约', r.noShows, r.previous.noShows, ''],
          ['预约 10 分钟内叫号占比', pct(r.appointmentsWithin10Share), pct(r.previous.appointmentsWithin10Share), ''],
          ['平均办理时长（分钟）', num(r.avgServiceMinutes), num(r.previous.avgServiceMinutes), ''],
        ],
      },
      { title: '好差评', columns: ['指标', '数值'], rows: ratingRows(r.ratings) },
      { title: '帮办', columns: ['指标', '数值'], rows: assistanceRows(r.assistance) },
      {
        title: '逐日', columns: ['日期', '受理量', '办结量', '超时受理量', '超时办结量', '取号总数', '预约 10 分钟内'],
        rows: r.days.map((d) => [d.day, d.accepted, d.completed, d.overdueAccepted, d.overdueCompleted, d.tickets, pct(d.appointmentsWithin10Share)]),
      },
    ],
  };
}
