/**
 * The push wire: one POST /cases/ingest per batch of case steps, over the device's TLS credential
 * (the other kinds go through the HubClient's routes, their errors sorted by `syncFaultOf` the
 * same way). Every way it can go wrong is sorted into what the engine does about it:
 * - `retry`: nothing reached the hub, or we cannot know (network, timeout, 5xx, 429, an answer
 *   that is not JSON or not the protocol, the device not yet enrolled). `retryAfterMs` from Retry-After.
 * - `reject`: the hub read the request and refused it (other 4xx). Only a single operation is
 *   ever dead-lettered for it: the engine splits a refused batch to find the culprit.
 */
import type { Agent } from 'node:http';
import type { z } from 'zod';
import { isDeskError } from '../../../common/errors';
import { CASE_INGEST_PATH, IngestAnswer, type IngestRequest } from '../../hub/cases/protocol';
import { agentFor, send, type TlsCredential } from '../trust/transport';
import type { OutboxOp } from './outbox';

export class SyncFault extends Error {
  constructor(readonly kind: 'retry' | 'reject', message: string, readonly retryAfterMs: number | null = null, readonly status: number | null = null) {
    super(message);
  }
}

export interface PushTransport {
  push(req: IngestRequest): Promise<IngestAnswer>;
}
export type IngestAnswer = z.infer<typeof IngestAnswer>;

/**
 * Delivers one operation of a kind other than case steps: resolves when the hub has it (now or
 * before: every route used is idempotent on the operation's key), throws a SyncFault otherwise.
 */
export type OpSender = (op: OutboxOp) => Promise<void>;

/** Retry-After: seconds, or an HTTP date. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

/** The hub answered `status` with an error: wait and retry, or refused for good. */
function faultOfStatus(status: number, why: string, wait: number | null): SyncFault {
  if (status >= 500 || status === 429 || status === 408) return new SyncFault('retry', `大厅服务暂时无法处理（${why}）`, wait, status);
  // Not enrolled, revoked, or an older hub without the route: a matter for the administrator, not the operation.
  if (status === 401 || status === 403 || status === 404) return new SyncFault('retry', `大厅服务拒绝了本机（${why}）`, wait, status);
  return new SyncFault('reject', why, null, status);
}

/**
 * An error from anything that talked to the hub, as the engine sorts it: a SyncFault as it is; the
 * HubClient's DeskErrors by their HTTP status exactly as the wire above sorts them; anything else
 * (a bug, an unknown error) is retried, never dead-lettered.
 */
export function syncFaultOf(e: unknown): SyncFault {
  if (e instanceof SyncFault) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (isDeskError(e) && e.code !== 'HUB_UNREACHABLE' && e.code !== 'HUB_BAD_RESPONSE') {
    const status = e.details?.httpStatus;
    const after = typeof e.details?.retryAfter === 'string' ? retryAfterMs(e.details.retryAfter, Date.now()) : null;
    if (typeof status === 'number' && status >= 400) return faultOfStatus(status, message, after);
  }
  return new SyncFault('retry', message);
}

/**
 * A fault that says the hub is out of reach for every operation, not just this one: the network,
 * throttling, this device refused, a gateway. The rest of a pass waits with it; a fault the hub
 * answered for one operation alone (500, 404, a malformed answer) holds up only that operation.
 */
export function isHubWide(f: SyncFault): boolean {
  return f.status === null || [401, 403, 408, 429, 502, 503, 504].includes(f.status);
}

export class HttpPushTransport implements PushTransport {
  private agent: Agent;
  private readonly base: string;

  constructor(url: string, credential: TlsCredential | null, private readonly headers: () => Record<string, string> = () => ({}), private readonly timeoutMs = 15_000) {
    this.base = url.replace(/\/$/, '');
    this.agent = agentFor(this.base, credential);
  }

  /** This machine was just enrolled: the next push presents the new credential (kept-alive connections dropped). */
  useCredential(cred: TlsCredential): void {
    const old = this.agent;
    this.agent = agentFor(this.base, cred);
    old.destroy();
  }

  close(): void {
    this.agent.destroy();
  }

  push(req: IngestRequest): Promise<IngestAnswer> {
    return this.exchange('POST', CASE_INGEST_PATH, req, IngestAnswer);
  }

  private async exchange<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S): Promise<z.output<S>> {
    let res;
    try {
      res = await send(this.base + path, {
        method, headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body), agent: this.agent, timeoutMs: this.timeoutMs,
      });
    } catch (e) {
      throw new SyncFault('retry', `无法连接大厅服务（${(e as Error).message}）`);
    }
    const wait = retryAfterMs(res.headers['retry-after'], Date.now());
    let json: { ok?: boolean; value?: unknown; error?: { code?: string; message?: string } };
    try {
      json = JSON.parse(res.text) as typeof json;
    } catch {
      throw new SyncFault('retry', `大厅服务返回了无法识别的内容（HTTP ${res.status}）`, wait, res.status);
    }
    const why = json.error?.message ?? `HTTP ${res.status}`;
    if (res.status >= 400) throw faultOfStatus(res.status, why, wait);
    if (!json.ok) throw new SyncFault('reject', why, null, res.status);
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) throw new SyncFault('retry', '大厅服务的应答与协议不符（请确认版本一致）', wait, res.status);
    return parsed.data as z.output<S>;
  }
}
