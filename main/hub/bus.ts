import type { PushEvent } from './protocol';

/** In-process fan-out of push events; the WebSocket server and embedded listeners subscribe here. */
export class EventBus {
  private listeners = new Set<(e: PushEvent) => void>();
  on(fn: (e: PushEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit(e: PushEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        // A broken listener must not stop the queue; the WebSocket layer logs its own failures.
      }
    }
  }
}
