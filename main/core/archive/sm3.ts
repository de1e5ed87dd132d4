/**
 * SM3 (GB/T 32905-2016) in plain JavaScript, incremental. Electron bundles BoringSSL, whose
 * crypto has no `sm3` (electron#34925), so the workstation's archive packages need this; node
 * (OpenSSL 3) has it natively and digest.ts prefers that. Tested against the standard's own
 * vectors and against OpenSSL's digests of the same inputs.
 */
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x: number, n: number): number => ((x << (n & 31)) | (x >>> (32 - (n & 31)))) >>> 0;
const p0 = (x: number): number => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number): number => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
/** T_j rotated by j, precomputed once. */
const TJ = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

export class Sm3 {
  private readonly v = Uint32Array.from(IV);
  private readonly block = new Uint8Array(64);
  private blockLen = 0;
  private total = 0;
  private readonly w = new Uint32Array(68);
  private readonly w1 = new Uint32Array(64);
  private done = false;

  update(data: Uint8Array | string): this {
    if (this.done) throw new Error('SM3: digest already taken');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.total += bytes.length;
    let i = 0;
    if (this.blockLen > 0) {
      const take = Math.min(64 - this.blockLen, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLen);
      this.blockLen += take;
      i = take;
      if (this.blockLen < 64) return this;
      this.compress(this.block, 0);
      this.blockLen = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.compress(bytes, i);
    if (i < bytes.length) {
      this.block.set(bytes.subarray(i), 0);
      this.blockLen = bytes.length - i;
    }
    return this;
  }

  digest(): Buffer;
  digest(encoding: 'hex'): string;
  digest(encoding?: 'hex'): Buffer | string {
    if (this.done) throw new Error('SM3: digest already taken');
    const bitLen = this.total * 8;
    const padLen = this.blockLen < 56 ? 56 - this.blockLen : 120 - this.blockLen;
    const pad = new Uint8Array(padLen + 8);
    pad[0] = 0x80;
    // Message length in bits as a 64-bit big-endian integer (safe to 2^53 bits).
    const hi = Math.floor(bitLen / 0x100000000);
    const lo = bitLen >>> 0;
    const view = new DataView(pad.buffer);
    view.setUint32(padLen, hi);
    view.setUint32(padLen + 4, lo);
    this.update(pad);
    this.done = true;
    const out = Buffer.alloc(32);
    for (let k = 0; k < 8; k++) out.writeUInt32BE(this.v[k]!, k * 4);
    return encoding === 'hex' ? out.toString('hex') : out;
  }

  private compress(b: Uint8Array, off: number): void {
    const w = this.w;
    const w1 = this.w1;
    for (let j = 0; j < 16; j++) {
      const o = off + j * 4;
      w[j] = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    }
    for (let j = 16; j < 68; j++) {
      w[j] = (p1((w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) >>> 0) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!) >>> 0;
    }
    for (let j = 0; j < 64; j++) w1[j] = (w[j]! ^ w[j + 4]!) >>> 0;
    const v = this.v;
    let a = v[0]!, b1 = v[1]!, c = v[2]!, d = v[3]!, e = v[4]!, f = v[5]!, g = v[6]!, h = v[7]!;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + TJ[j]!) >>> 0, 7);
      const ss2 = (ss1 ^ a12) >>> 0;
      const ff = j < 16 ? a ^ b1 ^ c : (a & b1) | (a & c) | (b1 & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = ((ff >>> 0) + d + ss2 + w1[j]!) >>> 0;
      const tt2 = ((gg >>> 0) + h + ss1 + w[j]!) >>> 0;
      d = c;
      c = rotl(b1, 9);
      b1 = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    v[0] ^= a; v[1] ^= b1; v[2] ^= c; v[3] ^= d; v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
  }
}

export function sm3Hex(data: Uint8Array | string): string {
  return new Sm3().update(data).digest('hex');
}
