/**
 * Reconciliation of work a counter did while it could not reach the hub. Rules (OFFLINE.md):
 *  R1 Own series only: offline, a workstation issues and serves only its own series
 *     `<prefix>-<counter>-<nnn>` (A-3-001). Hub tickets are never called offline, so no other
 *     counter can be serving the same ticket; hub-series numbers in an offline op are refused.
 *  R2 Idempotent: every op carries an opId; the hub stores the first answer and returns it again
 *     for a repeat. The same opId from another workstation is refused (OFFLINE_OP_REUSED).
 *  R3 Forward only: ops are applied in the order sent; a transition the ticket is already past
 *     (finish of a finished ticket) is `ignored`, never moved backwards.
 *  R4 Nothing lost: an offline ticket still waiting joins the shared queue with its original
 *     time as dueAt (clamped to the hub's now), so it keeps its place in the policy's order.
 *  R5 Appointment checked in both offline and at the kiosk: if the hub ticket is still waiting it
 *     is cancelled in favour of the offline one; if it was already called, both are kept and the
 *     result carries an OFFLINE_CONFLICT warning for the supervisor.
 *  R6 Client clocks are evidence, not order: times are clamped to ≤ hub now; order is the op order.
 *  R7 One transaction per op: the op's writes and its recorded answer commit together; a refused op
 *     is answered on its own (rejected, code and reason) and the batch goes on. An op dated on
 *     another day than the hall's current one is refused (OFFLINE_OUT_OF_WINDOW).
 */
import { DeskError, isDeskError } from '../../common/errors';
import type { OfflineOp, OfflineOpResult, ReconcileRequest, Ticket, TicketStatus } from './protocol';
import type { HallQueue } from './queue';
import type { OfflineTx, TicketPatch } from './store/types';
import { hallDay } from '../../common/hall-time';
import { crashPoint } from './fault';

const ORDER: Record<TicketStatus, number> = { waiting: 0, called: 1, parked: 1, serving: 2, finished: 3, no_show: 3, cancelled: 3 };

export class OfflineReconciler {
  constructor(private q: HallQueue) {}

  /**
   * Every operation is answered on its own (applied / replayed / ignored / rejected with a code
   * and a Chinese reason), each applied and recorded in one transaction: a refused operation
   * never fails the batch, and the next one is still tried.
   */
  async reconcile(req: ReconcileRequest): Promise<OfflineOpResult[]> {
    await this.q.counter(req.counter);
    const results: OfflineOpResult[] = [];
    for (const op of req.ops) results.push(await this.one(req, op));
    await this.q.emitQueue();
    // An offline check-in links its booking: the other workstations' copies follow.
    if (req.ops.some((op) => op.type === 'checkIn')) this.q.pullDue('appointments');
    await this.q.emitCounter(req.counter);
    return results;
  }

  private async one(req: ReconcileRequest, op: OfflineOp): Promise<OfflineOpResult> {
    const rejected = (code: string, message: string): OfflineOpResult => ({ opId: op.opId, outcome: 'rejected', ticket: null, warning: null, error: { code, message } });
    try {
      const { prior, result } = await this.q.store.reconcileOp(
        { opId: op.opId, workstation: req.workstationId, counter: req.counter, at: this.q.now() },
        async (tx) => {
          const applied = { ...(await this.apply(tx, req, op)), opId: op.opId };
          crashPoint('offline.applied'); // where the old two transactions met: nothing is committed yet
          return applied;
        },
        (e) => rejected(e.code, e.message),
      );
      if (!prior) return result!;
      if (prior.workstation !== req.workstationId) return rejected('OFFLINE_OP_REUSED', '该离线操作编号已被其他工作站使用，请联系管理员。');
      return { ...prior.result, outcome: 'replayed' };
    } catch (e) {
      // Not a refusal but a fault (disk, a bug): nothing of this operation was written, nothing recorded,
      // so the workstation may send it again; the batch goes on.
      return rejected('OFFLINE_OP_FAILED', `大厅服务处理该离线操作时出错，未采用（${isDeskError(e) ? e.message : '内部错误'}），已转入待处理列表。`);
    }
  }

  private ownSeries(number: string, counter: number): { prefix: string } {
    const m = /^([A-Z]{1,2})-(\d+)-\d{3,}$/.exec(number);
    if (!m || Number(m[2]) !== counter) {
      throw new DeskError('OFFLINE_CONFLICT', `${number} 不是${counter}号窗口的离线号段，离线期间只能办理本窗口离线号（如 A-${counter}-001）。`);
    }
    return { prefix: m[1] };
  }

  /** R7: an operation belongs to the hall's current day; one from another day (a wrong clock, a stale outbox) is refused. */
  private inWindow(at: number): void {
    const today = this.q.today();
    if (hallDay(at) !== today) {
      throw new DeskError('OFFLINE_OUT_OF_WINDOW', `该离线操作的时间（${hallDay(at)}）不在大厅当日（${today}）范围内，未采用；请核对工作站时钟。`);
    }
  }

  private async apply(tx: OfflineTx, req: ReconcileRequest, op: OfflineOp): Promise<OfflineOpResult> {
    const q = this.q;
    this.inWindow(op.at);
    const at = Math.min(op.at, q.now());
    const day = hallDay(at);
    const ok = (ticket: Ticket | null, outcome: OfflineOpResult['outcome'] = 'applied', warning: OfflineOpResult['warning'] = null): OfflineOpResult => ({ opId: op.opId, outcome, ticket, error: null, warning });
    this.ownSeries(op.number, req.counter);

    if (op.type === 'issue' || op.type === 'checkIn') {
      let appointment = null;
      let stream;
      if (op.type === 'checkIn') {
        appointment = (await tx.findAppointments({ day, code: op.appointmentCode }))[0];
        if (!appointment) throw new DeskError('UNKNOWN_APPOINTMENT', `未查到预约码 ${op.appointmentCode} 的当日预约。`);
        stream = q.streamOfKind('appointment');
      } else {
        stream = q.stream(op.stream);
      }
      const t = await tx.insertNumberedTicket({
        number: op.number, day, stream: stream.id, kind: stream.kind, series: 'offline', source: 'offline', status: 'waiting',
        itemCode: (op.type === 'issue' ? op.itemCode : appointment?.itemCode) ?? null, note: `${req.counter}号窗口离线签发`,
        targetCounter: null, dueAt: appointment ? Math.max(at, appointment.slotStart) : at, issuedAt: at, appointmentId: appointment?.id ?? null,
      });
      if (!t) throw new DeskError('OFFLINE_NUMBER_TAKEN', `离线号 ${op.number} 已存在（另一操作已上传），请检查工作站离线号段。`);
      if (!appointment) return ok(t);
      return this.linkAppointment(tx, appointment.id, t, op.opId);
    }

    const t = await tx.getTicketByNumber(day, op.number);
    if (!t) throw new DeskError('UNKNOWN_TICKET', `大厅没有离线号 ${op.number}，请先上传它的取号操作。`);
    if (t.counter !== null && t.counter !== req.counter && t.status !== 'waiting') {
      throw new DeskError('OFFLINE_CONFLICT', `${op.number} 已在${t.counter}号窗口办理，离线记录未采用。`);
    }
    type Step = { to: TicketStatus; patch: TicketPatch; from: TicketStatus[] };
    const steps: Record<'call' | 'start' | 'finish' | 'noShow', Step> = {
      call: { to: 'called', from: ['waiting'], patch: { status: 'called', counter: req.counter, calledAt: at, lastCalledAt: at, callCount: t.callCount + 1 } },
      start: { to: 'serving', from: ['waiting', 'called'], patch: { status: 'serving', counter: req.counter, calledAt: t.calledAt ?? at, startedAt: at } },
      finish: { to: 'finished', from: ['waiting', 'called', 'serving'], patch: { status: 'finished', counter: req.counter, calledAt: t.calledAt ?? at, finishedAt: at } },
      noShow: { to: 'no_show', from: ['waiting', 'called'], patch: { status: 'no_show', counter: req.counter, calledAt: t.calledAt ?? at, finishedAt: at } },
    };
    const target = steps[op.type];
    if (ORDER[t.status] >= ORDER[target.to]) return ok(t, 'ignored');
    const out = await tx.transition(t.id, { statuses: target.from }, target.patch, { type: `offline_${op.type}`, counter: req.counter, at, detail: { opId: op.opId } });
    if (!out) throw new DeskError('OFFLINE_CONFLICT', `${op.number} 在上传期间状态已改变，离线记录未采用。`);
    return ok(out);
  }

  private async linkAppointment(tx: OfflineTx, appointmentId: string, t: Ticket, opId: string): Promise<OfflineOpResult> {
    const q = this.q;
    const ok = (warning: OfflineOpResult['warning'] = null): OfflineOpResult => ({ opId, outcome: 'applied', ticket: t, error: null, warning });
    const linked = await tx.updateAppointment(appointmentId, ['booked', 'no_show'], { status: 'checked_in', ticketId: t.id, checkedInAt: t.issuedAt });
    if (linked) return ok();
    const current = (await tx.findAppointments({ day: t.day })).find((a) => a.id === appointmentId);
    const hubTicket = current?.ticketId ? await tx.getTicket(current.ticketId) : null;
    if (hubTicket && hubTicket.status === 'waiting') {
      await tx.transition(hubTicket.id, { statuses: ['waiting'] }, { status: 'cancelled', note: `已在离线窗口签到（${t.number}）` }, { type: 'cancelled', counter: null, at: q.now(), detail: { offline: t.number } });
      await tx.updateAppointment(appointmentId, ['checked_in', 'late_walkin'], { ticketId: t.id });
      return ok();
    }
    return ok({ code: 'OFFLINE_CONFLICT', message: `预约 ${current?.code ?? appointmentId} 也在大厅签到并已叫号（${hubTicket?.number ?? '未知'}），两条记录均保留，请值班长核对。` });
  }
}
