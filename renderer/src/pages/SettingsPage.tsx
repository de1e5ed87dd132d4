import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';
import { AuditPanel } from './settings/AuditPanel';
import { CalendarPanel } from './settings/CalendarPanel';
import { DevicesPanel } from './settings/DevicesPanel';
import { HallDevicesPanel } from './settings/HallDevicesPanel';
import { HubEnrolPanel } from './settings/HubEnrolPanel';

type StaffRow = { id: string; staffNo: string; name: string; role: 'clerk' | 'assistant' | 'supervisor' | 'admin'; locked: boolean; active: boolean };

export function SettingsPage() {
  const { session } = useSession();
  const canAdmin = session?.staff.role === 'supervisor' || session?.staff.role === 'admin';
  return (
    <div className="page-grid">
      <section className="panel">
        <h1>{t('settings.heading')}</h1>
        <p className="muted">{session?.staff.name}（{t(`role.${session!.staff.role}`)}）</p>
      </section>
      {canAdmin && <HubEnrolPanel canEnrol={session?.staff.role === 'admin'} />}
      {canAdmin && <HallDevicesPanel />}
      <DevicesPanel />
      {canAdmin && <CalendarPanel canImport={session?.staff.role === 'admin'} />}
      {canAdmin && <StaffPanel />}
      {canAdmin && <AuditPanel />}
    </div>
  );
}

function StaffPanel() {
  const [rows, setRows] = useState<StaffRow[]>([]);
  const [msg, setMsg] = useState<string | null>(null);
  const load = useCallback(() => void call('staff.list', {}).then((r) => r.ok && setRows(r.value)), []);
  useEffect(load, [load]);
  return (
    <section className="panel" role="region" aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('settings.staff')}</h2>
      {msg && <p role="alert">{msg}</p>}
      <table>
        <thead><tr><th>{t('settings.col.staffNo')}</th><th>{t('settings.col.name')}</th><th>{t('settings.col.role')}</th><th>{t('settings.col.state')}</th><th /></tr></thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.staffNo}</td><td>{s.name}</td><td>{t(`role.${s.role}`)}</td>
              <td>{s.locked ? t('settings.locked') : t('settings.active')}</td>
              <td>{s.locked && (
                <button type="button" aria-label={`${t('settings.unlock')} ${s.name}`} onClick={async () => {
                  const r = await call('staff.unlock', { staffId: s.id });
                  setMsg(r.ok ? null : errorText(r.error));
                  load();
                }}>{t('settings.unlock')}</button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
