import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../preload/contract';

export interface Delivery<N extends EventName = EventName> {
  name: N;
  payload: EventPayload<N>;
  /** For counter-scoped events: which counter's connections receive it. */
  counterId?: string;
  /** For session-scoped events: which staff session's connections receive it. */
  sessionId?: string;
}

/** In-process bus from the domain to the transports; each transport applies the event's scope per connection. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>, counterId?: string): void {
    this.emitter.emit('event', { name, payload, counterId } satisfies Delivery<N>);
  }

  /** An event for the connections of one staff session only (its scope must be `session`). */
  emitToSession<N extends EventName>(name: N, payload: EventPayload<N>, sessionId: string): void {
    this.emitter.emit('event', { name, payload, sessionId } satisfies Delivery<N>);
  }

  subscribe(listener: (d: Delivery) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
