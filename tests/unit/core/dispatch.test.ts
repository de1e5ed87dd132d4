import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { DEMO_STAFF } from '../../../main/core/demo/seed';
import { connection, demoWorkstation } from '../../fixtures/workstation';

const by = (role: string) => DEMO_STAFF.find((s) => s.role === role)!;

async function signedIn(role: string) {
  const ws = await demoWorkstation();
  const conn = connection();
  const s = by(role);
  const r = await dispatch(ws, conn, 'session.login', { staffNo: s.staffNo, password: s.password, counterId: role === 'clerk' ? 'counter-1' : null });
  expect(r.ok).toBe(true);
  return { ws, conn };
}

describe('dispatch', () => {
  it('answers an unknown call with UNKNOWN_CALL', async () => {
    const ws = await demoWorkstation();
    expect(await dispatch(ws, connection(), 'nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await dispatch(ws, connection(), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('rejects malformed input with INVALID_INPUT and writes nothing', async () => {
    const ws = await demoWorkstation();
    const before = ws.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get();
    const r = await dispatch(ws, connection(), 'session.login', { staffNo: 1001, password: '', extra: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual(before);
    expect(ws.db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('requires a session for non-public calls', async () => {
    const ws = await demoWorkstation();
    expect(await dispatch(ws, connection(), 'system.status', {})).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('refuses a call outside the role and audits the refusal', async () => {
    const { ws, conn } = await signedIn('clerk');
    const r = await dispatch(ws, conn, 'audit.recent', { limit: 5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const last = ws.audit.recent(1)[0];
    expect(last).toMatchObject({ action: 'audit.recent', outcome: 'refused', actorRole: 'clerk' });
  });

  it('lets a supervisor read and verify the audit log, and the verification itself is audited', async () => {
    const { ws, conn } = await signedIn('supervisor');
    const r = await dispatch(ws, conn, 'audit.verify', {});
    expect(r).toMatchObject({ ok: true, value: { ok: true } });
    expect(ws.audit.recent(1)[0]).toMatchObject({ action: 'audit.verify', outcome: 'ok' });
  });

  it('settings.set stores a valid value and refuses an invalid one, keeping the old', async () => {
    const { ws, conn } = await signedIn('admin');
    expect(await dispatch(ws, conn, 'settings.set', { key: 'hubUrl', value: 'http://127.0.0.1:7000' })).toMatchObject({ ok: true });
    expect(ws.settings.get('hubUrl')).toBe('http://127.0.0.1:7000');
    expect(await dispatch(ws, conn, 'settings.set', { key: 'hubUrl', value: 'not a url' })).toMatchObject({ ok: false });
    expect(ws.settings.get('hubUrl')).toBe('http://127.0.0.1:7000');
  });

  it('masks ID numbers, phones and names in the audit rows an audited call writes', async () => {
    const { ws, conn } = await signedIn('clerk');
    const applicant = { type: 'person', name: '张伟', idNumber: '310117198206150314', phone: '13801710001' };
    const agent = { name: '李娜', idNumber: '31011919800101168X', phone: '13912345678', relation: 'entrusted', note: '委托书 2026-001' };
    const r = await dispatch(ws, conn, 'intake.createDraft', { applicant, agent, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    expect(r).toMatchObject({ ok: true });

    // The row as stored in the hash chain (it can never be redacted later), read back from the database.
    const rows = ws.db.prepare("SELECT actor_staff_id AS actor, counter_id AS counter, outcome, details FROM audit_log WHERE action = 'intake.createDraft'").all() as Array<{ actor: string; counter: string; outcome: string; details: string }>;
    expect(rows).toHaveLength(1);
    const stored = rows[0].details;
    for (const plain of ['310117198206150314', '31011919800101168X', '13801710001', '13912345678', '张伟', '李娜']) expect(stored).not.toContain(plain);
    expect(JSON.parse(stored)).toEqual({
      applicant: { type: 'person', name: '张*', idNumber: expect.stringMatching(/^3101\*{10}0314$/), phone: '138****0001' },
      agent: { name: '李*', idNumber: expect.stringMatching(/^3101\*{10}168X$/), phone: '139****5678', relation: 'entrusted', note: '委托书 2026-001' },
      itemCode: 'SLH-XK-0001',
      scenarioCode: 'XB',
    });
    expect(rows[0]).toMatchObject({ actor: conn.session!.staff.id, counter: 'counter-1', outcome: 'ok' });
    expect(ws.audit.verify()).toMatchObject({ ok: true });
  });

  it('logs out and then refuses signed-in calls', async () => {
    const { ws, conn } = await signedIn('clerk');
    expect(await dispatch(ws, conn, 'session.logout', {})).toMatchObject({ ok: true });
    expect(await dispatch(ws, conn, 'system.status', {})).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });
});

describe('audit details', () => {
  it('masks a post recipient and address (intake.issueResult) like other personal data', async () => {
    const { auditDetails } = await import('../../../main/api/dispatch');
    expect(auditDetails({ method: 'post', recipient: '王小明', phone: '13801710001', address: '上海市松江区人民北路1号' })).toEqual({
      method: 'post', recipient: '王**', phone: '138****0001', address: '上海市松江区****',
    });
  });

  it('masks personal data and drops secrets and large payloads before they reach the hash chain', async () => {
    const { auditDetails } = await import('../../../main/api/dispatch');
    const d = auditDetails({
      password: 'x',
      by: 'idNumber',
      idNumber: '310117198206150314',
      applicant: { name: '张伟', phone: '13801710001', signerIdNumber: '31011919800101168X' },
      itemName: '建筑渣土运输处置证',
      dataBase64: 'A'.repeat(2000),
    });
    expect(d).toEqual({
      password: '***',
      by: 'idNumber',
      idNumber: expect.stringMatching(/^3101\*+0314$/),
      applicant: { name: '张*', phone: '138****0001', signerIdNumber: expect.stringMatching(/^3101\*+168X$/) },
      itemName: '建筑渣土运输处置证',
      dataBase64: '[2000 字符]',
    });
    expect(JSON.stringify(d)).not.toContain('310117198206150314');
  });
});
