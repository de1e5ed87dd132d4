import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type Status = {
  hubUrl: string | null;
  mode: 'embedded' | 'remote' | 'none';
  needsEnrolment: boolean;
  device: { id: string; role: string; counters: number[] } | null;
  restartRequired: boolean;
};

const ROLE_KEYS: Record<string, 'hub.role.workstation' | 'hub.role.kiosk' | 'hub.role.display'> = { workstation: 'hub.role.workstation', kiosk: 'hub.role.kiosk', display: 'hub.role.display' };

/** Whether the hall hub knows this machine; an administrator enrols it with the hub's address and a one-time code. */
export function HubEnrolPanel({ canEnrol }: { canEnrol: boolean }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => void call('hub.enrolment', {}).then((r) => {
    if (!r.ok) return;
    setStatus(r.value);
    setHubUrl((u) => u || r.value.hubUrl || '');
  }), []);
  useEffect(load, [load]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const r = await call('hub.enrol', { hubUrl, code });
    setBusy(false);
    if (!r.ok) return setError(errorText(r.error));
    setStatus(r.value);
    setCode('');
  };

  if (!status) return null;
  const d = status.device;
  return (
    <section className="panel" role="region" aria-labelledby="hub-enrol-heading">
      <h2 id="hub-enrol-heading">{t('hub.enrolHeading')}</h2>
      {status.mode === 'embedded' && <p>{t('hub.embedded')}</p>}
      {status.mode === 'none' && !d && <p className="muted">{t('hub.none')}</p>}
      {d && <p>{t('hub.enrolled', { id: d.id, role: t(ROLE_KEYS[d.role] ?? 'hub.role.workstation'), counters: d.counters.length ? t('hub.enrolledCounters', { counters: d.counters.join('、') }) : '' })}</p>}
      {status.restartRequired && <p role="status">{t('hub.restart')}</p>}
      {status.needsEnrolment && !status.restartRequired && (
        <>
          <p role="alert" className="form-error">{t('hub.notEnrolled')}</p>
          <p className="muted">{t('hub.notEnrolledHint')}</p>
        </>
      )}
      {status.mode !== 'embedded' && !status.restartRequired && (canEnrol ? (
        <form className="hub-enrol" aria-labelledby="hub-enrol-heading" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <label>{t('hub.address')}
            <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} placeholder={t('hub.addressPlaceholder')} required maxLength={256} />
          </label>
          <label>{t('hub.code')}
            <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('hub.codePlaceholder')} required maxLength={40} autoComplete="off" />
          </label>
          <button type="submit" disabled={busy}>{busy ? t('hub.enrolling') : t('hub.enrol')}</button>
        </form>
      ) : status.needsEnrolment && <p className="muted">{t('hub.adminOnly')}</p>)}
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
