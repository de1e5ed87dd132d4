import { useSession } from '../app/session';
import { t } from '../i18n';
import { AuditPanel } from './settings/AuditPanel';
import { CalendarPanel } from './settings/CalendarPanel';
import { DevicesPanel } from './settings/DevicesPanel';
import { HallDevicesPanel } from './settings/HallDevicesPanel';
import { HubEnrolPanel } from './settings/HubEnrolPanel';
import { StaffPanel } from './settings/StaffPanel';

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
      {canAdmin && <StaffPanel canSetCapacity={session?.staff.role === 'admin'} />}
      {canAdmin && <AuditPanel />}
    </div>
  );
}
