import { useState } from 'react';
import { KIND_NAMES } from '../../../common/assist/labels';
import type { AssistRecord } from '../../../common/assist/schema';
import { useSession } from '../app/session';
import { t } from '../i18n';
import { LedgerPanel } from './assist/LedgerPanel';
import { LivePanel } from './assist/LivePanel';
import { ReportsPanel } from './assist/ReportsPanel';
import { AssistSettingsPanel } from './assist/SettingsPanel';
import { chime, notify, useAssistLive } from './assist/useAssistLive';
import { WalkUpPanel } from './assist/WalkUpPanel';

type Tab = 'live' | 'walkup' | 'ledger' | 'reports';

/**
 * The assistance desk: 求助 arriving from the counters (with a sound and a desktop notification for
 * helpers), walk-ups and 全流程陪同, the 帮办台账 and 办不成事 reports.
 */
export function AssistPage() {
  const { session } = useSession();
  const role = session!.staff.role;
  const helper = role === 'assistant' || role === 'supervisor';
  const [tab, setTab] = useState<Tab>('live');
  const [alert, setAlert] = useState<string | null>(null);
  const { state, error, reload } = useAssistLive((r: AssistRecord, before) => {
    // Once someone took it (or it was withdrawn), the alert has done its job.
    if (r.status !== 'open') setAlert((a) => (a?.startsWith(t('assist.newRequest', { counter: r.counter ?? '—', kind: KIND_NAMES[r.kind] })) ? null : a));
    const fresh = !before && r.status === 'open';
    const escalated = role === 'supervisor' && r.escalatedAt !== null && before?.escalatedAt == null && r.status === 'open';
    if (helper && (fresh || escalated)) {
      const text = t('assist.newRequest', { counter: r.counter ?? '—', kind: KIND_NAMES[r.kind] }) + (escalated ? ` · ${t('assist.escalatedTag')}` : '');
      setAlert(text);
      chime();
      notify(t('assist.help'), text);
    }
  });
  const tabs: { id: Tab; label: string; show: boolean }[] = [
    { id: 'live', label: t('assist.tab.live'), show: true },
    { id: 'walkup', label: t('assist.tab.walkup'), show: helper },
    { id: 'ledger', label: t('assist.tab.ledger'), show: role !== 'clerk' },
    { id: 'reports', label: t('assist.tab.reports'), show: true },
  ];
  return (
    <div className="assist-page">
      <h1>{t('assist.page')}</h1>
      {alert && <p className="assist-alert" role="alert" data-testid="assist-alert">{alert} <button type="button" className="ghost" aria-label={t('assist.dismiss')} onClick={() => setAlert(null)}>×</button></p>}
      {state && !state.online && <p className="form-error" role="status">{t('assist.offline')}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div role="tablist" aria-label={t('assist.tabs')} className="tabs">
        {tabs.filter((x) => x.show).map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'active' : ''} onClick={() => setTab(x.id)}>{x.label}</button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'live' && state && <LivePanel state={state} reload={reload} />}
        {tab === 'walkup' && <WalkUpPanel onSaved={() => void reload()} />}
        {tab === 'ledger' && <LedgerPanel />}
        {tab === 'reports' && <ReportsPanel />}
      </div>
      {role === 'supervisor' && tab === 'live' && <AssistSettingsPanel />}
    </div>
  );
}
