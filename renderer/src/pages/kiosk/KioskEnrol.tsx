import { useEffect, useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type Status = CallOutput<'kiosk.enrolment'>;

/**
 * The kiosk enrolling itself with the hall hub from its own screen: shown only while this machine
 * holds no device credential (afterwards an administrator re-enrols it from 设置). The hub address
 * is asked only when none is configured.
 */
export function KioskEnrol({ onEnrolled }: { onEnrolled: () => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    void call('kiosk.enrolment', {}).then((r) => r.ok && setStatus(r.value));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await call('kiosk.enrol', { code: code.trim(), ...(status?.hubUrl ? {} : { hubUrl: hubUrl.trim() }) });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    setStatus(r.value);
    setCode('');
    setDone(true);
    onEnrolled();
  };

  if (done) return <p role="status" className="kiosk-enrolled">{t('kiosk.enrol.done')}</p>;
  if (!status?.needsEnrolment) return null;
  return (
    <section className="panel kiosk-enrol" role="region" aria-labelledby="kiosk-enrol-heading">
      <h2 id="kiosk-enrol-heading">{t('kiosk.enrol.heading')}</h2>
      <p className="muted">{t('kiosk.enrol.hint')}</p>
      <form className="hub-enrol" onSubmit={(e) => void submit(e)} aria-labelledby="kiosk-enrol-heading">
        {!status.hubUrl && (
          <label>{t('kiosk.enrol.address')}
            <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} placeholder={t('hub.addressPlaceholder')} required maxLength={256} />
          </label>
        )}
        <label>{t('kiosk.enrol.code')}
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('hub.codePlaceholder')} required maxLength={40} autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>{busy ? t('kiosk.enrol.busy') : t('kiosk.enrol.submit')}</button>
      </form>
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
