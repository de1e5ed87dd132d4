import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CV_SANDBOX_CSP, CV_SANDBOX_PATH, SECURITY_HEADERS, appCsp } from '../../common/csp';
import type { Connection } from '../api/context';
import { dispatch } from '../api/dispatch';
import { isFrozenAnswer, jsonBytesOf } from '../api/frozen';
import { shouldDeliver } from '../api/events';
import type { Workstation } from '../api/workstation';
import type { Result } from '../../preload/contract';
import { cookieValue, LaunchCredentials, LAUNCH_CODE_TTL_MS } from './launch';

export interface HostOptions {
  ws: Workstation;
  rendererDir: string;
  port?: number;
  /** Loopback by default: the host is for this machine's browser, never the network. */
  bindAddress?: string;
  /** How long a launch code stays redeemable (default 2 minutes); `now` for tests. */
  launchCodeTtlMs?: number;
  now?: () => number;
}

export interface Host {
  url: string;
  /** The address to open: the URL with a one-time launch code (minted at start). */
  launchUrl: string;
  /** Another one-time address (the CLI's Enter key, the browser it opens); `onSpent` runs once it is redeemed or expires. */
  newLaunchUrl(onSpent?: () => void): string;
  /** The HttpOnly cookie that carries a browser's session (per port: two hosts on one machine do not collide). */
  sessionCookie: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The app page's policy in a browser (common/csp.ts, which also says why the sandbox page's differs). */
export const APP_CSP = appCsp('browser');

/** The query parameter that carries a launch code. */
export const LAUNCH_PARAM = 'code';

const REFUSED_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>综合窗口工作台</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0b3d91;color:#fff;font:16px/1.8 "Noto Sans SC",sans-serif}main{text-align:center}</style>
<main><p>此地址是一次性的，已经使用过或已过期。</p>
<p>请在运行工作台的终端窗口按回车键获取新地址，或重新启动工作台。</p></main></html>`;

/**
 * Serves the built renderer and the contract over WebSocket at /desk. The way in is a one-time
 * launch code in the address (?code=…), exchanged here for an HttpOnly, SameSite=Strict session
 * cookie and a redirect to the same address without it; the WebSocket is accepted only with that
 * cookie and an Origin equal to the host's own, and every HTTP request must name the host by its
 * loopback address (no DNS rebinding). Nothing is cached (Cache-Control: no-store on every answer).
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const bind = opts.bindAddress ?? '127.0.0.1';
  if (!fs.existsSync(opts.rendererDir)) throw new Error(`renderer build not found at ${opts.rendererDir} (run npm run build)`);
  const creds = new LaunchCredentials(opts.launchCodeTtlMs ?? LAUNCH_CODE_TTL_MS, opts.now);
  let sessionCookie = '';
  let signedCookie = '';

  // Closing ends every connection at once: a browser's keep-alive socket must not hold the workstation's shutdown.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  let allowedHosts = new Set<string>();
  app.addHook('onRequest', async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (!allowedHosts.has(String(req.headers.host))) return reply.code(421).send('Misdirected request');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    const [pathname, query] = splitUrl(req.url);
    if (pathname === CV_SANDBOX_PATH) {
      // Framed by the app page only (frame-ancestors 'self'), so no X-Frame-Options: DENY here.
      reply.header('Content-Security-Policy', CV_SANDBOX_CSP);
    } else {
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Content-Security-Policy', APP_CSP);
    }
    if (query.has(LAUNCH_PARAM)) return exchange(req, reply, pathname, query);
    // The sandbox frame's origin is opaque, so its module scripts are cross-origin fetches from
    // origin 'null'; the renderer's scripts are public build output and may be read that way.
    if (req.headers.origin === 'null' && req.headers['sec-fetch-dest'] === 'script' && pathname.startsWith('/assets/') && pathname.endsWith('.js')) {
      reply.header('Access-Control-Allow-Origin', 'null');
      reply.header('Vary', 'Origin');
    }
  });

  /** A launch address: redeem its code for a session cookie and send the browser to the address without it. */
  function exchange(req: FastifyRequest, reply: FastifyReply, pathname: string, query: URLSearchParams): FastifyReply {
    const code = query.get(LAUNCH_PARAM) ?? '';
    query.delete(LAUNCH_PARAM);
    const clean = `${pathname}${query.size ? `?${query}` : ''}`;
    const session = creds.redeem(code);
    if (session) {
      reply.header('Set-Cookie', [
        `${sessionCookie}=${session}; Path=/; HttpOnly; SameSite=Strict`,
        // Readable by the page: it only says "this browser was let in" (renderer/src/api/client.ts), no secret.
        `${signedCookie}=1; Path=/; SameSite=Strict`,
      ]);
      return reply.redirect(clean, 303);
    }
    // A browser already let in that reloads its old address loses nothing; anyone else is refused.
    if (creds.isSession(cookieValue(req.headers.cookie, sessionCookie))) return reply.redirect(clean, 303);
    opts.ws.audit.record({ action: 'host.launch', outcome: 'refused', details: { reason: 'code used, expired or unknown' } });
    return reply.code(403).type('text/html; charset=utf-8').send(REFUSED_PAGE);
  }

  await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', cacheControl: false, etag: false, lastModified: false });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  app.server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin ?? '';
    const okOrigin = [...allowedHosts].some((h) => origin === `http://${h}`);
    const okSession = creds.isSession(cookieValue(req.headers.cookie, sessionCookie));
    if (url.pathname !== '/desk' || !allowedHosts.has(String(req.headers.host)) || !okOrigin || !okSession) {
      opts.ws.audit.refusal({ action: 'host.connection', source: `${req.socket.remoteAddress ?? '?'} ${origin || '(无来源)'}`.slice(0, 200), details: { origin, path: url.pathname, session: okSession } });
      socket.write('HTTP/1.1 403 Forbidden\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (sock) => serveConnection(opts.ws, sock));
  });

  await app.listen({ port: opts.port ?? 0, host: bind });
  const { port } = app.server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  // Cookies are not scoped by port: the port in the name keeps two hosts on one machine apart.
  sessionCookie = `wd_session_${port}`;
  signedCookie = `wd_signed_${port}`;
  const url = `http://127.0.0.1:${port}`;
  const newLaunchUrl = (onSpent?: () => void) => `${url}/?${LAUNCH_PARAM}=${creds.mint(onSpent)}`;
  return {
    url,
    launchUrl: newLaunchUrl(),
    newLaunchUrl,
    sessionCookie,
    async close() {
      creds.clear();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await app.close();
    },
  };
}

function splitUrl(raw: string): [string, URLSearchParams] {
  const q = raw.indexOf('?');
  return q < 0 ? [raw, new URLSearchParams()] : [raw.slice(0, q), new URLSearchParams(raw.slice(q + 1))];
}

function serveConnection(ws: Workstation, sock: WebSocket): void {
  const conn: Connection = { id: randomUUID(), transport: 'ws', session: null, citizenCounterId: null };
  const unsubscribe = ws.bus.subscribe((d) => {
    if (sock.readyState === sock.OPEN && shouldDeliver(d, conn)) sock.send(JSON.stringify({ event: d.name, payload: d.payload }));
  });
  sock.on('message', (data) => void answer(ws, conn, sock, data));
  sock.on('close', unsubscribe);
}

async function answer(ws: Workstation, conn: Connection, sock: WebSocket, data: RawData): Promise<void> {
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString());
  } catch {
    msg = undefined;
  }
  // `null`, a number or an array is valid JSON but not a message: refused like invalid JSON.
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
    sock.send(NOT_A_MESSAGE);
    return;
  }
  const { id, call, input } = msg as { id?: unknown; call?: unknown; input?: unknown };
  const result = await dispatch(ws, conn, String(call), input);
  if (sock.readyState === sock.OPEN) sock.send(replyFrame(id ?? null, result), { binary: false });
}

const NOT_A_MESSAGE = JSON.stringify({ id: null, result: { ok: false, error: { code: 'INVALID_INPUT', message: '消息不是有效的 JSON 对象。' } } });

const REPLY_HEAD = Buffer.from('{"id":');
const REPLY_OK = Buffer.from(',"result":{"ok":true,"value":');
const REPLY_TAIL = Buffer.from('}}');

/**
 * The reply, as JSON.stringify({ id, result }) would write it. A frozen answer's UTF-8 JSON is
 * kept with it (frozen.ts), so only the id is serialised per call and the rest is copied: the
 * value cannot have changed. Sent as a text frame either way.
 */
export function replyFrame(id: unknown, result: Result<unknown>): string | Buffer {
  if (result.ok && isFrozenAnswer(result.value)) return Buffer.concat([REPLY_HEAD, Buffer.from(JSON.stringify(id) ?? 'null'), REPLY_OK, jsonBytesOf(result.value), REPLY_TAIL]);
  return JSON.stringify({ id, result });
}
