import { IdCardError } from './errors';

// Miaxis MR-300 (10C4:0007) HID envelope, from the reference (single vendor source, S2;
// not verified on hardware):  88 | SRN 00 00 | LEN (2, LE) | B1 | SAM frame | sum16 (LE)
// over bytes 3 onward. We read "SRN 00 00" as two zero serial bytes and LEN as the length of
// B1 + SAM frame. Responses come back as plain SAM frames starting with AA.

export function wrapMiaxis(samFrame: Uint8Array): Uint8Array {
  const len = samFrame.length + 1;
  const out = new Uint8Array(1 + 2 + 2 + len + 2);
  out[0] = 0x88;
  out[3] = len & 0xff;
  out[4] = len >> 8;
  out[5] = 0xb1;
  out.set(samFrame, 6);
  let sum = 0;
  for (let i = 3; i < 6 + samFrame.length; i++) sum = (sum + out[i]) & 0xffff;
  out[out.length - 2] = sum & 0xff;
  out[out.length - 1] = sum >> 8;
  return out;
}

export function unwrapMiaxis(env: Uint8Array): Uint8Array {
  if (env.length < 8 || env[0] !== 0x88 || env[5] !== 0xb1) throw new IdCardError('IDCARD_FRAME_INVALID', '读卡器封装数据格式错误。');
  const len = env[3] | (env[4] << 8);
  if (env.length !== 5 + len + 2) throw new IdCardError('IDCARD_FRAME_LENGTH', '读卡器封装数据长度错误。');
  let sum = 0;
  for (let i = 3; i < env.length - 2; i++) sum = (sum + env[i]) & 0xffff;
  if (sum !== (env[env.length - 2] | (env[env.length - 1] << 8))) throw new IdCardError('IDCARD_FRAME_CHECKSUM', '读卡器封装数据校验错误。');
  return env.slice(6, env.length - 2);
}

/** Splits a payload into HID output reports: report ID 0 + `payloadPerReport` bytes, zero-padded. */
export function toReports(payload: Uint8Array, reportSize = 64, payloadPerReport = reportSize): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < payload.length; i += payloadPerReport) {
    const r = new Uint8Array(reportSize + 1);
    r.set(payload.subarray(i, i + payloadPerReport), 1);
    out.push(r);
  }
  return out;
}
