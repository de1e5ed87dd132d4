import type { CardRead, CardWatcher, DeviceInfo, IdCardReader } from '../types';
import { SamReader, type SamReaderOptions } from './reader';
import type { ByteTransport } from './transport';
import { CardPoller, type WatchOptions } from './watch';

/** IdCardReader over any transport; the simulated reader is this class over SimulatedReaderTransport. */
export class SamIdCardReader implements IdCardReader {
  readonly kind = 'idcard' as const;
  readonly reader: SamReader;

  constructor(
    readonly id: string,
    readonly model: string,
    transport: ByteTransport,
    opts: SamReaderOptions = {},
  ) {
    this.reader = new SamReader(transport, opts);
  }

  info(): DeviceInfo {
    const t = this.reader.transport;
    return {
      id: this.id,
      kind: 'idcard',
      model: this.model,
      transport: t.kind,
      simulated: t.kind === 'simulated',
      state: this.reader.state,
      ...(this.reader.lastError ? { lastError: this.reader.lastError } : {}),
    };
  }

  async readCard(): Promise<CardRead> {
    await this.reader.open();
    return this.reader.readCard();
  }

  watch(opts?: WatchOptions): CardWatcher {
    return new CardPoller(this.reader, opts);
  }

  async close(): Promise<void> {
    await this.reader.close();
  }
}
