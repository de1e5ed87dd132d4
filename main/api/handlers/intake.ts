import demoApplicants from '../../../resources/demo/applicants.json';
import { createHash } from 'node:crypto';
import { signerOf, type Actor, type CaseDetail, type CaseState } from '../../core/cases';
import { DeskError } from '../../../common/errors';
import { classifyPersonId, isValidCreditCode } from '../../../common/identity';
import { sessionOf, type Connection } from '../context';
import type { ArchiveDomain } from '../domains/archive';
import type { IntakeDomain } from '../domains/intake';
import { applyElicences, licencesFor, setMaterial } from '../intake/materials';
import { issueNotice } from '../intake/notices';
import { pushChecklist, pushMessage } from '../intake/push';
import { caseOfTicket, servingAt, ticketForCase } from '../intake/ticket';
import { toCaseView } from '../intake/view';
import type { HandlerMap } from './types';

/** The intake handlers see their domain (with the shared services it was built from) and nothing else. */
export interface IntakeContext {
  conn: Connection;
  intake: IntakeDomain;
  /** 办结即归档: told when a result is issued (absent on a workstation without a data folder). */
  archive?: Pick<ArchiveDomain, 'resultIssued'> | null;
}

type IntakeCalls = 'intake.catalogSearch' | 'intake.companyLookup' | 'intake.createDraft' | 'intake.case' | 'intake.elicenceLookup' | 'intake.applyElicences'
  | 'intake.setMaterial' | 'intake.setApplicable' | 'intake.requestSignature' | 'intake.accept' | 'intake.acceptWithDeficiency' | 'intake.requestCorrection'
  | 'intake.reject' | 'intake.startReview' | 'intake.complete' | 'intake.issueResult' | 'intake.notice' | 'intake.progress' | 'intake.cases' | 'intake.due'
  | 'intake.serving' | 'intake.ticketCase';

/** The hub's number of the counter this session signed in at, or null (no counter, or not in the hall's set-up). */
function counterNumber(ctx: IntakeContext): number | null {
  const id = sessionOf(ctx).counterId;
  return id ? (ctx.intake.hall.counter(id)?.number ?? null) : null;
}

/** Every case change is recorded with who did it at which counter; intake needs a counter. */
function actorOf(ctx: IntakeContext): Actor {
  const s = sessionOf(ctx);
  if (!s.counterId) throw new DeskError('NO_COUNTER', '登录时未选择窗口，不能办理收件和出件；请退出后选择窗口重新登录。');
  return { staffId: s.staff.id, counterId: s.counterId };
}

function shown(ctx: IntakeContext, c: CaseDetail) {
  const counterId = sessionOf(ctx).counterId;
  if (counterId) pushChecklist(ctx.intake, counterId, c);
  return toCaseView(c);
}

function tell(ctx: IntakeContext, title: string, body: string): void {
  const counterId = sessionOf(ctx).counterId;
  if (counterId) pushMessage(ctx.intake, counterId, title, body);
}

export const intakeHandlers: HandlerMap<IntakeCalls, IntakeContext> = {
  'intake.catalogSearch'({ q, limit }, ctx) {
    const idx = ctx.intake.index();
    return {
      version: idx.version,
      hits: idx.search(q, limit).map(({ item }) => ({
        code: item.code, name: item.name, department: item.department, instant: item.instant, promisedLimitDays: item.promisedLimitDays,
        scenarios: item.scenarios.map((s) => ({ code: s.code, name: s.name, materialCount: s.materialIds.length })),
      })),
    };
  },
  'intake.companyLookup'({ creditCode }) {
    const cc = creditCode.replace(/\s+/g, '').toUpperCase();
    if (!isValidCreditCode(cc)) throw new DeskError('CREDIT_CODE_INVALID', `统一社会信用代码“${creditCode}”校验不通过，请对照营业执照核对后重新输入。`);
    const co = demoApplicants.companies.find((x) => x.creditCode === cc);
    return co ? { name: co.name, legalRepresentative: co.legalRepresentative ?? null, simulated: true } : null;
  },
  async 'intake.createDraft'({ applicant, agent, itemCode, scenarioCode, catalogVersion, ticketRef }, ctx) {
    const actor = actorOf(ctx);
    const version = catalogVersion ?? ctx.intake.catalogs.current().version;
    const n = counterNumber(ctx);
    const ticket = ticketRef && ctx.intake.serving && n !== null ? await ticketForCase(ctx.intake.serving, n, ticketRef) : undefined;
    if (ticketRef && !ticket) throw new DeskError('TICKET_NOT_CURRENT', '本窗口未连接叫号，不能按号受理；请去掉叫号信息后重新开始受理。');
    return shown(ctx, ctx.intake.cases.createDraft({ applicant, agent, itemCode, scenarioCode, catalogVersion: version, ticket }, actor));
  },
  async 'intake.serving'(_i, ctx) {
    actorOf(ctx);
    const n = counterNumber(ctx);
    if (n === null || !ctx.intake.serving) return null;
    return servingAt(ctx.intake.serving, ctx.intake.cases, n);
  },
  'intake.ticketCase'({ ref }, ctx) {
    return caseOfTicket(ctx.intake.cases, ref);
  },
  'intake.case'({ caseId }, ctx) {
    return toCaseView(ctx.intake.cases.queries.getCase(caseId));
  },
  async 'intake.elicenceLookup'({ caseId }, ctx) {
    const ls = await licencesFor(ctx.intake, ctx.intake.cases.queries.getCase(caseId));
    return {
      simulated: ctx.intake.simulated,
      licences: ls.map((l) => ({
        licenceNumber: l.licenceNumber, type: l.type, name: l.name, issuer: l.issuer, holderName: l.holder.name,
        validFrom: l.validFrom, validTo: l.validTo, status: l.status, materialIds: l.materialIds,
      })),
    };
  },
  async 'intake.applyElicences'({ caseId, authorisation }, ctx) {
    const r = await applyElicences(ctx.intake, caseId, authorisation, actorOf(ctx));
    return { case: shown(ctx, r.case), applied: r.applied };
  },
  async 'intake.setMaterial'({ caseId, materialId, choice }, ctx) {
    return shown(ctx, await setMaterial(ctx.intake, caseId, materialId, choice, actorOf(ctx)));
  },
  'intake.setApplicable'({ caseId, materialId, applicable }, ctx) {
    return shown(ctx, ctx.intake.cases.setMaterialApplicable(caseId, materialId, applicable, actorOf(ctx)));
  },
  async 'intake.requestSignature'({ caseId, purpose, materialIds }, ctx) {
    const actor = actorOf(ctx);
    const c = ctx.intake.cases.queries.getCase(caseId);
    // The person present signs: the agent (in their capacity) when there is one, else the applicant.
    const signer = signerOf(c);
    const signerName = signer.name;
    let notice = null;
    let lines: string[] = [];
    if (purpose === 'commitment') {
      if (c.state !== 'draft' && c.state !== 'correction-requested') throw new DeskError('CASE_MATERIALS_LOCKED', `办件当前为“${toCaseView(c).stateLabel}”，不能再以告知承诺替代材料。`);
      if (!materialIds.length) throw new DeskError('COMMITMENT_NO_MATERIALS', '请先选择以告知承诺替代的材料。');
      for (const id of materialIds) {
        const m = c.materials.find((x) => x.materialId === id);
        if (!m) throw new DeskError('MATERIAL_NOT_FOUND', `本办件没有材料 ${id}，请刷新材料清单。`);
        if (!m.def.commitmentAllowed) throw new DeskError('MATERIAL_COMMITMENT_NOT_ALLOWED', `材料“${m.name}”不适用告知承诺，请申请人提交该材料。`);
      }
      // The letter lists exactly what this signature pledges.
      notice = await issueNotice(ctx.intake, { ...c, materials: c.materials.filter((m) => materialIds.includes(m.materialId)) }, 'commitment', { signatureId: null, actor });
      lines = [
        `本人（单位）承诺已符合“${c.itemName}”的条件，以下材料以承诺替代，并承担不实承诺的法律责任：`,
        ...c.materials.filter((m) => materialIds.includes(m.materialId)).map((m) => `· ${m.name}`),
      ];
    } else {
      lines = [`请确认：${c.itemName}（${c.scenarioName}）${c.caseNumber ? `，办件编号 ${c.caseNumber}` : ''}。`];
    }
    if (purpose === 'elicence-authorisation') lines = [`本人（单位）同意窗口调用本人（单位）在电子证照库中的证照，用于办理“${c.itemName}”，免于提交相应纸质材料。`];
    const title = { commitment: '请阅读并签署告知承诺书', 'result-receipt': '请确认领取并签名', 'elicence-authorisation': '请授权调用电子证照', 'agent-authorisation': '请确认委托代理', acceptance: '请确认并签名' }[purpose];
    // What is signed: the stored letter, or exactly the text the citizen screen shows.
    const document = notice
      ? { sha256: notice.file.sha256, fileId: notice.file.fileId }
      : { sha256: createHash('sha256').update(JSON.stringify({ caseId, purpose, title, lines, signerName })).digest('hex') };
    const req = ctx.intake.signatures.open({
      caseId, purpose, materialIds, signerName, signerIdNumber: signer.idNumber, signerRelation: signer.relation, document, staffId: actor.staffId, counterId: actor.counterId,
    });
    const shownName = signer.relation === 'applicant' ? signerName : `${signerName}（${signer.capacity}）`;
    ctx.intake.citizen.show(actor.counterId, { mode: 'sign', counterNumber: ctx.intake.hall.counter(actor.counterId)?.number ?? null, requestId: req.requestId, title, lines, signerName: shownName });
    return { requestId: req.requestId, notice };
  },
  async 'intake.accept'({ caseId }, ctx) {
    const c = ctx.intake.cases.accept(caseId, actorOf(ctx));
    const notice = await issueNotice(ctx.intake, c, 'acceptance', { actor: actorOf(ctx) });
    tell(ctx, c.instant ? '已受理并当场办结' : '已受理', `办件编号 ${c.caseNumber}，请收好《受理通知书》。`);
    return { case: toCaseView(c), notice };
  },
  async 'intake.acceptWithDeficiency'({ caseId, followUpWorkingDays }, ctx) {
    const c = ctx.intake.cases.acceptWithDeficiency(caseId, followUpWorkingDays, actorOf(ctx));
    const notice = await issueNotice(ctx.intake, c, 'deficiency', { actor: actorOf(ctx) });
    tell(ctx, '已容缺受理', `请于 ${c.deficiency?.deadline} 前补交：${c.deficiency?.materials.map((m) => m.name).join('、')}。`);
    return { case: toCaseView(c), notice };
  },
  async 'intake.requestCorrection'({ caseId }, ctx) {
    const c = ctx.intake.cases.requestCorrection(caseId, actorOf(ctx));
    const notice = await issueNotice(ctx.intake, c, 'correction', { actor: actorOf(ctx) });
    tell(ctx, '请补正材料', `需补正：${c.correctionNotice?.materials.map((m) => m.name).join('、')}。`);
    return { case: toCaseView(c), notice };
  },
  async 'intake.reject'({ caseId, reason, legalBasis }, ctx) {
    const c = ctx.intake.cases.reject(caseId, { reason, legalBasis }, actorOf(ctx));
    const notice = await issueNotice(ctx.intake, c, 'rejection', { actor: actorOf(ctx) });
    // A refused case is closed too: archived with its 不予受理通知书.
    ctx.archive?.resultIssued(caseId);
    tell(ctx, '不予受理', reason);
    return { case: toCaseView(c), notice };
  },
  'intake.startReview'({ caseId }, ctx) {
    return toCaseView(ctx.intake.cases.startReview(caseId, actorOf(ctx)));
  },
  'intake.complete'({ caseId, decision, reason }, ctx) {
    return toCaseView(ctx.intake.cases.complete(caseId, { decision, reason }, actorOf(ctx)));
  },
  async 'intake.issueResult'({ caseId, method, receiptSignatureId, recipient, phone, address }, ctx) {
    const input = method === 'pickup' ? { method, receiptSignatureId } : { method, recipient: recipient ?? '', phone: phone ?? '', address: address ?? '' };
    const c = ctx.intake.cases.issueResult(caseId, input, actorOf(ctx));
    const notice = await issueNotice(ctx.intake, c, 'result-receipt', { actor: actorOf(ctx) });
    // 办结即归档: after the receipt notice, so the bag carries it.
    ctx.archive?.resultIssued(caseId);
    tell(ctx, '结果已交付', `办件 ${c.caseNumber} 的结果已${method === 'post' ? '安排邮寄' : '当场交付'}。`);
    return { case: toCaseView(c), notice };
  },
  async 'intake.notice'({ caseId, kind }, ctx) {
    // A reprint at a counter is recorded like the first print; one read elsewhere (no counter) is a copy.
    const counter = sessionOf(ctx).counterId;
    return issueNotice(ctx.intake, ctx.intake.cases.queries.getCase(caseId), kind, { actor: counter ? actorOf(ctx) : null });
  },
  'intake.progress'({ query }, ctx) {
    const q = query.replace(/^WD-CASE:/i, '').replace(/\s+/g, '').toUpperCase();
    const byNumber = /^SH-/.test(q) || !(isValidCreditCode(q) || classifyPersonId(q));
    const args = byNumber ? { caseNumber: q } : isValidCreditCode(q) ? { creditCode: q } : { idNumber: q };
    const rows = ctx.intake.cases.queries.progress(args);
    return rows.map((r) => ({ ...r, id: r.caseNumber ? ctx.intake.cases.queries.findByCaseNumber(r.caseNumber)?.id ?? null : null }));
  },
  'intake.cases'({ state, cursor, limit }, ctx) {
    return ctx.intake.cases.queries.listCases({ state: state as CaseState | undefined, cursor, limit });
  },
  'intake.due'({ withinWorkingDays }, ctx) {
    return ctx.intake.cases.queries.dueLists(ctx.intake.today(), withinWorkingDays);
  },
};
