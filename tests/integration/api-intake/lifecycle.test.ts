import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import type { CaseView } from '../../../preload/contract/intake';
import { connection, demoWorkstation, pairCitizenScreen, tempDir } from '../../fixtures/workstation';
import { signaturePng } from '../../fixtures/intake/signatures';

let ws: Workstation;
let dataDir: string;
let clerk3: Connection;
let clerk1: Connection;
let screen1: Connection;
let SIG: string;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const COMPANY = { type: 'company' as const, name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28', legalRepresentative: '张伟' };
const REP = { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' as const };

async function ok<T = unknown>(conn: Connection, name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as { value: T }).value;
}
async function code(conn: Connection, name: string, input: unknown): Promise<string | null> {
  const r = await dispatch(ws, conn, name as never, input as never);
  return r.ok ? null : r.error.code;
}
const upload = async (conn: Connection, dataBase64 = PNG_1x1, mime = 'image/png') => (await ok<{ fileId: string }>(conn, 'devices.uploadCapture', { dataBase64, mime, source: 'import' })).fileId;

beforeAll(async () => {
  dataDir = tempDir();
  ws = await demoWorkstation({ dataDir });
  SIG = await signaturePng();
  const [c1, , c3] = ws.hall.counters();
  clerk3 = { ...connection(), id: 'c3' };
  await ok(clerk3, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: c3.id });
  clerk1 = { ...connection(), id: 'c1' };
  await ok(clerk1, 'session.login', { staffNo: '1002', password: 'demo1002', counterId: c1.id });
  screen1 = { ...connection(), id: 's1' };
  await pairCitizenScreen(ws, clerk1, screen1);
  await ok(screen1, 'citizen.attach', { counterId: c1.id });
});
afterAll(async () => ws.close());

describe('intake lifecycle through the contract', () => {
  it('caches the current catalog under the data directory', () => {
    const cached = JSON.parse(fs.readFileSync(path.join(dataDir, 'catalog', 'current.json'), 'utf8'));
    expect(cached.version).toBe(ws.intake.catalogs.current().version);
  });

  it('combines captured pages into one PDF per capture, keeps earlier captures, refuses mixing a PDF with pages', async () => {
    const c = await ok<CaseView>(clerk3, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    let v = await ok<CaseView>(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'captured', fileIds: [await upload(clerk3), await upload(clerk3)] } });
    expect(v.materials[0].detail).toBe('已采集 1 份 PDF');
    v = await ok<CaseView>(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'captured', fileIds: [await upload(clerk3)] } });
    expect(v.materials[0].detail).toBe('已采集 2 份 PDF');
    const pdf = await upload(clerk3, Buffer.from('%PDF-1.4\n1 0 obj<</Type /Page>>endobj\n%%EOF').toString('base64'), 'application/pdf');
    expect(await code(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M07', choice: { kind: 'captured', fileIds: [pdf, await upload(clerk3)] } })).toBe('MATERIAL_MIXED_FILES');
    v = await ok<CaseView>(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M07', choice: { kind: 'captured', fileIds: [pdf] } });
    expect(v.materials.find((m) => m.materialId === 'M07')?.status).toBe('captured');
    const rows = ws.db.prepare('SELECT mime, pages FROM case_attachments WHERE case_id = ? ORDER BY added_at').all(c.id);
    expect(rows).toEqual([{ mime: 'application/pdf', pages: 2 }, { mime: 'application/pdf', pages: 1 }, { mime: 'application/pdf', pages: 1 }]);
    expect(await code(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'captured', fileIds: ['no-such-file'] } })).toBe('FILE_NOT_FOUND');
  });

  it('marks a conditional material as applying, which makes it needed', async () => {
    const c = await ok<CaseView>(clerk3, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    expect(c.summary.needed).toBe(7);
    const v = await ok<CaseView>(clerk3, 'intake.setApplicable', { caseId: c.id, materialId: 'M99', applicable: true });
    expect(v.summary.needed).toBe(8);
    expect(await code(clerk3, 'intake.setApplicable', { caseId: c.id, materialId: 'M01', applicable: false })).toBe('MATERIAL_NOT_CONDITIONAL');
  });

  it('records an entrusted agent with the 授权委托书 as a material of the case, and the agent signs', async () => {
    const c = await ok<CaseView>(clerk1, 'intake.createDraft', {
      applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB',
      agent: { name: '李娜', idNumber: '310104199009210480', relation: 'entrusted', note: '授权委托书 2026-001' },
    });
    expect(c.agent).toMatchObject({ name: '李娜', relationLabel: '委托代理人', proof: { materialId: 'M99', applicable: true } });
    expect(ws.intake.cases.queries.getCase(c.id).agent?.authority).toEqual({ basis: 'power-of-attorney', materialId: 'M99', note: '授权委托书 2026-001' });
    const req = await ok<{ requestId: string }>(clerk1, 'intake.requestSignature', { caseId: c.id, purpose: 'commitment', materialIds: ['M05', 'M07'] });
    // The signer shown is the agent who is present, in their capacity — not the absent legal representative.
    expect(ws.citizen.current(ws.hall.counters()[0].id)).toMatchObject({ mode: 'sign', requestId: req.requestId, signerName: '李娜（委托代理人）' });
    // The screen of another counter can't answer this counter's request.
    const screen3 = { ...connection(), id: 's3' };
    await pairCitizenScreen(ws, clerk3, screen3);
    await ok(screen3, 'citizen.attach', { counterId: ws.hall.counters()[2].id });
    expect(await code(screen3, 'citizen.sign', { requestId: req.requestId, pngBase64: SIG })).toBe('SIGNATURE_REQUEST_UNKNOWN');
    expect(await code(screen1, 'citizen.sign', { requestId: req.requestId, pngBase64: Buffer.from('GIF89a not a png at all').toString('base64') })).toBe('SIGNATURE_UNREADABLE');
    await ok(screen1, 'citizen.sign', { requestId: req.requestId, pngBase64: SIG });
    const v = await ok<CaseView>(clerk1, 'intake.case', { caseId: c.id });
    expect(v.materials.filter((m) => m.status === 'commitment').map((m) => m.materialId)).toEqual(['M05', 'M07']);
    // A request is answered once.
    expect(await code(screen1, 'citizen.sign', { requestId: req.requestId, pngBase64: SIG })).toBe('SIGNATURE_REQUEST_UNKNOWN');
  });

  it('a promised item: deficiency follow-up, review, completion, then the result handed over at another counter', async () => {
    let c = await ok<CaseView>(clerk3, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' });
    c = (await ok<{ case: CaseView }>(clerk3, 'intake.applyElicences', { caseId: c.id, authorisation: 'suishenban-scan' })).case;
    for (const id of ['M01', 'M04', 'M05', 'M07']) c = await ok<CaseView>(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: id, choice: { kind: 'original-sighted' } });
    c = (await ok<{ case: CaseView }>(clerk3, 'intake.acceptWithDeficiency', { caseId: c.id, followUpWorkingDays: 3 })).case;
    expect(c.state).toBe('accepted');
    // Only the deficient material may still change.
    expect(await code(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'missing' } })).toBe('CASE_MATERIALS_LOCKED');
    await ok(clerk3, 'intake.startReview', { caseId: c.id });
    expect(await code(clerk3, 'intake.complete', { caseId: c.id, decision: 'approved' })).toBe('CASE_DEFICIENCY_OUTSTANDING');
    await ok(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M06', choice: { kind: 'captured', fileIds: [await upload(clerk3)] } });
    c = await ok<CaseView>(clerk3, 'intake.complete', { caseId: c.id, decision: 'approved' });
    expect(c.state).toBe('completed');
    expect(await code(clerk1, 'intake.issueResult', { caseId: c.id, method: 'post', recipient: '张伟', phone: '1', address: 'x' })).toBe('INPUT_INVALID');
    const out = await ok<{ case: CaseView; notice: { title: string } }>(clerk1, 'intake.issueResult', { caseId: c.id, method: 'pickup' });
    expect(out.notice.title).toBe('领取回执');
    const counter1 = ws.hall.counters()[0].id;
    expect(ws.intake.cases.queries.getCase(c.id).delivery).toMatchObject({ method: 'pickup', counterId: counter1 });
    expect(out.case.events.at(-1)).toMatchObject({ type: 'result-issued', counterId: counter1 });
    const listed = await ok<{ rows: Array<{ id: string }> }>(clerk1, 'intake.cases', { state: 'result-issued' });
    expect(listed.rows.map((r) => r.id)).toContain(c.id);
    expect(await code(clerk1, 'intake.cases', { state: 'nonsense' })).toBe('INPUT_INVALID');
  });
});

describe('e-licence authorisation on the signature pad', () => {
  it('exempts only after the applicant signed the authorisation on the citizen screen', async () => {
    const c = await ok<CaseView>(clerk1, 'intake.createDraft', { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' } });
    expect(await code(clerk1, 'intake.applyElicences', { caseId: c.id, authorisation: 'signature-pad' })).toBe('ELICENCE_AUTHORISATION_UNSIGNED');
    expect(await code(clerk1, 'intake.setMaterial', { caseId: c.id, materialId: 'M02', choice: { kind: 'exempt-elicence', licenceNumber: 'SC-2026001', authorisation: 'signature-pad' } })).toBe('ELICENCE_AUTHORISATION_UNSIGNED');
    expect((await ok<CaseView>(clerk1, 'intake.case', { caseId: c.id })).materials.every((m) => m.status === 'missing')).toBe(true);
    const req = await ok<{ requestId: string }>(clerk1, 'intake.requestSignature', { caseId: c.id, purpose: 'elicence-authorisation' });
    expect(ws.citizen.current(ws.hall.counters()[0].id)).toMatchObject({ mode: 'sign', title: '请授权调用电子证照' });
    await ok(screen1, 'citizen.sign', { requestId: req.requestId, pngBase64: SIG });
    const r = await ok<{ applied: unknown[]; case: CaseView }>(clerk1, 'intake.applyElicences', { caseId: c.id, authorisation: 'signature-pad' });
    expect(r.applied).toHaveLength(2);
    expect(r.case.materials.find((m) => m.materialId === 'M02')?.detail).toContain('授权：张伟（法定代表人本人）');
  });
});

describe('a catalog version without the item', () => {
  it('refuses to accept a draft whose item the newest catalog withdrew, and leaves it a draft', async () => {
    const c = await ok<CaseView>(clerk3, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'GG-JB-0003', scenarioCode: 'DY' });
    await ok(clerk3, 'intake.setMaterial', { caseId: c.id, materialId: 'M01', choice: { kind: 'original-sighted' } });
    const current = ws.intake.catalogs.current();
    ws.intake.catalogs.add({ ...current, version: `${current.version}-withdrawn`, items: current.items.filter((i) => i.code !== 'GG-JB-0003') });
    expect(await code(clerk3, 'intake.accept', { caseId: c.id })).toBe('CATALOG_ITEM_WITHDRAWN');
    expect((await ok<CaseView>(clerk3, 'intake.case', { caseId: c.id })).state).toBe('draft');
    expect(await code(clerk3, 'intake.createDraft', { applicant: COMPANY, agent: REP, itemCode: 'GG-JB-0003', scenarioCode: 'DY' })).toBe('CATALOG_ITEM_NOT_FOUND');
    const hits = await ok<{ version: string; hits: Array<{ code: string }> }>(clerk3, 'intake.catalogSearch', { q: 'GG-JB-0003' });
    expect(hits.version).toBe(`${current.version}-withdrawn`);
    expect(hits.hits.map((h) => h.code)).not.toContain('GG-JB-0003');
  });
});
