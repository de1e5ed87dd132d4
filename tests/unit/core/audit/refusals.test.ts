import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../../main/api/dispatch';
import { DEMO_STAFF } from '../../../../main/core/demo/seed';
import { connection, demoWorkstation } from '../../../fixtures/workstation';
import { keyedLog } from './helpers';

afterEach(() => vi.useRealTimers());

const refusals = (rows: { action: string; outcome: string; source: string | null; details: string }[]) =>
  rows.filter((r) => r.outcome === 'refused').reverse().map((r) => ({ action: r.action, source: r.source, ...(JSON.parse(r.details) as { count: number }) }));

describe('refusals aggregated per source and minute', () => {
  it('writes the first refusal at once and the rest of the minute as one row with the count, per source', () => {
    vi.useFakeTimers();
    const { audit } = keyedLog(0);
    for (let i = 0; i < 500; i++) audit.refusal({ action: 'host.connection', source: '10.0.0.9 http://evil', details: { path: '/desk' } });
    audit.refusal({ action: 'host.connection', source: '10.0.0.7 http://other' });
    expect(refusals(audit.recent(50)).map((r) => [r.source, r.count])).toEqual([['10.0.0.9 http://evil', 1], ['10.0.0.7 http://other', 1]]);
    vi.advanceTimersByTime(60_000);
    const rows = refusals(audit.recent(50));
    expect(rows.map((r) => [r.source, r.count])).toEqual([['10.0.0.9 http://evil', 1], ['10.0.0.7 http://other', 1], ['10.0.0.9 http://evil', 499]]);
    expect(rows[2]).toMatchObject({ aggregated: true, path: '/desk' });
    // The next minute starts a new window: its first refusal is written at once again.
    audit.refusal({ action: 'host.connection', source: '10.0.0.9 http://evil' });
    expect(refusals(audit.recent(50))).toHaveLength(4);
    expect(audit.verify()).toMatchObject({ ok: true });
  });

  it('role refusals in the dispatcher: a clerk calling an admin call 30 times makes two rows, not thirty', async () => {
    const ws = await demoWorkstation();
    const conn = connection();
    const clerk = DEMO_STAFF.find((s) => s.role === 'clerk')!;
    await dispatch(ws, conn, 'session.login', { staffNo: clerk.staffNo, password: clerk.password, counterId: 'counter-1' });
    for (let i = 0; i < 30; i++) expect(await dispatch(ws, conn, 'audit.recent', { limit: 5 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    ws.audit.close();
    const rows = refusals(ws.audit.recent(100)).filter((r) => r.action === 'audit.recent');
    expect(rows.map((r) => r.count)).toEqual([1, 29]);
    expect(ws.audit.recent(100).find((r) => r.action === 'audit.recent')).toMatchObject({ actorStaffId: expect.any(String), actorRole: 'clerk' });
    await ws.close();
  });
});
