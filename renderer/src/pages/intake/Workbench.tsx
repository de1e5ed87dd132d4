import { DueDate } from '../../components/calendar/DueDate';
import { useEffect, useRef, useState } from 'react';
import type { CaseView, NoticeKindName } from '../../../../preload/contract/intake';
import { call, on } from '../../api/client';
import { openCitizenScreen } from '../../app/citizenWindow';
import { useSession } from '../../app/session';
import { t } from '../../i18n';
import { ApplicantPanel } from './ApplicantPanel';
import { emptyApplicant, toInput, type ApplicantDraft } from './applicant';
import { Checklist } from './Checklist';
import { DecisionBar } from './DecisionBar';
import { ElicencePanel } from './ElicencePanel';
import { ItemPicker, type PickedItem } from './ItemPicker';
import { NoticeCard, type ShownNotice } from './NoticeCard';
import { useAction } from './useAction';

/** The notice that belongs to the case's current step, for a reprint when a case is reopened. */
function noticeKindFor(c: CaseView): NoticeKindName | null {
  switch (c.state) {
    case 'accepted':
    case 'in-review':
      return c.deficiency ? 'deficiency' : 'acceptance';
    case 'correction-requested':
      return 'correction';
    case 'rejected':
      return 'rejection';
    case 'result-issued':
      return 'result-receipt';
    default:
      return null;
  }
}

/** One application at the counter, from the card to the notice (works with or without a called ticket). */
export function Workbench({ initialCase }: { initialCase?: CaseView | null }) {
  const { session } = useSession();
  const hasCounter = Boolean(session?.counter);
  const [applicant, setApplicant] = useState<ApplicantDraft>(emptyApplicant);
  const [picked, setPicked] = useState<PickedItem | null>(null);
  const [c, setCase] = useState<CaseView | null>(initialCase ?? null);
  const [notices, setNotices] = useState<ShownNotice[]>([]);
  const { run, error, setError, busy } = useAction();
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => setCase(initialCase ?? null), [initialCase]);

  // Keyboard-first: Ctrl+K jumps to the item search, Ctrl+Enter accepts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A signature on the citizen screen changes the case; fetch it again.
  useEffect(() => {
    if (!c) return;
    return on('intake.signed', (p) => {
      if (p.caseId !== c.id) return;
      void call('intake.case', { caseId: c.id }).then((r) => r.ok && setCase(r.value));
    });
  }, [c]);

  const start = async () => {
    const input = toInput(applicant);
    if (typeof input === 'string') return setError(input);
    if (!picked) return setError(t('intake.item.pickFirst'));
    const r = await run(() => call('intake.createDraft', { ...input, itemCode: picked.item.code, scenarioCode: picked.scenarioCode, catalogVersion: picked.catalogVersion }));
    if (r) {
      setCase(r);
      setNotices([]);
    }
  };

  const reset = () => {
    setApplicant(emptyApplicant());
    setPicked(null);
    setCase(null);
    setNotices([]);
    setError(null);
    search.current?.focus();
  };

  return (
    <div className="page-grid intake-workbench">
      <div className="actions">
        <p className="hint" data-testid="intake-shortcuts">{t('intake.shortcuts')}</p>
        {session?.counter && <button type="button" onClick={() => void openCitizenScreen(session.counter!.id)}>{t('intake.openCitizen')}</button>}
      </div>
      {!hasCounter && <p role="alert" className="form-error">{t('intake.noCounter')}</p>}
      {!c && (
        <>
          <ApplicantPanel value={applicant} onChange={setApplicant} watching={!c} hasCounter={hasCounter} />
          <ItemPicker ref={search} value={picked} onChange={setPicked} />
          <div className="actions">
            <button type="button" className="primary" disabled={busy || !hasCounter} onClick={() => void start()}>{t('intake.start')}</button>
          </div>
          {error && <p role="alert" className="form-error">{error}</p>}
        </>
      )}
      {c && (
        <>
          <section className="panel" aria-labelledby="intake-case-h">
            <h2 id="intake-case-h">{c.itemName}（{c.scenarioName}）</h2>
            <p data-testid="intake-case-line">
              {c.applicant.name}
              {c.applicant.idNumberMasked && `（${c.applicant.idNumberMasked}）`}
              {c.applicant.creditCode && `（${c.applicant.creditCode}）`}
              {c.agentName && ` · ${t('intake.applicant.agent')}：${c.agentName}`}
              {' · '}<strong data-testid="intake-state">{c.stateLabel}</strong>
              {c.caseNumber && <> · {t('intake.caseNumber')}<strong data-testid="intake-case-number">{c.caseNumber}</strong></>}
              {c.dueDate && <> · {t('intake.dueDate', { d: '' })}<DueDate date={c.dueDate} provisional={c.dueProvisional} /></>}
            </p>
            <div className="actions">
              <button type="button" onClick={reset}>{t('intake.next')}</button>
              {noticeKindFor(c) && (
                <button type="button" disabled={busy} onClick={async () => {
                  const n = await run(() => call('intake.notice', { caseId: c.id, kind: noticeKindFor(c)! }));
                  if (n) setNotices((x) => [...x, { title: n.title, fileId: n.file.fileId, caseNumber: c.caseNumber }]);
                }}>{t('intake.reprint')}</button>
              )}
            </div>
            {error && <p role="alert" className="form-error">{error}</p>}
          </section>
          {(c.state === 'draft' || c.state === 'correction-requested') && <ElicencePanel c={c} onCase={setCase} />}
          <Checklist c={c} onCase={setCase} onNotice={(n) => setNotices((x) => [...x, n])} />
          <DecisionBar
            c={c}
            onDecided={(next, n) => {
              setCase(next);
              setNotices((x) => [...x, { title: n.title, fileId: n.file.fileId, caseNumber: next.caseNumber }]);
            }}
          />
          {notices.length > 0 && (
            <section className="panel" aria-labelledby="intake-notices-h">
              <h2 id="intake-notices-h">{t('intake.notices')}</h2>
              {notices.map((n) => <NoticeCard key={n.fileId} notice={n} />)}
            </section>
          )}
        </>
      )}
    </div>
  );
}
