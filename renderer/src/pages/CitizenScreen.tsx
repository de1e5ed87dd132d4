import { useEffect, useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { CitizenView } from '../../../preload/contract/citizen';
import { call, on, onReconnect } from '../api/client';
import { errorText, t } from '../i18n';
import { SignaturePad } from './intake/SignaturePad';
import { RatingPrompt } from './citizen/RatingPrompt';

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

const bindingKey = (counterId: string) => `wd.citizen.${counterId}`;

/** The code the clerk's screen shows, typed here once; the binding it earns is kept in this tab for reloads. */
function PairingForm({ counterId, onPaired }: { counterId: string; onPaired(): void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) return setError(t('pairing.needCode'));
    const r = await call('citizen.pair', { counterId, code });
    setCode('');
    if (!r.ok) return setError(errorText(r.error));
    sessionStorage.setItem(bindingKey(counterId), r.value.binding);
    onPaired();
  }
  return (
    <form className="citizen-pair" onSubmit={submit} noValidate>
      <h1 className="citizen-title small">{t('pairing.heading')}</h1>
      <p className="citizen-sub">{t('pairing.prompt')}</p>
      <label className="citizen-sub">
        {t('pairing.label')}{' '}
        <input name="pairing-code" inputMode="numeric" autoComplete="off" maxLength={6} autoFocus value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
      </label>
      {error && <p role="alert" className="citizen-sub">{error}</p>}
      <button type="submit" className="primary">{t('pairing.submit')}</button>
    </form>
  );
}

/**
 * The applicant-facing screen on the counter's second monitor. It only ever shows; the clerk drives it.
 * In a browser it must be paired with its counter first (a code from the clerk's screen; a popup
 * opened by 打开群众屏 brings it in its address and drops it at once); Electron's own window is bound by the shell.
 */
export function CitizenScreen() {
  const { counterId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState<CitizenView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unpaired, setUnpaired] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const offered = params.get('pair');

  useEffect(() => {
    const attach = async () => {
      if (offered) {
        setParams({}, { replace: true });
        const p = await call('citizen.pair', { counterId, code: offered });
        if (p.ok) sessionStorage.setItem(bindingKey(counterId), p.value.binding);
      }
      const binding = sessionStorage.getItem(bindingKey(counterId)) ?? undefined;
      const r = await call('citizen.attach', binding ? { counterId, binding } : { counterId });
      if (r.ok) {
        setUnpaired(false);
        setView(r.value);
      } else if (r.error.code === 'CITIZEN_NOT_PAIRED') {
        sessionStorage.removeItem(bindingKey(counterId));
        setUnpaired(true);
      } else setError(errorText(r.error));
    };
    void attach();
    const offReconnect = onReconnect(() => void attach());
    const offView = on('citizen.view', setView);
    return () => {
      offReconnect();
      offView();
    };
    // `offered` is read once: it is removed from the address as soon as it is spent.
  }, [counterId, attempt]);

  if (error) return <main className="citizen"><p className="citizen-sub">{error}</p></main>;
  if (unpaired) return <main className="citizen"><PairingForm counterId={counterId} onPaired={() => setAttempt((n) => n + 1)} /></main>;
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
          <h1 className={view.rating ? 'citizen-title small' : 'citizen-title'} data-testid="citizen-finished">{t('citizen.finished')}</h1>
          {view.rating
            ? <RatingPrompt key={`${view.rating.serviceId}:${view.rating.chosenLevel ?? ''}`} serviceId={view.rating.serviceId} ticketNumber={view.ticketNumber} itemName={view.rating.itemName} chosenLevel={view.rating.chosenLevel} pad={view.rating.pad} later={view.rating.later} />
            : <p className="citizen-sub">{t('citizen.finishedSub')}</p>}
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
