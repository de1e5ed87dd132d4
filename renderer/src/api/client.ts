import type { CallInput, CallName, CallOutput, DeskBridge, EventName, EventPayload, Result } from '../../../preload/contract';
import { WebSocketBridge } from './transport';

declare global {
  interface Window {
    desk?: DeskBridge;
  }
}

const TOKEN_KEY = 'wd.hostToken';

/** The launch token arrives once in the address (?token=…); keep it for reloads and take it out of the address bar. */
function hostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function createBridge(): DeskBridge {
  if (window.desk) return window.desk;
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/desk?token=${encodeURIComponent(hostToken())}`;
  return new WebSocketBridge(wsUrl);
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

export function hostTokenPresent(): boolean {
  return Boolean(window.desk) || hostToken() !== '';
}
