/**
 * Supervisor actions verified by the hub, not on the workstation's word: a supervisor registered
 * at the hub, whose password the hub checks, gets an assertion bound to the device that asked.
 * Forged headers, an expired assertion, one replayed from another device and one ended by logout
 * are all refused 403 STAFF_UNVERIFIED; the hub audit names the verified supervisor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { STAFF_ASSERTION_HEADER, STAFF_HEADER, STAFF_ROLE_HEADER } from '../../../main/hub/protocol';
import { HubStaff, MAX_HOURS } from '../../../main/hub/trust/staff';
import { hashPassword } from '../../../main/core/staff/passwords';
import { enrolTestDevice, expectCode, raw, startTestHub, TEST_SUPERVISOR, trustSql } from './helpers';

const UNVERIFIED = /^值班主任身份未经大厅服务核验（.+），请值班主任重新登录后再试。$/;

describe('hub-verified supervisor assertions', () => {
  let hub: RunningHub;
  let desk3: DeviceCredential;
  let desk4: DeviceCredential;
  const as = (cred: DeviceCredential, headers: Record<string, string> = {}) => new HubClient({ url: hub.url, credential: cred, headers: () => headers });
  beforeAll(async () => {
    ({ hub } = await startTestHub());
    [desk3, desk4] = await Promise.all([enrolTestDevice(hub, 'workstation', [3]), enrolTestDevice(hub, 'workstation', [4])]);
  });
  afterAll(() => hub.close());

  it('refuses forged staff headers with a Chinese 403 STAFF_UNVERIFIED', async () => {
    const r = await raw(hub.url, 'GET', '/supervisor', undefined, desk3, { [STAFF_HEADER]: TEST_SUPERVISOR.staffNo, [STAFF_ROLE_HEADER]: 'supervisor' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('STAFF_UNVERIFIED');
    expect(r.json.error.message).toMatch(UNVERIFIED);
    // A made-up assertion is no better.
    const made = await raw(hub.url, 'GET', '/supervisor', undefined, desk3, { [STAFF_ASSERTION_HEADER]: 'A'.repeat(43) });
    expect(made.json.error.code).toBe('STAFF_UNVERIFIED');
  });

  it('checks the person: wrong password or unknown staff number refused; five wrong suspend checking', async () => {
    const c = as(desk3);
    await expectCode(c.staffAssert(TEST_SUPERVISOR.staffNo, 'wrong-password'), 'STAFF_UNVERIFIED');
    await expect(c.staffAssert('9999', 'whatever-1')).rejects.toThrow(/大厅服务没有登记该值班主任/);
    await hub.trust!.staff.register({ staffNo: 'lock-me', name: '试锁', passwordHash: await hashPassword('Right-password-1') });
    // (From the other desk: each device may ask 10 times a minute.)
    const other = as(desk4);
    for (let i = 0; i < 5; i++) await expectCode(other.staffAssert('lock-me', 'wrong'), 'STAFF_UNVERIFIED');
    await expect(other.staffAssert('lock-me', 'Right-password-1')).rejects.toThrow(/多次核验失败/);
    c.close();
    other.close();
  });

  it('an assertion works from the device it was issued to, not replayed from another', async () => {
    const { assertion, staffNo, role, expiresAt } = await as(desk3).staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password);
    expect({ staffNo, role }).toEqual({ staffNo: TEST_SUPERVISOR.staffNo, role: 'supervisor' });
    expect(expiresAt).toBeGreaterThan(Date.now());
    const own = as(desk3, { [STAFF_ASSERTION_HEADER]: assertion });
    expect((await own.supervisor()).counters.length).toBeGreaterThan(0);
    const replayed = as(desk4, { [STAFF_ASSERTION_HEADER]: assertion });
    await expectCode(replayed.supervisor(), 'STAFF_UNVERIFIED');
    await expectCode(replayed.setSkills(4, ['A']), 'STAFF_UNVERIFIED');
    // Nor can the other device renew or end it.
    await expectCode(replayed.staffRenew(assertion), 'STAFF_UNVERIFIED');
    expect(await replayed.staffEnd(assertion)).toEqual({ ended: false });
    expect((await own.supervisor()).counters.length).toBeGreaterThan(0);
    own.close();
    replayed.close();
  });

  it('an expired assertion is refused; logout ends one at once', async () => {
    const { assertion } = await as(desk3).staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password);
    const c = as(desk3, { [STAFF_ASSERTION_HEADER]: assertion });
    expect((await c.supervisor()).counters.length).toBeGreaterThan(0);
    // Its 15 minutes have passed (the real clock dates assertions, as it does certificates).
    await trustSql(hub, 'UPDATE staff_assertions SET expires_at = ? WHERE staff_no = ? AND ended_at IS NULL', Date.now() - 1, TEST_SUPERVISOR.staffNo);
    await expectCode(c.supervisor(), 'STAFF_UNVERIFIED');
    await expectCode(c.staffRenew(assertion), 'STAFF_UNVERIFIED');

    const fresh = (await as(desk3).staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password)).assertion;
    const d = as(desk3, { [STAFF_ASSERTION_HEADER]: fresh });
    expect((await d.staffRenew(fresh)).expiresAt).toBeGreaterThan(Date.now());
    expect(await d.staffEnd(fresh)).toEqual({ ended: true });
    await expectCode(d.supervisor(), 'STAFF_UNVERIFIED');
    c.close();
    d.close();
  });

  it('renewal never carries an assertion past its maximum age', async () => {
    let t = Date.parse('2026-03-02T08:00:00+08:00');
    const staff = new HubStaff(hub.localDb, () => t);
    await staff.register({ staffNo: 'clocked', name: '计时', passwordHash: await hashPassword('Clocked-pass-1') });
    const { assertion } = await staff.assert('dev-x', 'clocked', 'Clocked-pass-1');
    for (let i = 0; i < (MAX_HOURS * 60) / 10 - 1; i++) {
      t += 10 * 60_000;
      await staff.renew(assertion, 'dev-x');
    }
    expect(await staff.verify(assertion, 'dev-x')).not.toBeNull();
    t += 10 * 60_000;
    expect(await staff.verify(assertion, 'dev-x')).toBeNull();
    await expect(staff.renew(assertion, 'dev-x')).rejects.toThrow(UNVERIFIED);
  });

  it('the hub audit names the verified supervisor, not the forwarded word', async () => {
    const { assertion } = await as(desk3).staffAssert(TEST_SUPERVISOR.staffNo, TEST_SUPERVISOR.password);
    const r = await raw(hub.url, 'PUT', '/counters/3/skills', JSON.stringify({ streams: ['A'], items: null }), desk3, { [STAFF_HEADER]: 'somebody-else', [STAFF_ASSERTION_HEADER]: assertion });
    expect(r.status).toBe(200);
    const row = hub.audit!.log.recent(50).find((x) => x.action === 'hub.setSkills')!;
    expect(row.actorStaffId).toBe(TEST_SUPERVISOR.staffNo);
    expect(JSON.parse(row.details)).toMatchObject({ staffVerified: true, device: desk3.claims.deviceId });
  });
});
