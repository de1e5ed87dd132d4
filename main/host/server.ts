import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CV_SANDBOX_CSP, CV_SANDBOX_PATH, appCsp } from '../../common/csp';
import type { Connection } from '../api/context';
import { dispatch } from '../api/dispatch';
import { isFrozenAnswer, jsonBytesOf } from '../api/frozen';
import { shouldDeliver } from '../api/events';
import type { Workstation } from '../api/workstation';
import type { Result } from '../../preload/contract';

export interface HostOptions {
  ws: Workstation;
  rendererDir: string;
  port?: number;
  /** Loopback by default: the host is for this machine's browser, never the network. */
  bindAddress?: string;
  token?: string;
}

export interface Host {
  url: string;
  /** The address to open: the URL with the per-launch token. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The app page's policy in a browser (common/csp.ts, which also says why the sandbox page's differs). */
export const APP_CSP = appCsp('browser');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Serves the built renderer and the contract over WebSocket at /desk. A WebSocket is
 * accepted only with this launch's token and an Origin equal to the host's own, and every
 * HTTP request must name the host by its loopback address (no DNS rebinding): another page
 * in the same browser cannot drive the workstation.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const bind = opts.bindAddress ?? '127.0.0.1';
  if (!fs.existsSync(opts.rendererDir)) throw new Error(`renderer build not found at ${opts.rendererDir} (run npm run build)`);

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  let allowedHosts = new Set<string>();
  app.addHook('onRequest', async (req, reply) => {
    if (!allowedHosts.has(String(req.headers.host))) return reply.code(421).send('Misdirected request');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    const pathname = req.url.split('?')[0];
    if (pathname === CV_SANDBOX_PATH) {
      // Framed by the app page only (frame-ancestors 'self'), so no X-Frame-Options: DENY here.
      reply.header('Content-Security-Policy', CV_SANDBOX_CSP);
    } else {
      reply.header('X-Frame-Options', 'DENY');
      reply.header('Content-Security-Policy', APP_CSP);
    }
    // The sandbox frame's origin is opaque, so its module scripts are cross-origin fetches from
    // origin 'null'; the renderer's scripts are public build output and may be read that way.
    if (req.headers.origin === 'null' && req.headers['sec-fetch-dest'] === 'script' && pathname.startsWith('/assets/') && pathname.endsWith('.js')) {
      reply.header('Access-Control-Allow-Origin', 'null');
      reply.header('Vary', 'Origin');
    }
  });
  await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html' });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  app.server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const origin = req.headers.origin ?? '';
    const okOrigin = [...allowedHosts].some((h) => origin === `http://${h}`);
    if (url.pathname !== '/desk' || !allowedHosts.has(String(req.headers.host)) || !okOrigin || !sameToken(url.searchParams.get('token') ?? '', token)) {
      opts.ws.audit.refusal({ action: 'host.connection', source: `${req.socket.remoteAddress ?? '?'} ${origin || '(无来源)'}`.slice(0, 200), details: { origin, path: url.pathname } });
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (sock) => serveConnection(opts.ws, sock));
  });

  await app.listen({ port: opts.port ?? 0, host: bind });
  const { port } = app.server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    launchUrl: `${url}/?token=${token}`,
    token,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await app.close();
    },
  };
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
