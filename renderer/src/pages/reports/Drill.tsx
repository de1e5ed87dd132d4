import type { z } from 'zod';
import { hallDateTime } from '../../../../common/hall-time';
import type { CaseListEntry } from '../../../../common/reports';
import { t } from '../../i18n';

type Case = z.infer<typeof CaseListEntry>;
export interface TicketRow { number: string; stream: string; kind: string; status: string; waitMinutes: number | null }

const KIND: Record<string, string> = { appointment: t('reports.kind.appointment'), walkin: t('reports.kind.walkin'), priority: t('reports.kind.priority'), assistance: t('reports.kind.assistance') };
const STATE: Record<string, string> = {
  accepted: '已受理', 'correction-requested': '待补正', rejected: '不予受理', 'in-review': '审批中', completed: '已办结', 'result-issued': '已出件', archived: '已归档',
  waiting: '等候中', called: '已叫号', serving: '办理中', parked: '暂挂', finished: '已办完', no_show: '过号', cancelled: '已作废',
};

/** The list behind a figure: its cases or its tickets. */
export function Drill({ what, cases, tickets, onClose }: { what: string; cases?: Case[]; tickets?: TicketRow[]; onClose: () => void }) {
  const n = cases?.length ?? tickets?.length ?? 0;
  return (
    <section className="report-drill" aria-labelledby="report-drill-h" data-testid="report-drill">
      <div className="report-drill-head">
        <h2 id="report-drill-h">{t('reports.drill.heading', { what, n })}</h2>
        <button type="button" onClick={onClose}>{t('reports.drill.close')}</button>
      </div>
      {n === 0 ? <p className="muted">{t('reports.drill.empty')}</p> : cases ? (
        <table className="queue-table">
          <thead><tr><th>{t('reports.col.case')}</th><th>{t('reports.col.item')}</th><th>{t('reports.col.state')}</th><th>{t('reports.col.due')}</th><th>{t('reports.col.at')}</th></tr></thead>
          <tbody>{cases.map((c) => <tr key={c.caseNumber}><td>{c.caseNumber}</td><td>{c.itemName}（{c.itemCode}）</td><td>{STATE[c.state] ?? c.state}</td><td>{c.dueDate ?? '—'}</td><td>{c.at ? hallDateTime(c.at) : '—'}</td></tr>)}</tbody>
        </table>
      ) : (
        <table className="queue-table">
          <thead><tr><th>{t('reports.col.number')}</th><th>{t('reports.col.stream')}</th><th>{t('reports.col.kind')}</th><th>{t('reports.col.state')}</th><th>{t('reports.col.wait')}</th></tr></thead>
          <tbody>{tickets!.map((r) => <tr key={r.number}><td>{r.number}</td><td>{r.stream}</td><td>{KIND[r.kind] ?? r.kind}</td><td>{STATE[r.status] ?? r.status}</td><td>{r.waitMinutes ?? '—'}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
