import { call } from '../api/client';
import { openCitizenScreen } from '../app/citizenWindow';
import { useSession } from '../app/session';
import { t } from '../i18n';
import { CurrentTicket } from './queue/CurrentTicket';
import { IssueCheckIn } from './queue/IssueCheckIn';
import { Transfer } from './queue/Transfer';
import { useCounter } from './queue/counter';
import { WaitingList } from './queue/WaitingList';

/** 叫号: the counter's queue panel. */
export function QueuePage() {
  const { session } = useSession();
  const counter = session?.counter ?? null;
  if (!counter) {
    return (
      <section className="panel" aria-labelledby="queue-heading">
        <h1 id="queue-heading">{t('queue.heading')}</h1>
        <p className="muted">{t('queue.noCounter')}</p>
      </section>
    );
  }
  return <CounterQueue counterId={counter.id} counterName={counter.name} counterNumber={counter.number} clerkName={session!.staff.name} />;
}

function CounterQueue({ counterId, counterName, counterNumber, clerkName }: { counterId: string; counterName: string; counterNumber: number; clerkName: string }) {
  const { session } = useSession();
  const counter = useCounter();
  if (!counter) return null; // the shell provides the counter to every session signed in at one
  const { state, error, now, msg, setMsg, busy, current, noShow, transferring, setTransferring, run, callNext, callThis, act, markNoShow, startOrFinish, ticketCase, spoken } = counter;

  const n = now();
  return (
    <section className="panel queue-page" aria-labelledby="queue-heading">
      <h1 id="queue-heading">{t('queue.heading')}</h1>
      <p className="counter-line" data-testid="current-counter">{t('queue.currentCounter', { name: counterName })}</p>
      {state && !state.online && <div className="queue-offline" role="alert" data-testid="queue-offline">{t('queue.offline', { n: counterNumber })}</div>}
      {state && state.backlog > 0 && (
        <p className="queue-backlog">
          {t('queue.backlog', { n: state.backlog })}{' '}
          <button type="button" className="ghost" onClick={() => void run(call('queue.sync', {})).then((v) => v && setMsg(t('queue.synced', { n: v.uploaded, r: v.rejected })))}>{t('queue.syncNow')}</button>
        </p>
      )}
      {state?.counter.paused && <p className="queue-paused" role="status">{t('queue.paused')}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {msg && <p className="form-error" role="alert" data-testid="queue-message">{msg}</p>}
      {noShow.pending && (
        <div className="queue-undo" role="status" data-testid="queue-undo">
          {t('queue.noShowPending', { number: noShow.pending.number, s: noShow.pending.left })}
          <button type="button" onClick={noShow.undo} aria-keyshortcuts="Control+Z">{t('queue.undo')} <kbd>Ctrl+Z</kbd></button>
        </div>
      )}

      <div className="queue-layout">
        <div className="queue-main">
          <CurrentTicket ticket={current} now={n} ticketCase={ticketCase} />
          <div className="queue-buttons" role="toolbar" aria-label={t('queue.hotkeys')}>
            <button type="button" className="big" onClick={() => void callNext()} disabled={busy} aria-keyshortcuts="F1">{t('queue.call')} <kbd>F1</kbd></button>
            <button type="button" className="big" onClick={() => current && act('queue.recall', current.ref)} disabled={busy || current?.status !== 'called'} aria-keyshortcuts="F2">{t('queue.recall')} <kbd>F2</kbd></button>
            <button type="button" className="big" onClick={markNoShow} disabled={busy || current?.status !== 'called' || noShow.pending !== null} aria-keyshortcuts="F3">{t('queue.noShow')} <kbd>F3</kbd></button>
            <button type="button" className="big" onClick={() => setTransferring(true)} disabled={busy || !current} aria-keyshortcuts="F4">{t('queue.transfer')} <kbd>F4</kbd></button>
            <button type="button" className="big" onClick={startOrFinish} disabled={busy || !current} aria-keyshortcuts="F5">
              {current?.status === 'serving' ? t('queue.finish') : t('queue.start')} <kbd>F5</kbd>
            </button>
          </div>
          <p className="hint">{t('queue.hotkeys')}</p>
          {transferring && current && state && (
            <Transfer ticket={current} state={state} canForce={session?.staff.role === 'supervisor'} onCancel={() => setTransferring(false)} onSubmit={(to) => {
              setTransferring(false);
              void run(call('queue.transfer', { ref: current.ref, ...to }));
            }} />
          )}
          <div className="actions">
            {current && current.series === 'hub' && <button type="button" className="ghost" onClick={() => act('queue.park', current.ref)}>{t('queue.park')}</button>}
            {state && (
              <button type="button" className="ghost" onClick={() => void run(call('queue.setPaused', { paused: !state.counter.paused }))}>
                {state.counter.paused ? t('queue.resumeCounter') : t('queue.pause')}
              </button>
            )}
            <button type="button" onClick={() => void openCitizenScreen(counterId)}>{t('queue.openCitizen')}</button>
            <button type="button" className="ghost" onClick={() => void call('citizen.show', { view: { mode: 'welcome', counterNumber, clerkName, hallName: null } })}>{t('queue.citizenWelcome')}</button>
          </div>
          {state && state.parked.length > 0 && (
            <div className="queue-parked">
              <h2>{t('queue.parked')}</h2>
              {state.parked.map((p) => (
                <button key={p.ref} type="button" className="ghost" onClick={() => act('queue.resume', p.ref)}>{t('queue.resumeTicket')} {p.number}</button>
              ))}
            </div>
          )}
          {state && <WaitingList state={state} now={n} onCall={callThis} />}
          {state && state.deadLetters.length > 0 && (
            <div className="queue-dead">
              <h2>{t('queue.deadLetters')}</h2>
              <ul>{state.deadLetters.map((d) => <li key={d.opId}>{d.number}：{d.message}（{d.code}）</li>)}</ul>
            </div>
          )}
        </div>
        {state && <IssueCheckIn state={state} />}
      </div>
      <p className="visually-hidden" aria-live="assertive" data-testid="queue-announcement">{spoken.spoken}</p>
      {spoken.shown && <p className="queue-last" data-testid="queue-last-called">{t('queue.lastAnnouncement')}：{spoken.shown}</p>}
    </section>
  );
}
