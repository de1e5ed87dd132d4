import { IdCardError } from './errors';
import { HEADER_LEN, MAX_LEN_FIELD, PREAMBLE } from './frame';

export type ReassembledItem = { ok: true; frame: Uint8Array } | { ok: false; error: IdCardError };

/**
 * Turns a byte stream arriving in arbitrary chunks (HID reports with zero padding, serial
 * fragments, line noise) into whole length-delimited frames. Memory is bounded: between calls
 * the buffer never holds more than one maximal frame; garbage without a preamble is dropped
 * except for a possible partial preamble at the tail.
 *
 * The checksum is verified here so a corrupted length byte cannot swallow the next good frame:
 * on a bad checksum we report it and resync one byte after the rejected preamble.
 */
export class FrameReassembler {
  private buf: Uint8Array = new Uint8Array(0);
  private droppedBytes = 0;

  get buffered(): number {
    return this.buf.length;
  }

  /** Bytes discarded as noise since construction (diagnostics). */
  get discarded(): number {
    return this.droppedBytes;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }

  push(chunk: Uint8Array): ReassembledItem[] {
    const out: ReassembledItem[] = [];
    if (chunk.length === 0) return out;
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    merged.set(chunk, this.buf.length);
    let pos = 0;
    for (;;) {
      const start = findPreamble(merged, pos);
      if (start < 0) {
        // keep a tail that may be the start of a preamble split across chunks
        const keepFrom = Math.max(pos, merged.length - (PREAMBLE.length - 1));
        this.droppedBytes += keepFrom - pos;
        pos = keepFrom;
        break;
      }
      this.droppedBytes += start - pos;
      pos = start;
      if (merged.length - pos < HEADER_LEN) break;
      const len = (merged[pos + 5] << 8) | merged[pos + 6];
      if (len < 2 || len > MAX_LEN_FIELD) {
        out.push({ ok: false, error: new IdCardError('IDCARD_FRAME_LENGTH', '读卡器数据帧长度错误，已丢弃，请重试。', undefined, { len }) });
        pos += 1;
        continue;
      }
      const total = HEADER_LEN + len;
      if (merged.length - pos < total) break;
      let chk = 0;
      for (let i = pos + 5; i < pos + total - 1; i++) chk ^= merged[i];
      if (chk !== merged[pos + total - 1]) {
        out.push({ ok: false, error: new IdCardError('IDCARD_FRAME_CHECKSUM', '读卡器数据校验错误，已丢弃，请重试。') });
        pos += 1;
        continue;
      }
      out.push({ ok: true, frame: merged.slice(pos, pos + total) });
      pos += total;
    }
    this.buf = merged.slice(pos);
    return out;
  }
}

function findPreamble(buf: Uint8Array, from: number): number {
  const last = buf.length - PREAMBLE.length;
  outer: for (let i = from; i <= last; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  // a partial preamble at the very end is handled by the caller's tail logic
  return -1;
}
