import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Result } from '../../../../preload/contract';
import type { Serving } from '../../../../preload/contract/intake';
import type { QueueState, QueueTicket } from '../../../../preload/contract/queue';
import { call } from '../../api/client';
import { navFor } from '../../app/nav';
import { useSession } from '../../app/session';
import { errorText, t } from '../../i18n';
import { useAnnouncer } from './useAnnouncer';
import { useNoShowUndo } from './useNoShowUndo';
import { useQueueState } from './useQueueState';

const newRequestId = () => crypto.randomUUID();
// A failure that may have reached the hub: the same press is retried with the same request id.
const RETRYABLE = new Set(['HOST_UNREACHABLE', 'INTERNAL']);
const COUNTER_ROLES = new Set(['clerk', 'assistant', 'supervisor']);

type TicketAction = 'queue.recall' | 'queue.start' | 'queue.finish' | 'queue.park' | 'queue.resume';

/** The counter as every page of a clerk's shell sees it: the queue, the hotkeys' actions, the case of the current ticket. */
export interface Counter {
  state: QueueState | null;
  error: string | null;
  now: () => number;
  current: QueueTicket | null;
  busy: boolean;
  msg: string | null;
  setMsg(m: string | null): void;
  noShow: ReturnType<typeof useNoShowUndo>;
  transferring: boolean;
  setTransferring(on: boolean): void;
  run<T>(p: Promise<Result<T>>): Promise<T | null>;
  /** F1 (an appointment with a booked item opens 受理). Returns the called ticket, or null (none waiting, or failed: the message says which). */
  callNext(): Promise<QueueTicket | null>;
  callThis(ref: string): void;
  act(name: TicketAction, ref: string): void;
  markNoShow(): void;
  startOrFinish(): void;
  /** 「结束并叫下一位」: finishes the current ticket (starting it first if only called) and calls the next. */
  finishAndNext(): Promise<{ finished: boolean; next: QueueTicket | null }>;
  /** The last call to this counter: spoken (TTS) and for the live region, whichever page is open. */
  spoken: { spoken: string; shown: string };
  /** The case taken for the current ticket, once there is one. */
  ticketCase: Serving['case'];
  refreshCase(): void;
  /** Alt+I was pressed (on any page): 叫号's check-in focuses its ID field, then calls checkInFocused. */
  checkInWanted: boolean;
  checkInFocused(): void;
}

const CounterContext = createContext<Counter | null>(null);

/** The counter of this session, or null when the session has none (an administrator, a clerk without a counter). */
export function useCounter(): Counter | null {
  return useContext(CounterContext);
}

/**
 * Mounted once by the shell for staff signed in at a counter: the queue state, F1–F5 (and Ctrl+Z
 * within the 过号 undo window) on every page, and 受理 opened when an appointment with a booked item
 * is called or started, so the clerk never retypes what the booking already says.
 */
export function CounterProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const atCounter = Boolean(session?.counter) && COUNTER_ROLES.has(session?.staff.role ?? '');
  if (!atCounter) return <>{children}</>;
  return <CounterState>{children}</CounterState>;
}

function CounterState({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const navigate = useNavigate();
  const canIntake = navFor(session!.staff.role).some((e) => e.path === '/intake');
  const { state, error, now } = useQueueState();
  const spoken = useAnnouncer();
  const [msg, setMsg] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const [busy, setBusy] = useState(false);
  const [ticketCase, setTicketCase] = useState<Serving['case']>(null);
  const pendingCall = useRef<string | null>(null);
  const [checkInWanted, setCheckInWanted] = useState(false);
  const checkInFocused = useCallback(() => setCheckInWanted(false), []);
  const current = state?.current ?? null;

  const run = useCallback(async <T,>(p: Promise<Result<T>>): Promise<T | null> => {
    setBusy(true);
    const r = await p;
    setBusy(false);
    // No reload: the new state arrives as the queue.changed push (the push carries the state).
    if (!r.ok) {
      setMsg(errorText(r.error));
      return null;
    }
    setMsg(null);
    return r.value;
  }, []);

  const noShow = useNoShowUndo((ref) => run(call('queue.noShow', { ref })));

  /** An appointment holder with a booked item goes straight to 受理, where the booking is filled in. */
  const toIntake = useCallback((tk: QueueTicket | null) => {
    if (canIntake && tk?.appointment && tk.itemCode) navigate('/intake');
  }, [canIntake, navigate]);

  const callNext = useCallback(async (): Promise<QueueTicket | null> => {
    await noShow.flush(); // a 过号 still in its undo window is final once the next applicant is called
    pendingCall.current ??= newRequestId();
    const requestId = pendingCall.current;
    setBusy(true);
    const r = await call('queue.callNext', { requestId });
    setBusy(false);
    if (!r.ok && RETRYABLE.has(r.error.code)) {
      setMsg(`${errorText(r.error)}${t('queue.retry')}`);
      return null;
    }
    pendingCall.current = null;
    if (!r.ok) {
      setMsg(errorText(r.error));
      return null;
    }
    setMsg(r.value.ticket ? null : t('queue.noneWaiting'));
    toIntake(r.value.ticket);
    return r.value.ticket;
  }, [noShow, toIntake]);

  const callThis = useCallback((ref: string) => void run(call('queue.callTicket', { ref, requestId: newRequestId() })), [run]);
  const act = useCallback((name: TicketAction, ref: string) => {
    if (noShow.pending?.ref === ref) noShow.undo(); // the applicant turned up after all
    void run(call(name, { ref }));
  }, [noShow, run]);
  const markNoShow = useCallback(() => {
    if (current && current.status === 'called') noShow.mark(current);
  }, [current, noShow]);
  const startOrFinish = useCallback(() => {
    if (!current) return;
    if (current.status !== 'serving') toIntake(current);
    act(current.status === 'serving' ? 'queue.finish' : 'queue.start', current.ref);
  }, [current, act, toIntake]);

  const finishAndNext = useCallback(async (): Promise<{ finished: boolean; next: QueueTicket | null }> => {
    if (current) {
      if (noShow.pending?.ref === current.ref) noShow.undo();
      // The hub finishes only a ticket being served; one still 已叫号 is started first.
      if (current.status === 'called' && !(await run(call('queue.start', { ref: current.ref })))) return { finished: false, next: null };
      if (!(await run(call('queue.finish', { ref: current.ref })))) return { finished: false, next: null };
    }
    return { finished: true, next: await callNext() };
  }, [current, noShow, run, callNext]);

  // The case belongs to the ticket, not to each push: asked again when the ticket changes (or intake says so).
  const currentRef = current?.ref ?? null;
  const refreshCase = useCallback(() => {
    if (!currentRef || !canIntake) return setTicketCase(null);
    void call('intake.ticketCase', { ref: currentRef }).then((r) => setTicketCase(r.ok ? r.value : null));
  }, [currentRef, canIntake]);
  useEffect(refreshCase, [refreshCase]);

  const keys = useRef({ callNext, act, startOrFinish, current, busy, markNoShow, noShow });
  keys.current = { callNext, act, startOrFinish, current, busy, markNoShow, noShow };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Alt+I: the check-in ID field, from any page (by the key's place: the letter depends on the layout and IME).
      if (e.altKey && e.code === 'KeyI' && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        navigate('/queue');
        return setCheckInWanted(true);
      }
      if (e.key === 'z' && e.ctrlKey && keys.current.noShow.pending) {
        e.preventDefault();
        return keys.current.noShow.undo();
      }
      if (!/^F[1-5]$/.test(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault(); // F1 help, F3 find, F5 reload must not fire in the clerk's window
      const k = keys.current;
      if (k.busy) return;
      if (e.key === 'F1') void k.callNext();
      else if (k.current && e.key === 'F2') k.act('queue.recall', k.current.ref);
      else if (k.current && e.key === 'F3') k.markNoShow();
      else if (k.current && e.key === 'F4') {
        if (k.noShow.pending?.ref === k.current.ref) k.noShow.undo();
        setTransferring(true);
        navigate('/queue'); // the transfer form lives on 叫号
      }
      else if (e.key === 'F5') k.startOrFinish();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const value: Counter = {
    state, error, now, current, busy, msg, setMsg, noShow, transferring, setTransferring, run,
    callNext, callThis, act, markNoShow, startOrFinish, finishAndNext, spoken, ticketCase, refreshCase, checkInWanted, checkInFocused,
  };
  return <CounterContext.Provider value={value}>{children}</CounterContext.Provider>;
}
