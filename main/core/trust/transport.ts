/**
 * HTTP(S) to the hall hub with this device's credential. Node's own `https` with a keep-alive
 * Agent carrying key, certificate and the pinned hall CA, rather than the global fetch: fetch
 * takes a client certificate only through the `undici` package's dispatcher (a second HTTP stack
 * to ship and keep in step with Node's); `https.Agent` does it natively, and `ws` takes the same
 * options for /push, so one credential object configures both wires.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { DeskError } from '../../../common/errors';
import type { EnrolTransport } from './device';

export interface TlsCredential {
  keyPem: string;
  certPem: string;
  caPem: string;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** TLS options for a device's connections: its key and certificate, and only the hall CA trusted. */
export function tlsOptionsOf(cred: TlsCredential): https.AgentOptions {
  return { key: cred.keyPem, cert: cred.certPem, ca: [cred.caPem] };
}

export function agentFor(url: string, cred: TlsCredential | null): http.Agent {
  if (url.startsWith('https:')) return new https.Agent({ keepAlive: true, ...(cred ? tlsOptionsOf(cred) : {}) });
  return new http.Agent({ keepAlive: true });
}

export interface RequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  timeoutMs: number;
  /** TLS options for a one-off request without an agent (enrolment). */
  tls?: https.RequestOptions;
}

/** One request; rejects with an Error whose message says 'timeout' when the hub did not answer in time. */
export function send(url: string, o: RequestOptions): Promise<HttpAnswer> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: o.method, headers: { ...o.headers, ...(o.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(o.body)) }) }, agent: o.agent, ...o.tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs, () => req.destroy(new Error(`timeout after ${o.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(o.body);
  });
}

/**
 * Enrolment over the network: the CA is fetched from a hub not yet trusted (the device checks its
 * fingerprint against the code before anything secret is sent), then the code goes over TLS pinned
 * to that CA.
 */
export function networkEnrolTransport(hubUrl: string, timeoutMs = 10_000): EnrolTransport {
  const base = hubUrl.replace(/\/$/, '');
  const json = (a: HttpAnswer) => {
    let parsed: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    try {
      parsed = JSON.parse(a.text) as typeof parsed;
    } catch {
      throw new DeskError('HUB_BAD_RESPONSE', `大厅服务返回了无法识别的内容（HTTP ${a.status}），请核对地址。`);
    }
    if (!parsed.ok) throw new DeskError(parsed.error?.code ?? 'HUB_BAD_RESPONSE', parsed.error?.message ?? '登记失败。');
    return parsed.value as Record<string, string>;
  };
  const unreachable = (e: unknown) => new DeskError('HUB_UNREACHABLE', '无法连接大厅服务，请核对地址（如 https://192.168.1.10:7300）和网络后重试。', { cause: String(e) });
  return {
    async fetchCa() {
      // Not yet trusted on purpose: what comes back is checked against the code before use.
      const a = await send(`${base}/trust/ca`, { method: 'GET', timeoutMs, tls: { rejectUnauthorized: false } }).catch((e) => { throw unreachable(e); });
      return json(a).caPem;
    },
    async enrol(caPem, body) {
      const a = await send(`${base}/trust/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), timeoutMs, tls: { ca: [caPem] } })
        .catch((e) => { throw unreachable(e); });
      const v = json(a);
      return { certPem: v.certPem, caPem: v.caPem };
    },
  };
}
