import { EventEmitter } from 'node:events';
import type { CardRead, CardWatcher, DeviceState } from '../types';
import { IdCardError } from './errors';
import type { SamReader } from './reader';

export interface WatchOptions {
  /** Pause between polls when no card is present. */
  intervalMs?: number;
  /** Pause between attempts to reopen a vanished reader. */
  reconnectMs?: number;
}

/**
 * Continuous polling with hot-plug recovery. Events: 'card' (CardRead), 'error'
 * ({code, message}), 'state' (DeviceState). Also an async iterator of cards.
 * 'error' is only emitted when someone listens, so an unobserved fault cannot crash the process.
 */
export class CardPoller extends EventEmitter implements CardWatcher {
  private running = true;
  private stopped: Promise<void>;
  private wake?: () => void;
  private lastSerial?: string;
  private readonly intervalMs: number;
  private readonly reconnectMs: number;

  constructor(
    private readonly reader: SamReader,
    opts: WatchOptions = {},
  ) {
    super();
    this.intervalMs = opts.intervalMs ?? 300;
    this.reconnectMs = opts.reconnectMs ?? 1000;
    const onState = (s: DeviceState) => this.emit('state', s);
    reader.on('state', onState);
    this.stopped = this.loop().finally(() => reader.off('state', onState));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private report(e: unknown): void {
    const err = e instanceof IdCardError ? e : new IdCardError('IDCARD_INTERNAL', `读卡器出现未预期的错误：${String(e)}`);
    if (this.listenerCount('error') > 0) this.emit('error', { code: err.code, message: err.message });
  }

  private async loop(): Promise<void> {
    let reportedAbsent = false;
    while (this.running) {
      if (!this.reader.transport.isOpen) {
        try {
          await this.reader.open();
          reportedAbsent = false;
        } catch (e) {
          if (!reportedAbsent) this.report(e);
          reportedAbsent = true;
          await this.sleep(this.reconnectMs);
          continue;
        }
      }
      try {
        const read = await this.reader.readCard();
        // Readers that do not enforce "card must leave the field" would re-read the same card.
        if (read.cardSerial !== this.lastSerial) {
          this.lastSerial = read.cardSerial;
          this.emit('card', read);
        }
      } catch (e) {
        const code = (e as IdCardError)?.code;
        if (code === 'IDCARD_NO_CARD') this.lastSerial = undefined;
        else if (this.running) this.report(e);
      }
      if (this.running) await this.sleep(this.intervalMs);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.stopped;
    this.emit('end');
  }

  [Symbol.asyncIterator](): AsyncIterator<CardRead> {
    const queue: CardRead[] = [];
    let pending: ((r: IteratorResult<CardRead>) => void) | undefined;
    const onCard = (c: CardRead) => {
      if (pending) {
        const p = pending;
        pending = undefined;
        p({ value: c, done: false });
      } else queue.push(c);
    };
    const onEnd = () => {
      pending?.({ value: undefined, done: true });
      pending = undefined;
    };
    this.on('card', onCard);
    this.on('end', onEnd);
    return {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (!this.running) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => (pending = r));
      },
      return: async () => {
        this.off('card', onCard);
        this.off('end', onEnd);
        return { value: undefined, done: true };
      },
    };
  }
}
