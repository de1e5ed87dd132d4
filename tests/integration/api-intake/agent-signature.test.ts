import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import type { CaseView } from '../../../preload/contract/intake';
import { hugeHeaderPng, magicThenGarbagePng, signaturePng, transparentDotPng, whitePadPng } from '../../fixtures/intake/signatures';
import { connection, demoWorkstation, pairCitizenScreen } from '../../fixtures/workstation';
import { makeResidentIdNumber } from '../../../common/identity';

let ws: Workstation;
let clerk: Connection;
let screen: Connection;
let counterId: string;
const COMPANY = { type: 'company' as const, name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28', legalRepresentative: '张伟' };
const AGENT_ID = '310104199009210480';
const ZHANG_SANFENG = { name: '张三丰', idNumber: AGENT_ID, phone: '13812345678', relation: 'entrusted' as const };

async function ok<T = unknown>(conn: Connection, name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as { value: T }).value;
}
async function refused(conn: Connection, name: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (r.ok) throw new Error(`${name} was accepted`);
  expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
  return r.error;
}
/** WD_PDF_OUT=<dir> keeps every PDF this file reads, to look at (pdftoppm -r 80 -png). */
function pdfFile(fileId: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wd-agent-pdf-')), 'n.pdf');
  fs.writeFileSync(p, ws.files.read(fileId).bytes);
  if (process.env.WD_PDF_OUT) fs.copyFileSync(p, path.join(process.env.WD_PDF_OUT, `${ws.files.get(fileId).source?.replace(/[^\w-]+/g, '_')}.pdf`));
  return p;
}
const pdfText = (fileId: string) => execFileSync('pdftotext', ['-layout', pdfFile(fileId), '-'], { encoding: 'utf8' });
/** `pdfimages -list` rows after its two header lines: one per image in the PDF. */
const pdfImages = (fileId: string) => execFileSync('pdfimages', ['-list', pdfFile(fileId)], { encoding: 'utf8' }).trim().split('\n').slice(2);
const count = (table: string) => (ws.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  ws = await demoWorkstation();
  counterId = ws.hall.counters()[2].id;
  clerk = connection();
  await ok(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId });
  screen = { ...connection(), id: 'screen' };
  await pairCitizenScreen(ws, clerk, screen);
  await ok(screen, 'citizen.attach', { counterId });
});
afterAll(async () => ws.close());

describe('经办人 on the case', () => {
  it('records an entrusted agent for a company: masked on screen, the 授权委托书 applies, in the list and found by the agent’s ID', async () => {
    const c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: ZHANG_SANFENG });
    expect(c.agent).toEqual({
      name: '张三丰', idType: 'resident-id', idNumberMasked: expect.stringMatching(/^3101\*+0480$/), phone: '138****5678', relation: 'entrusted', relationLabel: '委托代理人',
      proof: { materialId: 'M99', name: '授权委托书及代理人身份证明', statusLabel: '缺少', applicable: true }, note: null,
    });
    expect(JSON.stringify(c)).not.toContain(AGENT_ID);
    expect(c.summary.missing).toContain('授权委托书及代理人身份证明');
    // Stored like the applicant's number: whole, for the look-ups that need it.
    expect(ws.intake.cases.queries.getCase(c.id).agent).toMatchObject({ idNumber: AGENT_ID, authority: { basis: 'power-of-attorney', materialId: 'M99' } });
    const list = await ok<{ rows: Array<{ id: string; agent: string | null }> }>(clerk, 'intake.cases', {});
    expect(list.rows.find((r) => r.id === c.id)?.agent).toBe('张三丰（委托代理人）');
    const prog = await ok<Array<{ applicantName: string; itemName: string }>>(clerk, 'intake.progress', { query: AGENT_ID });
    expect(prog).toMatchObject([{ applicantName: COMPANY.name, itemName: c.itemName }]);
  });

  it('the legal representative in person needs no 授权委托书; a guardian for a person gets a proof material the item lacks', async () => {
    const rep = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' } });
    expect(rep.agent).toMatchObject({ relationLabel: '法定代表人本人', proof: null });
    expect(rep.materials.find((m) => m.materialId === 'M99')?.applicable).toBe(false);
    const child = { type: 'person' as const, name: '张小明', idNumber: makeResidentIdNumber('310117', '20150615', '031') };
    const g = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: child, itemCode: 'GG-JB-0003', scenarioCode: 'DY', agent: { name: '张伟', idNumber: '310117198206150314', relation: 'guardian' } });
    expect(g.agent?.proof).toMatchObject({ materialId: 'GUARDIAN-PROOF', applicable: true });
    expect(g.materials.at(-1)).toMatchObject({ materialId: 'GUARDIAN-PROOF', needed: true, allowed: expect.arrayContaining(['captured', 'original-sighted']) });
  });

  it('refuses an agent who cannot act in that capacity, and writes nothing', async () => {
    const before = count('cases');
    const base = { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' };
    expect((await refused(clerk, 'intake.createDraft', { ...base, agent: { ...ZHANG_SANFENG, relation: 'legal-representative' } })).code).toBe('AGENT_NOT_LEGAL_REPRESENTATIVE');
    expect((await refused(clerk, 'intake.createDraft', { ...base, agent: { ...ZHANG_SANFENG, relation: 'guardian' } })).code).toBe('AGENT_RELATION_INVALID');
    expect((await refused(clerk, 'intake.createDraft', { ...base, agent: { ...ZHANG_SANFENG, idType: 'hmt-residence-permit' } })).code).toBe('AGENT_ID_TYPE_MISMATCH');
    expect((await refused(clerk, 'intake.createDraft', { ...base, agent: { ...ZHANG_SANFENG, idNumber: '310104199009210481' } })).message).toContain('经办人证件号码');
    expect((await refused(clerk, 'intake.createDraft', base)).code).toBe('AGENT_REQUIRED');
    expect(count('cases')).toBe(before);
  });
});

describe('the commitment is signed by the person present, and the signature is bound', () => {
  it('refuses forged signatures, keeps the request open, then records the real one with its binding and prints it on the letter', async () => {
    let c = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: COMPANY, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: ZHANG_SANFENG });
    const req = await ok<{ requestId: string; notice: { file: { fileId: string; sha256: string } } }>(clerk, 'intake.requestSignature', { caseId: c.id, purpose: 'commitment', materialIds: ['M05'] });
    expect(ws.citizen.current(counterId)).toMatchObject({ mode: 'sign', requestId: req.requestId, signerName: '张三丰（委托代理人）' });
    const letter = pdfText(req.notice.file.fileId);
    expect(letter).toContain('经办人：张三丰（委托代理人）');
    expect(letter).toContain('签署人：张三丰（委托代理人，代表上海松沪渣土运输有限公司）');
    expect(letter).not.toContain('张伟');
    expect(pdfImages(req.notice.file.fileId)).toHaveLength(0);

    const sigsBefore = count('case_signatures');
    const filesBefore = count(`files WHERE kind = 'signature'`);
    const jpeg = (await sharp(Buffer.from(await signaturePng(), 'base64')).flatten({ background: '#fff' }).jpeg().toBuffer()).toString('base64');
    const forged: Array<[string, string, string]> = [
      ['PNG magic + garbage', magicThenGarbagePng(), 'SIGNATURE_UNREADABLE'],
      ['1×1 transparent PNG', await transparentDotPng(), 'SIGNATURE_SIZE_INVALID'],
      ['20000×20000 header', hugeHeaderPng(), 'SIGNATURE_SIZE_INVALID'],
      ['an empty white pad', await whitePadPng(), 'SIGNATURE_BLANK'],
      ['a JPEG', jpeg, 'SIGNATURE_NOT_PNG'],
    ];
    for (const [what, png, code] of forged) {
      const e = await refused(screen, 'citizen.sign', { requestId: req.requestId, pngBase64: png });
      expect(e.code, what).toBe(code);
    }
    expect(count('case_signatures')).toBe(sigsBefore);
    expect(count(`files WHERE kind = 'signature'`)).toBe(filesBefore);
    expect(ws.citizen.current(counterId)).toMatchObject({ mode: 'sign', requestId: req.requestId });

    const events: Array<{ payload: { signatureId: string; notice: { title: string; file: { fileId: string } } | null } }> = [];
    const off = ws.bus.subscribe((d) => { if (d.name === 'intake.signed') events.push(d as never); });
    await ok(screen, 'citizen.sign', { requestId: req.requestId, pngBase64: await signaturePng() });
    off();
    const { signatureId, notice } = events[0].payload;
    c = await ok<CaseView>(clerk, 'intake.case', { caseId: c.id });
    expect(c.materials.find((m) => m.materialId === 'M05')?.status).toBe('commitment');

    const staffId = clerk.session!.staff.id;
    const row = ws.db.prepare('SELECT * FROM case_signatures WHERE id = ?').get(signatureId);
    expect(row).toMatchObject({
      case_id: c.id, purpose: 'commitment', signer_name: '张三丰', signer_id_number: AGENT_ID, signer_relation: 'entrusted', image_width: 900, image_height: 300,
      document_sha256: req.notice.file.sha256, document_file_id: req.notice.file.fileId, staff_id: staffId, counter_id: counterId,
      device_id: ws.queue.link.workstationId, time_source: 'local', binding_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(ws.intake.cases.signatures.verify(signatureId)).toBe(true);

    // The signed letter: who signed and in what capacity, the signature image on its line.
    expect(notice?.title).toBe('告知承诺书（已签署）');
    const signed = pdfText(notice!.file.fileId);
    expect(signed).toContain('签署人：张三丰（委托代理人，代表上海松沪渣土运输有限公司）');
    expect(signed).toMatch(/签署时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（本机时间/);
    expect(signed).toContain(req.notice.file.sha256);
    const images = pdfImages(notice!.file.fileId);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/^\s*1\s+0\s+image\s+900\s+300\b/);
    // A reprint is the signed letter too.
    const again = await ok<{ title: string; file: { fileId: string } }>(clerk, 'intake.notice', { caseId: c.id, kind: 'commitment' });
    expect(pdfImages(again.file.fileId)).toHaveLength(1);

    // Editing any bound field breaks the binding.
    ws.db.prepare(`UPDATE case_signatures SET signer_name = '张伟' WHERE id = ?`).run(signatureId);
    expect(ws.intake.cases.signatures.verify(signatureId)).toBe(false);
    ws.db.prepare(`UPDATE case_signatures SET signer_name = '张三丰' WHERE id = ?`).run(signatureId);

    // Every notice names the agent: the 受理通知书 once accepted.
    for (const id of ['M01', 'M04', 'M06', 'M07', 'M99']) c = await ok<CaseView>(clerk, 'intake.setMaterial', { caseId: c.id, materialId: id, choice: { kind: 'original-sighted' } });
    c = (await ok<{ case: CaseView }>(clerk, 'intake.applyElicences', { caseId: c.id, authorisation: 'suishenban-scan' })).case;
    const acc = await ok<{ case: CaseView; notice: { file: { fileId: string } } }>(clerk, 'intake.accept', { caseId: c.id });
    const text = pdfText(acc.notice.file.fileId);
    expect(text).toContain('经办人：张三丰（委托代理人）');
    expect(text).not.toContain(AGENT_ID);
  });
});
