import { useEffect, useRef } from 'react';
import type { SessionInfo } from '../../../preload/contract/session';
import { call, onSessionSignal } from '../api/client';

/** Keyboard and mouse activity is reported to main at most this often; calls count by themselves. */
const REPORT_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 5_000;
const INPUT_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after the session's idle minutes without input or calls, at the same moment
 * main would refuse the next call (main is the authority: a renderer that sleeps through its
 * timer still gets SESSION_LOCKED). Input is reported sparingly with `session.activity`.
 */
export function useIdleLock(session: SessionInfo | null, lock: () => Promise<void>): void {
  const lastInput = useRef(Date.now());
  const lastSeenByMain = useRef(Date.now());
  const active = session !== null && !session.locked;
  const idleMs = (session?.idleMinutes ?? 15) * 60_000;

  useEffect(() => {
    if (!active) return;
    lastInput.current = Date.now();
    lastSeenByMain.current = Date.now();
    const onInput = () => {
      lastInput.current = Date.now();
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    const offCalls = onSessionSignal((s) => {
      if (s.kind === 'call') lastSeenByMain.current = lastInput.current = Math.max(lastInput.current, Date.now());
    });
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - lastInput.current >= idleMs) {
        void lock();
        return;
      }
      if (lastInput.current > lastSeenByMain.current && now - lastSeenByMain.current >= REPORT_EVERY_MS) {
        lastSeenByMain.current = now;
        void call('session.activity', {});
      }
    }, CHECK_EVERY_MS);
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
      offCalls();
      clearInterval(timer);
    };
  }, [active, idleMs, lock]);
}
