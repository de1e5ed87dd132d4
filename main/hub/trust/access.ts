/**
 * Who is calling the hub, and may they make this call. A caller is a device: it presented, over
 * TLS, a certificate the hall CA issued, whose serial is enrolled and not revoked (checked on every
 * request, so a revocation takes effect on the very next one, keep-alive or not). What it may do
 * follows from its role (routes.ts `access`) and, for a workstation, its own counters.
 *
 * Supervisor actions also need a supervisor the hub verified itself: a staff assertion it issued
 * after checking the person's password, bound to the device forwarding it (trust/staff.ts). The
 * workstation's own word (STAFF_HEADER, STAFF_ROLE_HEADER) is recorded in the audit, never trusted.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DeskError } from '../../../common/errors';
import type { Access } from '../routes';
import type { DeviceRecord, DeviceRegistry } from './registry';
import { staffUnverified, type VerifiedStaff } from './staff';

export { STAFF_ROLE_HEADER } from '../protocol';

/** The enrolled device behind a request's TLS connection, or null (no certificate, another CA's, unknown or revoked). */
export async function deviceOf(req: Pick<IncomingMessage, 'socket'>, registry: DeviceRegistry): Promise<DeviceRecord | null> {
  const sock = req.socket as TLSSocket;
  if (typeof sock.getPeerCertificate !== 'function' || !sock.authorized) return null;
  const peer = sock.getPeerCertificate();
  if (!peer?.serialNumber) return null;
  const device = await registry.bySerial(peer.serialNumber);
  // The certificate names the device; a serial reused under another id would be a forgery.
  return device && peer.subjectaltname?.includes(`:device:${device.id}:`) ? device : null;
}

/**
 * The hall TV's credential: a browser holds no certificate, so `/display` enrols it with a code and
 * sets this cookie (`__Host-`: Secure, Path=/, no Domain, so no other host or scheme can set it).
 */
export const DISPLAY_COOKIE = '__Host-wd_display';

/** The cookie's value in a Cookie header (the first one: a browser sends the most specific first). */
export function displayTokenOf(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === DISPLAY_COOKIE) return part.slice(i + 1).trim();
  }
  return null;
}

/**
 * The device behind a request: its certificate's, or else a TV's cookie. The cookie counts only
 * for a device enrolled as a TV (a token can never act as a workstation or a kiosk, whatever else
 * went wrong), and the routes and the push a TV may use are its role's alone.
 */
export async function deviceOfRequest(req: Pick<IncomingMessage, 'socket' | 'headers'>, registry: DeviceRegistry): Promise<DeviceRecord | null> {
  const byCert = await deviceOf(req, registry);
  const token = byCert ? null : displayTokenOf(req.headers.cookie);
  const byCookie = token ? await registry.byToken(token) : null;
  return byCert ?? (byCookie && byCookie.role === 'display' && byCookie.credential === 'cookie' ? byCookie : null);
}

export function unknownDevice(): DeskError {
  return new DeskError('DEVICE_UNKNOWN', '本设备尚未登记到大厅服务，或其登记已被撤销，请联系管理员登记本设备。');
}

const forbidden = (why: string) => new DeskError('DEVICE_FORBIDDEN', `本设备无权执行此操作：${why}。`);

export interface CallInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** The supervisor whose assertion (issued to this device, unexpired) came with the call, if any. */
  staff: VerifiedStaff | null;
}

/** The verified supervisor of each request that brought a valid assertion (the hub audit names them). */
export const verifiedStaffOf = new WeakMap<IncomingMessage, VerifiedStaff>();

const ROLE_NAMES = { workstation: '窗口工作站', kiosk: '取号机', display: '大厅叫号屏' } as const;

/** Throws DEVICE_FORBIDDEN unless `device` may make the call `name` with this (validated) input. */
export function authorise(name: string, access: Exclude<Access, 'public'>, device: DeviceRecord, input: CallInput): void {
  if (!access.roles.includes(device.role)) throw forbidden(`${ROLE_NAMES[device.role]}不能调用此接口`);
  const own = (n: unknown) => {
    if (typeof n !== 'number' || !device.counters.includes(n)) throw forbidden(`只能操作本机的窗口（${device.counters.join('、')}号）`);
  };
  const supervisor = () => {
    if (!input.staff) throw staffUnverified('未登录、已过期或来自其他设备');
  };
  if (access.supervisor) supervisor();
  if (access.counter === 'path') own(input.params?.number);
  if (access.counter === 'query') own(input.query?.counter);
  if (access.counter === 'body') {
    // A transfer that names no counter, or forces one onto a paused counter, is a supervisor's.
    if (name === 'transfer' && (input.body?.counter === undefined || input.body?.force === true)) supervisor();
    else own(input.body?.counter);
  }
  if (device.role === 'kiosk') {
    // A kiosk prints tickets and checks people in; it sees the waiting queue, nothing served.
    if (name === 'issue' && input.body?.source !== 'kiosk') throw forbidden('取号机只能以取号机来源取号');
    if (name === 'tickets') {
      const s = input.query?.status;
      if (!Array.isArray(s) || s.length !== 1 || s[0] !== 'waiting') throw forbidden('取号机只能查看等候中的号');
    }
  }
  if (name === 'views') {
    const counters = (input.query?.counters ?? []) as number[];
    for (const c of counters) own(c);
    if (input.query?.supervisor === true) supervisor();
  }
}
