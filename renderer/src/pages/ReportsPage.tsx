import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { hallDateTime, hallDay } from '../../../common/hall-time';
import type { DailyReport, MonthlyReport } from '../../../common/reports';
import { call } from '../api/client';
import { errorText, t } from '../i18n';
import { DailyView } from './reports/DailyView';
import { MonthlyView } from './reports/MonthlyView';

type Mode = 'daily' | 'monthly';
type Loaded = { kind: 'daily'; report: z.infer<typeof DailyReport> } | { kind: 'monthly'; report: z.infer<typeof MonthlyReport> };

function download(name: string, mime: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 日动态 / 月动态 (seed 001 §二(五)1): the hall's figures at a glance, every figure opening its list, exports. */
export function ReportsPage() {
  const today = hallDay(Date.now());
  const [mode, setMode] = useState<Mode>('daily');
  const [day, setDay] = useState(today);
  const [month, setMonth] = useState(today.slice(0, 7));
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ text: string; alert: boolean } | null>(null);

  const load = useCallback(async (m: Mode, period: string) => {
    setBusy(true);
    setMsg(null);
    const r = m === 'daily' ? await call('reports.daily', { day: period }) : await call('reports.monthly', { month: period });
    setBusy(false);
    if (r.ok) setLoaded(m === 'daily' ? { kind: 'daily', report: r.value as z.infer<typeof DailyReport> } : { kind: 'monthly', report: r.value as z.infer<typeof MonthlyReport> });
    else setMsg({ text: errorText(r.error), alert: true });
  }, []);
  useEffect(() => void load('daily', today), [load, today]);

  const exportAs = async (format: 'xlsx' | 'pdf') => {
    const r = await call('reports.export', mode === 'daily' ? { kind: 'daily', day, format } : { kind: 'monthly', month, format });
    if (!r.ok) return setMsg({ text: errorText(r.error), alert: true });
    download(r.value.name, r.value.mime, r.value.base64);
    setMsg({ text: t('reports.exported', { name: r.value.name }), alert: false });
  };
  const openDay = (d: string) => {
    setMode('daily');
    setDay(d);
    void load('daily', d);
  };

  return (
    <section className="panel reports-page" aria-labelledby="reports-heading">
      <h1 id="reports-heading">{t('reports.heading')}</h1>
      {/* noValidate: an empty or malformed period gets the hub's Chinese message, never the browser's bubble. */}
      <form className="report-controls" noValidate onSubmit={(e) => { e.preventDefault(); void load(mode, mode === 'daily' ? day : month); }}>
        <fieldset className="report-mode">
          <legend>{t('reports.mode')}</legend>
          {(['daily', 'monthly'] as const).map((m) => (
            <label key={m}><input type="radio" name="report-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />{t(`reports.${m}`)}</label>
          ))}
        </fieldset>
        {mode === 'daily' ? (
          <label>{t('reports.day')}<input type="date" value={day} max={today} onChange={(e) => setDay(e.target.value)} required /></label>
        ) : (
          <label>{t('reports.month')}<input type="month" value={month} max={today.slice(0, 7)} onChange={(e) => setMonth(e.target.value)} required /></label>
        )}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('reports.loading') : t('reports.load')}</button>
        <button type="button" onClick={() => void exportAs('xlsx')} disabled={!loaded}>{t('reports.exportXlsx')}</button>
        <button type="button" onClick={() => void exportAs('pdf')} disabled={!loaded}>{t('reports.exportPdf')}</button>
      </form>
      {msg && <p className={msg.alert ? 'form-error' : 'hint'} role={msg.alert ? 'alert' : 'status'}>{msg.text}</p>}
      {loaded && (
        <>
          <h2 className="report-title" data-testid="report-title">
            {loaded.kind === 'daily' ? `${t('reports.daily')} ${loaded.report.day}` : `${t('reports.monthly')} ${loaded.report.month}`}
            <span className="muted"> {t('reports.generated', { time: hallDateTime(loaded.report.generatedAt) })}
              {loaded.kind === 'daily' && (loaded.report.day < today ? t('reports.kept') : t('reports.live'))}</span>
          </h2>
          {loaded.kind === 'daily' ? <DailyView report={loaded.report} /> : <MonthlyView report={loaded.report} onOpenDay={openDay} />}
        </>
      )}
    </section>
  );
}
