import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import type { CaseView } from '../../../preload/contract/intake';
import { connection, demoWorkstation, pairCitizenScreen } from '../../fixtures/workstation';
import { signaturePng } from '../../fixtures/intake/signatures';

let ws: Workstation;
let clerk: Connection;
let screen: Connection;
let counterId: string;
let SIG: string;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const COMPANY = { type: 'company' as const, name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28', legalRepresentative: '张伟' };
const REP = { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' as const };
const ZHANG = { type: 'person' as const, name: '张伟', idNumber: '310117198206150314' };

type Ok<T> = { ok: true; value: T };
async function ok<T = unknown>(conn: Connection, name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as Ok<T>).value;
}
async function fails(conn: Connection, name: string, input: unknown, code: string) {
  const r = await dispatch(ws, conn, name as never, input as never);
  expect(r).toMatchObject({ ok: false, error: { code } });
  if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
}
function pdfText(fileId: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wd-pdf-')), 'n.pdf');
  fs.writeFileSync(p, ws.files.read(fileId).bytes);
  return execFileSync('pdftotext', ['-layout', p, '-'], { encoding: 'utf8' });
}
const draft = (applicant: { type: string }, itemCode = 'SLH-XK-0001', scenarioCode = 'XB') =>
  ok<CaseView>(clerk, 'intake.createDraft', { applicant, itemCode, scenarioCode, ...(applicant.type === 'company' ? { agent: REP } : {}) });
const mat = (c: CaseView, name: string) => c.materials.find((m) => m.name === name)!;

beforeAll(async () => {
  ws = await demoWorkstation();
  SIG = await signaturePng();
  counterId = ws.hall.counters()[2].id;
  clerk = connection();
  await ok(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId });
  screen = { ...connection(), id: 'screen' };
  await pairCitizenScreen(ws, clerk, screen);
  await ok(screen, 'citizen.attach', { counterId });
});
afterAll(async () => ws.close());

describe('intake through the contract', () => {
  it('finds items by pinyin initials, name and code', async () => {
    const r = await ok<{ hits: Array<{ name: string; code: string }> }>(clerk, 'intake.catalogSearch', { q: 'ztys' });
    expect(r.hits[0].name).toBe('建筑渣土运输处置证');
    expect((await ok<{ hits: Array<{ code: string }> }>(clerk, 'intake.catalogSearch', { q: 'SLH-XK-0001' })).hits[0].code).toBe('SLH-XK-0001');
    expect((await ok<{ hits: Array<{ code: string }> }>(clerk, 'intake.catalogSearch', { q: '渣土' })).hits[0].code).toBe('SLH-XK-0001');
  });

  it('takes a company application: e-licences exempt two materials, a commitment signed on the citizen screen, a capture, acceptance with a notice', async () => {
    let c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' } });
    expect(c.state).toBe('draft');
    const look = await ok<{ licences: Array<{ licenceNumber: string; materialIds: string[]; status: string }> }>(clerk, 'intake.elicenceLookup', { caseId: c.id });
    expect(look.licences.find((l) => l.licenceNumber === 'SC-2026001')?.materialIds).toEqual(['M02']);
    expect(ws.audit.recent(1)[0]).toMatchObject({ action: 'intake.elicenceLookup', outcome: 'ok' });
    const applied = await ok<{ case: CaseView; applied: unknown[] }>(clerk, 'intake.applyElicences', { caseId: c.id, authorisation: 'signed-form' });
    expect(applied.applied).toEqual([{ materialId: 'M02', licenceNumber: 'SC-2026001' }, { materialId: 'M03', licenceNumber: '沪交运管许可松字2026002' }]);
    c = applied.case;
    expect(mat(c, '营业执照')).toMatchObject({ status: 'exempt-elicence', detail: expect.stringContaining('上海市松江区市场监督管理局') });
    expect(ws.citizen.current(counterId)).toMatchObject({ mode: 'checklist', entries: expect.arrayContaining([{ name: '营业执照', status: 'exempt-elicence', statusLabel: '电子证照免交' }]) });

    c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M04', choice: { kind: 'exempt-datashare' } });
    expect(mat(c, '运输车辆机动车行驶证').status).toBe('exempt-datashare');

    const sig = await ok<{ requestId: string; notice: { file: { fileId: string } } }>(clerk, 'intake.requestSignature', { caseId: c.id, purpose: 'commitment', materialIds: ['M05'] });
    const letter = pdfText(sig.notice.file.fileId);
    expect(letter).toContain('告知承诺书');
    expect(letter).toContain('卫星定位');
    expect(letter).not.toContain('企业安全生产管理制度');
    expect(ws.citizen.current(counterId)).toMatchObject({ mode: 'sign', requestId: sig.requestId, signerName: '张伟（法定代表人本人）' });
    // Staff connections cannot sign for the applicant; a stale request is refused.
    await fails(clerk, 'citizen.sign', { requestId: sig.requestId, pngBase64: SIG }, 'CITIZEN_NOT_ATTACHED');
    await fails(screen, 'citizen.sign', { requestId: 'nope', pngBase64: SIG }, 'SIGNATURE_REQUEST_UNKNOWN');
    const signed: unknown[] = [];
    const off = ws.bus.subscribe((d) => { if (d.name === 'intake.signed') signed.push(d); });
    await ok(screen, 'citizen.sign', { requestId: sig.requestId, pngBase64: SIG });
    off();
    expect(signed).toMatchObject([{ counterId, payload: { caseId: c.id, purpose: 'commitment' } }]);
    c = await ok<CaseView>(clerk, 'intake.case', { caseId: c.id });
    expect(mat(c, '运输车辆安装卫星定位及密闭装置的证明').status).toBe('commitment');

    const page = await ok<{ fileId: string }>(clerk, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'import' });
    c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'captured', fileIds: [page.fileId] } });
    expect(mat(c, '建筑渣土运输处置证申请表')).toMatchObject({ status: 'captured', detail: '已采集 1 份 PDF' });

    // Accepting with M06/M07 missing is refused and changes nothing.
    await fails(clerk, 'intake.accept', { caseId: c.id }, 'CASE_MATERIALS_MISSING');
    expect((await ok<CaseView>(clerk, 'intake.case', { caseId: c.id })).state).toBe('draft');
    for (const id of ['M06', 'M07']) c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: id, choice: { kind: 'original-sighted' } });

    const acc = await ok<{ case: CaseView; notice: { title: string; file: { fileId: string } } }>(clerk, 'intake.accept', { caseId: c.id });
    expect(acc.case.state).toBe('accepted');
    expect(acc.case.caseNumber).toMatch(/^SH-[A-Z0-9]+-\d{8}-0001$/);
    const text = pdfText(acc.notice.file.fileId);
    expect(text).toContain('受理通知书');
    expect(text).toContain(acc.case.caseNumber!);
    expect(ws.audit.recent(1)[0]).toMatchObject({ action: 'intake.accept', outcome: 'ok' });
    expect(acc.case.events.every((e) => e.counterId === counterId)).toBe(true);

    // A second decision is refused.
    await fails(clerk, 'intake.reject', { caseId: c.id, reason: '材料不符', legalBasis: '《行政许可法》第三十二条' }, 'CASE_ILLEGAL_TRANSITION');
    await fails(clerk, 'intake.requestCorrection', { caseId: c.id }, 'CASE_ILLEGAL_TRANSITION');

    const prog = await ok<Array<{ caseNumber: string; stateLabel: string; id: string }>>(clerk, 'intake.progress', { query: `WD-CASE:${acc.case.caseNumber}` });
    expect(prog).toMatchObject([{ caseNumber: acc.case.caseNumber, stateLabel: '已受理', id: c.id }]);
    expect(await ok<unknown[]>(clerk, 'intake.progress', { query: '91310117MA1J3K5P28' })).toHaveLength(1);
  });

  it('completes an instant item at the counter and issues its result with a receipt', async () => {
    let c = await draft(ZHANG, 'GG-JB-0003', 'DY');
    c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'exempt-datashare' } });
    const acc = await ok<{ case: CaseView }>(clerk, 'intake.accept', { caseId: c.id });
    expect(acc.case).toMatchObject({ state: 'completed', decision: 'approved' });
    await fails(clerk, 'intake.issueResult', { caseId: c.id, method: 'pickup', receiptSignatureId: 'not-a-signature' }, 'CASE_RECEIPT_UNKNOWN');
    const req = await ok<{ requestId: string; notice: null }>(clerk, 'intake.requestSignature', { caseId: c.id, purpose: 'result-receipt' });
    expect(ws.citizen.current(counterId)).toMatchObject({ mode: 'sign', title: '请确认领取并签名' });
    let signatureId = '';
    const off = ws.bus.subscribe((d) => { if (d.name === 'intake.signed') signatureId = (d.payload as { signatureId: string }).signatureId; });
    await ok(screen, 'citizen.sign', { requestId: req.requestId, pngBase64: SIG });
    off();
    const out = await ok<{ case: CaseView; notice: { file: { fileId: string } } }>(clerk, 'intake.issueResult', { caseId: c.id, method: 'pickup', receiptSignatureId: signatureId });
    expect(ws.intake.cases.queries.getCase(c.id).delivery).toMatchObject({ method: 'pickup', receiptSignatureId: signatureId, counterId });
    expect(out.case.state).toBe('result-issued');
    const text = pdfText(out.notice.file.fileId);
    expect(text).toContain('领取回执');
    expect(text).toContain(acc.case.caseNumber!);
    await fails(clerk, 'intake.issueResult', { caseId: c.id, method: 'pickup' }, 'CASE_ILLEGAL_TRANSITION');
  });

  it('a correction notice lists exactly the missing materials, once', async () => {
    let c = await draft(COMPANY);
    c = (await ok<{ case: CaseView }>(clerk, 'intake.applyElicences', { caseId: c.id, authorisation: 'suishenban-scan' })).case;
    const r = await ok<{ case: CaseView; notice: { file: { fileId: string } } }>(clerk, 'intake.requestCorrection', { caseId: c.id });
    expect(r.case.correctionMaterials).toEqual(['建筑渣土运输处置证申请表', '运输车辆机动车行驶证', '运输车辆安装卫星定位及密闭装置的证明', '驾驶员名单及机动车驾驶证', '企业安全生产管理制度']);
    const text = pdfText(r.notice.file.fileId).replace(/\s+/g, '');
    for (const n of r.case.correctionMaterials!) expect(text).toContain(n);
    expect(text).not.toContain('营业执照');
    expect(text).not.toContain('道路运输经营许可证');
    await fails(clerk, 'intake.requestCorrection', { caseId: c.id }, 'CASE_CORRECTION_ALREADY_SENT');
  });

  it('accepts with deficiency only for materials that allow it, with a follow-up deadline', async () => {
    let c = await draft(COMPANY);
    c = (await ok<{ case: CaseView }>(clerk, 'intake.applyElicences', { caseId: c.id, authorisation: 'signed-form' })).case;
    await fails(clerk, 'intake.acceptWithDeficiency', { caseId: c.id, followUpWorkingDays: 5 }, 'CASE_DEFICIENCY_NOT_ALLOWED');
    for (const id of ['M01', 'M04', 'M05', 'M07']) c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: id, choice: { kind: 'original-sighted' } });
    const r = await ok<{ case: CaseView; notice: { file: { fileId: string } } }>(clerk, 'intake.acceptWithDeficiency', { caseId: c.id, followUpWorkingDays: 5 });
    expect(r.case.deficiency?.materials.map((m) => m.name)).toEqual(['驾驶员名单及机动车驾驶证']);
    expect(pdfText(r.notice.file.fileId)).toContain('容缺受理告知书');
  });

  it('rejects with a legal reason and a rejection notice', async () => {
    const c = await draft(COMPANY);
    await fails(clerk, 'intake.reject', { caseId: c.id, reason: '', legalBasis: 'x' }, 'INVALID_INPUT');
    const r = await ok<{ case: CaseView; notice: { file: { fileId: string } } }>(clerk, 'intake.reject', { caseId: c.id, reason: '申请事项不属于本机关职权范围', legalBasis: '《中华人民共和国行政许可法》第三十二条' });
    expect(r.case.state).toBe('rejected');
    expect(pdfText(r.notice.file.fileId)).toContain('不予受理通知书');
  });

  it('refuses bad input with a clear Chinese error and writes nothing', async () => {
    const before = (await ok<{ rows: unknown[] }>(clerk, 'intake.cases', { limit: 200 })).rows.length;
    await fails(clerk, 'intake.createDraft', { applicant: { ...ZHANG, idNumber: '310117198206150315' }, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' }, 'ID_NUMBER_INVALID');
    await fails(clerk, 'intake.createDraft', { applicant: { ...COMPANY, creditCode: '91310117MA1J3K5P29' }, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' }, 'CREDIT_CODE_INVALID');
    await fails(clerk, 'intake.createDraft', { applicant: ZHANG, itemCode: 'NOPE-0001', scenarioCode: 'XB' }, 'CATALOG_ITEM_NOT_FOUND');
    await fails(clerk, 'intake.createDraft', { applicant: ZHANG, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', catalogVersion: 'old-1999' }, 'CATALOG_VERSION_UNKNOWN');
    await fails(clerk, 'intake.companyLookup', { creditCode: '123' }, 'CREDIT_CODE_INVALID');
    expect((await ok<{ rows: unknown[] }>(clerk, 'intake.cases', { limit: 200 })).rows.length).toBe(before);

    const c = await draft(COMPANY);
    // M01 has no data-sharing check; M02 allows no commitment.
    await fails(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'exempt-datashare' } }, 'MATERIAL_DATASHARE_NOT_APPLICABLE');
    await fails(clerk, 'intake.requestSignature', { caseId: c.id, purpose: 'commitment', materialIds: ['M02'] }, 'MATERIAL_COMMITMENT_NOT_ALLOWED');
    // An expired licence (the company's second vehicle) can't be used; a licence of someone else isn't found.
    await fails(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M02', choice: { kind: 'exempt-elicence', licenceNumber: 'SC-2026006', authorisation: 'signed-form' } }, 'ELICENCE_NOT_FOUND');
    await fails(clerk, 'intake.setMaterial', { caseId: c.id, materialId: 'M02', choice: { kind: 'exempt-elicence', licenceNumber: '沪交运管许可松字2026002', authorisation: 'signed-form' } }, 'MATERIAL_ELICENCE_WRONG_TYPE');
    const after = await ok<CaseView>(clerk, 'intake.case', { caseId: c.id });
    expect(after.materials.every((m) => m.status === 'missing')).toBe(true);
    expect(after.events.map((e) => e.type)).toEqual(['created']);
  });

  it('lets an assistant read progress but not take applications; a session without a counter cannot act', async () => {
    const asst = { ...connection(), id: 'asst' };
    await ok(asst, 'session.login', { staffNo: '2001', password: 'demo2001', counterId: null });
    await fails(asst, 'intake.createDraft', { applicant: ZHANG, itemCode: 'GG-JB-0003', scenarioCode: 'DY' }, 'FORBIDDEN');
    expect(Array.isArray(await ok(asst, 'intake.progress', { query: '310117198206150314' }))).toBe(true);
    const sup = { ...connection(), id: 'sup' };
    await ok(sup, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null });
    await fails(sup, 'intake.createDraft', { applicant: ZHANG, itemCode: 'GG-JB-0003', scenarioCode: 'DY' }, 'NO_COUNTER');
    const due = await ok<{ nearDue: unknown[]; overdue: unknown[] }>(sup, 'intake.due', {});
    expect(Array.isArray(due.overdue)).toBe(true);
  });
});
