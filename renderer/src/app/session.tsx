import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../preload/contract/session';
import type { SystemInfo } from '../../../preload/contract/system';
import { bridge, call, on, onSessionSignal } from '../api/client';
import { t } from '../i18n';
import { useIdleLock } from './idle';

const SESSION_KEY = 'wd.session';

interface SessionState {
  info: SystemInfo | null;
  session: SessionInfo | null;
  connected: boolean;
  ready: boolean;
  /** Why the last session ended without a logout (taken over, expired), shown on the login page. */
  notice: string | null;
  signIn(s: SessionInfo & { token: string }): void;
  signOut(): Promise<void>;
  /** 锁屏 now; the screen underneath stays as it is. */
  lock(): Promise<void>;
  /** The password was accepted by `session.unlock`. */
  unlocked(): void;
  /** 修改密码 went through: a forced change lets the clerk in. */
  passwordChanged(): void;
}

const Ctx = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/**
 * Holds who is signed in; over WebSocket it resumes the session after a reload or a reconnect.
 * A lock (idle, 锁屏, or a call refused as SESSION_LOCKED) only sets `locked`: the shell and every
 * page under it stay mounted with their state, covered by the lock overlay, until the password.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [connected, setConnected] = useState(true);
  const [ready, setReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const end = useCallback((message: string | null) => {
    sessionStorage.removeItem(SESSION_KEY);
    setSession(null);
    setNotice(message);
  }, []);

  const restore = useCallback(async () => {
    const i = await call('system.info', {});
    if (i.ok) setInfo(i.value);
    const current = await call('session.current', {});
    if (current.ok && current.value) setSession(current.value);
    else {
      const token = sessionStorage.getItem(SESSION_KEY);
      if (token) {
        const r = await call('session.resume', { token });
        if (r.ok && r.value) setSession(r.value);
        else end(sessionRef.current ? t('session.endedExpired') : null);
      } else if (sessionRef.current) end(t('session.endedExpired'));
    }
    setReady(true);
  }, [end]);

  useEffect(() => {
    void restore();
    const offReconnect = bridge.onReconnect(() => void restore());
    const offConnection = bridge.onConnectionChange(setConnected);
    const offEnded = on('session.ended', (p) => end(p.reason === 'replaced' && p.by ? t('session.takenOver', { name: p.by }) : t('session.endedElsewhere')));
    const offSignal = onSessionSignal((s) => {
      if (!sessionRef.current) return;
      if (s.kind === 'locked') setSession((cur) => (cur && !cur.locked ? { ...cur, locked: true } : cur));
      else if (s.kind === 'ended') end(s.message);
    });
    return () => {
      offReconnect();
      offConnection();
      offEnded();
      offSignal();
    };
  }, [restore, end]);

  const signIn = useCallback((s: SessionInfo & { token: string }) => {
    sessionStorage.setItem(SESSION_KEY, s.token);
    const { token: _t, ...rest } = s;
    setNotice(null);
    setSession(rest);
  }, []);

  const signOut = useCallback(async () => {
    await call('session.logout', {});
    end(null);
  }, [end]);

  const lock = useCallback(async () => {
    setSession((cur) => (cur ? { ...cur, locked: true } : cur));
    await call('session.lock', {});
  }, []);

  const unlocked = useCallback(() => setSession((cur) => (cur ? { ...cur, locked: false } : cur)), []);
  const passwordChanged = useCallback(() => setSession((cur) => (cur ? { ...cur, mustChangePassword: false } : cur)), []);

  useIdleLock(session, lock);

  return <Ctx.Provider value={{ info, session, connected, ready, notice, signIn, signOut, lock, unlocked, passwordChanged }}>{children}</Ctx.Provider>;
}
