/**
 * Issue 9: taking the queue out of service. The walk-in flood is answered 429 with Retry-After,
 * one client cannot open more than its share of push sockets, and a new push socket gets its
 * initial state alone (the 300-socket finding: every new socket re-broadcast the views to all).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningHub } from '../../../main/hub/index';
import { pushUrl, raw, startTestHub, tlsFor } from './helpers';
import { json } from './security-helpers';

type Counted = { ws: WebSocket; bytes: number; frames: number };

function open(hub: RunningHub): Promise<Counted> {
  return new Promise((resolve, reject) => {
    const c: Counted = { ws: new WebSocket(pushUrl(hub.url), tlsFor(hub.url)), bytes: 0, frames: 0 };
    c.ws.on('message', (d: Buffer) => {
      c.bytes += d.length;
      c.frames++;
    });
    c.ws.on('open', () => resolve(c));
    c.ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, retryAfter: res.headers['retry-after'] })));
    c.ws.on('error', () => {});
  });
}
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hub floods', () => {
  let hub: RunningHub;
  afterEach(() => hub.close());

  it('answers a walk-in flood with 429 and Retry-After once a client passes its issue budget; nothing more is issued', async () => {
    ({ hub } = await startTestHub({ demo: true, limits: { issuesPerMinute: 30 } }));
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 60; i++) {
      const r = await json(hub.url, 'POST', '/tickets', { stream: 'A' });
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter ??= r.headers['retry-after'] as string;
        expect(r.json?.error?.code).toBe('RATE_LIMITED');
        expect(r.json?.error?.message).toMatch(/请求过于频繁，请 \d+ 秒后重试/);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await hub.hub.store.listTickets({ day: hub.hub.queue.today() })).toHaveLength(30);
    // Reading still works for that client within the general budget.
    expect((await json(hub.url, 'GET', '/health', undefined)).status).toBe(200);
  });

  it('limits every route per client (the general budget)', async () => {
    ({ hub } = await startTestHub({ demo: true, limits: { perMinute: 40 } }));
    let limited = 0;
    for (let i = 0; i < 60; i++) {
      const r = await raw(hub.url, 'GET', '/counters');
      if (r.status === 429) limited++;
    }
    expect(limited).toBe(20);
  });

  it('caps push sockets per client: the next upgrade is answered 429 with Retry-After, and a slot frees when one closes', async () => {
    ({ hub } = await startTestHub({ demo: true, limits: { pushPerClient: 5 } }));
    const socks = await Promise.all(Array.from({ length: 5 }, () => open(hub)));
    const refused = await open(hub).then(
      () => null,
      (e: { status: number; retryAfter: string }) => e,
    );
    expect(refused).toMatchObject({ status: 429, retryAfter: '30' });
    socks[0].ws.close();
    await settle(100);
    const again = await open(hub);
    again.ws.close();
    for (const s of socks.slice(1)) s.ws.close();
  });

  it('a new push socket gets its initial state alone: 60 arrivals cost the 20 sockets already there at most one coalesced frame each', async () => {
    ({ hub } = await startTestHub({ demo: true, limits: { pushPerClient: 100 } }));
    const sub = (ws: WebSocket, i: number) =>
      ws.send(JSON.stringify({ type: 'subscribe', counters: [1, 2, 3], supervisor: true, staff: [{ counter: 1, name: `员工${i}`, staffNo: String(1000 + i) }] }));
    const present = await Promise.all(Array.from({ length: 20 }, () => open(hub)));
    present.forEach((c, i) => sub(c.ws, i));
    await settle(1500);
    for (const c of present) {
      c.bytes = 0;
      c.frames = 0;
    }
    // 30 TVs and 30 workstations arrive, each of these changing who is signed in at counter 1.
    const tvs = await Promise.all(Array.from({ length: 30 }, () => open(hub)));
    const desks = await Promise.all(Array.from({ length: 30 }, () => open(hub)));
    desks.forEach((c, i) => sub(c.ws, 100 + i));
    await settle(300);
    const early = present.reduce((n, c) => n + c.bytes, 0);
    await settle(1500);
    const others = present.reduce((n, c) => n + c.bytes, 0);
    const perSocket = Math.max(...present.map((c) => c.frames));
    console.log(`[push] bytes to the 20 sockets already there while 60 arrived: ${others} (first 300 ms: ${early}); frames each ≤ ${perSocket}; each arrival got its own state (${desks[0].bytes} bytes)`);
    // Before: every arrival re-pushed the views to every socket (20 × 30 frames here); now presence
    // changes coalesce into one push a second (two if the arrivals straddle a second).
    expect(perSocket).toBeLessThanOrEqual(2);
    expect(desks.every((c) => c.frames >= 1)).toBe(true);
    expect(tvs.every((c) => c.frames >= 2)).toBe(true); // queue.changed and calls.recent
    for (const c of [...present, ...tvs, ...desks]) c.ws.close();
  });
});
