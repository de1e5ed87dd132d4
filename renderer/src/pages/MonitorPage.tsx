import { MonitorAlerts } from './assist/MonitorAlerts';
import { hallClock } from '../../../common/hall-time';
import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../preload/contract';
import type { SupervisorView } from '../../../preload/contract/queue';
import { call, on, onReconnect } from '../api/client';
import { errorText, t } from '../i18n';
import { CounterRow } from './monitor/CounterRow';
import { CaseQualityPanel } from './monitor/CaseQualityPanel';
import { ForecastPanel } from './monitor/ForecastPanel';
import { minutesText } from './queue/useQueueState';


/** 大厅监控: the supervisor's live view, pushed by the hub through the workstation (never polled). */
export function MonitorPage() {
  const [view, setView] = useState<SupervisorView | null>(null);
  const [msg, setMsg] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call('queue.supervisor', {});
    if (r.ok) setView(r.value);
    else setMsg(errorText(r.error));
  }, []);
  useEffect(() => {
    void load();
    const off = on('queue.supervisor', (v) => {
      setView(v);
      setMsg(null);
    });
    const offRe = onReconnect(() => void load());
    return () => {
      off();
      offRe();
    };
  }, [load]);

  const act = async (p: Promise<Result<unknown>>) => {
    const r = await p;
    setMsg(r.ok ? null : errorText(r.error));
  };

  const free = view?.counters.filter((c) => c.state === 'idle').map((c) => c.number) ?? [];
  return (
    <section className="panel monitor-page" aria-labelledby="monitor-heading">
      <h1 id="monitor-heading">{t('queue.monitor.heading')}</h1>
      {msg && <p className="form-error" role="alert">{msg}</p>}
      <MonitorAlerts />
      {view && (
        <>
          <p className="muted">
            {t('queue.monitor.updated', { time: hallClock(view.at, { seconds: true }) })}
            {view.displayUrl && <> · <a href={view.displayUrl} target="_blank" rel="noreferrer">{t('queue.monitor.display')}</a></>}
          </p>
          <div className="monitor-top">
            <section aria-labelledby="monitor-streams-h">
              <h2 id="monitor-streams-h">{t('queue.monitor.streams')}</h2>
              <table className="queue-table" data-testid="monitor-streams">
                <thead><tr><th>{t('queue.monitor.col.stream')}</th><th>{t('queue.monitor.col.waiting')}</th><th>{t('queue.monitor.col.longest')}</th></tr></thead>
                <tbody>
                  {view.streams.map((s) => (
                    <tr key={s.stream} data-testid={`monitor-stream-${s.stream}`}><td>{s.name}（{s.stream}）</td><td>{s.waiting}</td><td>{s.waiting > 0 ? minutesText(s.longestWaitMinutes) : '—'}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
            {view.alerts.length > 0 && (
              <section aria-labelledby="monitor-alerts-h" className="monitor-alerts" data-testid="monitor-alerts">
                <h2 id="monitor-alerts-h">{t('queue.monitor.alerts')}</h2>
                <ul>
                  {view.alerts.map((a) => (
                    <li key={`${a.counter}-${a.kind}`}>{t(`queue.monitor.alert.${a.kind}`, { counter: a.counterName, ticket: a.ticketNumber ?? '', m: a.minutes })}</li>
                  ))}
                </ul>
              </section>
            )}
            <section aria-labelledby="monitor-risk-h" className="monitor-risk" data-testid="monitor-at-risk">
              <h2 id="monitor-risk-h">{t('queue.monitor.atRisk')}</h2>
              {view.atRisk.length === 0 ? <p className="muted">{t('queue.monitor.atRiskNone')}</p> : (
                <ul>
                  {view.atRisk.map((a) => (
                    <li key={a.ticketId} className={`risk-${a.level}`}>
                      <strong>{t(a.level === 'breach' ? 'queue.monitor.level.breach' : 'queue.monitor.level.warning')}</strong> {t('queue.monitor.waited', { number: a.number, who: a.maskedName ? ` ${a.maskedName}` : '', wait: minutesText(a.waitedMinutes) })}
                      {a.itemName && <span className="muted"> · {t('queue.monitor.booked', { item: a.itemName })}</span>}
                      <button type="button" className="ghost" onClick={() => void act(call('queue.moveUp', { ticketId: a.ticketId }))}>{t('queue.monitor.moveUp')}</button>
                    </li>
                  ))}
                </ul>
              )}
              {view.atRisk.length > 0 && <p>{t('queue.monitor.freeCounters', { list: free.length ? free.map((n) => `${n}号`).join('、') : '—' })}</p>}
            </section>
          </div>
          {view.forecast && <ForecastPanel forecast={view.forecast} />}
          <section aria-labelledby="monitor-counters-h">
            <h2 id="monitor-counters-h">{t('queue.monitor.counters')}</h2>
            <table className="queue-table monitor-counters">
              <thead>
                <tr>
                  <th>{t('queue.monitor.col.counter')}</th><th>{t('queue.monitor.col.staff')}</th><th>{t('queue.monitor.col.state')}</th><th>{t('queue.monitor.col.ticket')}</th><th>{t('queue.monitor.col.since')}</th>
                  <th>{t('queue.monitor.col.served')}</th><th>{t('queue.monitor.col.avg')}</th><th>{t('queue.monitor.col.skills')}</th><th>{t('queue.monitor.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {view.counters.map((c) => (
                  <CounterRow key={c.number} c={c} streams={view.allStreams}
                    onPause={(paused) => void act(call('queue.setPaused', { paused, counter: c.number }))}
                    onSkills={(streams) => void act(call('queue.setSkills', { counter: c.number, streams }))} />
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="monitor-waiting-h">
            <h2 id="monitor-waiting-h">{t('queue.monitor.waitingList')}</h2>
            <p className="monitor-waiting">
              {view.waiting.slice(0, 60).map((w) => (
                <button key={w.ticketId} type="button" className="ghost" disabled={w.movedUp} title={w.movedUp ? t('queue.monitor.movedUp') : t('queue.monitor.moveUp')}
                  onClick={() => void act(call('queue.moveUp', { ticketId: w.ticketId }))}>
                  {w.number}{w.movedUp ? ' ↑' : ''}
                </button>
              ))}
            </p>
          </section>
          {view.warnings.length > 0 && (
            <section aria-labelledby="monitor-warn-h">
              <h2 id="monitor-warn-h">{t('queue.monitor.warnings')}</h2>
              <ul>{view.warnings.map((w, i) => <li key={i}>{w.message}</li>)}</ul>
            </section>
          )}
        </>
      )}
      <CaseQualityPanel />
    </section>
  );
}
