import type { CallInput, CallName, CallOutput, DeskBridge, EventName, EventPayload, Result } from '../../../preload/contract';
import { WebSocketBridge } from './transport';

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

/**
 * The browser shell is let in by a one-time launch address that the Node host exchanges for an
 * HttpOnly session cookie (main/host/server.ts): the page never sees a secret, keeps none in
 * storage, and the WebSocket carries the cookie by itself.
 */
function createBridge(): DeskBridge {
  if (window.desk) return window.desk;
  return new WebSocketBridge(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/desk`);
}

export const bridge: DeskBridge = createBridge();

/** What a refused call says about the session itself: the shell turns it into the lock overlay or the login page. */
export type SessionSignal = { kind: 'locked' } | { kind: 'ended'; message: string } | { kind: 'call' };
const sessionListeners = new Set<(s: SessionSignal) => void>();

/** Hears every call's effect on the session (a call is activity; some refusals mean locked or ended). */
export function onSessionSignal(listener: (s: SessionSignal) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function signal(name: string, r: Result<unknown>): void {
  let s: SessionSignal | null = null;
  if (!r.ok && r.error.code === 'SESSION_LOCKED') s = { kind: 'locked' };
  else if (!r.ok && (r.error.code === 'SESSION_EXPIRED' || r.error.code === 'SESSION_ENDED')) s = { kind: 'ended', message: r.error.message };
  else if (r.ok && name !== 'session.current' && name !== 'system.info') s = { kind: 'call' };
  if (s) for (const l of sessionListeners) l(s);
}

/** Typed call: the renderer cannot tell whether IPC or WebSocket carries it. */
export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>> {
  const r = (await bridge.invoke(name, input)) as Result<CallOutput<N>>;
  signal(name, r);
  return r;
}

export function on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
  return bridge.on(name, listener as (p: unknown) => void);
}

/** Runs `listener` whenever the connection to main comes back (never, under Electron's IPC). */
export function onReconnect(listener: () => void): () => void {
  return bridge.onReconnect(listener);
}

/**
 * Whether this browser was let in: the host sets a script-readable marker (`wd_signed_<port>=1`,
 * no secret) beside the HttpOnly session cookie. Electron's IPC needs neither.
 */
export function hostTokenPresent(): boolean {
  if (window.desk) return true;
  const marker = `wd_signed_${window.location.port}=1`;
  return document.cookie.split(';').some((c) => c.trim() === marker);
}
