/**
 * The workstation's side of assistance: 求助 from a counter (through the hub at once, or into the
 * sync outbox while the hub is unreachable, sent later by the sync engine with its key and original
 * time; the same for 办不成事 reports),
 * the helpers' accept / arrive / close / walk-up, the ledger and its exports, and 办不成事 reports.
 * The hub's pushes (`assist.changed`) are handed to the renderer as they come.
 */
import { randomUUID } from 'node:crypto';
import { DeskError } from '../../../common/errors';
import { maskPersonName } from '../../../common/identity';
import type { AdvanceReportRequest, ReportSettings, TakeReportRequest, UnresolvedReport } from '../../../common/assist/reports';
import type {
  AssistKind, AssistOutcome, AssistRecord, AssistSettings, HelperCapacity, HelpRequest, LedgerQuery, WalkUpRequest,
} from '../../../common/assist/schema';
import type { Db } from '../../db/connection';
import type { Outbox } from '../sync/outbox';
import type { OpSender } from '../sync/transport';
import { syncFaultOf } from '../sync/transport';
import { ASSIST_REPORT, ASSIST_REQUEST, assistLane, assistSenders, reportLane, type AssistSendPort } from './sync';

/** What the service asks of the hub (HubClient implements it through the route table). */
export interface AssistHubPort {
  request(req: HelpRequest): Promise<AssistRecord>;
  cancel(id: number, counter: number): Promise<AssistRecord>;
  accept(id: number, helper: AssistRecord['helper'] & object, etaMinutes: number): Promise<AssistRecord>;
  arrive(id: number, helper: { staffNo: string; name: string }): Promise<AssistRecord>;
  close(id: number, body: Record<string, unknown>): Promise<AssistRecord>;
  walkUp(req: WalkUpRequest): Promise<AssistRecord>;
  live(): Promise<AssistRecord[]>;
  ledger(q: LedgerQuery): Promise<AssistRecord[]>;
  settings(): Promise<{ assist: AssistSettings; reports: ReportSettings }>;
  setSettings(s: { assist: AssistSettings; reports: ReportSettings }): Promise<{ assist: AssistSettings; reports: ReportSettings }>;
  takeReport(req: TakeReportRequest): Promise<UnresolvedReport>;
  advanceReport(id: number, req: AdvanceReportRequest, supervisor: boolean): Promise<UnresolvedReport>;
  reports(): Promise<UnresolvedReport[]>;
}

export interface StaffOnDuty { id: string; staffNo: string; name: string; role: string }

/** A 求助 waiting in the sync outbox: shown to the counter as 待发送. */
export interface PendingRequest { key: string; counter: number; kind: AssistKind; note: string; at: number; lastError: string | null }

/** Whether a failed online attempt goes to the outbox (the hub could not take it now) rather than back to the clerk (refused). */
const later = (e: unknown) => syncFaultOf(e).kind === 'retry';
const noHub = () => new DeskError('HUB_UNREACHABLE', '未连接大厅服务：帮办台账与接单需要大厅服务，请检查网络后重试。');

export class AssistService {
  constructor(
    private readonly db: Db,
    private readonly hub: () => AssistHubPort | null,
    private readonly opts: { outbox: Pick<Outbox, 'enqueue' | 'open'>; now?: () => number; changed: (r: AssistRecord) => void; pendingChanged?: () => void },
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private port(): AssistHubPort {
    const h = this.hub();
    if (!h) throw noHub();
    return h;
  }

  /** What a staff member helps as: the stored capacity, else an assistant (a supervisor: a leader). */
  capacityOf(staff: StaffOnDuty): HelperCapacity {
    const r = this.db.prepare(`SELECT capacity FROM staff_assist_capacity WHERE staff_id = ?`).get(staff.id) as { capacity: HelperCapacity } | undefined;
    return r?.capacity ?? (staff.role === 'supervisor' ? 'leader' : 'assistant');
  }

  setCapacity(staffId: string, capacity: HelperCapacity): void {
    const known = this.db.prepare(`SELECT 1 FROM staff WHERE id = ?`).get(staffId);
    if (!known) throw new DeskError('UNKNOWN_STAFF', '没有该工作人员。');
    this.db.prepare(`INSERT INTO staff_assist_capacity (staff_id, capacity) VALUES (?, ?) ON CONFLICT (staff_id) DO UPDATE SET capacity = excluded.capacity`).run(staffId, capacity);
  }

  private helperOf(staff: StaffOnDuty) {
    return { staffNo: staff.staffNo, name: staff.name, capacity: this.capacityOf(staff) };
  }

  /**
   * 求助: sent now, or into the outbox (with its time and the same key) when the hub cannot take it
   * now; a request the hub refuses goes back to the clerk. An attempt whose answer was lost and is
   * sent again from the outbox is answered by the hub with its first record (one key per press).
   */
  async request(staff: StaffOnDuty, counter: number, kind: HelpRequest['kind'], note: string, ticketNo: string | null): Promise<{ record: AssistRecord | null; pending: PendingRequest | null }> {
    const req: HelpRequest = { key: `help-${randomUUID()}`, counter, kind, note, by: { staffNo: staff.staffNo, name: staff.name }, at: this.now(), ticketNo };
    const hub = this.hub();
    if (hub) {
      try {
        return { record: await hub.request(req), pending: null };
      } catch (e) {
        if (!later(e)) throw e;
      }
    }
    this.enqueue(ASSIST_REQUEST, assistLane(req.key), req);
    return { record: null, pending: this.pending().find((p) => p.key === req.key) ?? null };
  }

  private enqueue(kind: string, lane: string, body: HelpRequest | TakeReportRequest): void {
    this.db.transaction(() => this.opts.outbox.enqueue(kind, lane, body, body.key))();
    this.opts.pendingChanged?.();
  }

  /** The 求助 not yet at the hub, oldest first (a refused one with the hub's reason). */
  pending(): PendingRequest[] {
    return this.opts.outbox.open(ASSIST_REQUEST).map((op) => {
      const b = op.payload as HelpRequest;
      return { key: op.idempotencyKey, counter: b.counter, kind: b.kind, note: b.note, at: b.at ?? op.createdAt, lastError: op.lastError };
    });
  }

  /** What the sync engine sends these kinds with; a delivered 求助 is shown to the counter as the hub answered it. */
  senders(port: AssistSendPort): Record<string, OpSender> {
    return assistSenders(port, (r) => {
      if (r) this.opts.changed(r);
      this.opts.pendingChanged?.();
    });
  }

  cancel(id: number, counter: number) {
    return this.port().cancel(id, counter);
  }
  accept(staff: StaffOnDuty, id: number, etaMinutes: number) {
    return this.port().accept(id, this.helperOf(staff), etaMinutes);
  }
  arrive(staff: StaffOnDuty, id: number) {
    return this.port().arrive(id, { staffNo: staff.staffNo, name: staff.name });
  }

  /** Closes with the outcome; the applicant's name is masked here, before it leaves this machine. */
  close(staff: StaffOnDuty, id: number, d: CloseDetails) {
    return this.port().close(id, { helper: { staffNo: staff.staffNo, name: staff.name }, ...d, applicant: maskPersonName(d.applicant ?? '') });
  }

  walkUp(staff: StaffOnDuty, d: Omit<CloseDetails, 'outcome'> & { kind: AssistKind; outcome: AssistOutcome | null; startedAt?: number }) {
    return this.port().walkUp({
      key: `walk-${randomUUID()}`, kind: d.kind, helper: this.helperOf(staff), startedAt: d.startedAt, counters: d.counters ?? [], outcome: d.outcome,
      applicant: maskPersonName(d.applicant ?? ''), itemCode: d.itemCode ?? null, itemName: d.itemName ?? null, caseIds: d.caseIds ?? [],
      ticketNo: d.ticketNo ?? null, problem: d.problem ?? '', action: d.action ?? '', outOfScope: d.outOfScope ?? false,
    });
  }

  live() {
    return this.port().live();
  }
  ledger(q: LedgerQuery) {
    return this.port().ledger(q);
  }
  settings() {
    return this.port().settings();
  }
  setSettings(s: { assist: AssistSettings; reports: ReportSettings }) {
    return this.port().setSettings(s);
  }

  /** Takes a 办不成事 report; offline it is queued (and still printed: its deadlines are computed again by the hub). */
  async takeReport(staff: StaffOnDuty, d: Omit<TakeReportRequest, 'key' | 'by' | 'at'>): Promise<UnresolvedReport | null> {
    const req: TakeReportRequest = { ...d, key: `report-${randomUUID()}`, by: { staffNo: staff.staffNo, name: staff.name }, applicant: maskPersonName(d.applicant), at: this.now() };
    const hub = this.hub();
    if (hub) {
      try {
        return await hub.takeReport(req);
      } catch (e) {
        if (!later(e)) throw e;
      }
    }
    this.enqueue(ASSIST_REPORT, reportLane(req.key), req);
    return null;
  }
  advanceReport(staff: StaffOnDuty, id: number, req: Omit<AdvanceReportRequest, 'by'>) {
    const supervisor = staff.role === 'supervisor' || staff.role === 'admin';
    return this.port().advanceReport(id, { ...req, by: { staffNo: staff.staffNo, name: staff.name } }, supervisor);
  }
  reports() {
    return this.port().reports();
  }
}

export interface CloseDetails {
  outcome?: AssistOutcome;
  applicant?: string;
  itemCode?: string | null;
  itemName?: string | null;
  caseIds?: string[];
  ticketNo?: string | null;
  problem?: string;
  action?: string;
  outOfScope?: boolean;
  counters?: number[];
}
