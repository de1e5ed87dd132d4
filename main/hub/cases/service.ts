/**
 * The hub as the hall's home for cases: ingest (idempotent, the step trail checked against the
 * workstation's own state machine), the hall-wide record, pulls with cursors, and 办件质量.
 */
import { createHash } from 'node:crypto';
import type { UpstreamStatus } from '../upstream/forwarder';
import { DeskError, isDeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import { STATE_LABELS, TRANSITIONS } from '../../core/cases/states';
import type { CaseHead, CaseStore, CaseVerdict } from '../store/case-types';
import { caseNumberOf, counterNumberOf, type BacklogReport, type CaseOp, type CaseQuality, type HallCase, type HallCaseFull, type IngestRequest, type IngestResult } from './protocol';

/** A step that reaches the hub more than this after it happened counts as late ingestion (办件质量). */
export const DEFAULT_LATE_MS = 30 * 60_000;

/** The hub's rules for the next step of a case, given what the hub holds. */
export function checkStep(op: CaseOp, head: CaseHead | null): CaseVerdict {
  const e = op.event;
  const illegal = (message: string): CaseVerdict => ({ ok: false, outcome: 'rejected', code: 'CASE_STEP_ILLEGAL', message });
  if (!head) {
    if (op.seq !== 1) return { ok: false, outcome: 'gap', code: 'CASE_STEP_MISSING', message: `办件 ${op.snapshot.caseNumber ?? op.caseId} 的第 1 个环节尚未送达，请先补送。`, expectedSeq: 1 };
    if (e.type !== 'created' || e.to !== 'draft') return illegal(`办件 ${op.caseId} 的首个环节应为“收件登记”，收到的是“${e.type}”。`);
    if (op.snapshot.state !== 'draft') return illegal(`办件 ${op.caseId} 的状态与首个环节不符。`);
    return { ok: true };
  }
  const name = head.caseNumber ?? op.caseId;
  if (op.seq <= head.lastSeq) return { ok: false, outcome: 'rejected', code: 'CASE_STEP_CONFLICT', message: `办件 ${name} 的第 ${op.seq} 个环节已由另一操作记录（可能在其他窗口办理过），请在本机刷新该办件后再办理。` };
  if (op.seq > head.lastSeq + 1) {
    return { ok: false, outcome: 'gap', code: 'CASE_STEP_MISSING', message: `办件 ${name} 缺少第 ${head.lastSeq + 1} 个环节，请先补送。`, expectedSeq: head.lastSeq + 1 };
  }
  if (e.from !== null && e.from !== head.state) return illegal(`办件 ${name} 在大厅服务为“${STATE_LABELS[head.state]}”，与本环节的起始状态“${STATE_LABELS[e.from]}”不符。`);
  if (e.from !== null && e.to !== null && e.to !== e.from && !TRANSITIONS[e.from].includes(e.to)) {
    return illegal(`办件 ${name} 不能从“${STATE_LABELS[e.from]}”转为“${STATE_LABELS[e.to]}”。`);
  }
  if (e.from === null && e.to !== null) return illegal(`办件 ${name} 的环节“${e.type}”缺少起始状态。`);
  const after = e.to ?? head.state;
  if (op.snapshot.state !== after) return illegal(`办件 ${name} 的状态记录（${STATE_LABELS[op.snapshot.state]}）与环节结果（${STATE_LABELS[after]}）不符。`);
  return { ok: true };
}

export function requestSha(op: CaseOp): string {
  return createHash('sha256').update(JSON.stringify(op)).digest('hex');
}

export interface HubCasesOptions {
  store: CaseStore;
  now: () => number;
  lateMs?: number;
  /** The forwarder to the city platform, when one is configured (办件质量 shows what it has not taken). */
  upstream?: () => Promise<UpstreamStatus>;
}

export class HubCases {
  readonly store: CaseStore;
  private readonly now: () => number;
  private readonly lateMs: number;
  private readonly upstream: (() => Promise<UpstreamStatus>) | null;

  constructor(o: HubCasesOptions) {
    this.store = o.store;
    this.now = o.now;
    this.lateMs = o.lateMs ?? DEFAULT_LATE_MS;
    this.upstream = o.upstream ?? null;
  }

  /**
   * A batch, in order. Each operation is its own transaction: a refused one never undoes or blocks
   * another case's; within a case, a refused or missing step makes the later ones answer `gap`.
   */
  async ingest(req: IngestRequest, device: { counters: readonly number[] } | null): Promise<{ results: IngestResult[]; hubNow: number }> {
    const results: IngestResult[] = [];
    for (const op of req.ops) {
      const receivedAt = this.now();
      if (device && !ownCounter(op, device.counters)) {
        results.push({ key: op.key, outcome: 'rejected', hubSeq: null, receivedAt: null, error: { code: 'DEVICE_FORBIDDEN', message: `本设备无权提交窗口 ${op.event.counterId} 办理的环节。` } });
        continue;
      }
      try {
        results.push(await this.store.applyCaseOp({ op, workstation: req.workstation, receivedAt, requestSha: requestSha(op), check: (head) => checkStep(op, head) }));
      } catch (e) {
        if (!isDeskError(e)) throw e;
        results.push({ key: op.key, outcome: 'rejected', hubSeq: null, receivedAt: null, error: { code: e.code, message: e.message } });
      }
    }
    return { results, hubNow: this.now() };
  }

  async find(q: { number?: string; applicant?: string }): Promise<HallCase[]> {
    if (q.number?.trim()) return this.store.search({ number: caseNumberOf(q.number), limit: 20 });
    const a = q.applicant?.trim();
    if (!a) throw new DeskError('INVALID_INPUT', '请输入办件编号、扫描告知书二维码，或输入申请人证件号码或姓名。');
    const isKey = /^[0-9A-Za-z]{15,18}$/.test(a);
    return this.store.search(isKey ? { applicantKey: a.toUpperCase(), limit: 50 } : { applicantName: a, limit: 50 });
  }

  async get(idOrNumber: string): Promise<HallCaseFull> {
    const c = await this.store.getCase(caseNumberOf(idOrNumber));
    if (!c) throw new DeskError('UNKNOWN_CASE', `大厅服务中没有办件 ${idOrNumber}（可能尚未从受理窗口同步上来）。`);
    return c;
  }

  /** Pull: `cursor` is `<epoch>:<hubSeq>`; another epoch's cursor (or a malformed one) answers `reset`. */
  async pull(cursor: string | undefined, limit = 500) {
    const epoch = await this.store.epoch();
    let after = 0;
    let reset = false;
    if (cursor) {
      const m = /^([0-9a-f]+):(\d+)$/.exec(cursor);
      if (!m || m[1] !== epoch) reset = true;
      else after = Number(m[2]);
    }
    const cases = await this.store.changedSince(after, limit + 1);
    const more = cases.length > limit;
    const page = cases.slice(0, limit);
    const last = page.length ? page[page.length - 1].hubSeq : after;
    return { cases: page, cursor: `${epoch}:${last}`, more, reset };
  }

  async reportBacklog(r: BacklogReport): Promise<{ ok: true }> {
    await this.store.putBacklog(r, this.now());
    return { ok: true };
  }

  async quality(): Promise<CaseQuality> {
    const [backlog, late, missingSteps, overdue, totals, upstream] = await Promise.all([
      this.store.listBacklog(), this.store.lateSteps(this.lateMs, 50), this.store.missingSteps(50), this.store.overdue(hallDay(this.now()), 50), this.store.totals(),
      this.upstream?.() ?? null,
    ]);
    return { backlog, late, lateThresholdMs: this.lateMs, missingSteps, overdue, totals, upstream };
  }
}

function ownCounter(op: CaseOp, counters: readonly number[]): boolean {
  const n = counterNumberOf(op.event.counterId);
  return n !== null && counters.includes(n);
}
