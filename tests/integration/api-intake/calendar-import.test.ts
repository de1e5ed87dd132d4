import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { currentCalendar, resetCalendar } from '../../../main/core/calendar';
import bundled from '../../../resources/calendar/cn-holidays.json';
import { connection, demoWorkstation, tempDir } from '../../fixtures/workstation';

afterEach(() => resetCalendar());

const notice2027 = () => {
  const next = structuredClone(bundled) as any;
  next.years['2027'] = { holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-14'] };
  return JSON.stringify(next);
};

async function signedIn(dataDir: string, staffNo: string, now = () => new Date('2026-12-01T02:00:00Z')) {
  const ws = await demoWorkstation({ dataDir, now });
  const conn = connection();
  const r = await dispatch(ws, conn, 'session.login', { staffNo, password: `demo${staffNo}`, counterId: null });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return { ws, conn };
}

describe('calendar.status and calendar.import', () => {
  it('warns supervisors in December that next year is missing, and only an admin may import', async () => {
    const dataDir = tempDir();
    const sup = await signedIn(dataDir, '3001');
    const st = await dispatch(sup.ws, sup.conn, 'calendar.status', {});
    expect(st.ok && (st.value as any).warning?.message).toContain('2027年放假安排尚未导入');
    const refused = await dispatch(sup.ws, sup.conn, 'calendar.import', { json: notice2027() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await sup.ws.close();
  });

  it('imports the notice, keeps it across a restart, and refuses garbage without changing anything', async () => {
    const dataDir = tempDir();
    const admin = await signedIn(dataDir, '9001');
    const bad = await dispatch(admin.ws, admin.conn, 'calendar.import', { json: '{"years":' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'CALENDAR_INVALID' } });
    const shrunk = await dispatch(admin.ws, admin.conn, 'calendar.import', { json: JSON.stringify({ years: { '2027': { holidays: [], workdays: [] } } }) });
    expect(shrunk).toMatchObject({ ok: false, error: { code: 'CALENDAR_SHRUNK' } });
    expect(fs.existsSync(path.join(dataDir, 'calendar.json'))).toBe(false);
    expect(currentCalendar().covers(2027)).toBe(false);

    const r = await dispatch(admin.ws, admin.conn, 'calendar.import', { json: notice2027() });
    expect(r).toMatchObject({ ok: true, value: { importedYears: [2027] } });
    const audit = admin.ws.audit.recent(20).find((a) => a.action === 'calendar.import' && a.outcome === 'ok');
    expect(audit).toBeTruthy();
    await admin.ws.close();

    resetCalendar(); // as a new process would start: bundled only
    expect(currentCalendar().covers(2027)).toBe(false);
    const again = await signedIn(dataDir, '3001');
    expect(currentCalendar().covers(2027)).toBe(true);
    const st = await dispatch(again.ws, again.conn, 'calendar.status', {});
    expect(st.ok && (st.value as any).warning).toBeNull();
    await again.ws.close();
  });
});
