import { errorMessage } from '../../../common/errors';
import type { DeskBridge, Result } from '../../../preload/contract';

type Pending = { resolve: (r: Result<unknown>) => void };

/**
 * The browser's stand-in for Electron's `window.desk`: the same bridge over the host's
 * WebSocket. Reconnects with backoff; calls made while disconnected wait for the socket,
 * and a call whose socket drops mid-flight resolves to HOST_UNREACHABLE rather than hanging.
 */
export class WebSocketBridge implements DeskBridge {
  readonly shell = 'browser' as const;
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();
  private readonly queue: string[] = [];
  private retryMs = 250;
  private readonly reconnectListeners = new Set<() => void>();
  private readonly connectionListeners = new Set<(up: boolean) => void>();

  constructor(private readonly url: string) {
    this.connect(false);
  }

  private connect(isReconnect: boolean): void {
    const sock = new WebSocket(this.url);
    this.socket = sock;
    sock.onopen = () => {
      this.retryMs = 250;
      for (const l of this.connectionListeners) l(true);
      if (isReconnect) for (const l of this.reconnectListeners) l();
      for (const m of this.queue.splice(0)) sock.send(m);
    };
    sock.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      if (msg.event) {
        for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload);
      } else if (typeof msg.id === 'number') {
        this.pending.get(msg.id)?.resolve(msg.result!);
        this.pending.delete(msg.id);
      }
    };
    sock.onclose = () => {
      for (const l of this.connectionListeners) l(false);
      for (const [, p] of this.pending) p.resolve({ ok: false, error: { code: 'HOST_UNREACHABLE', message: errorMessage('HOST_UNREACHABLE') } });
      this.pending.clear();
      setTimeout(() => this.connect(true), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  invoke(name: string, input: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    const msg = JSON.stringify({ id, call: name, input });
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(msg);
      else this.queue.push(msg);
    });
  }

  /** Called after the socket comes back, so a screen can re-attach or resume its session. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onConnectionChange(listener: (up: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}
