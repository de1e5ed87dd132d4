import { DeskError, isDeskError } from '../../../common/errors';
import { nextStep, STATE_LABELS, type CaseState } from '../../core/cases';
import type { HelpRequest } from '../../../common/assist/schema';
import type { TakeReportRequest } from '../../../common/assist/reports';
import { ASSIST_REPORT, ASSIST_REQUEST } from '../../core/assist/sync';
import { RATING_OFFER, RATING_PUT, type RatingOfferPayload, type RatingPutPayload } from '../../core/rating/sync';
import { CASE_STEP, type CaseStepPayload } from '../../core/sync/case-journal';
import type { OutboxOp } from '../../core/sync/outbox';
import { CASE_FILE, type CaseFilePayload } from '../../core/sync/case-files';
import type { HallCase } from '../../hub/cases/protocol';
import type { CaseQualityView, HallCaseView, SyncOp } from '../../../preload/contract/sync';
import { sessionOf, type Connection } from '../context';
import type { IntakeDomain } from '../domains/intake';
import type { SyncDomain } from '../domains/sync';
import type { Db } from '../../db/connection';
import type { HandlerMap } from './types';

export interface SyncContext {
  conn: Connection;
  sync: SyncDomain;
  db: Db;
  /** The case service and the file store (撤回 a dead-lettered scan's attachment). */
  intake: Pick<IntakeDomain, 'cases' | 'files'>;
}

/** Whether an attachment's file is here and reads back whole (the file store checks its digest). */
function fileReadable(ctx: SyncContext, attachmentId: string): boolean {
  const r = ctx.db.prepare('SELECT f.id FROM case_attachments a JOIN files f ON f.path = a.file_path WHERE a.id = ?').get(attachmentId) as { id: string } | undefined;
  if (!r) return false;
  try {
    ctx.intake.files.read(r.id);
    return true;
  } catch (e) {
    if (isDeskError(e)) return false;
    throw e;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the 同步 page shows of an operation: its case and step, or the subject of its lane (a rating, a 求助, a report) for the other kinds. */
export function opView(op: OutboxOp): SyncOp {
  const base = {
    id: op.id, kind: op.kind, seq: op.seq, status: op.status, attempts: op.attempts, createdAt: iso(op.createdAt)!, nextAttemptAt: iso(op.nextAttemptAt)!, lastError: op.lastError,
    caseId: null, caseNumber: null, itemName: null, step: null, counter: null, subject: null,
  };
  switch (op.kind) {
    case CASE_STEP: {
      const p = op.payload as CaseStepPayload;
      return { ...base, caseId: p.caseId, caseNumber: p.snapshot.caseNumber, itemName: p.snapshot.itemName, step: p.event.type };
    }
    case CASE_FILE: {
      const p = op.payload as CaseFilePayload;
      // `step` tells a scan (which may be 撤回 when dead) from a signature's image or a notice (which may not).
      return { ...base, caseId: p.caseId, caseNumber: p.caseNumber, subject: p.materialName ?? p.materialId, step: p.kind ?? 'attachment' };
    }
    case RATING_PUT: {
      const { snapshot: s } = op.payload as RatingPutPayload;
      return { ...base, caseNumber: s.caseNumber, itemName: s.itemName, counter: s.counter, subject: s.ratingId };
    }
    case RATING_OFFER: {
      const p = op.payload as RatingOfferPayload;
      return { ...base, itemName: p.offer.itemName, counter: p.counter, subject: p.offer.ticketNumber };
    }
    case ASSIST_REQUEST: {
      const r = op.payload as HelpRequest;
      return { ...base, counter: r.counter, step: r.kind, subject: r.note || r.ticketNo || null };
    }
    case ASSIST_REPORT: {
      const r = op.payload as TakeReportRequest;
      return { ...base, counter: r.counter, itemName: r.itemName, step: r.kind, subject: r.description.slice(0, 60) };
    }
    default:
      return base;
  }
}

function caseView(c: HallCase, local: boolean): HallCaseView {
  return {
    id: c.id, caseNumber: c.caseNumber, state: c.state, stateLabel: STATE_LABELS[c.state as CaseState], itemName: c.itemName, applicantName: c.applicantName,
    applicantKeyMasked: c.applicantKeyMasked, dueDate: c.dueDate, issuedAt: c.issuedAt, nextStep: nextStep(c.state as CaseState, { decision: c.decision, dueDate: c.dueDate }), local,
  };
}

export const syncHandlers: HandlerMap<'sync.list' | 'sync.resend' | 'sync.withdrawFile' | 'sync.pushNow' | 'sync.findCase' | 'sync.takeCase' | 'sync.restoreOpen' | 'sync.quality', SyncContext> = {
  'sync.list'({ statuses }, ctx) {
    return ctx.sync.outbox.list(statuses).map(opView);
  },
  'sync.resend'({ id }, ctx) {
    return opView(ctx.sync.outbox.resend(id));
  },
  'sync.withdrawFile'({ id, reason }, ctx) {
    const op = ctx.sync.outbox.get(id);
    if (!op || op.kind !== CASE_FILE || op.status !== 'dead') throw new DeskError('SYNC_NOT_WITHDRAWABLE', '只能撤回上传失败（已转人工处理）的扫描件。');
    const p = op.payload as CaseFilePayload;
    if (p.kind === 'signature') throw new DeskError('SYNC_NOT_WITHDRAWABLE', '签名图像不能撤回；请申请人重新签名后，再点“重新发送”。');
    const s = sessionOf(ctx);
    if (!s.counterId) throw new DeskError('NO_COUNTER', '登录时未选择窗口，不能撤回办件附件；请退出后选择窗口重新登录。');
    ctx.intake.cases.withdrawAttachment(p.caseId, p.attachmentId, { reason, damaged: !fileReadable(ctx, p.attachmentId) }, { staffId: s.staff.id, counterId: s.counterId });
    return { caseId: p.caseId, caseNumber: p.caseNumber, subject: p.materialName ?? p.materialId };
  },
  async 'sync.pushNow'(_input, ctx) {
    if (!ctx.sync.engine) throw new DeskError('HUB_NOT_CONFIGURED', '本机未配置大厅服务，待同步的操作会保留，配置后自动上传。');
    return ctx.sync.engine.drain();
  },
  async 'sync.findCase'({ query }, ctx) {
    const found = await ctx.sync.find(query);
    const here = ctx.db.prepare('SELECT 1 FROM cases WHERE id = ?');
    return found.map((c) => caseView(c, !!here.get(c.id)));
  },
  'sync.takeCase'({ caseId }, ctx) {
    return ctx.sync.take(caseId);
  },
  'sync.restoreOpen'(_input, ctx) {
    return ctx.sync.restoreOpen();
  },
  async 'sync.quality'(_input, ctx): Promise<CaseQualityView> {
    if (!ctx.sync.hub) throw new DeskError('HUB_NOT_CONFIGURED', '本机未连接大厅服务，无法查看办件质量。');
    const q = await ctx.sync.hub.call('caseQuality');
    const min = (ms: number) => `${Math.round(ms / 60_000)} 分钟`;
    return {
      backlog: q.backlog.map((b) => ({ workstation: b.workstation, pending: b.pending, dead: b.dead, oldestAt: iso(b.oldestAt), reportedAt: iso(b.reportedAt)! })),
      late: q.late.map((l) => ({ caseId: l.caseId, caseNumber: l.caseNumber, detail: `环节“${l.type}”晚 ${min(l.delayMs)} 送达` })),
      missingSteps: q.missingSteps.map((m) => ({ caseId: m.caseId, caseNumber: m.caseNumber, detail: `缺第 ${m.expectedSeq} 个环节（已收到第 ${m.offeredSeq} 个）` })),
      overdue: q.overdue.map((o) => ({ caseId: o.caseId, caseNumber: o.caseNumber, detail: `${o.itemName}，承诺办结 ${o.dueDate}` })),
      totals: q.totals,
      upstream: q.upstream
        ? {
          platform: q.upstream.platform, pendingCases: q.upstream.pendingCases, lastSuccessAt: iso(q.upstream.lastSuccessAt), lastError: q.upstream.lastError,
          refusals: q.upstream.refusals.map((r) => ({ caseNumber: r.subject, detail: `${r.kind === 'archive' ? '归档信息包' : '办件'}被拒收：${r.reason}` })),
        }
        : null,
    };
  },
};
