import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CallInput, CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { routeScan, useBarcodeScanner } from '../../components/barcode';
import { errorText, t } from '../../i18n';
import { KioskCard } from './KioskCard';
import { KioskEnrol } from './KioskEnrol';
import { slipMessage } from './slip';

type Issued = CallOutput<'queue.kioskIssue'>;
type Streams = CallOutput<'queue.kioskStreams'>;

/** 取号机: walk-in tickets and appointment check-in (ID number or scanned appointment code), no staff session. */
export function KioskPage() {
  const [streams, setStreams] = useState<Streams | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [idNumber, setIdNumber] = useState('');
  /** A walk-in's card held by the workstation: the token and the masked name greeting them. */
  const [card, setCard] = useState<{ token: string; name: string } | null>(null);

  const load = useCallback(async () => {
    const r = await call('queue.kioskStreams', {});
    if (r.ok) setStreams(r.value);
    else setError(errorText(r.error));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  /** Just enrolled: the hub link comes online within seconds; the streams appear and the offline notice goes. */
  const reconnected = async () => {
    for (let i = 0; i < 20; i++) {
      const r = await call('queue.kioskStreams', {});
      if (r.ok && r.value.streams.length > 0) {
        setStreams(r.value);
        setError(null);
        return;
      }
      await new Promise((res) => setTimeout(res, 1000));
    }
  };
  useEffect(() => {
    if (!issued && !error && !card) return;
    // Back to the start by itself: the next person must not see, or use, the previous one's ticket or card.
    const timer = setTimeout(() => {
      setIssued(null);
      setError(null);
      setCard(null);
    }, card && !issued ? 60_000 : 15_000);
    return () => clearTimeout(timer);
  }, [issued, error, card]);

  const done = (r: { ok: true; value: Issued } | { ok: false; error: { code: string; message: string } }) => {
    if (r.ok) {
      setIssued(r.value);
      setError(null);
    } else setError(errorText(r.error));
    setCard(null);
    // A kiosk has no staff session, so no queue pushes: the waiting counts refresh after each use.
    void load();
  };
  const slip = issued ? slipMessage(issued.slip, issued.number) : null;
  const checkIn = async (input: CallInput<'queue.kioskCheckIn'>) => done(await call('queue.kioskCheckIn', input));
  useBarcodeScanner((scan) => {
    const r = routeScan(scan.payload);
    if (r.action === 'check-in') void checkIn({ by: 'code', code: r.appointmentCode });
  });
  const issue = (stream: string) => void call('queue.kioskIssue', card ? { stream, card: card.token } : { stream }).then(done);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void checkIn({ by: 'idNumber', idNumber: idNumber.trim() });
    setIdNumber('');
  };

  return (
    <main className="kiosk">
      <h1>{streams?.hall ?? ''} · {t('queue.kiosk.heading')}</h1>
      <KioskEnrol onEnrolled={() => void reconnected()} />
      {issued ? (
        <section className="kiosk-ticket" role="status" data-testid="kiosk-ticket">
          <p>{t('queue.kiosk.yourNumber')}</p>
          <div className="kiosk-number">{issued.number}</div>
          <p>{issued.streamName}{issued.itemName ? ` · ${issued.itemName}` : ''}{issued.late ? ` · ${t('queue.checkin.late')}` : ''}</p>
          <p>{t('queue.kiosk.ahead', { n: issued.ahead })}</p>
          {issued.estimateMinutes !== null && <p className="kiosk-eta" data-testid="kiosk-eta">{t('forecast.kiosk.eta', { n: issued.estimateMinutes })}</p>}
          {slip && <p className={slip.failed ? 'kiosk-slip failed' : 'kiosk-slip'} data-testid="kiosk-slip">{slip.text}</p>}
          <button type="button" onClick={() => setIssued(null)}>{t('queue.kiosk.back')}</button>
        </section>
      ) : (
        <>
          {card && <p className="kiosk-hello" role="status">{t('queue.kiosk.card.hello', { name: card.name })}</p>}
          <section className="kiosk-streams" aria-label={t('queue.issue.heading')}>
            {streams?.streams.map((s) => (
              <button key={s.id} type="button" className="kiosk-stream" onClick={() => issue(s.id)}>
                {s.name}
                <small>{t('queue.kiosk.waiting', { n: s.waiting })}</small>
              </button>
            ))}
          </section>
          {card ? (
            <button type="button" className="ghost" onClick={() => setCard(null)}>{t('queue.kiosk.card.cancel')}</button>
          ) : (
            <KioskCard
              onAnswer={(a) => {
                if (a.kind === 'ticket') done({ ok: true, value: a.ticket });
                else {
                  setError(null);
                  setCard({ token: a.token, name: a.name });
                }
              }}
              onError={setError}
            />
          )}
          {!card && <form className="kiosk-checkin" onSubmit={submit}>
            <h2>{t('queue.checkin.heading')}</h2>
            <label>
              {t('queue.checkin.idNumber')}
              <input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} inputMode="numeric" maxLength={18} autoComplete="off" />
            </label>
            <button type="submit">{t('queue.checkin.submit')}</button>
            <p className="hint">{t('queue.kiosk.scan')}</p>
          </form>}
        </>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </main>
  );
}
