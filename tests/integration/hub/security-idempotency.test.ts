/** Issue 9: ticket issue takes an idempotency key — a retry after a lost answer prints no second ticket. */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { fakeClock, startTestHub, tlsFor } from './helpers';
import { json, scalar } from './security-helpers';

/** Forwards to the hub, but cuts the connection instead of answering the first `drop` ticket issues (the hub did issue them). */
async function losingProxy(hub: RunningHub, drop: number) {
  const target = hub.url;
  const t = new URL(target);
  let left = drop;
  // TLS ends here (a certificate from the hall CA) and starts again upstream with the test workstation's credential.
  const own = await hub.trust!.ca.issueServer({ dns: ['localhost'], ips: ['127.0.0.1'] });
  const server = https.createServer({ key: own.keyPem, cert: own.certPem }, (req, res) => {
    const up = https.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, ...tlsFor(target) }, (ur) => {
      if (req.method === 'POST' && req.url === '/tickets' && left > 0) {
        left--;
        ur.resume();
        ur.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(ur.statusCode ?? 500, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('ticket issue idempotency', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  let credential: DeviceCredential;
  beforeEach(async () => {
    ({ hub, credential } = await startTestHub({ now: clock.now, demo: true }));
  });
  afterEach(() => hub.close());

  const issuedEvents = () => scalar(hub, `SELECT count(*) AS n FROM ticket_events WHERE type = 'issued'`);

  it('the same key returns the first answer: one number, one event, no second ticket', async () => {
    const first = await json(hub.url, 'POST', '/tickets', { stream: 'A', idempotencyKey: 'press-000001' });
    clock.advance(1);
    const again = await json(hub.url, 'POST', '/tickets', { stream: 'A', idempotencyKey: 'press-000001' });
    expect(first.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const other = await json(hub.url, 'POST', '/tickets', { stream: 'A', idempotencyKey: 'press-000002' });
    expect((other.json!.value as { number: string }).number).toBe('A002');
    expect(await issuedEvents()).toBe(2);
  });

  it('the same key with another request is refused (409), not answered with someone else’s ticket', async () => {
    await json(hub.url, 'POST', '/tickets', { stream: 'A', idempotencyKey: 'press-000003' });
    const r = await json(hub.url, 'POST', '/tickets', { stream: 'V', idempotencyKey: 'press-000003' });
    expect(r.status).toBe(409);
    expect(r.json!.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await issuedEvents()).toBe(1);
  });

  it('the workstation’s hub client resends the same key when the answer is lost: the clerk gets the ticket the hub issued, and only that one', async () => {
    const proxy = await losingProxy(hub, 1);
    try {
      const t = await new HubClient({ url: proxy.url, credential }).issue({ stream: 'A', source: 'counter' });
      expect(t.number).toBe('A001');
      const all = await new HubClient({ url: hub.url, credential }).tickets();
      expect(all.map((x) => x.number)).toEqual(['A001']);
      expect(await issuedEvents()).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('without the key (before this change) the same lost answer cost a second ticket', async () => {
    const proxy = await losingProxy(hub, 1);
    try {
      const lost = await json(proxy.url, 'POST', '/tickets', { stream: 'A' }, {}, credential).catch(() => null);
      expect(lost).toBeNull();
      await json(proxy.url, 'POST', '/tickets', { stream: 'A' }, {}, credential);
      expect(await issuedEvents()).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});
