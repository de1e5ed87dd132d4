import { hallDateTime } from '../../../common/hall-time';
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../app/session';
import { actionLabel, errorText, t } from '../i18n';
import { CalendarPanel } from './settings/CalendarPanel';
import { DevicesPanel } from './settings/DevicesPanel';

type AuditRow = { seq: number; at: string; action: string; actorStaffId: string | null; actorRole: string | null; outcome: 'ok' | 'refused' | 'failed'; target: string | null };
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

function AuditPanel() {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [verdict, setVerdict] = useState<string | null>(null);
  useEffect(() => {
    void call('audit.recent', { limit: 50 }).then((r) => r.ok && setRows(r.value));
    // The log keeps staff ids; the reader wants the person.
    void call('staff.list', {}).then((r) => r.ok && setNames(new Map(r.value.map((s) => [s.id, `${s.name}（${s.staffNo}）`]))));
  }, []);
  const actor = (r: AuditRow) => {
    const role = r.actorRole ? t(`role.${r.actorRole as StaffRow['role']}`) : null;
    const name = r.actorStaffId ? names.get(r.actorStaffId) : null;
    return name ? `${name}${role ? ` · ${role}` : ''}` : role ?? t('settings.noActor');
  };
  return (
    <section className="panel" role="region" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('settings.audit')}</h2>
      <button type="button" onClick={async () => {
        const r = await call('audit.verify', {});
        if (!r.ok) return setVerdict(errorText(r.error));
        setVerdict(r.value.ok ? t('settings.auditOk', { n: r.value.rows ?? 0 }) : t('settings.auditBroken', { n: r.value.brokenAt ?? 0, reason: r.value.reason ?? '' }));
      }}>{t('settings.auditVerify')}</button>
      {verdict && <p role="status">{verdict}</p>}
      <table>
        <thead><tr><th>{t('settings.col.time')}</th><th>{t('settings.col.action')}</th><th>{t('settings.col.actor')}</th><th>{t('settings.col.outcome')}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq}>
              <td>{hallDateTime(r.at)}</td><td>{actionLabel(r.action)}{r.target ? ` · ${r.target}` : ''}</td>
              <td>{actor(r)}</td><td>{t(`outcome.${r.outcome}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
