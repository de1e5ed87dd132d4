import { EventEmitter } from 'node:events';
import type { CardRead, DeviceErrorInfo, DeviceState, WltDecoder } from '../types';
import { IdCardError, SW3, statusError } from './errors';
import { CMD, decodeResponse, encodeCommand, toHex, type SamResponse } from './frame';
import { parseAdditionalAddress, parseIdentityText, TEXT_LEN } from './identity';
import { FrameReassembler } from './reassembler';
import type { ByteTransport } from './transport';

export interface ReaderTimeouts {
  status: number;
  find: number;
  select: number;
  read: number;
  address: number;
}

// From the reference's command table (typical timeouts), with margin for USB scheduling.
export const DEFAULT_TIMEOUTS: ReaderTimeouts = { status: 500, find: 800, select: 800, read: 3500, address: 1000 };

export interface SamReaderOptions {
  timeouts?: Partial<ReaderTimeouts>;
  /** Extra attempts for transient faults (timeouts, corrupted frames). */
  retries?: number;
  /** Many drivers send "find" twice because the first one after placement often fails. */
  findAttempts?: number;
  readFingerprint?: boolean;
  readAdditionalAddress?: boolean;
  /** Vendor WLT → BMP decoder (closed source; runs out of process). Failure never fails the read. */
  wltDecoder?: WltDecoder;
  /** Called for every exchange: a technician's trace. */
  trace?: (line: string) => void;
}

const TRANSIENT = new Set([
  'IDCARD_TIMEOUT',
  'IDCARD_FRAME_CHECKSUM',
  'IDCARD_FRAME_LENGTH',
  'IDCARD_FRAME_PREAMBLE',
  'IDCARD_SAM_CHECKSUM',
  'IDCARD_SAM_LENGTH',
]);

// Data length of a successful answer per command. A frame of the wrong shape is a late answer to
// an earlier, timed-out command (e.g. a 1295-byte read arriving during the next find): skip it.
const SUCCESS_SHAPE: Record<string, (len: number) => boolean> = {
  '10FF': (n) => n === 0,
  '11FF': (n) => n === 0,
  '12FF': (n) => n === 16,
  '2001': (n) => n === 4,
  '2002': (n) => n === 8,
  '3001': (n) => n >= 4 + 256,
  '3010': (n) => n >= 6 + 256,
  '3003': (n) => n <= 70,
};

const STEP_NAME: Record<string, string> = {
  '11FF': '查询安全模块状态',
  '10FF': '复位安全模块',
  '12FF': '读取安全模块号',
  '2001': '寻卡',
  '2002': '选卡',
  '3001': '读取证件信息',
  '3010': '读取证件信息（含指纹）',
  '3003': '读取追加住址',
};

/**
 * The GA 467 read flow (find → select → read) over any ByteTransport. One exchange at a time:
 * the SAM is strictly request/response, so concurrent callers are serialised.
 * Emits 'state' (DeviceState) whenever the state changes.
 */
export class SamReader extends EventEmitter {
  private readonly timeouts: ReaderTimeouts;
  private queue: Promise<unknown> = Promise.resolve();
  private state_: DeviceState = 'absent';
  lastError?: DeviceErrorInfo;

  constructor(
    readonly transport: ByteTransport,
    private readonly opts: SamReaderOptions = {},
  ) {
    super();
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    transport.on('disconnect', () => {
      this.setState('absent');
      this.trace('transport disconnected');
    });
  }

  get state(): DeviceState {
    return this.state_;
  }

  setState(s: DeviceState): void {
    if (s === this.state_) return;
    this.state_ = s;
    this.emit('state', s);
  }

  recordError(e: unknown): void {
    const err = e instanceof IdCardError ? e : new IdCardError('IDCARD_INTERNAL', `读卡器出现未预期的错误：${String((e as Error)?.message ?? e)}`);
    this.lastError = { code: err.code, message: err.message, at: new Date().toISOString() };
  }

  private trace(line: string): void {
    this.opts.trace?.(`[idcard] ${line}`);
  }

  async open(): Promise<void> {
    if (this.transport.isOpen) return;
    try {
      await this.transport.open();
      this.setState('ready');
      this.trace(`opened ${this.transport.description}`);
    } catch (e) {
      this.setState('absent');
      this.recordError(e);
      throw e instanceof IdCardError ? e : new IdCardError('IDCARD_NOT_CONNECTED', '无法打开读卡器，请检查连接后重试。');
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
    this.setState('absent');
  }

  /** Sends one command and waits for one response frame, without status interpretation. */
  exchange(cmd: number, para: number, timeoutMs: number, data?: Uint8Array): Promise<SamResponse> {
    const run = () => this.exchangeNow(cmd, para, timeoutMs, data);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private exchangeNow(cmd: number, para: number, timeoutMs: number, data?: Uint8Array): Promise<SamResponse> {
    const key = toHex(Uint8Array.of(cmd, para)).replace(' ', '');
    const step = STEP_NAME[key] ?? key;
    return new Promise<SamResponse>((resolve, reject) => {
      const rx = new FrameReassembler();
      let done = false;
      const finish = (err: IdCardError | undefined, res?: SamResponse) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.transport.off('data', onData);
        this.transport.off('disconnect', onGone);
        if (err) reject(err);
        else resolve(res!);
      };
      const shape = SUCCESS_SHAPE[key];
      const onData = (chunk: Uint8Array) => {
        for (const item of rx.push(chunk)) {
          if (!item.ok) return finish(item.error);
          let res: SamResponse;
          try {
            res = decodeResponse(item.frame);
          } catch (e) {
            return finish(e as IdCardError);
          }
          const success = res.sw3 === SW3.OK || res.sw3 === SW3.FOUND;
          if (success && shape && !shape(res.data.length)) {
            this.trace(`${key}: ignored a stale ${res.data.length}-byte answer`);
            continue;
          }
          return finish(undefined, res);
        }
      };
      const onGone = () => finish(new IdCardError('IDCARD_DISCONNECTED', `读卡器在“${step}”时断开连接，请检查 USB 线，插好后会自动恢复。`));
      const timer = setTimeout(
        () => finish(new IdCardError('IDCARD_TIMEOUT', `读卡器在 ${timeoutMs} 毫秒内没有响应“${step}”命令，请检查读卡器连接；若证件在读卡区，请拿开后重新放置。`, undefined, { step, timeoutMs })),
        timeoutMs,
      );
      this.transport.on('data', onData);
      this.transport.on('disconnect', onGone);
      if (!this.transport.isOpen) return onGone();
      this.transport.write(encodeCommand(cmd, para, data)).catch((e) =>
        finish(e instanceof IdCardError ? e : new IdCardError('IDCARD_WRITE_FAILED', `向读卡器发送“${step}”命令失败，请检查连接。`)),
      );
    });
  }

  /** exchange + status check + retry of transient faults. */
  async command(cmd: readonly [number, number], timeoutMs: number, ok: number[] = [SW3.OK], data?: Uint8Array): Promise<SamResponse> {
    const attempts = 1 + (this.opts.retries ?? 2);
    let last: IdCardError | undefined;
    for (let i = 0; i < attempts; i++) {
      try {
        const res = await this.exchange(cmd[0], cmd[1], timeoutMs, data);
        if (!ok.includes(res.sw3)) throw statusError(res.sw3, toHex(Uint8Array.of(...cmd)));
        this.trace(`${toHex(Uint8Array.of(...cmd))} -> SW3 ${toHex(Uint8Array.of(res.sw3))} (${res.data.length} B)`);
        return res;
      } catch (e) {
        last = e as IdCardError;
        this.trace(`${toHex(Uint8Array.of(...cmd))} failed: ${last.code}`);
        if (!(last instanceof IdCardError) || !TRANSIENT.has(last.code) || last.code === 'IDCARD_DISCONNECTED') throw last;
      }
    }
    throw last!;
  }

  async samStatus(): Promise<void> {
    await this.open();
    await this.command(CMD.SAM_STATUS, this.timeouts.status);
  }

  /** True when a card is in the field (SW3 9F), false for "find failed" (80). */
  async findCard(): Promise<boolean> {
    await this.open();
    const attempts = Math.max(1, this.opts.findAttempts ?? 2);
    for (let i = 0; i < attempts; i++) {
      const res = await this.command(CMD.FIND_CARD, this.timeouts.find, [SW3.FOUND, 0x80]);
      if (res.sw3 === SW3.FOUND) return true;
    }
    return false;
  }

  /** Full read. Throws IdCardError IDCARD_NO_CARD when no (new) card is in the field. */
  async readCard(): Promise<CardRead> {
    this.setState('busy');
    try {
      const read = await this.readCardInner();
      this.setState('ready');
      return read;
    } catch (e) {
      this.recordError(e);
      const code = (e as IdCardError).code;
      this.setState(this.transport.isOpen ? (code === 'IDCARD_NO_CARD' ? 'ready' : 'error') : 'absent');
      throw e;
    }
  }

  private async readCardInner(): Promise<CardRead> {
    if (!(await this.findCard())) throw statusError(0x80);
    const sel = await this.command(CMD.SELECT_CARD, this.timeouts.select);
    const fp = this.opts.readFingerprint ?? false;
    const res = await this.command(fp ? CMD.READ_TEXT_PHOTO_FP : CMD.READ_TEXT_PHOTO, this.timeouts.read);
    const { text, photo, fingerprint } = splitRead(res.data, fp);
    const identity = parseIdentityText(text);
    const read: CardRead = {
      identity,
      cardSerial: toHex(sel.data).replace(/ /g, ''),
      photoWlt: photo,
      fingerprint: fingerprint && fingerprint.length ? fingerprint : undefined,
      readAt: new Date().toISOString(),
    };
    if ((this.opts.readAdditionalAddress ?? true) && (identity.cardType === 'resident' || identity.cardType === 'residence-permit')) {
      try {
        const addr = await this.command(CMD.READ_ADDITIONAL_ADDRESS, this.timeouts.address, [SW3.OK, SW3.NO_ITEM]);
        if (addr.sw3 === SW3.OK) read.additionalAddress = parseAdditionalAddress(addr.data);
      } catch (e) {
        // The main read succeeded; a missing 追加住址 must not cost the clerk a re-read.
        this.recordError(e);
      }
    }
    if (this.opts.wltDecoder) {
      try {
        read.photoBmp = await this.opts.wltDecoder(photo);
      } catch (e) {
        read.photoError = `照片解码失败：${String((e as Error)?.message ?? e)}`;
      }
    }
    return read;
  }
}

function splitRead(data: Uint8Array, withFp: boolean): { text: Uint8Array; photo: Uint8Array; fingerprint?: Uint8Array } {
  const head = withFp ? 6 : 4;
  const bad = () => new IdCardError('IDCARD_FRAME_INVALID', '读卡器返回的证件数据不完整，请把证件拿开后重新放置。', undefined, { got: data.length });
  if (data.length < head) throw bad();
  const tLen = (data[0] << 8) | data[1];
  const pLen = (data[2] << 8) | data[3];
  const fLen = withFp ? (data[4] << 8) | data[5] : 0;
  if (tLen !== TEXT_LEN || data.length < head + tLen + pLen + fLen) throw bad();
  const text = data.slice(head, head + tLen);
  const photo = data.slice(head + tLen, head + tLen + pLen);
  const fingerprint = withFp ? data.slice(head + tLen + pLen, head + tLen + pLen + fLen) : undefined;
  return { text, photo, fingerprint };
}
