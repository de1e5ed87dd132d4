import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type Role = 'workstation' | 'kiosk' | 'display';
type Device = {
  id: string; role: Role; counters: number[]; name: string; enrolledAt: number; notAfter: number;
  lastSeen: number | null; revokedAt: number | null; revokedReason: string | null;
};
type Code = { code: string; name: string; expiresAt: number; caFingerprint: string };

const ROLES: Role[] = ['workstation', 'kiosk', 'display'];
const time = (ms: number) => new Date(ms).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Parses 「3,4」/「3，4」 into counter numbers; null when any part is not a positive integer. */
function parseCounters(s: string): number[] | null {
  const parts = s.split(/[,，、\s]+/).filter(Boolean);
  if (!parts.every((p) => /^[1-9]\d{0,3}$/.test(p))) return null;
  return parts.map(Number);
}

/**
 * 设置 → 大厅设备登记: one-time codes for new devices and the revocation of lost or retired ones,
 * at the hub (the hub checks the supervisor itself; this page only forwards).
 */
export function HallDevicesPanel() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [role, setRole] = useState<Role>('kiosk');
  const [counters, setCounters] = useState('');
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState(30);
  const [made, setMade] = useState<Code | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Device | null>(null);
  const [reason, setReason] = useState('');
  const [self, setSelf] = useState<string | null>(null);
  const load = useCallback(() => void call('hallDevices.list', {}).then((r) => (r.ok ? setDevices(r.value) : setError(errorText(r.error)))), []);
  useEffect(load, [load]);
  // This machine's own entry is marked and not revocable from here (it would cut itself off mid-action).
  useEffect(() => void call('hub.enrolment', {}).then((r) => r.ok && setSelf(r.value.device?.id ?? null)), []);

  const make = async () => {
    setError(null);
    setMade(null);
    const list = role === 'workstation' ? parseCounters(counters) : [];
    if (!list) return setError(t('hallDevices.countersBad'));
    const r = await call('hallDevices.code', { role, counters: list, ...(name.trim() ? { name: name.trim() } : {}), ttlMinutes: ttl });
    if (!r.ok) return setError(errorText(r.error));
    setMade(r.value);
    setName('');
  };
  const revoke = async () => {
    if (!revoking) return;
    setError(null);
    const r = await call('hallDevices.revoke', { id: revoking.id, reason });
    if (!r.ok) return setError(errorText(r.error));
    setNotice(t('hallDevices.revokedDone', { name: revoking.name }));
    setRevoking(null);
    setReason('');
    load();
  };

  const state = (d: Device) => (d.revokedAt !== null ? t('hallDevices.revoked', { reason: d.revokedReason ?? '' }) : d.notAfter < Date.now() ? t('hallDevices.expired') : t('hallDevices.active'));
  return (
    <section className="panel hall-devices" role="region" aria-labelledby="hall-devices-heading">
      <h2 id="hall-devices-heading">{t('hallDevices.heading')}</h2>
      <p className="muted">{t('hallDevices.hint')}</p>
      <form className="hall-devices-form" aria-label={t('hallDevices.make')} noValidate onSubmit={(e) => { e.preventDefault(); void make(); }}>
        <label>{t('hallDevices.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`hallDevices.role.${r}`)}</option>)}
          </select>
        </label>
        {role === 'workstation' && (
          <label>{t('hallDevices.counters')}
            <input value={counters} onChange={(e) => setCounters(e.target.value)} placeholder={t('hallDevices.countersPlaceholder')} maxLength={60} />
          </label>
        )}
        <label>{t('hallDevices.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('hallDevices.namePlaceholder')} maxLength={60} />
        </label>
        <label>{t('hallDevices.ttl')}
          <input type="number" min={5} max={1440} value={ttl} onChange={(e) => setTtl(Number(e.target.value) || 30)} />
        </label>
        <button type="submit">{t('hallDevices.make')}</button>
      </form>
      {error && <p role="alert" className="form-error">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      {made && (
        <div className="hall-devices-code" role="status" aria-label={t('hallDevices.made')}>
          <p>{t('hallDevices.made')}</p>
          <p className="enrol-code" data-testid="enrol-code">{made.code}</p>
          <p>{t('hallDevices.madeFor', { name: made.name })} · {t('hallDevices.expires', { at: time(made.expiresAt) })}</p>
          <p className="muted">{t('hallDevices.fingerprint', { fp: made.caFingerprint })}</p>
        </div>
      )}
      <div className="actions"><h3>{t('hallDevices.list')}</h3><button type="button" className="secondary" onClick={load}>{t('hallDevices.refresh')}</button></div>
      {devices && devices.length === 0 && <p className="muted">{t('hallDevices.empty')}</p>}
      {devices && devices.length > 0 && (
        <table aria-label={t('hallDevices.list')}>
          <thead>
            <tr>
              <th>{t('hallDevices.col.name')}</th><th>{t('hallDevices.col.role')}</th><th>{t('hallDevices.col.counters')}</th>
              <th>{t('hallDevices.col.enrolled')}</th><th>{t('hallDevices.col.lastSeen')}</th><th>{t('hallDevices.col.state')}</th><th />
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} className={d.revokedAt !== null ? 'revoked' : undefined}>
                <td>{d.name}{d.id === self && <strong>{t('hallDevices.self')}</strong>}<br /><span className="muted">{d.id}</span></td>
                <td>{t(`hallDevices.role.${d.role}`)}</td>
                <td>{d.counters.join('、') || t('hallDevices.never')}</td>
                <td>{time(d.enrolledAt)}</td>
                <td>{d.lastSeen ? time(d.lastSeen) : t('hallDevices.never')}</td>
                <td>{state(d)}</td>
                <td>{d.revokedAt === null && d.id !== self && (
                  <button type="button" aria-label={t('hallDevices.revokeFor', { name: d.name })} onClick={() => { setRevoking(d); setReason(''); setNotice(null); }}>{t('hallDevices.revoke')}</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <div className="lock-backdrop">
          <form role="dialog" aria-modal="true" aria-labelledby="revoke-heading" noValidate onSubmit={(e) => { e.preventDefault(); void revoke(); }}>
            <h2 id="revoke-heading">{t('hallDevices.revokeFor', { name: revoking.name })}</h2>
            <label>{t('hallDevices.reason')}
              <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('hallDevices.reasonPlaceholder')} maxLength={200} />
            </label>
            {error && <p role="alert" className="form-error">{error}</p>}
            <div className="actions">
              <button type="submit">{t('hallDevices.confirmRevoke')}</button>
              <button type="button" className="secondary" onClick={() => { setRevoking(null); setError(null); }}>{t('hallDevices.cancel')}</button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}
