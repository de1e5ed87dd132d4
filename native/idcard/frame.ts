import { IdCardError } from './errors';

// GA 467 SAM_V frame: AA AA AA 96 69 | LEN_H LEN_L | body | CHK.
// LEN counts every byte after itself (CHK included); CHK is the XOR of LEN_H..last body byte.
export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
export const HEADER_LEN = 7; // preamble + 2-byte length
/** The largest legitimate response is 30 10 with a fingerprint: 2321 bytes. Leave headroom. */
export const MAX_FRAME = 4096;
export const MAX_LEN_FIELD = MAX_FRAME - HEADER_LEN;

export const CMD = {
  RESET_SAM: [0x10, 0xff],
  SAM_STATUS: [0x11, 0xff],
  SAM_ID: [0x12, 0xff],
  FIND_CARD: [0x20, 0x01],
  SELECT_CARD: [0x20, 0x02],
  READ_TEXT_PHOTO: [0x30, 0x01],
  READ_ADDITIONAL_ADDRESS: [0x30, 0x03],
  READ_TEXT_PHOTO_FP: [0x30, 0x10],
} as const;

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export interface SamCommand {
  cmd: number;
  para: number;
  data: Uint8Array;
}

function xor(bytes: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c ^= bytes[i];
  return c;
}

function byte(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) {
    throw new IdCardError('IDCARD_BAD_ARGUMENT', `读卡命令参数 ${name} 必须是 0–255 的整数。`);
  }
  return v;
}

function buildFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > MAX_LEN_FIELD) throw new IdCardError('IDCARD_BAD_ARGUMENT', '读卡命令数据过长。');
  const out = new Uint8Array(HEADER_LEN + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, HEADER_LEN);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = byte('cmd', cmd);
  body[1] = byte('para', para);
  body.set(data, 2);
  return buildFrame(body);
}

/** Used by the simulated reader (and fixtures) to produce what a real SAM sends. */
export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = byte('sw1', sw1);
  body[1] = byte('sw2', sw2);
  body[2] = byte('sw3', sw3);
  body.set(data, 3);
  return buildFrame(body);
}

/** Validates preamble, length and checksum; returns the body (between LEN and CHK). */
function checkFrame(frame: Uint8Array, minBody: number): Uint8Array {
  if (!(frame instanceof Uint8Array)) throw new IdCardError('IDCARD_FRAME_INVALID', '读卡器数据格式错误（不是字节数组）。');
  if (frame.length < HEADER_LEN + minBody + 1) {
    throw new IdCardError('IDCARD_FRAME_LENGTH', '读卡器数据帧过短，请重试。', undefined, { got: frame.length });
  }
  for (let i = 0; i < PREAMBLE.length; i++) {
    if (frame[i] !== PREAMBLE[i]) throw new IdCardError('IDCARD_FRAME_PREAMBLE', '读卡器数据帧头错误，请重试；反复出现请重新插拔读卡器。');
  }
  const len = (frame[5] << 8) | frame[6];
  if (len < minBody + 1 || len > MAX_LEN_FIELD || frame.length !== HEADER_LEN + len) {
    throw new IdCardError('IDCARD_FRAME_LENGTH', '读卡器数据帧长度错误，请重试。', undefined, { len, got: frame.length });
  }
  if (xor(frame, 5, frame.length - 1) !== frame[frame.length - 1]) {
    throw new IdCardError('IDCARD_FRAME_CHECKSUM', '读卡器数据校验错误，请重试；反复出现请检查连接线。');
  }
  return frame.subarray(HEADER_LEN, frame.length - 1);
}

export function decodeResponse(frame: Uint8Array): SamResponse {
  const body = checkFrame(frame, 3);
  return { sw1: body[0], sw2: body[1], sw3: body[2], data: body.slice(3) };
}

export function decodeCommand(frame: Uint8Array): SamCommand {
  const body = checkFrame(frame, 2);
  return { cmd: body[0], para: body[1], data: body.slice(2) };
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
