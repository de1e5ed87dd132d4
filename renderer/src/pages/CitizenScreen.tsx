import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { CitizenView } from '../../../preload/contract/citizen';
import { call, on, onReconnect } from '../api/client';
import { errorText, t } from '../i18n';
import { SignaturePad } from './intake/SignaturePad';

const CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', hour: '2-digit', minute: '2-digit', hour12: false });

/** Date and time in hall time, ticking (the welcome shows it). */
function HallClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return <p className="citizen-clock" data-testid="citizen-clock">{CLOCK.format(now)}</p>;
}

/** The applicant-facing screen on the counter's second monitor. It only ever shows; the clerk drives it. */
export function CitizenScreen() {
  const { counterId = '' } = useParams();
  const [view, setView] = useState<CitizenView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const attach = () =>
      void call('citizen.attach', { counterId }).then((r) => (r.ok ? setView(r.value) : setError(errorText(r.error))));
    attach();
    const offReconnect = onReconnect(attach);
    const offView = on('citizen.view', setView);
    return () => {
      offReconnect();
      offView();
    };
  }, [counterId]);

  if (error) return <main className="citizen"><p className="citizen-sub">{error}</p></main>;
  if (!view) return <main className="citizen" />;
  return (
    <main className="citizen" aria-live="polite">
      {view.counterNumber !== null && <div className="citizen-counter">{t('citizen.counter', { n: view.counterNumber })}</div>}
      {view.mode === 'welcome' && (
        <>
          {view.hallName && <p className="citizen-hall">{view.hallName}</p>}
          <h1 className="citizen-title">{t('citizen.welcome')}</h1>
          <HallClock />
          <p className="citizen-sub">{t('citizen.welcomeSub')}</p>
          {view.clerkName && <p className="citizen-sub">{t('citizen.clerk', { name: view.clerkName })}</p>}
        </>
      )}
      {view.mode === 'serving' && (
        <>
          <h1 className="citizen-title small" data-testid="citizen-serving">{t('citizen.serving', { ticket: view.ticketNumber })}</h1>
          {view.clerkName && <p className="citizen-sub">{t('citizen.servingClerk', { name: view.clerkName, no: view.staffNo ?? '' })}</p>}
        </>
      )}
      {view.mode === 'finished' && (
        <>
          <h1 className="citizen-title" data-testid="citizen-finished">{t('citizen.finished')}</h1>
          <p className="citizen-sub">{t('citizen.finishedSub')}</p>
        </>
      )}
      {view.mode === 'called' && (
        <h1 className="citizen-title called" data-testid="citizen-called">
          {t('citizen.called', { ticket: view.ticketNumber, n: view.counterNumber })}
        </h1>
      )}
      {view.mode === 'message' && (
        <>
          <h1 className="citizen-title">{view.title}</h1>
          <p className="citizen-sub">{view.body}</p>
        </>
      )}
      {view.mode === 'sign' && (
        <>
          <h1 className="citizen-title small">{view.title}</h1>
          <div className="citizen-doc">{view.lines.map((l) => <p key={l}>{l}</p>)}</div>
          <SignaturePad key={view.requestId} requestId={view.requestId} signerName={view.signerName} />
        </>
      )}
      {view.mode === 'checklist' && (
        <>
          <h1 className="citizen-title small">{t('citizen.checklist', { item: view.itemName })}</h1>
          <ul className="citizen-checklist">
            {view.entries.map((e) => (
              <li key={e.name} className={`st-${e.status}`}><span>{e.name}</span><span>{e.statusLabel}</span></li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
