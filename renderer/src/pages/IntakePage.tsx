import { useEffect, useState } from 'react';
import type { CaseView } from '../../../preload/contract/intake';
import { call } from '../api/client';
import { t } from '../i18n';
import { CasesPanel } from './intake/CasesPanel';
import { Workbench } from './intake/Workbench';

/** 受理: take an application (收件 → 受理/补正/容缺/不予受理 → 发证) and look cases up (办件与进度). */
export function IntakePage() {
  const [tab, setTab] = useState<'work' | 'cases'>('work');
  const [opened, setOpened] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [late, setLate] = useState({ overdue: 0, nearDue: 0 });

  // Near-due and overdue cases warn on the tab, whichever tab is open.
  useEffect(() => {
    void call('intake.due', { withinWorkingDays: 2 }).then((r) => r.ok && setLate({ overdue: r.value.overdue.length, nearDue: r.value.nearDue.length }));
  }, [tab]);

  const open = async (caseId: string) => {
    const r = await call('intake.case', { caseId });
    if (!r.ok) return setError(r.error.message);
    setError(null);
    setOpened(r.value);
    setTab('work');
  };

  return (
    <section aria-labelledby="intake-heading" className="intake-page">
      <div className="panel">
        <h1 id="intake-heading">{t('intake.heading')}</h1>
        <div role="tablist" aria-label={t('intake.tabs')} className="actions">
          <button type="button" role="tab" aria-selected={tab === 'work'} onClick={() => setTab('work')}>{t('intake.tab.work')}</button>
          <button type="button" role="tab" aria-selected={tab === 'cases'} onClick={() => setTab('cases')}>{t('intake.tab.cases')}
            {late.overdue > 0 && <span className="badge">{t('intake.tab.overdue', { n: late.overdue })}</span>}
            {late.nearDue > 0 && <span className="badge">{t('intake.tab.nearDue', { n: late.nearDue })}</span>}
          </button>
        </div>
        {error && <p role="alert" className="form-error">{error}</p>}
      </div>
      {tab === 'work' ? <Workbench initialCase={opened} /> : <CasesPanel onOpen={(id) => void open(id)} />}
    </section>
  );
}
