import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SqlRow } from '../../db/connection';
import { currentCalendar, type HolidayCalendar } from '../calendar';
import { resolveScenario, type Catalog } from '../catalog';
import { DeskError } from '../../../common/errors';
import { assertCreditCode, assertPersonId } from '../../../common/identity';
import { summarise, type ChecklistSummary, type MaterialStatus } from '../materials';
import {
  actorSchema, completeSchema, createDraftSchema, deliverySchema, rejectSchema,
  type Actor, type CompleteInput, type CreateDraftInput, type DeliveryInput, type RejectInput,
} from './inputs';
import { checkAgent, withProof } from './agent';
import { caseQueries, type CaseDetail } from './queries';
import { CaseMaterialOps } from './material-ops';
import { CaseDocumentOps, type NoticeStep } from './document-ops';
import { CaseSteps, parseInput as parse, type CaseJournal } from './steps';
import { signatureQueries } from './signature';
import type { CaseRecord } from './record';
import { assertTransition, type CaseState } from './states';
import { hallDay } from '../../../common/hall-time';

export interface CatalogSource {
  get(version: string): Catalog;
  current(): Catalog;
}

export interface CaseServiceOptions {
  db: Database;
  catalogs: CatalogSource;
  /** Short hall code used in case numbers, e.g. SJ01. */
  hallCode: string;
  calendar?: () => HolidayCalendar;
  now?: () => Date;
  newId?: () => string;
  /** Whose clock `now` is: the hub's while online (legally relevant times), else this machine's, marked local. */
  timeSource?: () => 'hub' | 'local';
  /** Told every step inside its transaction (the sync outbox writes the step there: both commit or neither). */
  journal?: CaseJournal;
}

export type { CaseJournal, CaseStep } from './steps';


// Columns a transition may set; keys come from this code only, never from input.
type CaseColumn = 'case_number' | 'accepted_at' | 'accepted_date' | 'due_date' | 'decision' | 'completed_at' | 'decision_reason'
  | 'rejection' | 'correction_notice' | 'deficiency' | 'delivery' | 'issued_at' | 'archived_at';

/** Intake and the case lifecycle. Every change and its event are written in one transaction. */
export class CaseService {
  private readonly db: Database;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly calendar: () => HolidayCalendar;
  readonly queries: ReturnType<typeof caseQueries>;
  readonly signatures: ReturnType<typeof signatureQueries>;
  private readonly issuedListeners = new Set<(caseId: string) => void>();
  private readonly steps: CaseSteps;
  private readonly materialOps: CaseMaterialOps;
  private readonly documentOps: CaseDocumentOps;

  constructor(private readonly opts: CaseServiceOptions) {
    if (!/^[A-Z0-9]{2,8}$/.test(opts.hallCode)) throw new DeskError('HALL_CODE_INVALID', '大厅编码应为 2–8 位大写字母或数字，请检查工作站设置。');
    this.db = opts.db;
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? randomUUID;
    this.calendar = opts.calendar ?? currentCalendar;
    this.queries = caseQueries(this.db, this.calendar);
    this.signatures = signatureQueries(this.db);
    this.steps = new CaseSteps(this.db, { newId: this.newId, timeSource: opts.timeSource, journal: opts.journal });
    this.materialOps = new CaseMaterialOps(this.db, this.steps, this.queries, this.now, this.newId);
    this.documentOps = new CaseDocumentOps(this.db, this.steps, this.now, this.newId);
  }

  createDraft(input: CreateDraftInput, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const inp = parse(createDraftSchema, input, '申请信息');
    const a = inp.applicant;
    const idNumber = a.type === 'person' ? assertPersonId(a.idNumber, '申请人') : null;
    const creditCode = a.type === 'company' ? assertCreditCode(a.creditCode, '申请单位') : null;
    // An organisation never comes to the counter itself: someone does, and the case says who.
    if (a.type === 'company' && !inp.agent) throw new DeskError('AGENT_REQUIRED', '单位申请须登记到场办理的经办人（法定代表人本人、负责人本人或委托代理人），请读取经办人身份证。');
    const checked = inp.agent ? checkAgent(inp.agent, a) : null;
    const resolved = resolveScenario(this.opts.catalogs.get(inp.catalogVersion), inp.itemCode, inp.scenarioCode);
    const { item, scenario } = resolved;
    const withAgent = checked ? withProof(checked, resolved.materials) : null;
    const agent = withAgent?.agent ?? null;
    const materials = withAgent?.materials ?? resolved.materials;
    // The legal representative present in person is the one on record.
    const legalRep = a.type === 'company' ? a.legalRepresentative?.trim() || (agent?.relation === 'legal-representative' ? agent.name : null) : null;
    const id = this.newId();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant,
          promised_limit_days, delivery_options, applicant_type, applicant_name, applicant_id_number, applicant_credit_code, applicant_phone,
          legal_representative, created_at, created_by, counter_id, updated_at, ticket_ref, ticket_number,
          agent_name, agent_id_type, agent_id_number, agent_phone, agent_relation, agent_authority)
        VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, this.opts.hallCode, item.code, item.name, scenario.code, scenario.name, inp.catalogVersion, item.instant ? 1 : 0,
        item.promisedLimitDays, JSON.stringify(item.delivery), a.type, a.name, idNumber, creditCode, a.phone ?? null,
        legalRep, at, actor.staffId, actor.counterId, at, inp.ticket?.ref ?? null, inp.ticket?.number ?? null,
        agent?.name ?? null, agent?.idType ?? null, agent?.idNumber ?? null, agent?.phone ?? null, agent?.relation ?? null,
        agent ? JSON.stringify(agent.authority) : null,
      );
      const ins = this.db.prepare(`INSERT INTO case_materials (case_id, material_id, position, name, definition, applicable, status_kind, status, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'missing', '{"kind":"missing"}', ?)`);
      materials.forEach((m, i) => ins.run(id, m.id, i, m.name, JSON.stringify(m), m.requirement === 'required' || m.id === withAgent?.applies ? 1 : 0, at));
      this.event(id, 'created', null, 'draft', actor, at, {
        itemCode: item.code, scenarioCode: scenario.code, catalogVersion: inp.catalogVersion, ...(inp.ticket ? { ticket: inp.ticket.number } : {}),
        ...(agent ? { agent: { name: agent.name, relation: agent.relation, proof: agent.authority.materialId } } : {}),
      });
    })();
    return this.queries.getCase(id);
  }

  setMaterialStatus(caseId: string, materialId: string, status: MaterialStatus, actorIn: Actor): CaseDetail {
    return this.materialOps.setMaterialStatus(caseId, materialId, status, actorIn);
  }

  /** For conditional materials: whether the condition applies to this application. */
  setMaterialApplicable(caseId: string, materialId: string, applicable: boolean, actorIn: Actor): CaseDetail {
    return this.materialOps.setMaterialApplicable(caseId, materialId, applicable, actorIn);
  }

  attachFile(caseId: string, materialId: string, file: unknown, actorIn: Actor): string {
    return this.materialOps.attachFile(caseId, materialId, file, actorIn);
  }

  /** 撤回 an attachment (CaseMaterialOps.withdrawAttachment). */
  withdrawAttachment(caseId: string, attachmentId: string, input: unknown, actorIn: Actor): CaseDetail {
    return this.materialOps.withdrawAttachment(caseId, attachmentId, input, actorIn);
  }

  /** Records a signature with its binding (CaseDocumentOps.recordSignature). */
  recordSignature(caseId: string, input: unknown, actorIn: Actor): string {
    return this.documentOps.recordSignature(caseId, input, actorIn);
  }

  /** Signatures whose step predates the binding's fields get one `signature-restated` step (CaseDocumentOps). */
  restateSignatures(): number {
    return this.documentOps.restateSignatures();
  }

  /** A notice issued for the case (its stored PDF) is a step of its trail (CaseDocumentOps.recordNotice). */
  recordNotice(caseId: string, notice: NoticeStep, actorIn: Actor): void {
    this.documentOps.recordNotice(caseId, notice, actorIn);
  }

  /** Notices of open cases issued before their step existed get one (CaseDocumentOps.restateNotices). */
  restateNotices(): number {
    return this.documentOps.restateNotices();
  }

  /** 受理. Instant items complete (approved) at the counter in the same transaction. */
  accept(caseId: string, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const c = this.load(caseId);
    assertTransition(c.state, 'accepted', c.id);
    this.assertItemStillOffered(c);
    const sum = this.summary(c);
    if (!sum.readyToAccept) {
      throw new DeskError('CASE_MATERIALS_MISSING', `还缺少材料：${sum.missing.map((m) => m.name).join('、')}。请补齐，或出具补正告知书，或按容缺受理。`, { missing: sum.missing.map((m) => m.id) });
    }
    this.db.transaction(() => {
      const at = this.acceptRows(c, actor, {});
      if (c.instant) this.move({ ...c, state: 'accepted' }, 'completed', actor, 'completed', at, { decision: 'approved', completed_at: at }, { decision: 'approved', instant: true });
    })();
    return this.queries.getCase(caseId);
  }

  /** 容缺受理: accept now; the listed minor materials follow by the deadline (working days). */
  acceptWithDeficiency(caseId: string, followUpWorkingDays: number, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const c = this.load(caseId);
    assertTransition(c.state, 'accepted', c.id);
    if (c.instant) throw new DeskError('CASE_DEFICIENCY_INSTANT', '即办件须当场办结，不适用容缺受理；请补齐材料后受理。');
    this.assertItemStillOffered(c);
    const sum = this.summary(c);
    if (sum.readyToAccept) throw new DeskError('CASE_NOTHING_MISSING', '材料已齐全，请直接受理。');
    if (!sum.canAcceptWithDeficiency) {
      const blocking = sum.missing.filter((m) => !m.deficiencyAllowed).map((m) => m.name);
      throw new DeskError('CASE_DEFICIENCY_NOT_ALLOWED', `以下材料不适用容缺受理：${blocking.join('、')}。请补齐或出具补正告知书。`);
    }
    const deadline = this.calendar().addWorkingDays(hallDay(this.now()), followUpWorkingDays);
    const deficiency = { materials: sum.missing.map((m) => ({ id: m.id, name: m.name })), deadline };
    this.db.transaction(() => this.acceptRows(c, actor, { deficiency: JSON.stringify(deficiency) }, { deficiency }))();
    return this.queries.getCase(caseId);
  }

  /** 补正: one written notice listing exactly what is missing; only once per case. */
  requestCorrection(caseId: string, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const c = this.load(caseId);
    if (c.correctionNotice) throw new DeskError('CASE_CORRECTION_ALREADY_SENT', `办件已于 ${c.correctionNotice.issuedAt.slice(0, 10)} 出具过一次性告知书，不能再次要求补正；请受理、容缺受理或不予受理。`);
    assertTransition(c.state, 'correction-requested', c.id);
    const sum = this.summary(c);
    if (sum.readyToAccept) throw new DeskError('CASE_NOTHING_MISSING', '材料已齐全，无需补正，请直接受理。');
    const at = this.now().toISOString();
    const notice = { materials: sum.missing.map((m) => ({ id: m.id, name: m.name })), issuedAt: at };
    this.db.transaction(() => {
      const caseNumber = this.caseNumberFor(c, hallDay(this.now()));
      this.move(c, 'correction-requested', actor, 'correction-requested', at, { case_number: caseNumber, correction_notice: JSON.stringify(notice) }, { caseNumber, ...notice });
    })();
    return this.queries.getCase(caseId);
  }

  reject(caseId: string, input: RejectInput, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const r = parse(rejectSchema, input, '不予受理理由');
    const c = this.load(caseId);
    assertTransition(c.state, 'rejected', c.id);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const caseNumber = this.caseNumberFor(c, hallDay(this.now()));
      this.move(c, 'rejected', actor, 'rejected', at, { case_number: caseNumber, rejection: JSON.stringify(r) }, { caseNumber, ...r });
    })();
    return this.queries.getCase(caseId);
  }

  startReview(caseId: string, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const c = this.load(caseId);
    assertTransition(c.state, 'in-review', c.id);
    const at = this.now().toISOString();
    this.db.transaction(() => this.move(c, 'in-review', actor, 'review-started', at, {}, {}))();
    return this.queries.getCase(caseId);
  }

  complete(caseId: string, input: CompleteInput, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const d = parse(completeSchema, input, '办结决定');
    const c = this.load(caseId);
    if (c.decision) throw new DeskError('CASE_ALREADY_DECIDED', `办件 ${c.caseNumber} 已作出${c.decision === 'approved' ? '准予' : '不予'}决定，不能再次决定。`);
    assertTransition(c.state, 'completed', c.caseNumber ?? c.id);
    if (d.decision === 'denied' && !d.reason?.trim()) throw new DeskError('CASE_REASON_REQUIRED', '作出不予许可决定须写明理由。');
    if (d.decision === 'approved' && c.deficiency) {
      const outstanding = this.outstandingDeficiency(c);
      if (outstanding.length) throw new DeskError('CASE_DEFICIENCY_OUTSTANDING', `容缺材料尚未补交：${outstanding.join('、')}，补交前不能准予办结。`);
    }
    const at = this.now().toISOString();
    this.db.transaction(() => this.move(c, 'completed', actor, 'completed', at, { decision: d.decision, completed_at: at, decision_reason: d.reason ?? null }, d))();
    return this.queries.getCase(caseId);
  }

  /** 一口发证: hand over at any counter (with a signed receipt) or post. */
  issueResult(caseId: string, input: DeliveryInput, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const d = parse(deliverySchema, input, '出件方式');
    const c = this.load(caseId);
    assertTransition(c.state, 'result-issued', c.caseNumber ?? c.id);
    if (!c.deliveryOptions.includes(d.method)) throw new DeskError('CASE_DELIVERY_NOT_OFFERED', `事项“${c.itemName}”不提供${d.method === 'post' ? '邮寄' : '窗口领取'}方式，请选择其他出件方式。`);
    if (d.method === 'pickup' && d.receiptSignatureId) {
      const ok = this.db.prepare(`SELECT 1 FROM case_signatures WHERE id = ? AND case_id = ? AND purpose = 'result-receipt'`).get(d.receiptSignatureId, caseId);
      if (!ok) throw new DeskError('CASE_RECEIPT_UNKNOWN', '领取回执签名不属于本办件，请让领取人重新签名。');
    }
    const at = this.now().toISOString();
    const delivery = { ...d, counterId: actor.counterId };
    this.db.transaction(() => this.move(c, 'result-issued', actor, 'result-issued', at, { delivery: JSON.stringify(delivery), issued_at: at }, delivery))();
    for (const fn of this.issuedListeners) {
      try {
        fn(caseId);
      } catch {
        // A listener's failure (the archive builder) never undoes or hides the committed hand-over.
      }
    }
    return this.queries.getCase(caseId);
  }

  /**
   * The hook for archiving on completion (办结即归档): `fn` is called after a case's result-issued
   * step has committed (its outbox row included). Returns the unsubscribe function.
   */
  onResultIssued(fn: (caseId: string) => void): () => void {
    this.issuedListeners.add(fn);
    return () => this.issuedListeners.delete(fn);
  }

  archive(caseId: string, actorIn: Actor): CaseDetail {
    const actor = parse(actorSchema, actorIn, '操作人');
    const c = this.load(caseId);
    assertTransition(c.state, 'archived', c.caseNumber ?? c.id);
    const at = this.now().toISOString();
    this.db.transaction(() => this.move(c, 'archived', actor, 'archived', at, { archived_at: at }, {}))();
    return this.queries.getCase(caseId);
  }

  summary(c: CaseRecord): ChecklistSummary {
    return summarise(this.queries.materials(c.id).map((m) => ({ def: m.def, status: m.status, applicable: m.applicable })));
  }

  /**
   * After a State Council notice is imported: recounts the due date of every open case whose count
   * ran through one of `years` (it was provisional), in one transaction, with an event per changed
   * case so the trail says why its deadline moved.
   */
  recomputeDeadlines(years: number[], actorIn: Actor | ((caseCounterId: string) => Actor)): { checked: number; changed: number } {
    // A calendar pulled from the hub has no clerk: each case's step is then recorded at the case's own counter.
    const fixed = typeof actorIn === 'function' ? null : parse(actorSchema, actorIn, '操作人');
    const actorOf = (counterId: string) => fixed ?? parse(actorSchema, (actorIn as (c: string) => Actor)(counterId), '操作人');
    if (!years.length) return { checked: 0, changed: 0 };
    const lo = `${Math.min(...years)}-01-01`;
    const hi = `${Math.max(...years)}-12-31`;
    const cal = this.calendar();
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT id, accepted_date, due_date, promised_limit_days, counter_id FROM cases INDEXED BY cases_open_due
        WHERE state IN ('accepted','in-review') AND due_date >= ? AND accepted_date <= ? AND instant = 0`).all(lo, hi) as SqlRow[];
      let changed = 0;
      for (const r of rows) {
        const due = cal.addWorkingDays(r.accepted_date, r.promised_limit_days);
        if (due === r.due_date) continue;
        this.db.prepare('UPDATE cases SET due_date = ?, updated_at = ? WHERE id = ?').run(due, at, r.id);
        this.event(r.id, 'deadline-recomputed', null, null, actorOf(r.counter_id), at, { from: r.due_date, to: due, years });
        changed++;
      }
      return { checked: rows.length, changed };
    })();
  }

  // ---- internals (always called inside or before the one transaction) ----

  private acceptRows(c: CaseRecord, actor: Actor, extra: Partial<Record<CaseColumn, unknown>>, payload: Record<string, unknown> = {}): string {
    const nowD = this.now();
    const at = nowD.toISOString();
    const today = hallDay(nowD);
    const caseNumber = this.caseNumberFor(c, today);
    const dueDate = c.instant ? today : this.calendar().addWorkingDays(today, c.promisedLimitDays);
    this.move(c, 'accepted', actor, 'accepted', at, { case_number: caseNumber, accepted_at: at, accepted_date: today, due_date: dueDate, ...extra }, { caseNumber, dueDate, ...payload });
    return at;
  }

  /**
   * A case gets its number when it first leaves draft (accepted, rejected or sent for correction),
   * so every notice handed over carries a number the applicant can look up.
   */
  private caseNumberFor(c: CaseRecord, today: string): string {
    if (c.caseNumber) return c.caseNumber;
    const seq = (this.db.prepare(`INSERT INTO case_number_seq (hall_code, day, seq) VALUES (?, ?, 1)
      ON CONFLICT (hall_code, day) DO UPDATE SET seq = seq + 1 RETURNING seq`).get(c.hallCode, today) as { seq: number }).seq;
    return `SH-${c.hallCode}-${today.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
  }

  private move(c: CaseRecord, to: CaseState, actor: Actor, type: string, at: string, sets: Partial<Record<CaseColumn, unknown>>, payload: Record<string, unknown>): void {
    assertTransition(c.state, to, c.caseNumber ?? c.id);
    const cols = Object.keys(sets) as CaseColumn[];
    const setSql = cols.map((k) => `${k} = @${k}`).join(', ');
    const res = this.db.prepare(`UPDATE cases SET state = @to, updated_at = @at${setSql ? ', ' + setSql : ''} WHERE id = @id AND state = @from`)
      .run({ ...sets, to, at, id: c.id, from: c.state });
    if (res.changes !== 1) throw new DeskError('CASE_CONCURRENT_CHANGE', '办件状态已被其他操作改变，请刷新后重试。');
    this.event(c.id, type, c.state, to, actor, at, payload);
  }

  private event(caseId: string, type: string, from: CaseState | null, to: CaseState | null, actor: Actor, at: string, payload: Record<string, unknown>): void {
    this.steps.event(caseId, type, from, to, actor, at, payload);
  }

  private touch(caseId: string, at: string): void {
    this.steps.touch(caseId, at);
  }

  private load(caseId: string): CaseRecord {
    return this.steps.load(caseId);
  }

  private outstandingDeficiency(c: CaseRecord): string[] {
    const mats = new Map(this.queries.materials(c.id).map((m) => [m.materialId, m]));
    return (c.deficiency?.materials ?? []).filter((d) => mats.get(d.id)?.status.kind === 'missing').map((d) => d.name);
  }

  private assertItemStillOffered(c: CaseRecord): void {
    resolveScenario(this.opts.catalogs.get(c.catalogVersion), c.itemCode, c.scenarioCode);
    const current = this.opts.catalogs.current();
    if (!current.items.some((i) => i.code === c.itemCode)) {
      throw new DeskError('CATALOG_ITEM_WITHDRAWN', `事项“${c.itemName}”在最新事项目录（版本 ${current.version}）中已下线，不能受理；请告知申请人并按新目录重新收件。`);
    }
  }
}
