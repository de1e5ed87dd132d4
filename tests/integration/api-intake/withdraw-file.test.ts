/**
 * 撤回 a scan whose upload was dead-lettered (core/cases CaseService.withdrawAttachment through
 * `sync.withdrawFile`): a file damaged or gone on this machine can never reach the hub nor the
 * archive package, and 重新发送 only fails again. Withdrawing it voids its upload, leaves the
 * material with its other files (or missing, to be captured anew), records the step for the hub
 * and the call in the audit log. A file that still reads whole is withdrawn only while the
 * materials are open; a signature's image, an operation not dead, another kind: refused.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import { CASE_FILE, caseFileLane } from '../../../main/core/sync/case-files';
import type { CaseView } from '../../../preload/contract/intake';
import { connection, demoWorkstation, tempDir } from '../../fixtures/workstation';

let ws: Workstation;
let clerk: Connection;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const COMPANY = { type: 'company' as const, name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28', legalRepresentative: '张伟' };
const REP = { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' as const };

async function ok<T = unknown>(conn: Connection, name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as { value: T }).value;
}
async function refused(conn: Connection, name: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (r.ok) throw new Error(`${name} was accepted`);
  return r.error;
}
const upload = async () => (await ok<{ fileId: string }>(clerk, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'import' })).fileId;
const capture = (caseId: string, materialId: string) => ok<CaseView>(clerk, 'intake.setMaterial', { caseId, materialId, choice: { kind: 'captured', fileIds: [] } }).catch(async () =>
  ok<CaseView>(clerk, 'intake.setMaterial', { caseId, materialId, choice: { kind: 'captured', fileIds: [await upload()] } }));

type Att = { id: string; materialId: string; path: string };
const attachments = (caseId: string) => ws.db.prepare('SELECT id, material_id AS materialId, file_path AS path FROM case_attachments WHERE case_id = ? ORDER BY added_at, id').all(caseId) as Att[];
/** The upload of this attachment, refused as the sender refuses a file it cannot read (core/sync/case-files.ts). */
function deadLettered(a: Att, damage: boolean): number {
  if (damage) {
    const bytes = fs.readFileSync(a.path);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(a.path, bytes);
  }
  const op = ws.sync.outbox.list(['pending', 'failed']).find((o) => o.aggregate === caseFileLane(a.id))!;
  ws.sync.outbox.markDead(op.id, '大厅服务拒收：附件无法读取，请重新采集该材料。');
  return op.id;
}
const material = (c: CaseView, id: string) => c.materials.find((m) => m.materialId === id)!;

beforeAll(async () => {
  ws = await demoWorkstation({ dataDir: tempDir() });
  clerk = connection();
  await ok(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: ws.hall.counters()[2].id });
});
afterAll(async () => ws.close());

describe('撤回 a dead-lettered scan', () => {
  it('before the decision: the upload is void, the material keeps its other file, the step goes to the hub, the call is audited', async () => {
    const c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    await capture(c.id, 'M01');
    await capture(c.id, 'M01');
    const [bad, good] = attachments(c.id);
    const id = deadLettered(bad, true);

    // Only a dead scan upload can be withdrawn.
    const other = ws.sync.outbox.list(['pending']).find((o) => o.aggregate === caseFileLane(good.id))!;
    expect((await refused(clerk, 'sync.withdrawFile', { id: other.id, reason: '扫错了' })).code).toBe('SYNC_NOT_WITHDRAWABLE');
    expect((await refused(clerk, 'sync.withdrawFile', { id, reason: '' })).code).toBe('INVALID_INPUT');

    const r = await ok<{ caseId: string; subject: string }>(clerk, 'sync.withdrawFile', { id, reason: '本机文件已损坏或丢失' });
    expect(r.caseId).toBe(c.id);
    expect(ws.sync.outbox.get(id)).toBeNull();
    expect(ws.sync.outbox.list(['pending']).some((o) => o.aggregate === caseFileLane(good.id))).toBe(true);
    const v = await ok<CaseView>(clerk, 'intake.case', { caseId: c.id });
    expect(material(v, 'M01')).toMatchObject({ status: 'captured', detail: '已采集 1 份 PDF' });
    expect(ws.db.prepare('SELECT withdrawn_reason FROM case_attachments WHERE id = ?').get(bad.id)).toEqual({ withdrawn_reason: '本机文件已损坏或丢失' });
    const step = ws.sync.outbox.list(['pending']).filter((o) => o.kind === 'case.step' && o.aggregate === `case:${c.id}`).at(-1)!;
    expect(step.payload).toMatchObject({ event: { type: 'attachment-withdrawn', payload: { attachmentId: bad.id, materialId: 'M01', damaged: true } } });
    expect(ws.audit.recent(5).find((a) => a.action === 'sync.withdrawFile')).toMatchObject({ outcome: 'ok' });
    // Withdrawn once: the operation is gone, nothing to withdraw again.
    expect((await refused(clerk, 'sync.withdrawFile', { id, reason: '本机文件已损坏或丢失' })).code).toBe('SYNC_NOT_WITHDRAWABLE');
  });

  it('after acceptance: a damaged file is withdrawn and its material is missing again; a file that reads whole is not', async () => {
    const c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    for (const m of c.materials.filter((x) => x.needed)) await capture(c.id, m.materialId);
    await ok(clerk, 'intake.accept', { caseId: c.id });
    expect((await ok<CaseView>(clerk, 'intake.case', { caseId: c.id })).state).toBe('accepted');
    // Every material is locked now.
    const all = attachments(c.id);
    const m01 = all.find((a) => a.materialId === 'M01')!;
    const m07 = all.find((a) => a.materialId !== 'M01')!;
    const whole = deadLettered(m01, false);
    expect(await refused(clerk, 'sync.withdrawFile', { id: whole, reason: '想换一份' })).toMatchObject({ code: 'CASE_MATERIALS_LOCKED' });
    const damaged = deadLettered(m07, true);
    await ok(clerk, 'sync.withdrawFile', { id: damaged, reason: '本机文件已损坏或丢失' });
    const v = await ok<CaseView>(clerk, 'intake.case', { caseId: c.id });
    expect(material(v, m07.materialId).status).toBe('missing');
    expect(material(v, 'M01').status).toBe('captured');
    expect(ws.sync.outbox.list(['dead']).map((o) => o.id)).toEqual([whole]);
  });

  it('a signature image’s upload is not withdrawn (the applicant signs again)', async () => {
    const c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    ws.db.transaction(() => ws.sync.outbox.enqueue(CASE_FILE, caseFileLane('sig-1'), {
      caseId: c.id, attachmentId: 'sig-1', materialId: 'signature:commitment', sha256: 'a'.repeat(64), mime: 'image/png', caseNumber: null, materialName: '告知承诺书签名', kind: 'signature',
    }, 'file:sig-1'))();
    const row = ws.sync.outbox.list(['pending']).find((o) => o.aggregate === caseFileLane('sig-1'))!;
    ws.sync.outbox.markDead(row.id, '大厅服务拒收');
    expect((await refused(clerk, 'sync.withdrawFile', { id: row.id, reason: '文件损坏' })).message).toMatch(/签名图像不能撤回/);
  });
});
