/**
 * Issue 9: the hub answers enrolled devices only, each within its role. Anonymous callers get 401
 * on every route that is not public (the route table iterated, so a new route cannot slip by),
 * a device of the wrong role or another counter 403, a revoked device 401 on its very next
 * request, and /push refuses an upgrade without a device certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { STAFF_ASSERTION_HEADER, STAFF_HEADER } from '../../../main/hub/protocol';
import { hubRoutes, pathOf, type RouteName } from '../../../main/hub/routes';
import { STAFF_ROLE_HEADER } from '../../../main/hub/trust/access';
import { HallCa } from '../../../main/hub/trust/ca';
import { assertSupervisor, enrolTestDevice, expectCode, fakeClock, pushUrl, raw, startTestHub, tempDir, testClient, tlsFor } from './helpers';
import { tableHashes } from './security-helpers';

const names = Object.keys(hubRoutes) as RouteName[];
const isPublic = (n: RouteName) => hubRoutes[n].access === 'public';
const sampleParams = { id: '1', number: '3', requestId: 'req-00000001', workstation: 'ws-3', code: 'x', digest: 'a'.repeat(64) };

/** Opens /push with these TLS options; resolves with the upgrade's HTTP status (101 when it opened). */
function pushStatus(url: string, tls: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(pushUrl(url), tls);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

describe('device authentication at the hub', () => {
  const clock = fakeClock();
  let hub: RunningHub;
  let kiosk: DeviceCredential;
  let tv: DeviceCredential;
  let counter3: DeviceCredential;
  beforeAll(async () => {
    ({ hub } = await startTestHub({ now: clock.now, demo: true, testClock: true }));
    [kiosk, tv, counter3] = await Promise.all([enrolTestDevice(hub, 'kiosk'), enrolTestDevice(hub, 'display'), enrolTestDevice(hub, 'workstation', [3])]);
  });
  afterAll(() => hub.close());

  it('serves HTTPS only, with a certificate of the hall CA', () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it(`answers anonymous callers 401 DEVICE_UNKNOWN on every non-public route (${names.filter((n) => !isPublic(n)).length} of ${names.length}), writing nothing`, async () => {
    const before = (await tableHashes(hub));
    const refused: string[] = [];
    for (const n of names.filter((x) => !isPublic(x))) {
      const r = hubRoutes[n];
      const res = await raw(hub.url, r.method, pathOf(r.path, sampleParams), r.method === 'GET' ? undefined : '{}', null);
      if (res.status !== 401 || res.json.error?.code !== 'DEVICE_UNKNOWN') refused.push(`${n}: ${res.status} ${res.json.error?.code}`);
      expect(res.json.error?.message).toMatch(/尚未登记/);
    }
    expect(refused).toEqual([]);
    expect((await tableHashes(hub))).toEqual(before);
  });

  it('a certificate from another CA is no device either', async () => {
    const other = await (await HallCa.openOrCreate(tempDir(), '别处大厅')).issueServer({ dns: ['x'], ips: [] });
    const res = await raw(hub.url, 'GET', '/counters', undefined, { keyPem: other.keyPem, certPem: other.certPem, caPem: kiosk.caPem });
    expect(res.status).toBe(401);
  });

  it('serves the public routes to anyone: health, the hall CA, the TV page, a slip’s follow page', async () => {
    expect((await raw(hub.url, 'GET', '/health', undefined, null)).status).toBe(200);
    const ca = await raw(hub.url, 'GET', '/trust/ca', undefined, null);
    expect(ca.json.value).toMatchObject({ caPem: kiosk.caPem, fingerprint: hub.trust!.ca.fingerprint });
    expect((await raw(hub.url, 'GET', '/display', undefined, null)).text).toContain('lang="zh-CN"');
    expect((await raw(hub.url, 'GET', '/follow/nosuchcode', undefined, null)).json.error?.code).not.toBe('DEVICE_UNKNOWN');
  });

  it('a kiosk issues tickets and checks people in, sees only the waiting queue, and cannot call', async () => {
    const k = new HubClient({ url: hub.url, credential: kiosk });
    const t = await k.issue({ stream: 'A', source: 'kiosk' });
    expect(t.number).toMatch(/^A\d+/);
    await expectCode(k.issue({ stream: 'A', source: 'counter' }), 'DEVICE_FORBIDDEN');
    expect((await k.tickets({ status: ['waiting'] })).length).toBeGreaterThan(0);
    await expectCode(k.tickets(), 'DEVICE_FORBIDDEN');
    await expectCode(k.tickets({ status: ['called'] }), 'DEVICE_FORBIDDEN');
    const call = await raw(hub.url, 'POST', '/counters/3/call-next', JSON.stringify({ requestId: 'req-kiosk-001' }), kiosk);
    expect(call.status).toBe(403);
    expect(call.json.error).toMatchObject({ code: 'DEVICE_FORBIDDEN', message: expect.stringContaining('取号机不能调用此接口') });
    await expectCode(k.appointments(), 'DEVICE_FORBIDDEN');
    k.close();
  });

  it('a kiosk’s answers carry no person: the holder masked, notes dropped', async () => {
    const ws = testClient(hub.url);
    const now = clock.now();
    await ws.importAppointments([{ id: 'kiosk-1', code: 'KSK001', idNumber: '310101199001011234', name: '张三丰', phone: '13800001234', slotStart: now + 10 * 60_000, slotEnd: now + 40 * 60_000, itemCode: null, itemName: null }]);
    const k = new HubClient({ url: hub.url, credential: kiosk });
    const r = await k.checkIn({ by: 'code', code: 'KSK001' });
    expect(r.ticket.number).toMatch(/^Y\d+/);
    expect(r.appointment).toMatchObject({ name: '张*丰', phone: '*******1234', note: null });
    expect(r.appointment.idNumberMasked).toBe('3101**********1234');
    expect(r.appointment.idHash).toBe('');
    expect(JSON.stringify(r)).not.toContain('张三丰');
    const t = await k.issue({ stream: 'A', source: 'kiosk', note: '王五的母亲' });
    expect(t.note).toBeNull();
    // The workstation sees what the clerk needs.
    expect((await ws.ticket(t.id)).note).toBe('王五的母亲');
    k.close();
    ws.close();
  });

  it('a hall TV reads the hall and nothing else', async () => {
    const d = new HubClient({ url: hub.url, credential: tv });
    expect((await d.hall()).counters.length).toBeGreaterThan(0);
    await expectCode(d.issue({ stream: 'A', source: 'kiosk' }), 'DEVICE_FORBIDDEN');
    await expectCode(d.counters(), 'DEVICE_FORBIDDEN');
    d.close();
  });

  it('a workstation acts on its own counters only: counter 3 cannot finish counter 4’s ticket, call for 4, or watch 4’s panel', async () => {
    const all = new HubClient({ url: hub.url, credential: (await enrolTestDevice(hub, 'workstation', [4])) });
    const mine = new HubClient({ url: hub.url, credential: counter3 });
    await all.issue({ stream: 'A', source: 'counter' });
    const { ticket } = await all.callNext(4);
    const before = (await tableHashes(hub));
    await expectCode(mine.finish(ticket!.id, 4), 'DEVICE_FORBIDDEN');
    await expectCode(mine.callNext(4), 'DEVICE_FORBIDDEN');
    await expectCode(mine.pause(4), 'DEVICE_FORBIDDEN');
    await expectCode(mine.views({ counters: [3, 4], supervisor: false }), 'DEVICE_FORBIDDEN');
    await expectCode(mine.reconcile({ workstationId: 'ws-x', counter: 4, ops: [] }), 'DEVICE_FORBIDDEN');
    expect((await tableHashes(hub))).toEqual(before);
    // Its own counter, it may.
    expect((await mine.heartbeat(3)).number).toBe(3);
    expect((await mine.views({ counters: [3], supervisor: false })).counters).toBeDefined();
    all.close();
    mine.close();
  });

  it('supervisor actions need a supervisor the hub verified: the workstation’s word alone is refused', async () => {
    const plain = new HubClient({ url: hub.url, credential: counter3 });
    await expectCode(plain.setSkills(3, ['A']), 'STAFF_UNVERIFIED');
    await expectCode(plain.supervisor(), 'STAFF_UNVERIFIED');
    await expectCode(plain.transfer(1, { counter: 3, toStream: 'A', force: true }), 'STAFF_UNVERIFIED');
    const forged = new HubClient({ url: hub.url, credential: counter3, headers: () => ({ [STAFF_HEADER]: 'staff-9', [STAFF_ROLE_HEADER]: 'supervisor' }) });
    await expectCode(forged.moveUp(1), 'STAFF_UNVERIFIED');
    const assertion = await assertSupervisor(hub, counter3);
    const sup = new HubClient({ url: hub.url, credential: counter3, headers: () => ({ [STAFF_ASSERTION_HEADER]: assertion }) });
    expect((await sup.supervisor()).counters.length).toBeGreaterThan(0);
    // A kiosk is never a supervisor, whatever it forwards.
    const k = await raw(hub.url, 'GET', '/supervisor', undefined, kiosk, { [STAFF_HEADER]: 'x', [STAFF_ROLE_HEADER]: 'supervisor', [STAFF_ASSERTION_HEADER]: assertion });
    expect(k.status).toBe(403);
    expect(k.json.error.code).toBe('DEVICE_FORBIDDEN');
    for (const c of [plain, forged, sup]) c.close();
  });

  it('a revoked device is refused on its very next request, on the same kept-alive connection, and at /push', async () => {
    const cred = await enrolTestDevice(hub, 'workstation', [5]);
    const c = new HubClient({ url: hub.url, credential: cred });
    expect((await c.heartbeat(5)).number).toBe(5);
    expect(await pushStatus(hub.url, tlsFor(hub.url, cred))).toBe(101);
    await hub.trust!.registry.revoke(cred.claims.deviceId, '设备丢失');
    await expectCode(c.heartbeat(5), 'DEVICE_UNKNOWN');
    expect(await pushStatus(hub.url, tlsFor(hub.url, cred))).toBe(401);
    c.close();
  });

  it('/push refuses an upgrade without a device certificate, and takes one with', async () => {
    expect(await pushStatus(hub.url, tlsFor(hub.url, null))).toBe(401);
    expect(await pushStatus(hub.url, tlsFor(hub.url, tv))).toBe(101);
  });

  it('push subscriptions follow the device: a workstation gets its own counters’ panels only, a kiosk no views at all', async () => {
    /** The first message of `type` after subscribing (or null within a second). */
    const subscribe = (cred: DeviceCredential, sub: object) => new Promise<any>((resolve, reject) => {
      const ws = new WebSocket(pushUrl(hub.url), tlsFor(hub.url, cred));
      const done = (v: unknown) => {
        ws.close();
        resolve(v);
      };
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', ...sub })));
      ws.on('message', (d) => {
        const e = JSON.parse(String(d));
        if (e.type === 'views') done(e);
      });
      ws.on('error', reject);
      setTimeout(() => done(null), 1000);
    });
    const mine = await subscribe(counter3, { counters: [3, 4], supervisor: false, staff: [{ counter: 4, name: '冒名', staffNo: '9999' }] });
    expect(mine.panels.map((p: { counter: number }) => p.counter)).toEqual([3]);
    expect(await subscribe(kiosk, { counters: [3], supervisor: true })).toBeNull();
    // The board is a supervisor's: a workstation asking without the hub's assertion gets its panels, not the board.
    expect((await subscribe(counter3, { counters: [3], supervisor: true })).supervisor).toBeNull();
    expect((await subscribe(counter3, { counters: [3], supervisor: true, assertion: 'A'.repeat(43) })).supervisor).toBeNull();
    const assertion = await assertSupervisor(hub, counter3);
    expect((await subscribe(counter3, { counters: [3], supervisor: true, assertion })).supervisor).not.toBeNull();
  });

  it('a socket holding the board loses it when the supervisor logs out', async () => {
    const assertion = await assertSupervisor(hub, counter3);
    const ws = new WebSocket(pushUrl(hub.url), tlsFor(hub.url, counter3));
    const frames: { supervisor: unknown }[] = [];
    ws.on('message', (d) => {
      const e = JSON.parse(String(d));
      if (e.type === 'views') frames.push(e);
    });
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', counters: [3], supervisor: true, assertion }));
    await expect.poll(() => frames.at(-1)?.supervisor ?? null).not.toBeNull();
    await new HubClient({ url: hub.url, credential: counter3 }).staffEnd(assertion);
    // Within the next revocation check (a second): later frames come without the board.
    await new Promise((r) => setTimeout(r, 1500));
    const n = frames.length;
    await testClient(hub.url).issue({ stream: 'A', source: 'counter' });
    await expect.poll(() => frames.length).toBeGreaterThan(n);
    expect(frames.slice(n).every((f) => f.supervisor === null)).toBe(true);
    ws.close();
  });

  it('an enrolment code works once; a wrong one is refused with the same answer', async () => {
    const { code } = await hub.trust!.registry.createCode({ role: 'kiosk', counters: [], name: '2号取号机' });
    const bad = await raw(hub.url, 'POST', '/trust/enrol', JSON.stringify({ code: `ZZZZ-ZZZZ-${code.slice(10)}`, csr: 'x' }), null);
    expect(bad).toMatchObject({ status: 403, json: { error: { code: 'ENROLMENT_REFUSED' } } });
  });
});
