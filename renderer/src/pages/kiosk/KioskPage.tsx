import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CallInput, CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { routeScan, useBarcodeScanner } from '../../components/barcode';
import { errorText, t } from '../../i18n';

type Issued = CallOutput<'queue.kioskIssue'>;
type Streams = CallOutput<'queue.kioskStreams'>;

/** 取号机: walk-in tickets and appointment check-in (ID number or scanned appointment code), no staff session. */
export function KioskPage() {
  const [streams, setStreams] = useState<Streams | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [idNumber, setIdNumber] = useState('');

  const load = useCallback(async () => {
    const r = await call('queue.kioskStreams', {});
    if (r.ok) setStreams(r.value);
    else setError(errorText(r.error));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!issued && !error) return;
    const timer = setTimeout(() => {
      setIssued(null);
      setError(null);
    }, 15_000);
    return () => clearTimeout(timer);
  }, [issued, error]);

  const done = (r: { ok: true; value: Issued } | { ok: false; error: { code: string; message: string } }) => {
    if (r.ok) {
      setIssued(r.value);
      setError(null);
    } else setError(errorText(r.error));
    // A kiosk has no staff session, so no queue pushes: the waiting counts refresh after each use.
    void load();
  };
  const checkIn = async (input: CallInput<'queue.kioskCheckIn'>) => done(await call('queue.kioskCheckIn', input));
  useBarcodeScanner((scan) => {
    const r = routeScan(scan.payload);
    if (r.action === 'check-in') void checkIn({ by: 'code', code: r.appointmentCode });
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void checkIn({ by: 'idNumber', idNumber: idNumber.trim() });
    setIdNumber('');
  };

  return (
    <main className="kiosk">
      <h1>{streams?.hall ?? ''} · {t('queue.kiosk.heading')}</h1>
      {issued ? (
        <section className="kiosk-ticket" role="status" data-testid="kiosk-ticket">
          <p>{t('queue.kiosk.yourNumber')}</p>
          <div className="kiosk-number">{issued.number}</div>
          <p>{issued.streamName}{issued.itemName ? ` · ${issued.itemName}` : ''}{issued.late ? ` · ${t('queue.checkin.late')}` : ''}</p>
          <p>{t('queue.kiosk.ahead', { n: issued.ahead })}</p>
          <button type="button" onClick={() => setIssued(null)}>{t('queue.kiosk.back')}</button>
        </section>
      ) : (
        <>
          <section className="kiosk-streams" aria-label={t('queue.issue.heading')}>
            {streams?.streams.map((s) => (
              <button key={s.id} type="button" className="kiosk-stream" onClick={() => void call('queue.kioskIssue', { stream: s.id }).then(done)}>
                {s.name}
                <small>{t('queue.kiosk.waiting', { n: s.waiting })}</small>
              </button>
            ))}
          </section>
          <form className="kiosk-checkin" onSubmit={submit}>
            <h2>{t('queue.checkin.heading')}</h2>
            <label>
              {t('queue.checkin.idNumber')}
              <input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} inputMode="numeric" maxLength={18} autoComplete="off" />
            </label>
            <button type="submit">{t('queue.checkin.submit')}</button>
            <p className="hint">{t('queue.kiosk.scan')}</p>
          </form>
        </>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </main>
  );
}
