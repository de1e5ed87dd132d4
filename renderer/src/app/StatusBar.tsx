import { useEffect, useState } from 'react';
import type { StatusSnapshot } from '../../../preload/contract/system';
import { call, on } from '../api/client';
import { t, type MessageKey } from '../i18n';
import { useSession } from './session';
import { ageOf } from '../pages/sync/format';

function hubText(s: StatusSnapshot['hub']): string {
  if (s.mode === 'none') return t('status.hubNone');
  const state = s.reachable ? t('status.hubOk') : t('status.hubDown');
  return s.mode === 'embedded' ? `${state}（${t('status.hubEmbedded')}）` : state;
}

const KIND_LABELS: Record<string, MessageKey> = {
  idcard: 'status.kind.idcard',
  barcode: 'status.kind.barcode',
  scanner: 'status.kind.scanner',
  printer: 'status.kind.printer',
};

function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind;
}

const STATE_LABELS: Record<string, MessageKey> = {
  ready: 'devices.state.ready',
  busy: 'devices.state.busy',
  absent: 'devices.state.absent',
  error: 'devices.state.error',
};

function stateLabel(state: string): string {
  return STATE_LABELS[state] ? t(STATE_LABELS[state]) : state;
}

/** Case sync: steps not yet at the hub, the oldest one's age, refusals, and the hub clock's drift. */
function SyncItem({ sync }: { sync: NonNullable<StatusSnapshot['sync']> }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const bad = sync.dead > 0 || (sync.pending > 0 && sync.connection === 'offline');
  return (
    <>
      <span className={`status-item ${bad ? 'bad' : sync.pending ? '' : 'good'}`} data-testid="status-sync-cases" title={sync.lastError ?? ''}>
        {t('status.syncCases')}：{sync.pending}
        {sync.oldestAt && `（${t('status.syncOldest', { age: ageOf(sync.oldestAt) })}）`}
        {sync.dead > 0 && `，${t('status.syncDead', { n: sync.dead })}`}
      </span>
      {sync.driftWarning && <span className="status-item bad" role="alert" data-testid="status-drift">{t('status.drift')}：{sync.driftWarning}</span>}
    </>
  );
}

export function StatusBar() {
  const { session, connected } = useSession();
  const [status, setStatus] = useState<StatusSnapshot | null>(null);

  useEffect(() => {
    void call('system.status', {}).then((r) => r.ok && setStatus(r.value));
    return on('system.status', setStatus);
  }, []);

  const devices = status?.devices ?? [];
  return (
    <footer className="status-bar" role="contentinfo" aria-label={t('status.label')}>
      {!connected && <span className="status-item bad" role="alert">{t('status.host')}：{t('status.hostDown')}</span>}
      <span className={`status-item ${status?.hub.reachable ? 'good' : 'bad'}`} title={status?.hub.url ?? ''} data-testid="status-hub">
        {t('status.hub')}：{status ? hubText(status.hub) : '…'}
      </span>
      <span className="status-item" data-testid="status-devices" title={devices.map((d) => `${kindLabel(d.kind)}：${stateLabel(d.state)}`).join('\n')}>
        {t('status.devices')}：
        {devices.length === 0
          ? t('status.devicesNone')
          : devices.map((d) => (
              <span key={d.kind} className={`device-chip st-${d.state}`}>
                {kindLabel(d.kind)}
                {d.simulated && <em className="sim-tag">{t('status.simulated')}</em>}
              </span>
            ))}
      </span>
      <span className="status-item" data-testid="status-sync">{t('status.sync')}：{status?.syncBacklog ?? 0}</span>
      {status?.sync && <SyncItem sync={status.sync} />}
      <span className="status-spacer" />
      {session && (
        <>
          <span className="status-item" data-testid="status-staff">
            {t('status.staff')}：{session.staff.name}（{session.staff.staffNo}，{t(`role.${session.staff.role}`)}）
          </span>
          <span className="status-item" data-testid="status-counter">
            {t('status.counter')}：{session.counter?.name ?? t('status.noCounter')}
          </span>
        </>
      )}
    </footer>
  );
}
