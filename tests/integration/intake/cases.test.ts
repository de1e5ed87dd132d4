import { describe, expect, it } from 'vitest';
import { actor, completeZhatuMaterials, draftZhatu, setup, signed, snapshot, songhu, zhang } from './helpers';

describe('the 渣土 new-application lifecycle', () => {
  it('draft → accepted → in-review → completed → result-issued → archived, every step recorded', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    expect(d.state).toBe('draft');
    expect(d.materials.filter((m) => m.def.elicenceType)).toHaveLength(2);
    await completeZhatuMaterials(s, d.id);
    const acc = s.service.accept(d.id, actor);
    expect(acc.caseNumber).toBe('SH-SJ01-20260212-0001');
    // 5 working days from Thursday 2026-02-12 across the Spring Festival: 13, 14 (make-up Sat), 24, 25, 26.
    expect(acc.dueDate).toBe('2026-02-26');
    const exempt = acc.materials.find((m) => m.name === '营业执照')!.status as any;
    expect(exempt).toMatchObject({ kind: 'exempt-elicence', licence: { issuer: '上海市松江区市场监督管理局', status: 'valid' }, authorisation: { by: '张伟' } });

    s.service.startReview(d.id, { staffId: 'S900', counterId: 'BACK' });
    s.service.complete(d.id, { decision: 'approved' }, { staffId: 'S900', counterId: 'BACK' });
    expect(() => s.service.complete(d.id, { decision: 'denied', reason: 'x' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_ALREADY_DECIDED' }));
    const rec = s.service.recordSignature(d.id, signed('result-receipt', zhang, 'r'), { staffId: 'S002', counterId: 'C07' });
    const issued = s.service.issueResult(d.id, { method: 'pickup', receiptSignatureId: rec }, { staffId: 'S002', counterId: 'C07' });
    expect(issued.delivery).toMatchObject({ method: 'pickup', counterId: 'C07' });
    const arch = s.service.archive(d.id, actor);
    const transitions = arch.events.filter((e) => e.fromState !== e.toState).map((e) => `${e.fromState ?? ''}>${e.toState}`);
    expect(transitions).toEqual(['>draft', 'draft>accepted', 'accepted>in-review', 'in-review>completed', 'completed>result-issued', 'result-issued>archived']);
    for (const e of arch.events) {
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.actorStaffId).toBeTruthy();
      expect(e.counterId).toBeTruthy();
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(s.service.queries.progress({ caseNumber: 'WD-CASE:SH-SJ01-20260212-0001' })[0].stateLabel).toBe('已归档（准予）');
  });

  it('numbers cases per hall per day', async () => {
    const s = setup();
    const a = draftZhatu(s.service);
    const b = draftZhatu(s.service);
    await completeZhatuMaterials(s, a.id);
    await completeZhatuMaterials(s, b.id);
    expect(s.service.accept(a.id, actor).caseNumber).toBe('SH-SJ01-20260212-0001');
    expect(s.service.accept(b.id, actor).caseNumber).toBe('SH-SJ01-20260212-0002');
    const c = draftZhatu(s.service);
    await completeZhatuMaterials(s, c.id);
    s.clock.t = new Date('2026-02-13T01:00:00.000Z');
    expect(s.service.accept(c.id, actor).caseNumber).toBe('SH-SJ01-20260213-0001');
  });
});

describe('refusals change nothing', () => {
  it('accepting with required materials missing', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id, ['驾驶员名单及机动车驾驶证']);
    const before = snapshot(s.db);
    expect(() => s.service.accept(d.id, actor)).toThrow(expect.objectContaining({ code: 'CASE_MATERIALS_MISSING' }));
    expect(snapshot(s.db)).toBe(before);
  });

  it('invalid ID number / credit code / unknown catalog version or item', () => {
    const s = setup();
    const before = snapshot(s.db);
    const base = { itemCode: 'SLH-XK-0001', scenarioCode: 'XB', catalogVersion: 'demo-2026.1' };
    expect(() => s.service.createDraft({ ...base, applicant: { type: 'person', name: '张伟', idNumber: zhang.idNumber.slice(0, 17) + '9' } }, actor)).toThrow(expect.objectContaining({ code: 'ID_NUMBER_INVALID' }));
    expect(() => s.service.createDraft({ ...base, applicant: { type: 'company', name: 'x', creditCode: '91310117MA1J3K5P29' } }, actor)).toThrow(expect.objectContaining({ code: 'CREDIT_CODE_INVALID' }));
    expect(() => s.service.createDraft({ ...base, catalogVersion: 'v-old', applicant: { type: 'person', name: '张伟', idNumber: zhang.idNumber } }, actor)).toThrow(expect.objectContaining({ code: 'CATALOG_VERSION_UNKNOWN' }));
    expect(() => s.service.createDraft({ ...base, itemCode: 'GONE', applicant: { type: 'person', name: '张伟', idNumber: zhang.idNumber } }, actor)).toThrow(expect.objectContaining({ code: 'CATALOG_ITEM_NOT_FOUND' }));
    expect(() => s.service.createDraft({ ...base, applicant: { type: 'person', name: '张伟', idNumber: zhang.idNumber }, agent: { name: '李四', idNumber: '123', relation: 'entrusted' } }, actor)).toThrow(expect.objectContaining({ code: 'ID_NUMBER_INVALID' }));
    expect(() => s.service.createDraft({ ...base, applicant: { type: 'person', name: '张伟', idNumber: zhang.idNumber } }, { staffId: '', counterId: 'C1' })).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(snapshot(s.db)).toBe(before);
  });

  it('an item withdrawn from the newer catalog cannot be accepted', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    const next = structuredClone(s.catalogs.current()) as any;
    next.version = 'demo-2026.2';
    next.items = next.items.filter((i: any) => i.code !== 'SLH-XK-0001');
    s.catalogs.add(next);
    const before = snapshot(s.db);
    expect(() => s.service.accept(d.id, actor)).toThrow(expect.objectContaining({ code: 'CATALOG_ITEM_WITHDRAWN' }));
    expect(snapshot(s.db)).toBe(before);
  });

  it('illegal transitions and a commitment without signature', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    const before = snapshot(s.db);
    expect(() => s.service.startReview(d.id, actor)).toThrow(expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }));
    expect(() => s.service.complete(d.id, { decision: 'approved' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }));
    expect(() => s.service.issueResult(d.id, { method: 'pickup' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }));
    expect(() => s.service.archive(d.id, actor)).toThrow(expect.objectContaining({ code: 'CASE_ILLEGAL_TRANSITION' }));
    const commitMat = d.materials.find((m) => m.def.commitmentAllowed)!;
    expect(() => s.service.setMaterialStatus(d.id, commitMat.materialId, { kind: 'commitment' }, actor)).toThrow(expect.objectContaining({ code: 'MATERIAL_COMMITMENT_UNSIGNED' }));
    const bl = d.materials.find((m) => m.name === '营业执照')!;
    expect(() => s.service.setMaterialStatus(d.id, bl.materialId, { kind: 'captured', attachmentIds: ['nope'] }, actor)).toThrow(expect.objectContaining({ code: 'MATERIAL_ATTACHMENT_UNKNOWN' }));
    expect(() => s.service.attachFile(d.id, bl.materialId, { filePath: '/x.pdf', sha256: 'abc', mime: 'application/pdf', pages: 1 }, actor)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(snapshot(s.db)).toBe(before);
  });

  it('an expired e-licence cannot exempt a material', async () => {
    const s = setup('2031-03-10T02:00:00.000Z');
    const d = draftZhatu(s.service);
    const held = await s.elicences.lookup({ creditCode: songhu.creditCode });
    const road = held.find((l) => l.type === 'road-transport-permit')!;
    expect(road.status).toBe('expired');
    const m = d.materials.find((x) => x.def.elicenceType === 'road-transport-permit')!;
    const before = snapshot(s.db);
    expect(() => s.service.setMaterialStatus(d.id, m.materialId, { kind: 'exempt-elicence', licence: road, authorisation: { by: '张伟', method: 'signature-pad', at: 'x' } }, actor)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_NOT_VALID' }));
    expect(snapshot(s.db)).toBe(before);
  });
});

describe('correction, rejection, deficiency, instant items', () => {
  it('one-time correction notice lists exactly the missing materials, and only once', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id, ['驾驶员名单及机动车驾驶证', '道路运输经营许可证']);
    const c = s.service.requestCorrection(d.id, actor);
    expect(c.state).toBe('correction-requested');
    expect(c.correctionNotice!.materials.map((m) => m.name).sort()).toEqual(['道路运输经营许可证', '驾驶员名单及机动车驾驶证'].sort());
    expect(() => s.service.requestCorrection(d.id, actor)).toThrow(expect.objectContaining({ code: 'CASE_CORRECTION_ALREADY_SENT' }));
    await completeZhatuMaterials(s, d.id);
    expect(s.service.accept(d.id, actor).state).toBe('accepted');
  });

  it('rejection needs a reason and legal basis', () => {
    const s = setup();
    const d = draftZhatu(s.service);
    expect(() => s.service.reject(d.id, { reason: '', legalBasis: '' }, actor)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    const r = s.service.reject(d.id, { reason: '申请事项不属于本机关职权范围', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（二）项' }, actor);
    expect(r.state).toBe('rejected');
    expect(s.service.queries.progress({ creditCode: songhu.creditCode })[0].nextStep).toContain('不予受理');
  });

  it('accept with deficiency sets a follow-up deadline; approval waits for the material', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id, ['驾驶员名单及机动车驾驶证']);
    const acc = s.service.acceptWithDeficiency(d.id, 5, actor);
    expect(acc.state).toBe('accepted');
    expect(acc.deficiency).toEqual({ materials: [{ id: 'M06', name: '驾驶员名单及机动车驾驶证' }], deadline: '2026-02-26' });
    s.service.startReview(d.id, actor);
    expect(() => s.service.complete(d.id, { decision: 'approved' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_DEFICIENCY_OUTSTANDING' }));
    const bl = acc.materials.find((m) => m.name === '营业执照')!;
    expect(() => s.service.setMaterialStatus(d.id, bl.materialId, { kind: 'original-sighted' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_MATERIALS_LOCKED' }));
    s.service.setMaterialStatus(d.id, 'M06', { kind: 'original-sighted' }, actor);
    expect(s.service.complete(d.id, { decision: 'approved' }, actor).decision).toBe('approved');
  });

  it('deficiency refused when a missing material does not allow it', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id, ['企业安全生产管理制度']);
    expect(() => s.service.acceptWithDeficiency(d.id, 5, actor)).toThrow(expect.objectContaining({ code: 'CASE_DEFICIENCY_NOT_ALLOWED' }));
  });

  it('an instant item completes at the counter and the result is handed over', () => {
    const s = setup();
    const d = s.service.createDraft({ applicant: { type: 'person', name: zhang.name, idNumber: zhang.idNumber }, itemCode: 'GG-JB-0001', scenarioCode: 'GR', catalogVersion: 'demo-2026.1' }, actor);
    for (const m of d.materials) s.service.setMaterialStatus(d.id, m.materialId, { kind: 'original-sighted' }, actor);
    const done = s.service.accept(d.id, actor);
    expect(done.state).toBe('completed');
    expect(done.decision).toBe('approved');
    expect(done.dueDate).toBe('2026-02-12');
    expect(() => s.service.issueResult(d.id, { method: 'post', recipient: '张伟', phone: '13800000000', address: '上海市松江区荣乐中路88弄' }, actor)).toThrow(expect.objectContaining({ code: 'CASE_DELIVERY_NOT_OFFERED' }));
    expect(s.service.issueResult(d.id, { method: 'pickup' }, actor).state).toBe('result-issued');
  });
});

describe('queries', () => {
  it('near-due and overdue lists', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    s.service.accept(d.id, actor); // due 2026-02-26
    expect(s.service.queries.dueLists('2026-02-24', 2).nearDue.map((x) => x.workingDaysLeft)).toEqual([2]);
    expect(s.service.queries.dueLists('2026-02-13', 2).nearDue).toEqual([]);
    const late = s.service.queries.dueLists('2026-03-02', 2);
    expect(late.overdue).toHaveLength(1);
    expect(late.overdue[0].workingDaysLeft).toBe(-3); // 02-27, 02-28 (make-up Saturday), 03-02
  });

  it('pages the case list with a cursor', () => {
    const s = setup();
    for (let i = 0; i < 7; i++) {
      s.clock.t = new Date(Date.UTC(2026, 1, 12, 2, i));
      draftZhatu(s.service);
    }
    const p1 = s.service.queries.listCases({ limit: 3 });
    const p2 = s.service.queries.listCases({ limit: 3, cursor: p1.nextCursor });
    const p3 = s.service.queries.listCases({ limit: 3, cursor: p2.nextCursor });
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.id)).toHaveLength(7);
    expect(new Set([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.id)).size).toBe(7);
    expect(p3.nextCursor).toBeNull();
    expect(p1.rows[0].createdAt > p1.rows[2].createdAt).toBe(true);
    expect(() => s.service.queries.progress({})).toThrow(expect.objectContaining({ code: 'PROGRESS_QUERY_EMPTY' }));
  });
});

describe('one transaction per transition', () => {
  it('a failure while writing the event rolls back the state change and the case number', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    const existingEventId = s.service.queries.getCase(d.id).events[0].id;
    // A second service whose id generator collides with an existing event id: the UPDATE succeeds, the event INSERT fails.
    const { CaseService } = await import('../../../main/core/cases');
    const broken = new CaseService({ db: s.db, catalogs: s.catalogs, hallCode: 'SJ01', now: () => s.clock.t, newId: () => existingEventId });
    const before = snapshot(s.db);
    expect(() => broken.accept(d.id, actor)).toThrow(/UNIQUE/);
    expect(snapshot(s.db)).toBe(before);
    expect(s.service.queries.getCase(d.id).state).toBe('draft');
  });
});

describe('the ticket a case was taken for', () => {
  it('is recorded on the case and the newest case is found by it; a case without a ticket has none', () => {
    const s = setup();
    const base = { itemCode: 'GG-JB-0001', scenarioCode: 'GR', catalogVersion: 'demo-2026.1', applicant: { type: 'person' as const, name: '张伟', idNumber: zhang.idNumber } };
    const walk = s.service.createDraft(base, actor);
    expect(walk.ticket).toBeNull();
    const first = s.service.createDraft({ ...base, ticket: { ref: 'hub:17', number: 'Y001' } }, actor);
    expect(first.ticket).toEqual({ ref: 'hub:17', number: 'Y001' });
    expect(first.events[0].payload).toMatchObject({ ticket: 'Y001' });
    s.clock.t = new Date(s.clock.t.getTime() + 60_000);
    const again = s.service.createDraft({ ...base, ticket: { ref: 'hub:17', number: 'Y001' } }, actor);
    expect(s.service.queries.findByTicket('hub:17')?.id).toBe(again.id);
    expect(s.service.queries.findByTicket('hub:18')).toBeNull();
    expect(() => s.service.createDraft({ ...base, ticket: { ref: 'Y001', number: 'Y001' } }, actor)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
