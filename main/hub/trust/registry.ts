/**
 * Enrolment: an administrator makes a one-time code for a device (role, counters, a name people
 * know it by); the device redeems it with a certificate request and gets its certificate. The code
 * carries the first 8 characters of the hall CA's fingerprint, so the device can check it reached
 * the right hub BEFORE it sends the secret half (a machine in the middle would have to present a
 * CA with the same 40-bit prefix).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import type { HallCa } from './ca';
import type { DeviceClaims, DeviceRole } from '../../core/trust/claims';
import { ALPHABET, caCheckInCode, caCheckOf, normaliseCode } from '../../core/trust/codes';
import { SERIAL_HEX_LENGTH } from '../../core/trust/x509';
import { trustStoreOf, type CodeRow, type DeviceRow, type TrustStore } from './trust-store';

export interface DeviceRecord {
  id: string;
  role: DeviceRole;
  counters: number[];
  name: string;
  serial: string;
  notAfter: number;
  enrolledAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  lastSeen: number | null;
  /** 'cookie': a browser holding a token (the hall TV); else a certificate. */
  credential: 'certificate' | 'cookie';
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const MAX_CODE_FAILURES = 5;
/** A TV's cookie lives as long as a device certificate (ca.ts issueDevice). */
const BROWSER_DAYS = 730;
export const ROLE_NAMES: Record<DeviceRole, string> = { workstation: '窗口工作站', kiosk: '取号机', display: '大厅叫号屏' };

const device = (r: DeviceRow): DeviceRecord => ({
  id: r.id, role: r.role as DeviceRole, counters: JSON.parse(r.counters) as number[], name: r.name,
  serial: r.serial, notAfter: r.not_after, enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at ?? null, revokedReason: r.revoked_reason ?? null, lastSeen: r.last_seen ?? null,
  credential: r.token_hash ? 'cookie' : 'certificate',
});

export class DeviceRegistry {
  private readonly store: TrustStore;
  /** `db`: the hub's trust backend (a bare SQLite database for the CLI and tests: this node's file). */
  constructor(db: Database.Database | TrustStore, private readonly ca: HallCa, private readonly now: () => number = Date.now) {
    this.store = trustStoreOf(db);
  }

  /** A one-time code (valid `ttlMinutes`) that enrols one device with this role and these counters. */
  async createCode(req: { role: DeviceRole; counters: number[]; name: string; ttlMinutes?: number }): Promise<{ code: string; expiresAt: number; caFingerprint: string }> {
    if (req.role === 'workstation' && req.counters.length === 0) throw new DeskError('INVALID_INPUT', '窗口工作站须指定至少一个窗口号。');
    if (req.role !== 'workstation' && req.counters.length > 0) throw new DeskError('INVALID_INPUT', '取号机和大厅叫号屏不属于任何窗口，不能指定窗口号。');
    const secret = Array.from({ length: 8 }, () => ALPHABET[randomInt(32)]).join('');
    const check = caCheckOf(this.ca.fingerprint);
    const code = `${secret.slice(0, 4)}-${secret.slice(4)}-${check.slice(0, 4)}-${check.slice(4)}`;
    const at = this.now();
    const expiresAt = at + (req.ttlMinutes ?? 30) * 60_000;
    await this.store.insertCode({ codeHash: hash(secret), role: req.role, counters: JSON.stringify(req.counters), name: req.name, createdAt: at, expiresAt });
    return { code, expiresAt, caFingerprint: this.ca.fingerprint };
  }

  /**
   * Redeems a code with the device's certificate request. The code is used up by a success; a
   * wrong or expired code says so without telling which; a code guessed at 5 times is void.
   */
  async redeem(codeInput: string, csrPem: string, expectRole?: DeviceRole): Promise<{ device: DeviceRecord; certPem: string; caPem: string }> {
    const { row, secretHash } = await this.openCode(codeInput);
    if (expectRole && row.role !== expectRole) throw wrongRole(row.role as DeviceRole, expectRole);
    const claims: DeviceClaims = { deviceId: `${row.role}-${newId()}`, role: row.role as DeviceRole, counters: JSON.parse(row.counters) as number[] };
    let issued;
    try {
      issued = await this.ca.issueDevice(csrPem, claims);
    } catch (e) {
      await this.store.codeFailed(secretHash);
      throw e;
    }
    await this.consume(secretHash, row, claims, issued.serial, issued.notAfter, null);
    return { device: (await this.get(claims.deviceId))!, certPem: issued.certPem, caPem: this.ca.certPem };
  }

  /**
   * Enrols a browser that cannot hold a certificate (the hall TV) with a `display` code: the
   * device's credential is a random token the caller puts in an HttpOnly cookie; only its hash is
   * kept. A code for another role is refused and stays valid (a TV is never a workstation).
   */
  async redeemForBrowser(codeInput: string, role: DeviceRole = 'display'): Promise<{ device: DeviceRecord; token: string; maxAgeSeconds: number }> {
    const { row, secretHash } = await this.openCode(codeInput);
    if (row.role !== role) throw wrongRole(row.role as DeviceRole, role);
    const claims: DeviceClaims = { deviceId: `${role}-${newId()}`, role, counters: [] };
    const token = randomBytes(32).toString('base64url');
    const notAfter = this.now() + BROWSER_DAYS * 24 * 3600_000;
    await this.consume(secretHash, row, claims, `token:${claims.deviceId}`, notAfter, hash(token));
    return { device: (await this.get(claims.deviceId))!, token, maxAgeSeconds: BROWSER_DAYS * 24 * 3600 };
  }

  /** The browser device holding this token, if enrolled, unrevoked and unexpired. */
  async byToken(token: string): Promise<DeviceRecord | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const r = await this.store.deviceByToken(hash(token));
    return r ? this.valid(device(r)) : null;
  }

  private readonly seenAt = new Map<string, number>();
  /** 最近连接 in the device list: written at most once a minute per device (not a write per request). */
  seen(d: DeviceRecord): void {
    const at = this.now();
    if (at - (this.seenAt.get(d.id) ?? d.lastSeen ?? 0) < 60_000) return;
    this.seenAt.set(d.id, at);
    // Best effort, after the call is allowed: a failed write costs a stale 最近连接, never the request.
    void this.store.seen(d.id, at).catch(() => {});
  }

  /** Which of these devices are still enrolled, in one query (push sockets opened before a revocation are cut by this). */
  async validAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await this.store.devicesIn(ids)).map(device).filter((d) => this.valid(d)).map((d) => d.id));
  }

  private valid(d: DeviceRecord): DeviceRecord | null {
    return d.revokedAt === null && d.notAfter > this.now() ? d : null;
  }

  /** The unused, unexpired, unexhausted code row for a typed code; refusal without saying which. */
  private async openCode(codeInput: string): Promise<{ row: CodeRow; secretHash: string }> {
    const code = normaliseCode(codeInput);
    if (!code || caCheckInCode(code) !== caCheckOf(this.ca.fingerprint)) throw refused();
    const secretHash = hash(code.slice(0, 9).replace('-', ''));
    const row = await this.store.code(secretHash);
    if (!row || row.used_at !== null || row.expires_at <= this.now() || row.failures >= MAX_CODE_FAILURES) throw refused();
    return { row, secretHash };
  }

  /** Marks the code used and records the device, in one transaction (two redeeming at once, on any process: one wins). */
  private async consume(secretHash: string, row: CodeRow, claims: DeviceClaims, serial: string, notAfter: number, tokenHash: string | null): Promise<void> {
    const at = this.now();
    const used = await this.store.consumeCode(secretHash, at, {
      id: claims.deviceId, role: claims.role, counters: JSON.stringify(claims.counters), name: row.name, serial, notAfter, enrolledAt: at, tokenHash,
    });
    if (!used) throw refused();
  }

  async get(id: string): Promise<DeviceRecord | null> {
    const r = await this.store.device(id);
    return r ? device(r) : null;
  }

  /** The device a presented certificate belongs to, if it is enrolled, unrevoked and unexpired. */
  async bySerial(serial: string): Promise<DeviceRecord | null> {
    // TLS stacks print the DER integer, which drops the leading zeros our hex serial may have; ours
    // are always 16 bytes (randomSerial), so padding back finds it through the UNIQUE index (this
    // runs on every request: `ltrim(serial)` read the whole table each time).
    const bare = serial.toLowerCase().replace(/^0+/, '');
    const r = await this.store.deviceBySerial([bare, bare.padStart(SERIAL_HEX_LENGTH, '0')]);
    return r ? this.valid(device(r)) : null;
  }

  async list(): Promise<DeviceRecord[]> {
    return (await this.store.devices()).map(device);
  }

  async revoke(id: string, reason: string): Promise<DeviceRecord> {
    const changed = await this.store.revoke(id, this.now(), reason);
    const d = await this.get(id);
    if (changed !== 1 && !d) throw new DeskError('UNKNOWN_DEVICE', `没有设备 ${id}。`);
    return d!;
  }
}

const refused = () => new DeskError('ENROLMENT_REFUSED', '登记码无效、已使用或已过期，请向管理员重新索取。');

/** A code made for another kind of device: refused, and left unused for the device it was made for. */
function wrongRole(made: DeviceRole, asked: DeviceRole): DeskError {
  return new DeskError('ENROLMENT_REFUSED', `此登记码是为${ROLE_NAMES[made]}签发的，不能用于${ROLE_NAMES[asked]}；请向管理员索取${ROLE_NAMES[asked]}的登记码。`);
}

function newId(): string {
  return Array.from({ length: 8 }, () => '0123456789abcdefghjkmnpqrstvwxyz'[randomInt(32)]).join('');
}
