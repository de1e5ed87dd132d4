import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../preload/contract/session';
import type { SystemInfo } from '../../../preload/contract/system';
import { bridge, call, on } from '../api/client';

const SESSION_KEY = 'wd.session';

interface SessionState {
  info: SystemInfo | null;
  session: SessionInfo | null;
  connected: boolean;
  ready: boolean;
  signIn(s: SessionInfo & { token: string }): void;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** Holds who is signed in; over WebSocket it resumes the session after a reload or a reconnect. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [connected, setConnected] = useState(true);
  const [ready, setReady] = useState(false);

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
        else {
          sessionStorage.removeItem(SESSION_KEY);
          setSession(null);
        }
      }
    }
    setReady(true);
  }, []);

  useEffect(() => {
    void restore();
    const offReconnect = bridge.onReconnect(() => void restore());
    const offConnection = bridge.onConnectionChange(setConnected);
    const offEnded = on('session.ended', () => {
      sessionStorage.removeItem(SESSION_KEY);
      setSession(null);
    });
    return () => {
      offReconnect();
      offConnection();
      offEnded();
    };
  }, [restore]);

  const signIn = useCallback((s: SessionInfo & { token: string }) => {
    sessionStorage.setItem(SESSION_KEY, s.token);
    const { token: _t, ...rest } = s;
    setSession(rest);
  }, []);

  const signOut = useCallback(async () => {
    await call('session.logout', {});
    sessionStorage.removeItem(SESSION_KEY);
    setSession(null);
  }, []);

  return <Ctx.Provider value={{ info, session, connected, ready, signIn, signOut }}>{children}</Ctx.Provider>;
}
