/** How the push wire sorts the hub's answers: retry (with Retry-After) or refuse; malformed JSON is never taken as an answer. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import { HttpPushTransport, SyncFault, retryAfterMs, syncFaultOf } from '../../../main/core/sync/transport';
import { caseOp } from '../../fixtures/case-ops';

let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '{}' };
let server: http.Server;
let url = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const req = { workstation: 'ws-1', ops: [caseOp('case-tttt-0001', 1)] };
async function fault(): Promise<SyncFault> {
  const t = new HttpPushTransport(url, null);
  try {
    await t.push(req);
  } catch (e) {
    return e as SyncFault;
  } finally {
    t.close();
  }
  throw new Error('no fault');
}

describe('push transport', () => {
  it('takes a valid answer', async () => {
    reply = { status: 200, body: JSON.stringify({ ok: true, value: { results: [{ key: 'k', outcome: 'applied', hubSeq: 1, receivedAt: 5 }], hubNow: 5 } }) };
    const t = new HttpPushTransport(url, null);
    expect((await t.push(req)).results[0].outcome).toBe('applied');
    t.close();
  });

  it('retries 500 and 429 honouring Retry-After; malformed JSON and off-protocol answers are retried, not applied', async () => {
    reply = { status: 503, body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: '内部错误' } }), headers: { 'retry-after': '7' } };
    expect(await fault()).toMatchObject({ kind: 'retry', retryAfterMs: 7000, status: 503 });
    reply = { status: 429, body: JSON.stringify({ ok: false, error: { code: 'RATE_LIMITED', message: '频繁' } }) };
    expect(await fault()).toMatchObject({ kind: 'retry', status: 429 });
    reply = { status: 200, body: '{"ok": tru' };
    expect(await fault()).toMatchObject({ kind: 'retry' });
    reply = { status: 200, body: JSON.stringify({ ok: true, value: { results: 'nope' } }) };
    expect(await fault()).toMatchObject({ kind: 'retry' });
  });

  it('a 400 is a refusal; 401/403/404 are the device’s problem and retried, never dead-lettered', async () => {
    reply = { status: 400, body: JSON.stringify({ ok: false, error: { code: 'INVALID_INPUT', message: '请求格式不正确' } }) };
    expect(await fault()).toMatchObject({ kind: 'reject', status: 400, message: '请求格式不正确' });
    reply = { status: 401, body: JSON.stringify({ ok: false, error: { code: 'DEVICE_UNKNOWN', message: '未登记' } }) };
    expect(await fault()).toMatchObject({ kind: 'retry', status: 401 });
  });

  it('an unreachable hub is a retry', async () => {
    const t = new HttpPushTransport('http://127.0.0.1:1', null);
    await expect(t.push(req)).rejects.toMatchObject({ kind: 'retry' });
    t.close();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs(undefined, 0)).toBeNull();
  });
});

describe('the HubClient\'s errors, sorted for the engine (ratings, 求助)', () => {
  it('keeps the hub\'s Retry-After on a throttled or unavailable answer, and refuses for good only what the hub refused', () => {
    expect(syncFaultOf(new DeskError('RATE_LIMITED', '请求过于频繁', { httpStatus: 429, retryAfter: '30' }))).toMatchObject({ kind: 'retry', retryAfterMs: 30_000, status: 429 });
    expect(syncFaultOf(new DeskError('UNAVAILABLE', '维护中', { httpStatus: 503 }))).toMatchObject({ kind: 'retry', retryAfterMs: null });
    expect(syncFaultOf(new DeskError('RATING_INVALID', '差评须选择原因', { httpStatus: 422 }))).toMatchObject({ kind: 'reject' });
    expect(syncFaultOf(new DeskError('HUB_UNREACHABLE', '无法连接大厅服务'))).toMatchObject({ kind: 'retry' });
  });
});
