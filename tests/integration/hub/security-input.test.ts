/**
 * Issue 9, "Input that cannot hurt": each finding replayed against a real hub on loopback and
 * shown closed — the JSON bomb, unknown keys, unbounded strings and times, coerced counter
 * numbers, and a web page of another origin POSTing the body-less routes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import WebSocket from 'ws';
import { readJsonBody } from '../../../main/hub/guard';
import type { RunningHub } from '../../../main/hub/index';
import { fakeClock, pushUrl, startTestHub, tlsFor } from './helpers';
import { json, send, tableHashes } from './security-helpers';

const bomb = (depth: number) => '{"stream":"A","x":' + '['.repeat(depth) + ']'.repeat(depth) + '}';

describe('hub input: sizes, nesting, schemas', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  beforeEach(async () => {
    ({ hub } = await startTestHub({ now: clock.now, demo: true }));
  });
  afterEach(() => hub.close());

  it('refuses the 2 MB JSON bomb nested 10⁶ deep: 413 on an ordinary route, issuing no ticket', async () => {
    const before = (await tableHashes(hub));
    const r = await send(hub.url, 'POST', '/tickets', { body: bomb(1_000_000), headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.json?.error?.code).toBe('BODY_TOO_LARGE');
    expect(r.json?.error?.message).toMatch(/过大/);
    expect((await tableHashes(hub))).toEqual(before);
  });

  it('refuses over-deep JSON within the size cap (the import route takes 4 MB) with 400, before parsing it', async () => {
    const before = (await tableHashes(hub));
    const r = await send(hub.url, 'POST', '/appointments/import', { body: bomb(1_000_000), headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json?.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(r.json?.error?.message).toMatch(/嵌套层数/);
    // A bracket inside a string is text, not nesting.
    const ok = await json(hub.url, 'POST', '/tickets', { stream: 'A', note: '['.repeat(150) });
    expect(ok.status).toBe(200);
    expect(Object.keys((await tableHashes(hub)))).toEqual(Object.keys(before));
  });

  it('refuses unknown keys in bodies, queries and on routes that take none', async () => {
    for (const [method, path, body] of [
      ['POST', '/tickets', { stream: 'A', admin: true }],
      ['POST', '/counters/1/call-next', { requestId: 'req-00000001', counter: 9 }],
      ['POST', '/counters/1/pause', { force: true }],
      ['POST', '/offline/reconcile', { workstationId: 'ws-3', counter: 3, ops: [{ opId: 'op-0000001', type: 'call', at: clock.now(), number: 'A-3-001', extra: 1 }] }],
    ] as const) {
      const r = await json(hub.url, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json?.error?.code).toBe('INVALID_INPUT');
    }
    for (const path of ['/health?debug=1', '/tickets?day=2026-03-02&all=1', '/display?x=1']) {
      expect((await send(hub.url, 'GET', path)).status, path).toBe(400);
    }
  });

  it('bounds every string and every time: a 1970 offline ticket, a year-2200 booking and a 10 kB note are refused, nothing written', async () => {
    const before = (await tableHashes(hub));
    const ancient = await json(hub.url, 'POST', '/offline/reconcile', { workstationId: 'ws-3', counter: 3, ops: [{ opId: 'op-1970-0001', type: 'issue', at: 0, number: 'Y-3-001', stream: 'Y' }] });
    expect(ancient.status).toBe(400);
    expect(ancient.json?.error?.message).toMatch(/早于 2020/);
    const future = await json(hub.url, 'POST', '/appointments/import', {
      appointments: [{ id: 'x1', code: 'C0001', idNumber: '310101199001011234', name: '张三', phone: '13800000000', slotStart: Date.parse('2200-01-01'), slotEnd: Date.parse('2200-01-01') + 1 }],
    });
    expect(future.status).toBe(400);
    expect((await json(hub.url, 'POST', '/tickets', { stream: 'A', note: 'x'.repeat(10_000) })).status).toBe(400);
    expect((await json(hub.url, 'POST', '/tickets', { stream: 'A'.repeat(100) })).status).toBe(400);
    expect((await send(hub.url, 'GET', '/tickets?day=1970-01-01')).status).toBe(400);
    for (const day of ['2026-02-31', '2026-13-01', '2026-00-10']) expect((await send(hub.url, 'GET', `/tickets?day=${day}`)).status, day).toBe(400);
    expect((await tableHashes(hub))).toEqual(before);
  });

  it('reads counter numbers and ids in URLs as canonical integers only', async () => {
    for (const n of ['3x', '03', '1e1', '-1', '0', '３', '99999', ' 3']) {
      const r = await send(hub.url, 'POST', `/counters/${encodeURIComponent(n)}/pause`);
      expect(r.status, n).toBe(400);
    }
    expect((await send(hub.url, 'POST', '/counters/3/pause')).status).toBe(200);
  });

  it('refuses bodies that are not JSON (415) — a browser form cannot reach a route', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await send(hub.url, 'POST', '/tickets', { body: 'stream=A', headers: { 'content-type': type } });
      expect(r.status, type).toBe(415);
      expect(r.json?.error?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });
});

describe('the streaming JSON reader', () => {
  const read = (chunks: string[], max = 1000, depth = 3) => readJsonBody(Readable.from(chunks.map((c) => Buffer.from(c))), 0, max, depth);

  it('counts nesting across chunks, not inside strings (escaped quotes split between chunks included)', async () => {
    await expect(read(['{"a":"[[[[\\', '"[[[[","b":[[', '1]]}'])).resolves.toEqual({ a: '[[[["[[[[', b: [[1]] });
    await expect(read(['{"a":[[', '[1]]]}'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(read(['{"a":"', 'x'.repeat(600), '", "b":"', 'y'.repeat(600), '"}'])).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    await expect(readJsonBody(Readable.from([]), 5000, 1000, 3)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    await expect(read([])).resolves.toBeUndefined();
    await expect(read(['{"a":'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(read(['"\u4e2d', '文"'])).resolves.toBe('中文');
  });
});

describe('hub input: Host and Origin', () => {
  let hub: RunningHub;
  beforeEach(async () => {
    ({ hub } = await startTestHub({ demo: true }));
  });
  afterEach(() => hub.close());

  it('a page of another origin cannot POST the body-less routes (pause, resume, heartbeat, sweep): 403, nothing written', async () => {
    const before = (await tableHashes(hub));
    for (const path of ['/counters/1/pause', '/counters/1/resume', '/counters/1/heartbeat', '/appointments/sweep-no-shows']) {
      // What a cross-site fetch(…, {method:'POST', mode:'no-cors'}) or a <form> sends.
      const r = await send(hub.url, 'POST', path, { headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(r.status, path).toBe(403);
      expect(r.json?.error?.code).toBe('FORBIDDEN_ORIGIN');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      const bare = await send(hub.url, 'POST', path, { headers: { origin: 'null' } });
      expect(bare.status, `${path} from a sandboxed page`).toBe(403);
    }
    expect((await tableHashes(hub))).toEqual(before);
  });

  it('answers no CORS preflight and refuses a rebinding Host', async () => {
    const pre = await send(hub.url, 'OPTIONS', '/counters/1/pause', { headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    // A browser would already refuse the hub's certificate for evil.example; a client that ignores
    // the name still meets the Host check.
    const rebound = await send(hub.url, 'GET', '/appointments', { headers: { host: 'evil.example:7300' }, tls: { checkServerIdentity: () => undefined } });
    expect(rebound.status).toBe(403);
    expect(rebound.json?.error?.code).toBe('FORBIDDEN_HOST');
  });

  it('still serves its own pages and Node clients: same-origin requests and requests without Origin', async () => {
    const port = new URL(hub.url).port;
    expect((await send(hub.url, 'GET', '/health')).status).toBe(200);
    expect((await send(hub.url, 'GET', '/health', { headers: { origin: hub.url } })).status).toBe(200);
    expect((await send(hub.url, 'GET', '/health', { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` } })).status).toBe(200);
  });

  it('refuses a push socket opened by another origin', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(pushUrl(hub.url), { origin: 'http://evil.example', ...tlsFor(hub.url) });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
    const own = new WebSocket(pushUrl(hub.url), { origin: hub.url, ...tlsFor(hub.url) });
    await new Promise((r) => own.on('open', r));
    own.close();
  });
});
