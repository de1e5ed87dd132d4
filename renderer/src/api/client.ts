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

/** Typed call: the renderer cannot tell whether IPC or WebSocket carries it. */
export function call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>> {
  return bridge.invoke(name, input) as Promise<Result<CallOutput<N>>>;
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
