import { useCallback, useEffect, useState } from 'react';
import { KIND_NAMES, REPORT_KIND_NAMES, REPORT_STATE_NAMES } from '../../../../common/assist/labels';
import type { UnresolvedReport } from '../../../../common/assist/reports';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { hhmm, minutesSince, useAssistLive } from './useAssistLive';

/** On 大厅监控: 求助 nobody took within the set minutes, and 办不成事 reports past their step's deadline. */
export function MonitorAlerts() {
  const { state } = useAssistLive();
  const [overdue, setOverdue] = useState<UnresolvedReport[]>([]);
  const load = useCallback(async () => {
    const r = await call('unresolved.list', {});
    if (r.ok) setOverdue(r.value.filter((x) => x.overdue));
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 60_000);
    return () => clearInterval(timer);
  }, [load]);
  const escalated = (state?.records ?? []).filter((r) => r.status === 'open' && r.escalatedAt !== null);
  return (
    <section aria-labelledby="assist-monitor-title" className="assist-monitor" data-testid="assist-monitor">
      <h2 id="assist-monitor-title">{t('assist.monitorTitle')}</h2>
      {escalated.length === 0 && overdue.length === 0 && <p className="muted">{t('assist.monitorNone')}</p>}
      {escalated.length > 0 && (
        <>
          <h3>{t('assist.monitorEscalated')}</h3>
          <ul className="plain">{escalated.map((r) => <li key={r.id} className="escalated">{hhmm(r.requestedAt)} · {r.counter} 号窗口 · {KIND_NAMES[r.kind]} · {t('assist.waitedMin', { min: minutesSince(r.requestedAt) })}</li>)}</ul>
        </>
      )}
      {overdue.length > 0 && (
        <>
          <h3>{t('assist.monitorOverdue')}</h3>
          <ul className="plain">{overdue.map((r) => <li key={r.id} className="overdue">#{r.id} {REPORT_KIND_NAMES[r.kind]} · {REPORT_STATE_NAMES[r.state]}（{r.deadlines[r.state]}）· {r.owner.name}</li>)}</ul>
        </>
      )}
    </section>
  );
}
