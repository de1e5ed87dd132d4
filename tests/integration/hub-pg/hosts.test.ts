/**
 * Hub processes on several HOSTS behind one load balancer, on one PostgreSQL: each has its own data
 * directory (its own hub.sqlite and `<data>/trust`), yet they are one hall. The hall CA, the device
 * registry, the enrolment codes and the supervisors' assertions are in the shared database (step 26),
 * so a workstation enrolled through one host is served by another over mutual TLS, a revocation or a
 * logout made on one holds on the other, and a code is redeemed once whichever hosts it reaches. A
 * host holding another hall's CA refuses to start; a host's own rows from before are moved in.
 * With per-host trust (before step 26) every one of these fails.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../main/core/trust/x509';
import { HubClient } from '../../../main/hub/client';
import { startHub, type RunningHub } from '../../../main/hub/index';
import { STAFF_ASSERTION_HEADER } from '../../../main/hub/protocol';
import { HallCa } from '../../../main/hub/trust/ca';
import { runDeviceCommand } from '../../../main/hub/trust/cli-devices';
import { runStaffCommand } from '../../../main/hub/trust/cli-staff';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import { PG_SKIP_REASON, PG_URL, pgSpec } from '../../fixtures/pg';
import { assertSupervisor, expectCode, raw, redeemAt, startTestHub, TEST_SUPERVISOR, tempDir } from '../hub/helpers';

describe.skipIf(!PG_URL)(`two hosts (two data directories) on one PostgreSQL are one hall${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.close();
  });
  const start = async (db: string, dataDir = tempDir()) => {
    const s = await startTestHub({ db, dataDir });
    hubs.push(s.hub);
    return { ...s, dataDir };
  };

  it('a workstation enrolled through host A is served by host B over mutual TLS; revoked on B, A refuses its next request; a TV likewise', async () => {
    const db = pgSpec();
    const a = await start(db);
    const b = await start(db);
    expect(a.dataDir).not.toBe(b.dataDir);
    // Both present the same hall CA (each its own server certificate from it).
    expect(b.hub.trust!.ca.fingerprint).toBe(a.hub.trust!.ca.fingerprint);
    const desk = await enrolWithRunningHub(a.hub, tempDir(), { role: 'workstation', counters: [2], name: '2号窗口' });
    const atB = new HubClient({ url: b.hub.url, credential: desk });
    expect((await atB.hall()).counters.length).toBeGreaterThan(0);
    expect((await raw(b.hub.url, 'GET', '/hall', undefined, desk)).status).toBe(200);
    // The device list is the hall's: B lists it, and B's administrator revokes it.
    expect((await b.hub.trust!.registry.list()).map((d) => d.id)).toContain(desk.claims.deviceId);
    await b.hub.trust!.registry.revoke(desk.claims.deviceId, '设备丢失');
    const refused = await raw(a.hub.url, 'GET', '/hall', undefined, desk);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('DEVICE_UNKNOWN');
    atB.close();

    // A hall TV (a cookie, no certificate) enrolled through A is the hall's too; revoked on A, B refuses it.
    const { code } = await a.hub.trust!.registry.createCode({ role: 'display', counters: [], name: '大厅叫号屏' });
    const tv = await raw(a.hub.url, 'POST', '/display/enrol', JSON.stringify({ code }), null);
    expect(tv.status).toBe(200);
    const cookie = String(tv.headers['set-cookie']).split(';')[0];
    expect((await raw(b.hub.url, 'GET', '/hall', undefined, null, { cookie })).status).toBe(200);
    await a.hub.trust!.registry.revoke(tv.json.value.deviceId as string, '屏幕更换');
    expect((await raw(b.hub.url, 'GET', '/hall', undefined, null, { cookie })).status).toBe(401);
  });

  it("a supervisor's assertion issued by A verifies on B, and a logout on B ends it on A", async () => {
    const db = pgSpec();
    const a = await start(db);
    const b = await start(db);
    const desk = await enrolWithRunningHub(b.hub, tempDir(), { role: 'workstation', counters: [3], name: '3号窗口' });
    const assertion = await assertSupervisor(a.hub, desk);
    const withAssertion = (hub: RunningHub) => new HubClient({ url: hub.url, credential: desk, headers: () => ({ [STAFF_ASSERTION_HEADER]: assertion }) });
    const [atA, atB] = [withAssertion(a.hub), withAssertion(b.hub)];
    expect((await atB.supervisor()).counters.length).toBeGreaterThan(0);
    expect((await atA.supervisor()).counters.length).toBeGreaterThan(0);
    expect(await atB.staffEnd(assertion)).toEqual({ ended: true });
    await expectCode(atA.supervisor(), 'STAFF_UNVERIFIED');
    // Five wrong passwords spread over both hosts suspend checking on both.
    const plain = (hub: RunningHub) => new HubClient({ url: hub.url, credential: desk });
    const [pa, pb] = [plain(a.hub), plain(b.hub)];
    for (let i = 0; i < 5; i++) await expectCode((i % 2 ? pa : pb).staffAssert(TEST_SUPERVISOR.staffNo, 'wrong-password'), 'STAFF_UNVERIFIED');
    await expect(pa.staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password)).rejects.toThrow(/多次核验失败/);
    for (const c of [atA, atB, pa, pb]) c.close();
  });

  it('one enrolment code redeemed on A and B at once: exactly one device is enrolled', async () => {
    const db = pgSpec();
    const a = await start(db);
    const b = await start(db);
    for (let round = 0; round < 4; round++) {
      const { code } = await (round % 2 ? b : a).hub.trust!.registry.createCode({ role: 'kiosk', counters: [], name: `取号机${round}` });
      const tries = await Promise.allSettled([redeemAt(a.hub.url, code), redeemAt(b.hub.url, code)]);
      expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
      const lost = tries.find((t) => t.status === 'rejected') as PromiseRejectedResult;
      expect(String(lost.reason)).toMatch(/登记码无效、已使用或已过期/);
      expect((await a.hub.trust!.registry.list()).filter((d) => d.name === `取号机${round}`)).toHaveLength(1);
    }
  });

  it("the administrator's commands with --db work on the hall's registry and CA from any host's data directory", async () => {
    const db = pgSpec();
    const a = await start(db);
    const elsewhere = tempDir();
    const out = await runDeviceCommand('enrol-code', elsewhere, null, { role: 'kiosk', name: '东门取号机', db });
    expect(out).toContain(`大厅证书指纹（SHA-256）：${a.hub.trust!.ca.fingerprint}`);
    const kiosk = await redeemAt(a.hub.url, /登记码（一次有效）：(\S+)/.exec(out)![1]);
    expect(await runDeviceCommand('devices', elsewhere, null, { db })).toContain(kiosk.claims.deviceId);
    expect(await runStaffCommand('staff-list', elsewhere, null, { db }, async () => '')).toContain(TEST_SUPERVISOR.staffNo);
    await runDeviceCommand('revoke', elsewhere, null, { id: kiosk.claims.deviceId, db });
    expect((await raw(a.hub.url, 'GET', '/hall', undefined, kiosk)).status).toBe(401);
  });

  it('a host whose own CA is not the hall’s refuses to start, naming both fingerprints', async () => {
    const db = pgSpec();
    const a = await start(db);
    const dataDir = tempDir();
    const other = await HallCa.openOrCreate(join(dataDir, 'trust'), '别处大厅');
    const hall = a.hub.trust!.ca.fingerprint;
    const err = await startHub({ port: 0, dataDir, db }).then(() => null, (e: Error) => e);
    expect(err?.message).toContain('本机的大厅证书颁发机构');
    expect(err?.message).toContain(fingerprintOf(other.certPem));
    expect(err?.message).toContain(hall);
    expect(err?.message).toContain('every hub on one database must present the same CA');
    // Nothing was split: A still serves, and the database still holds A's CA.
    expect((await raw(a.hub.url, 'GET', '/hall')).status).toBe(200);
    const c = await start(db);
    expect(c.hub.trust!.ca.fingerprint).toBe(hall);
  });

  it("a host's own devices, codes and supervisors (a former SQLite hub's) move into the shared tables and work through every host", async () => {
    const dataDir = tempDir();
    // The hall ran on one SQLite hub: a workstation enrolled there, a supervisor signed in, a code handed out.
    const old = await startHub({ port: 0, dataDir });
    const desk = await enrolWithRunningHub(old, tempDir(), { role: 'workstation', counters: [4], name: '4号窗口' });
    const assertion = await assertSupervisor(old, desk);
    const { code } = await old.trust!.registry.createCode({ role: 'kiosk', counters: [], name: '待登记取号机' });
    const oldCa = old.trust!.ca.fingerprint;
    await old.close();

    const db = pgSpec();
    const a = await start(db, dataDir);
    expect(a.hub.trust!.ca.fingerprint).toBe(oldCa);
    for (const t of ['devices', 'enrolment_codes', 'hub_staff', 'staff_assertions']) {
      expect(a.hub.localDb.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get(), t).toEqual({ n: 0 });
    }
    const b = await start(db);
    const atB = new HubClient({ url: b.hub.url, credential: desk, headers: () => ({ [STAFF_ASSERTION_HEADER]: assertion }) });
    expect((await atB.supervisor()).counters.length).toBeGreaterThan(0);
    const kiosk = await redeemAt(b.hub.url, code);
    expect((await b.hub.trust!.registry.get(kiosk.claims.deviceId))?.name).toBe('待登记取号机');
    expect((await b.hub.trust!.registry.list()).map((d) => d.id)).toContain(desk.claims.deviceId);
    atB.close();
  });
});
