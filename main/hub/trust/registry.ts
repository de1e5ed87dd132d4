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

type Row = Record<string, unknown>;
const device = (r: Row): DeviceRecord => ({
  id: r.id as string, role: r.role as DeviceRole, counters: JSON.parse(r.counters as string) as number[], name: r.name as string,
  serial: r.serial as string, notAfter: r.not_after as number, enrolledAt: r.enrolled_at as number,
  revokedAt: (r.revoked_at as number | null) ?? null, revokedReason: (r.revoked_reason as string | null) ?? null, lastSeen: (r.last_seen as number | null) ?? null,
  credential: r.token_hash ? 'cookie' : 'certificate',
});

export class DeviceRegistry {
  constructor(private readonly db: Database.Database, private readonly ca: HallCa, private readonly now: () => number = Date.now) {}

  /** A one-time code (valid `ttlMinutes`) that enrols one device with this role and these counters. */
  createCode(req: { role: DeviceRole; counters: number[]; name: string; ttlMinutes?: number }): { code: string; expiresAt: number; caFingerprint: string } {
    if (req.role === 'workstation' && req.counters.length === 0) throw new DeskError('INVALID_INPUT', '窗口工作站须指定至少一个窗口号。');
    if (req.role !== 'workstation' && req.counters.length > 0) throw new DeskError('INVALID_INPUT', '取号机和大厅叫号屏不属于任何窗口，不能指定窗口号。');
    const secret = Array.from({ length: 8 }, () => ALPHABET[randomInt(32)]).join('');
    const check = caCheckOf(this.ca.fingerprint);
    const code = `${secret.slice(0, 4)}-${secret.slice(4)}-${check.slice(0, 4)}-${check.slice(4)}`;
    const at = this.now();
    const expiresAt = at + (req.ttlMinutes ?? 30) * 60_000;
    this.db.prepare('INSERT INTO enrolment_codes (code_hash, role, counters, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hash(secret), req.role, JSON.stringify(req.counters), req.name, at, expiresAt);
    return { code, expiresAt, caFingerprint: this.ca.fingerprint };
  }

  /**
   * Redeems a code with the device's certificate request. The code is used up by a success; a
   * wrong or expired code says so without telling which; a code guessed at 5 times is void.
   */
  async redeem(codeInput: string, csrPem: string, expectRole?: DeviceRole): Promise<{ device: DeviceRecord; certPem: string; caPem: string }> {
    const { row, secretHash } = this.openCode(codeInput);
    if (expectRole && row.role !== expectRole) throw wrongRole(row.role as DeviceRole, expectRole);
    const claims: DeviceClaims = { deviceId: `${row.role as string}-${newId()}`, role: row.role as DeviceRole, counters: JSON.parse(row.counters as string) as number[] };
    let issued;
    try {
      issued = await this.ca.issueDevice(csrPem, claims);
    } catch (e) {
      this.db.prepare('UPDATE enrolment_codes SET failures = failures + 1 WHERE code_hash = ?').run(secretHash);
      throw e;
    }
    this.consume(secretHash, row, claims, issued.serial, issued.notAfter, null);
    return { device: this.get(claims.deviceId)!, certPem: issued.certPem, caPem: this.ca.certPem };
  }

  /**
   * Enrols a browser that cannot hold a certificate (the hall TV) with a `display` code: the
   * device's credential is a random token the caller puts in an HttpOnly cookie; only its hash is
   * kept. A code for another role is refused and stays valid (a TV is never a workstation).
   */
  redeemForBrowser(codeInput: string, role: DeviceRole = 'display'): { device: DeviceRecord; token: string; maxAgeSeconds: number } {
    const { row, secretHash } = this.openCode(codeInput);
    if (row.role !== role) throw wrongRole(row.role as DeviceRole, role);
    const claims: DeviceClaims = { deviceId: `${role}-${newId()}`, role, counters: [] };
    const token = randomBytes(32).toString('base64url');
    const notAfter = this.now() + BROWSER_DAYS * 24 * 3600_000;
    this.consume(secretHash, row, claims, `token:${claims.deviceId}`, notAfter, hash(token));
    return { device: this.get(claims.deviceId)!, token, maxAgeSeconds: BROWSER_DAYS * 24 * 3600 };
  }

  /** The browser device holding this token, if enrolled, unrevoked and unexpired. */
  byToken(token: string): DeviceRecord | null {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const r = this.db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(hash(token)) as Row | undefined;
    if (!r) return null;
    const d = device(r);
    return d.revokedAt === null && d.notAfter > this.now() ? d : null;
  }

  private readonly seenAt = new Map<string, number>();
  /** 最近连接 in the device list: written at most once a minute per device (not a write per request). */
  seen(d: DeviceRecord): void {
    const at = this.now();
    if (at - (this.seenAt.get(d.id) ?? d.lastSeen ?? 0) < 60_000) return;
    this.seenAt.set(d.id, at);
    this.db.prepare('UPDATE devices SET last_seen = ? WHERE id = ?').run(at, d.id);
  }

  /** Whether a device is still enrolled (a push socket opened before a revocation is cut by this). */
  isValid(id: string): boolean {
    const d = this.get(id);
    return !!d && d.revokedAt === null && d.notAfter > this.now();
  }

  /** The unused, unexpired, unexhausted code row for a typed code; refusal without saying which. */
  private openCode(codeInput: string): { row: Row; secretHash: string } {
    const code = normaliseCode(codeInput);
    const refuse = () => new DeskError('ENROLMENT_REFUSED', '登记码无效、已使用或已过期，请向管理员重新索取。');
    if (!code || caCheckInCode(code) !== caCheckOf(this.ca.fingerprint)) throw refuse();
    const secretHash = hash(code.slice(0, 9).replace('-', ''));
    const row = this.db.prepare('SELECT * FROM enrolment_codes WHERE code_hash = ?').get(secretHash) as Row | undefined;
    if (!row || row.used_at !== null || (row.expires_at as number) <= this.now() || (row.failures as number) >= MAX_CODE_FAILURES) throw refuse();
    return { row, secretHash };
  }

  /** Marks the code used and records the device, in one transaction (two redeeming at once: one wins). */
  private consume(secretHash: string, row: Row, claims: DeviceClaims, serial: string, notAfter: number, tokenHash: string | null): void {
    const at = this.now();
    const used = this.db.transaction(() => {
      const r = this.db.prepare('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ? AND used_at IS NULL').run(at, claims.deviceId, secretHash);
      if (r.changes !== 1) return false;
      this.db.prepare('INSERT INTO devices (id, role, counters, name, serial, not_after, enrolled_at, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(claims.deviceId, claims.role, JSON.stringify(claims.counters), row.name as string, serial, notAfter, at, tokenHash);
      return true;
    })();
    if (!used) throw new DeskError('ENROLMENT_REFUSED', '登记码无效、已使用或已过期，请向管理员重新索取。');
  }

  get(id: string): DeviceRecord | null {
    const r = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined;
    return r ? device(r) : null;
  }

  /** The device a presented certificate belongs to, if it is enrolled, unrevoked and unexpired. */
  bySerial(serial: string): DeviceRecord | null {
    // TLS stacks print the DER integer, which drops the leading zeros our hex serial may have; ours
    // are always 16 bytes (randomSerial), so padding back finds it through the UNIQUE index (this
    // runs on every request: `ltrim(serial)` read the whole table each time).
    const bare = serial.toLowerCase().replace(/^0+/, '');
    const r = this.db.prepare('SELECT * FROM devices WHERE serial IN (?, ?)').get(bare, bare.padStart(SERIAL_HEX_LENGTH, '0')) as Row | undefined;
    if (!r) return null;
    const d = device(r);
    return d.revokedAt === null && d.notAfter > this.now() ? d : null;
  }

  list(): DeviceRecord[] {
    return (this.db.prepare('SELECT * FROM devices ORDER BY enrolled_at').all() as Row[]).map(device);
  }

  revoke(id: string, reason: string): DeviceRecord {
    const r = this.db.prepare('UPDATE devices SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL').run(this.now(), reason, id);
    if (r.changes !== 1 && !this.get(id)) throw new DeskError('UNKNOWN_DEVICE', `没有设备 ${id}。`);
    return this.get(id)!;
  }
}

/** A code made for another kind of device: refused, and left unused for the device it was made for. */
function wrongRole(made: DeviceRole, asked: DeviceRole): DeskError {
  return new DeskError('ENROLMENT_REFUSED', `此登记码是为${ROLE_NAMES[made]}签发的，不能用于${ROLE_NAMES[asked]}；请向管理员索取${ROLE_NAMES[asked]}的登记码。`);
}

function newId(): string {
  return Array.from({ length: 8 }, () => '0123456789abcdefghjkmnpqrstvwxyz'[randomInt(32)]).join('');
}
