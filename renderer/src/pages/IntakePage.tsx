import { useEffect, useState } from 'react';
import type { CaseView } from '../../../preload/contract/intake';
import { call } from '../api/client';
import { openCitizenScreen } from '../app/citizenWindow';
import { useSession } from '../app/session';
import { errorText, t } from '../i18n';
import { CasesPanel } from './intake/CasesPanel';
import { PageError, PageErrorProvider, usePageError } from './intake/errors';
import { Workbench } from './intake/Workbench';

/** 受理: take an application (收件 → 受理/补正/容缺/不予受理 → 发证) and look cases up (办件与进度). */
export function IntakePage() {
  return (
    <PageErrorProvider>
      <Intake />
    </PageErrorProvider>
  );
}

function Intake() {
  const { session } = useSession();
  const [tab, setTab] = useState<'work' | 'cases'>('work');
  const [opened, setOpened] = useState<CaseView | null>(null);
  const { report } = usePageError();
  const [late, setLate] = useState({ overdue: 0, nearDue: 0 });

  // Near-due and overdue cases warn on the tab, whichever tab is open.
  useEffect(() => {
    void call('intake.due', { withinWorkingDays: 2 }).then((r) => r.ok && setLate({ overdue: r.value.overdue.length, nearDue: r.value.nearDue.length }));
  }, [tab]);

  const open = async (caseId: string) => {
    const r = await call('intake.case', { caseId });
    if (!r.ok) return report(errorText(r.error));
    report(null);
    setOpened(r.value);
    setTab('work');
  };

  const switchTo = (next: 'work' | 'cases') => {
    report(null); // an error belongs to the tab whose action caused it
    setTab(next);
  };

  // The work tab fits the screen (two columns over an always-visible decision bar); the cases tab scrolls.
  return (
    <section aria-labelledby="intake-heading" className={`intake-page${tab === 'work' ? ' intake-fit' : ''}`}>
      <div className="panel intake-head">
        <h1 id="intake-heading">{t('intake.heading')}</h1>
        <div role="tablist" aria-label={t('intake.tabs')} className="actions">
          <button type="button" role="tab" aria-selected={tab === 'work'} onClick={() => switchTo('work')}>{t('intake.tab.work')}</button>
          <button type="button" role="tab" aria-selected={tab === 'cases'} onClick={() => switchTo('cases')}>{t('intake.tab.cases')}
            {late.overdue > 0 && <span className="badge">{t('intake.tab.overdue', { n: late.overdue })}</span>}
            {late.nearDue > 0 && <span className="badge">{t('intake.tab.nearDue', { n: late.nearDue })}</span>}
          </button>
        </div>
        {tab === 'work' && (
          <>
            <p className="hint" data-testid="intake-shortcuts">{t('intake.shortcuts')}</p>
            {session?.counter && <button type="button" onClick={() => void openCitizenScreen(session.counter!.id)}>{t('intake.openCitizen')}</button>}
          </>
        )}
      </div>
      {tab === 'work' ? <Workbench initialCase={opened} /> : (
        <>
          <PageError />
          <CasesPanel onOpen={(id) => void open(id)} />
        </>
      )}
    </section>
  );
}
