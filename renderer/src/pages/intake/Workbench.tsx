import { DueDate } from '../../components/calendar/DueDate';
import { useEffect, useRef, useState } from 'react';
import type { CaseView, NoticeKindName, Serving } from '../../../../preload/contract/intake';
import { call, on } from '../../api/client';
import { useSession } from '../../app/session';
import { useCounter } from '../queue/counter';
import { t } from '../../i18n';
import { ApplicantPanel } from './ApplicantPanel';
import { emptyApplicant, toInput, type ApplicantDraft } from './applicant';
import { prefillFrom } from './prefill';
import { Checklist } from './Checklist';
import { DecisionBar } from './DecisionBar';
import { ElicencePanel } from './ElicencePanel';
import { ItemPicker, type PickedItem } from './ItemPicker';
import { autoPrintNotices, setAutoPrintNotices } from './autoPrint';
import { NoticeCard, type ShownNotice } from './NoticeCard';
import { PageError, useFieldErrors } from './errors';
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
  const [autoPrint, setAutoPrint] = useState(autoPrintNotices);
  const { run, setError, busy } = useAction();
  const itemErrors = useFieldErrors<'search' | 'scenario'>();
  const leftCol = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const startBtn = useRef<HTMLButtonElement>(null);
  const scenarioSel = useRef<HTMLSelectElement>(null);
  const counter = useCounter();
  const currentRef = counter?.current?.ref ?? null;
  const [serving, setServing] = useState<(Serving['ticket'] & { booked: boolean }) | null>(null);
  const prefilledFor = useRef<string | null>(null);
  const [focusNext, setFocusNext] = useState<'scenario' | 'start' | 'search' | 'applicant' | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    if (focusNext === 'applicant') leftCol.current?.querySelector<HTMLElement>('.intake-applicant :is(button, input):not(:disabled)')?.focus();
    else ({ scenario: scenarioSel, start: startBtn, search })[focusNext].current?.focus();
    setFocusNext(null);
  }, [focusNext]);

  // Opened with nothing on it, the first thing to do is find the item: the search has the focus.
  // (A called applicant's booking moves it on below, to whatever the clerk must do first.)
  useEffect(() => {
    if (!initialCase) search.current?.focus();
  }, [initialCase]);

  // A field's error goes as soon as the field is filled in.
  const { fix } = itemErrors;
  useEffect(() => {
    fix('search', () => (picked ? null : t('intake.item.pickFirst')));
    fix('scenario', () => (picked?.scenarioCode ? null : t('intake.item.pickScenario')));
  }, [picked, fix]);

  useEffect(() => setCase(initialCase ?? null), [initialCase]);

  // The ticket being served comes with its booking: the applicant and the booked item are filled in,
  // and a case already taken for it (the clerk went to 叫号 and back) is opened again.
  useEffect(() => {
    if (!currentRef || c || initialCase || prefilledFor.current === currentRef) return;
    prefilledFor.current = currentRef;
    let stale = false;
    void prefillFrom(currentRef).then((p) => {
      if (stale || !p) return;
      setServing({ ...p.ticket, booked: Boolean(p.person || p.picked) });
      if (p.case) return setCase(p.case);
      if (p.person) setApplicant({ ...emptyApplicant(), person: p.person });
      if (p.picked) setPicked(p.picked);
      // Next key press: the scenario when the item has several, 开始收件 when all is there, the card
      // when only the item came with the booking, else the search (focused once rendered).
      setFocusNext(p.picked && !p.picked.scenarioCode ? 'scenario' : p.picked ? (p.person ? 'start' : 'applicant') : 'search');
    });
    return () => {
      stale = true;
    };
  }, [currentRef, c, initialCase]);

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
      // The signed commitment replaces the letter it was signed on.
      const n = p.notice;
      if (n) setNotices((x) => [...x.filter((o) => o.title !== '告知承诺书'), { title: n.title, fileId: n.file.fileId, caseNumber: c.caseNumber }]);
    });
  }, [c]);

  const start = async () => {
    setError(null); // the page shows this press's outcome only
    const input = toInput(applicant);
    // The item's fields carry their own message beside them; the applicant's is the action's error.
    itemErrors.set('search', picked ? null : t('intake.item.pickFirst'));
    itemErrors.set('scenario', picked && !picked.scenarioCode ? t('intake.item.pickScenario') : null);
    if (typeof input === 'string') return setError(input);
    if (!picked) return search.current?.focus();
    if (!picked.scenarioCode) return scenarioSel.current?.focus();
    // Taken for the ticket being served, if any (the hub refuses a ticket no longer at this counter).
    const ticketRef = currentRef && counter?.current && counter.current.status !== 'waiting' ? currentRef : undefined;
    const r = await run(() => call('intake.createDraft', { ...input, itemCode: picked.item.code, scenarioCode: picked.scenarioCode, catalogVersion: picked.catalogVersion, ticketRef }));
    if (r) {
      setCase(r);
      setNotices([]);
      counter?.refreshCase();
    }
  };

  const reset = () => {
    setServing(null);
    setApplicant(emptyApplicant());
    setPicked(null);
    setCase(null);
    setNotices([]);
    setError(null);
    itemErrors.clear();
    setFocusNext('search'); // once the search is back on screen
  };

  // 「结束并叫下一位」: stays in 受理, cleared for whoever comes next (their booking fills in as the call lands).
  const finishAndNext = async () => {
    if (!counter) return;
    const { finished } = await counter.finishAndNext();
    if (!finished) return; // the case stays on screen; the serving bar says why
    prefilledFor.current = null;
    reset();
  };

  // After the decision F1 means 「结束并叫下一位」 (the hub would refuse a plain call while this
  // applicant is still being served), so a clerk's whole applicant runs from one F1 to the next.
  const decided = Boolean(counter && c && c.state !== 'draft');
  const finishRef = useRef(finishAndNext);
  finishRef.current = finishAndNext;
  useEffect(() => {
    if (!decided) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F1' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      e.stopImmediatePropagation(); // before the counter's own F1 (window, bubbling)
      void finishRef.current();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [decided]);

  const finishBtn = decided && counter && (
    <button type="button" className="primary" disabled={busy || counter.busy} onClick={() => void finishAndNext()} aria-keyshortcuts="F1" data-testid="intake-finish-next">
      {counter.current ? t('intake.finishAndNext') : t('intake.callNext')} <kbd>F1</kbd>
    </button>
  );

  // Two columns over one always-visible bar: who and what (left), the materials and notices (right),
  // the decision and the latest action's error (bottom). Each column scrolls by itself if it must.
  return (
    <div className="intake-work">
      <div className="intake-cols">
        <div className="intake-col intake-left" ref={leftCol}>
          {!hasCounter && <p role="alert" className="form-error">{t('intake.noCounter')}</p>}
          {!c && (
            <>
              {serving && <p className="intake-ticket" data-testid="intake-ticket">{t(serving.booked ? 'intake.ticket.booked' : 'intake.ticket.for', { number: serving.number, stream: serving.streamName })}</p>}
              <ApplicantPanel value={applicant} onChange={setApplicant} watching={!c} hasCounter={hasCounter} />
              <ItemPicker ref={search} scenarioRef={scenarioSel} value={picked} onChange={setPicked} errors={itemErrors.errors} />
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
                  {c.agent && <span data-testid="intake-case-agent">{` · ${t('intake.agent.heading')}：${t('intake.agent.summary', { name: c.agent.name, relation: c.agent.relationLabel })}${c.agent.proof?.applicable ? ` · ${t('intake.agent.proof', { name: c.agent.proof.name, status: c.agent.proof.statusLabel })}` : ''}`}</span>}
                  {' · '}<strong data-testid="intake-state">{c.stateLabel}</strong>
                  {c.ticket && <> · {t('intake.ticket.number')}<strong data-testid="intake-case-ticket">{c.ticket.number}</strong></>}
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
              </section>
              {(c.state === 'draft' || c.state === 'correction-requested') && <ElicencePanel c={c} onCase={setCase} />}
            </>
          )}
        </div>
        <div className="intake-col intake-right">
          {!c && (
            <section className="panel intake-checklist" aria-labelledby="intake-mat-h">
              <h2 id="intake-mat-h">{t('intake.materials.heading')}</h2>
              <p className="muted">{t('intake.materials.before')}</p>
            </section>
          )}
          {c && <Checklist c={c} onCase={setCase} onNotice={(n) => setNotices((x) => [...x, n])} />}
          {c && notices.length > 0 && (
            <section className="panel intake-notices" aria-labelledby="intake-notices-h">
              <h2 id="intake-notices-h">{t('intake.notices')}</h2>
              <label className="inline">
                <input type="checkbox" checked={autoPrint} onChange={(e) => { setAutoPrintNotices(e.target.checked); setAutoPrint(e.target.checked); }} />
                {t('intake.notice.autoPrint')}
              </label>
              {notices.map((n) => <NoticeCard key={n.fileId} notice={n} />)}
            </section>
          )}
        </div>
      </div>
      <div className="intake-foot">
        {!c && (
          <section className="panel intake-decision" aria-label={t('intake.start')}>
            <div className="actions">
              <button ref={startBtn} type="button" className="primary" disabled={busy || !hasCounter} onClick={() => void start()}>{t('intake.start')}</button>
            </div>
          </section>
        )}
        {c && (
          <DecisionBar
            c={c}
            after={finishBtn}
            onDecided={(next, n) => {
              setCase(next);
              counter?.refreshCase(); // the serving bar and 叫号 show the case number now
              setNotices((x) => [...x, { title: n.title, fileId: n.file.fileId, caseNumber: next.caseNumber, autoPrint: autoPrint }]);
            }}
          />
        )}
        <PageError />
      </div>
    </div>
  );
}
