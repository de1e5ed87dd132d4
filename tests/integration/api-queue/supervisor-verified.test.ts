/**
 * A supervisor's actions at the hub rest on the hub's own check of the person: signing in at the
 * workstation forwards the password once and gets an assertion; logout ends it at the hub; a
 * supervisor the hub does not know (or whose hub password differs) cannot act there, whatever the
 * workstation says about them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workstation } from '../../../main/api/workstation';
import type { RunningHub } from '../../../main/hub/index';
import { hashPassword } from '../../../main/core/staff/passwords';
import { caller, codeOf, hallAt10, until, workstationFor } from './helpers';
import { dispatch } from '../../../main/api/dispatch';
import { trustSql } from '../hub/helpers';
import type { Connection } from '../../../main/api/context';

/** The hub's assertion rows for 3001 (on PostgreSQL in the hall's shared tables). */
const open = (hub: RunningHub) => trustSql<{ staffNo: string; endedAt: number | null; reason: string | null }>(hub, 'SELECT staff_no AS "staffNo", ended_at AS "endedAt", ended_reason AS reason FROM staff_assertions WHERE staff_no = ? ORDER BY issued_at', '3001');

describe('supervisor actions verified by the hub', () => {
  let hub: RunningHub;
  let ws: Workstation;
  beforeEach(async () => {
    ({ hub } = await hallAt10());
    ws = await workstationFor(hub.url);
    await until(() => ws.queue.link.online);
  });
  afterEach(async () => {
    await ws.close();
    await hub.close();
  });

  it('sign-in gets an assertion the hub checked; supervisor calls work; logout ends it at the hub', async () => {
    const conn: Connection = { id: 'sup-1', transport: 'ws', session: null, citizenCounterId: null };
    expect(await dispatch(ws, conn, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null })).toMatchObject({ ok: true });
    expect(await open(hub)).toEqual([{ staffNo: '3001', endedAt: null, reason: null }]);
    const sup = caller(ws, conn);
    expect((await sup<any>('queue.supervisor', {})).counters).toHaveLength(12);
    expect((await sup<any>('queue.setSkills', { counter: 5, streams: ['A'] })).streams).toEqual(['A']);
    const audited = hub.audit!.log.recent(50).find((r) => r.action === 'hub.setSkills')!;
    expect(audited.actorStaffId).toBe('3001');
    expect(JSON.parse(audited.details).staffVerified).toBe(true);

    expect(await dispatch(ws, conn, 'session.logout', {})).toMatchObject({ ok: true });
    await until(async () => (await open(hub))[0].endedAt !== null);
    expect((await open(hub))[0].reason).toBe('logout');
  });

  it('a password changed at the workstation reaches the remote hub (checked against the current one): no staff-add again', async () => {
    const conn: Connection = { id: 'sup-3', transport: 'ws', session: null, citizenCounterId: null };
    expect(await dispatch(ws, conn, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null })).toMatchObject({ ok: true });
    const next = 'Zhao-Gang-2026!';
    expect(await dispatch(ws, conn, 'session.changePassword', { current: 'demo3001', next })).toMatchObject({ ok: true });
    // The assertion made under the old password ended; the session holds a new one, made with the new password.
    await until(async () => (await open(hub)).length === 2);
    expect((await open(hub)).map((r) => r.reason)).toEqual(['password-changed', null]);
    const sup = caller(ws, conn);
    expect((await sup<any>('queue.setSkills', { counter: 5, streams: ['A'] })).streams).toEqual(['A']);
    const c = ws.queue.client!;
    expect(await codeOf(c.staffAssert('3001', 'demo3001'))).toBe('STAFF_UNVERIFIED');
    expect((await c.staffAssert('3001', next)).staffNo).toBe('3001');
    // The hub checks the current password itself: a wrong one changes nothing there.
    expect(await codeOf(c.staffPassword('3001', 'not-the-password', 'Other-pass-2026!'))).toBe('STAFF_UNVERIFIED');
    expect((await c.staffAssert('3001', next)).staffNo).toBe('3001');
  });

  it('a supervisor whose password the hub does not hold cannot act at the hub, though the workstation let them in', async () => {
    // The hub's administrator registered 3001 with another password (e.g. changed at the workstation only).
    await hub.trust!.staff.register({ staffNo: '3001', name: '赵刚', passwordHash: await hashPassword('Another-pass-1') });
    const conn: Connection = { id: 'sup-2', transport: 'ws', session: null, citizenCounterId: null };
    expect(await dispatch(ws, conn, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null })).toMatchObject({ ok: true });
    const sup = caller(ws, conn);
    expect(await codeOf(sup('queue.setSkills', { counter: 5, streams: ['A'] }))).toBe('STAFF_UNVERIFIED');
    expect(await open(hub)).toEqual([]);
  });
});
