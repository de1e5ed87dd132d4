/**
 * The push wire: one POST /cases/ingest per batch, over the device's TLS credential. Every way it
 * can go wrong is sorted into what the engine does about it:
 * - `retry`: nothing reached the hub, or we cannot know (network, timeout, 5xx, 429, an answer
 *   that is not JSON or not the protocol, the device not yet enrolled). `retryAfterMs` from Retry-After.
 * - `reject`: the hub read the request and refused it (other 4xx). Only a single operation is
 *   ever dead-lettered for it: the engine splits a refused batch to find the culprit.
 */
import type { Agent } from 'node:http';
import { CASE_INGEST_PATH, IngestAnswer, type IngestRequest } from '../../hub/cases/protocol';
import { agentFor, send, type TlsCredential } from '../trust/transport';

export class SyncFault extends Error {
  constructor(readonly kind: 'retry' | 'reject', message: string, readonly retryAfterMs: number | null = null, readonly status: number | null = null) {
    super(message);
  }
}

export interface PushTransport {
  push(req: IngestRequest): Promise<IngestAnswer>;
}
export type IngestAnswer = import('zod').infer<typeof IngestAnswer>;

/** Retry-After: seconds, or an HTTP date. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

export class HttpPushTransport implements PushTransport {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(url: string, private readonly credential: TlsCredential | null, private readonly headers: () => Record<string, string> = () => ({}), private readonly timeoutMs = 15_000) {
    this.base = url.replace(/\/$/, '');
    this.agent = agentFor(this.base, credential);
  }

  close(): void {
    this.agent.destroy();
  }

  async push(req: IngestRequest): Promise<IngestAnswer> {
    const body = JSON.stringify(req);
    let res;
    try {
      res = await send(this.base + CASE_INGEST_PATH, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body, agent: this.agent, timeoutMs: this.timeoutMs });
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
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new SyncFault('retry', `大厅服务暂时无法处理（${why}）`, wait, res.status);
    // Not enrolled, revoked, or an older hub without the route: a matter for the administrator, not the case.
    if (res.status === 401 || res.status === 403 || res.status === 404) throw new SyncFault('retry', `大厅服务拒绝了本机（${why}）`, wait, res.status);
    if (res.status >= 400 || !json.ok) throw new SyncFault('reject', why, null, res.status);
    const parsed = IngestAnswer.safeParse(json.value);
    if (!parsed.success) throw new SyncFault('retry', '大厅服务的应答与协议不符（请确认版本一致）', wait, res.status);
    return parsed.data;
  }
}
