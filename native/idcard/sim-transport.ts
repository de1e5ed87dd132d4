import { EventEmitter } from 'node:events';
import { IdCardError, SW3 } from './errors';
import { CMD, decodeCommand, encodeResponse } from './frame';
import { encodeAdditionalAddress, encodeIdentityText } from './identity';
import { FrameReassembler } from './reassembler';
import type { ByteTransport } from './transport';
import { fakeWlt, serialOf, type SimCard } from './sim-cards';

export type SimStep = 'status' | 'find' | 'select' | 'read' | 'address' | 'any';

/** Per-command latencies in ms. Defaults approximate a USB desktop reader (see DEFAULT_TIMINGS). */
export interface SimTimings {
  status: number;
  find: number;
  select: number;
  read: number;
  address: number;
}

// Typical figures from vendor datasheets ("读卡时间 ≤ 1 s"): RF find/select are tens of ms,
// the authenticated text+photo read dominates at roughly 0.8 s.
export const DEFAULT_TIMINGS: SimTimings = { status: 10, find: 20, select: 30, read: 800, address: 150 };
export const FAST_TIMINGS: SimTimings = { status: 1, find: 1, select: 1, read: 2, address: 1 };

export interface SimReaderOptions {
  timings?: Partial<SimTimings>;
  /** Split responses into chunks of this size, zero-padded like HID input reports (0 = one chunk). */
  chunkSize?: number;
  /** Send a few bytes of line noise before every response, to exercise resynchronisation. */
  noiseBeforeFrames?: boolean;
}

export type SimFault =
  | { kind: 'timeout'; on: SimStep; times?: number }
  | { kind: 'corrupt'; on: SimStep; times?: number }
  /** answer, but only after `extraMs` more: a reply that arrives after the host gave up */
  | { kind: 'late'; on: SimStep; extraMs: number; times?: number }
  | { kind: 'sam-error'; on: SimStep; sw3: number; times?: number };

const STEP_OF: Record<string, SimStep> = {
  '10ff': 'status',
  '11ff': 'status',
  '12ff': 'status',
  '2001': 'find',
  '2002': 'select',
  '3001': 'read',
  '3010': 'read',
  '3003': 'address',
};

/**
 * A simulated GA 467 reader behind the same ByteTransport as the USB ones: it parses the
 * command frames it is sent and answers with real response frames. It models the rule that a
 * card must leave the field before it can be found again after a successful read.
 */
export class SimulatedReaderTransport extends EventEmitter implements ByteTransport {
  readonly kind = 'simulated';
  readonly description = '模拟读卡器（非真实设备）';
  private open_ = false;
  private plugged = true;
  private card: SimCard | undefined;
  private cardConsumed = false;
  private selected = false;
  private faults: SimFault[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private rx = new FrameReassembler();
  private readonly timings: SimTimings;
  /** Commands received, for tests and diagnostics: 'CMD PARA' hex. */
  readonly log: string[] = [];

  constructor(private readonly opts: SimReaderOptions = {}) {
    super();
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    if (!this.plugged) throw new IdCardError('IDCARD_NOT_CONNECTED', '未检测到读卡器（模拟读卡器已拔出），请插好读卡器。');
    this.open_ = true;
    this.rx.reset();
  }

  async close(): Promise<void> {
    this.open_ = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  async write(frame: Uint8Array): Promise<void> {
    if (!this.open_) throw new IdCardError('IDCARD_NOT_CONNECTED', '读卡器未连接，请插好读卡器后重试。');
    for (const item of this.rx.push(frame)) {
      if (!item.ok) {
        this.respond('any', encodeResponse(0x10), this.timings.status);
        continue;
      }
      this.handle(item.frame);
    }
  }

  // ---- scenario controls ----
  present(card: SimCard): void {
    this.card = card;
    this.cardConsumed = false;
    this.selected = false;
  }

  remove(): void {
    this.card = undefined;
    this.cardConsumed = false;
    this.selected = false;
  }

  inject(fault: SimFault): void {
    this.faults.push({ times: 1, ...fault } as SimFault);
  }

  /** The USB cable is pulled: pending answers are lost and open() fails until plug(). */
  unplug(): void {
    this.plugged = false;
    const wasOpen = this.open_;
    void this.close();
    if (wasOpen) this.emit('disconnect');
  }

  plug(): void {
    this.plugged = true;
  }

  // ---- protocol ----
  private takeFault(step: SimStep): SimFault | undefined {
    const i = this.faults.findIndex((f) => f.on === step || f.on === 'any');
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  private handle(frame: Uint8Array): void {
    const { cmd, para } = decodeCommand(frame);
    const key = cmd.toString(16).padStart(2, '0') + para.toString(16).padStart(2, '0');
    this.log.push(key.toUpperCase());
    const step = STEP_OF[key];
    if (!step) {
      this.respond('any', encodeResponse(0x21), this.timings.status);
      return;
    }
    const fault = this.takeFault(step);
    if (fault?.kind === 'timeout') return;
    const delay = this.timings[step === 'any' ? 'status' : step];
    if (fault?.kind === 'sam-error') {
      this.respond(step, encodeResponse(fault.sw3), delay);
      return;
    }
    const reply = this.answer(cmd, para);
    if (fault?.kind === 'corrupt') reply[Math.min(9, reply.length - 2)] ^= 0x5a;
    this.respond(step, reply, delay + (fault?.kind === 'late' ? fault.extraMs : 0));
  }

  private answer(cmd: number, para: number): Uint8Array {
    const is = (c: readonly number[]) => c[0] === cmd && c[1] === para;
    if (is(CMD.RESET_SAM) || is(CMD.SAM_STATUS)) return encodeResponse(SW3.OK);
    if (is(CMD.SAM_ID)) return encodeResponse(SW3.OK, Uint8Array.from({ length: 16 }, (_, i) => i * 17));
    if (is(CMD.FIND_CARD)) {
      if (!this.card || this.cardConsumed) return encodeResponse(0x80);
      return encodeResponse(SW3.FOUND, new Uint8Array(4));
    }
    if (is(CMD.SELECT_CARD)) {
      if (!this.card || this.cardConsumed) return encodeResponse(0x81);
      this.selected = true;
      return encodeResponse(SW3.OK, serialOf(this.card));
    }
    if (is(CMD.READ_TEXT_PHOTO) || is(CMD.READ_TEXT_PHOTO_FP)) {
      if (!this.card || !this.selected) return encodeResponse(0x41);
      const text = encodeIdentityText(this.card.identity);
      const photo = fakeWlt(this.card.identity.idNumber);
      const withFp = is(CMD.READ_TEXT_PHOTO_FP);
      const fp = withFp ? this.card.fingerprint ?? new Uint8Array(0) : undefined;
      const head = withFp ? 6 : 4;
      const data = new Uint8Array(head + text.length + photo.length + (fp?.length ?? 0));
      const dv = new DataView(data.buffer);
      dv.setUint16(0, text.length);
      dv.setUint16(2, photo.length);
      if (fp) dv.setUint16(4, fp.length);
      data.set(text, head);
      data.set(photo, head + text.length);
      if (fp) data.set(fp, head + text.length + photo.length);
      // The real rule: after a full read the card has to leave the field before the next find.
      this.cardConsumed = true;
      return encodeResponse(SW3.OK, data);
    }
    if (is(CMD.READ_ADDITIONAL_ADDRESS)) {
      if (!this.card || !this.selected) return encodeResponse(0x41);
      if (!this.card.additionalAddress) return encodeResponse(SW3.NO_ITEM);
      return encodeResponse(SW3.OK, encodeAdditionalAddress(this.card.additionalAddress));
    }
    return encodeResponse(0x21);
  }

  private respond(_step: SimStep, frame: Uint8Array, delayMs: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.open_) return;
      if (this.opts.noiseBeforeFrames) this.emit('data', Uint8Array.of(0x00, 0xaa, 0x13, 0xaa, 0xaa));
      const size = this.opts.chunkSize ?? 0;
      if (size <= 0) {
        this.emit('data', frame);
        return;
      }
      for (let i = 0; i < frame.length; i += size) {
        const chunk = new Uint8Array(size);
        chunk.set(frame.subarray(i, i + size));
        this.emit('data', chunk);
      }
    }, delayMs);
    this.timers.add(t);
  }
}
