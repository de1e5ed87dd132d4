import { DeskError } from '../../../common/errors';
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
import type { Connection } from '../context';
import type { SyncDomain } from '../domains/sync';
import type { Db } from '../../db/connection';
import type { HandlerMap } from './types';

export interface SyncContext {
  conn: Connection;
  sync: SyncDomain;
  db: Db;
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
      return { ...base, caseId: p.caseId, caseNumber: p.caseNumber, subject: p.materialName ?? p.materialId };
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

export const syncHandlers: HandlerMap<'sync.list' | 'sync.resend' | 'sync.pushNow' | 'sync.findCase' | 'sync.takeCase' | 'sync.restoreOpen' | 'sync.quality', SyncContext> = {
  'sync.list'({ statuses }, ctx) {
    return ctx.sync.outbox.list(statuses).map(opView);
  },
  'sync.resend'({ id }, ctx) {
    return opView(ctx.sync.outbox.resend(id));
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
