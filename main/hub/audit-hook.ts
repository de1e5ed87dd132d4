import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { claimsFromSubjectAltName } from '../core/trust/claims';
import type { AuditLog } from '../core/audit';
import { STAFF_HEADER, WORKSTATION_HEADER } from './protocol';
import { hubRoutes, type RouteName } from './routes';
import { verifiedStaffOf } from './trust/access';

export { STAFF_HEADER, WORKSTATION_HEADER };

/** Answers that refuse the caller (bad input, unknown route, too large, too many): aggregated per source, not one row each. */
const REFUSED = new Set([400, 401, 403, 405, 413, 415, 429]);

const byPattern = new Map<string, RouteName>(
  (Object.keys(hubRoutes) as RouteName[]).map((n) => [`${hubRoutes[n].method} ${hubRoutes[n].path}`, n]),
);

/**
 * The hub's audit of every mutating call (not GET), once answered: the route, its outcome and
 * the caller — the device its certificate names, the client address, the counter named in the
 * path or body, the workstation and staff a workstation forwards. Bodies are not recorded (they
 * carry ID numbers and phones). Registered as a separate onResponse hook so the server's own
 * input handling stays untouched.
 */
export function registerHubAudit(app: FastifyInstance, log: AuditLog): void {
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    try {
      record(log, req, reply.statusCode);
    } catch {
      // The answer is already sent; an audit write that fails (closing database) must not crash the hub.
    }
  });
}

function record(log: AuditLog, req: FastifyRequest, status: number): void {
  const pattern = req.routeOptions?.url;
  const name = pattern ? byPattern.get(`${req.method} ${pattern}`) : undefined;
  const params = (req.params ?? {}) as Record<string, unknown>;
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const counter = first(body.counter, params.number);
  const workstation = first(header(req, WORKSTATION_HEADER), body.workstationId, body.workstation);
  // The supervisor the hub verified (staff assertion) is the actor; otherwise the workstation's word, marked as such.
  const verified = verifiedStaffOf.get(req.raw);
  const claimed = header(req, STAFF_HEADER);
  const staff = verified?.staffNo ?? claimed;
  const action = `hub.${name ?? 'unknown'}`;
  const target = params.id !== undefined ? `ticket:${String(params.id)}` : params.requestId !== undefined ? `call:${String(params.requestId)}` : null;
  const device = deviceIdOf(req);
  const details: Record<string, unknown> = {
    status, method: req.method, ...(name ? {} : { path: req.url.split('?')[0].slice(0, 200) }), ...(device ? { device } : {}), ...(workstation ? { workstation } : {}),
    ...(staff ? { staffVerified: verified !== undefined } : {}),
  };
  const entry = { actorStaffId: staff, counterId: counter, action, target, source: req.ip, details };
  if (REFUSED.has(status) || !name) log.refusal({ ...entry, source: req.ip });
  else log.record({ ...entry, outcome: status < 400 ? 'ok' : 'failed' });
}

/** The device behind the call: the id its CA-verified certificate names (null for an anonymous caller). */
function deviceIdOf(req: FastifyRequest): string | null {
  const sock = req.raw.socket as TLSSocket;
  if (typeof sock.getPeerCertificate !== 'function' || !sock.authorized) return null;
  return claimsFromSubjectAltName(sock.getPeerCertificate()?.subjectaltname)?.deviceId ?? null;
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 100) : null;
}

function first(...vs: unknown[]): string | null {
  for (const v of vs) if ((typeof v === 'string' && v) || typeof v === 'number') return String(v).slice(0, 100);
  return null;
}
