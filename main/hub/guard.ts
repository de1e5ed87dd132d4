/**
 * What the hub refuses before any route runs: requests for a Host it does not serve (DNS
 * rebinding), any browser request from another origin (a web page on the LAN POSTing
 * /counters/3/pause), JSON nested deeper than any request of the protocol needs, and more
 * requests or push sockets per client than a counter, kiosk or TV ever makes.
 *
 * Clients are keyed by their device certificate (an anonymous caller by its IP address):
 * `clientKeyOf` is the one place that decides, and rate limits and the push cap follow it.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import { networkInterfaces, hostname } from 'node:os';
import { DeskError } from '../../common/errors';

export interface HubLimits {
  /** Requests per client per minute, all routes together. */
  perMinute: number;
  /** Ticket issues per client per minute (a kiosk prints at most a few a minute; a flood is refused). */
  issuesPerMinute: number;
  /** Open /push sockets per client (a workstation needs one; a host serving several counters a few). */
  pushPerClient: number;
  /** Body cap for routes without their own (bytes). */
  bodyBytes: number;
  /** Deepest JSON nesting any request may have (the deepest real request is 3 levels). */
  jsonDepth: number;
  /** Extra host names the hub answers to (a LAN name, a DNS alias), besides loopback and its own addresses. */
  hosts: string[];
}

export const DEFAULT_LIMITS: HubLimits = {
  perMinute: 1200,
  issuesPerMinute: 120,
  pushPerClient: 16,
  bodyBytes: 64 * 1024,
  jsonDepth: 16,
  hosts: [],
};

/**
 * The client a request counts against: the device whose CA-verified certificate the TLS
 * connection presented (by its serial), so two counters behind one NAT never share a budget and a
 * device cannot escape its budget by reconnecting; an anonymous caller (only public routes answer
 * it) by its IP address. Rate limits and the push cap both call this.
 */
export function clientKeyOf(req: Pick<IncomingMessage, 'socket'>): string {
  const sock = req.socket as TLSSocket;
  if (typeof sock.getPeerCertificate === 'function' && sock.authorized) {
    const serial = sock.getPeerCertificate()?.serialNumber;
    if (serial) return `device:${serial.toLowerCase()}`;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Host names (without port) the hub serves, for the address it listens on. */
export function servedHostNames(listenHost: string, extra: readonly string[]): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', ...extra.map((h) => h.toLowerCase())]);
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    names.add(hostname().toLowerCase());
  } else {
    names.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost.toLowerCase());
  }
  return names;
}

/**
 * Host and Origin, checked on every request and every push upgrade. A Host the hub does not
 * serve is refused (a rebinding page reaches the hub under its own name); an Origin header that
 * is not the hub's own is a browser page of another site and is refused, as is a fetch the
 * browser marks cross-site. Node clients (the workstation, the hub CLI) send no Origin. No CORS
 * header is ever sent, so a browser never lets another origin read an answer either.
 */
export function checkHostAndOrigin(headers: IncomingMessage['headers'], served: ReadonlySet<string>): void {
  const host = (headers.host ?? '').toLowerCase();
  // The name decides (a rebinding page's Host is its own domain); the port may differ behind a local proxy.
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  if (!m || !served.has(m[1])) {
    throw new DeskError('FORBIDDEN_HOST', `大厅服务不接受主机名“${host.slice(0, 80)}”的请求，请使用大厅服务的地址访问。`);
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    throw new DeskError('FORBIDDEN_ORIGIN', '大厅服务不接受其他网页发起的请求。');
  }
  if (headers['sec-fetch-site'] === 'cross-site') throw new DeskError('FORBIDDEN_ORIGIN', '大厅服务不接受其他网页发起的请求。');
}

/**
 * JSON nesting, tracked across chunks as they arrive: a body nested a million deep is refused at
 * its 17th bracket, before the rest of it is even read. Brackets inside strings do not count.
 */
export class DepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  constructor(private readonly limit: number) {}

  /** False once the nesting has passed the limit. */
  feed(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 92 /* \ */) this.escaped = true;
        else if (ch === 34 /* " */) this.inString = false;
        continue;
      }
      if (ch === 34) this.inString = true;
      else if (ch === 91 /* [ */ || ch === 123 /* { */) {
        if (++this.depth > this.limit) return false;
      } else if (ch === 93 /* ] */ || ch === 125 /* } */) this.depth--;
    }
    return true;
  }
}

const tooLarge = () => new DeskError('BODY_TOO_LARGE', '请求内容过大，已拒绝。');
const tooDeep = (limit: number) => new DeskError('INVALID_INPUT', `请求内容嵌套层数超过 ${limit} 层，已拒绝。`);

/**
 * Reads a JSON body: refused from its Content-Length when that is over `maxBytes` (413 before a
 * byte is read), while it streams when it grows past it, and at the first bracket past
 * `maxDepth`; only a body that passed both is parsed. An empty body is no body.
 */
export function readJsonBody(stream: NodeJS.ReadableStream, declaredLength: number, maxBytes: number, maxDepth: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (declaredLength > maxBytes) {
      reject(tooLarge());
      return;
    }
    const decoder = new StringDecoder('utf8');
    const scanner = new DepthScanner(maxDepth);
    const parts: string[] = [];
    let bytes = 0;
    let failed = false;
    const fail = (e: DeskError) => {
      failed = true;
      stream.removeListener('data', onData);
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      if (failed) return;
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(tooLarge());
      const text = decoder.write(chunk);
      if (!scanner.feed(text)) return fail(tooDeep(maxDepth));
      parts.push(text);
    };
    stream.on('data', onData);
    stream.on('error', (e) => !failed && reject(e));
    stream.on('end', () => {
      if (failed) return;
      const text = parts.join('') + decoder.end();
      if (text.length === 0) return resolve(undefined);
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new DeskError('INVALID_INPUT', '请求内容不是有效的 JSON，请检查后重试。'));
      }
    });
  });
}
