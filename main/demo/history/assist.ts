// 帮办 in a demo history, through the workstation's real AssistService (what a counter's 求助 F8
// and the assistant's page call, over the enrolled hub link): each day some counters ask for help;
// the assistant (or, for 领导帮办, the supervisor as leader) accepts within minutes — now and then
// past the escalation time, now and then never, and the counter withdraws — arrives, and closes it
// with an outcome. An unresolved one becomes a 办不成事 report taken by the asking clerk (首问负责),
// moved 受理 → 研判 → 办理 → 反馈 → 归档 over later working days; some stall and end up overdue.
// The assistance desk also logs a few walk-ups without a ticket.
import { atHallTime } from '../../../common/hall-time';
import type { AssistKind, AssistOutcome, AssistRecord } from '../../../common/assist/schema';
import type { ReportKind, ReportState } from '../../../common/assist/reports';
import type { Workstation } from '../../api/workstation';
import { addWorkingDays } from '../../core/calendar';
import type { Rng } from '../../core/queue/sim/rng';
import type { Agenda } from './agenda';
import type { StaffMember } from './ratings';
import applicants from '../../../resources/demo/applicants.json';

export interface AssistFigures {
  requests: number;
  accepted: number;
  escalated: number;
  cancelled: number;
  closed: number;
  outcomes: Record<AssistOutcome, number>;
  outOfScope: number;
  walkUps: number;
  /** 办不成事 reports: taken, archived by the end, and overdue the morning after the last day. */
  reports: { taken: number; archived: number; overdue: number };
}

const MINUTE = 60_000;
const KINDS: readonly [Exclude<AssistKind, 'accompany' | 'approver'>, number][] = [['consult', 0.45], ['fill', 0.4], ['leader', 0.15]];
const OUTCOMES: readonly [AssistOutcome, number][] = [['resolved', 0.82], ['partly', 0.12], ['unresolved', 0.06]];

const STORY: Record<string, { note: string; problem: string; action: string }[]> = {
  consult: [
    { note: '申请人对办理条件有疑问', problem: '不清楚本人是否符合申请条件', action: '对照办事指南逐条说明，当场确认符合条件' },
    { note: '材料口径需要确认', problem: '户籍证明材料的口径与外区不同', action: '联系业务科室确认口径，告知可用电子证照替代' },
  ],
  fill: [
    { note: '老年人填表困难', problem: '申请人年事已高，不会填写申请表', action: '帮办人员代为填写，申请人核对后签字' },
    { note: '网上申报操作不熟', problem: '不会在一网通办提交网上申请', action: '陪同在自助区完成网上申报并提交' },
  ],
  leader: [
    { note: '复杂事项需领导协调', problem: '多个部门材料要求不一致，申请人多次往返', action: '领导帮办协调两个科室，当场明确材料清单' },
  ],
};

/** Each step on the working day its state falls due by the default settings (受理 the same day, 研判 1, 办理 4, 反馈 5). */
const REPORT_STEPS: readonly { to: ReportState; wd: number; note: string }[] = [
  { to: 'judging', wd: 0, note: '研判：属材料口径不一致，派帮办跟进' },
  { to: 'handling', wd: 1, note: '已联系主管科室，确定办理路径' },
  { to: 'feedback', wd: 3, note: '问题已解决：主管科室出具书面口径，可按新口径受理' },
  { to: 'archived', wd: 5, note: '已电话反馈申请人，申请人表示满意' },
];

export class HistoryAssist {
  private readonly f: AssistFigures = {
    requests: 0, accepted: 0, escalated: 0, cancelled: 0, closed: 0, outcomes: { resolved: 0, partly: 0, unresolved: 0 }, outOfScope: 0, walkUps: 0,
    reports: { taken: 0, archived: 0, overdue: 0 },
  };

  constructor(
    private readonly ws: Workstation,
    private readonly rng: Rng,
    private readonly agenda: Agenda,
    private readonly people: { assistant: StaffMember; leader: StaffMember; clerkAt: (counter: number) => StaffMember; sweep: () => Promise<unknown> },
  ) {}

  private get svc() {
    return this.ws.assist.service;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.next() * xs.length)];
  }

  /** The day's 求助 and walk-ups, put on the agenda at their minutes; `ticketAt` names what a counter is serving then. */
  planDay(day: string, open: readonly number[], ticketAt: (counter: number) => string | null): void {
    const minuteOfDay = () => atHallTime(day, '09:10') + Math.floor(this.rng.next() * 430) * MINUTE;
    const requests = 2 + Math.floor(this.rng.next() * 5);
    for (let i = 0; i < requests && open.length; i++) {
      const counter = this.pick(open);
      this.agenda.at(minuteOfDay(), () => this.request(day, counter, ticketAt(counter)));
    }
    const walkUps = Math.floor(this.rng.next() * 3);
    for (let i = 0; i < walkUps; i++) this.agenda.at(minuteOfDay(), () => this.walkUp());
    // Now and then an applicant reports at a counter that repeated visits got them nowhere (多次到中心仍未办成).
    if (this.rng.next() < 0.25 && open.length) {
      const counter = this.pick(open);
      this.agenda.at(minuteOfDay(), () => this.report(day, counter, 'repeated', '已经是第三次来中心，材料每次都被要求补充，仍未办成', null));
    }
  }

  private async request(day: string, counter: number, ticketNo: string | null): Promise<void> {
    const kind = this.rng.choose(KINDS);
    const story = this.pick(STORY[kind]);
    const clerk = this.people.clerkAt(counter);
    const { record } = await this.svc.request(clerk, counter, kind, story.note, ticketNo);
    if (!record) throw new Error('求助未送达大厅服务');
    this.f.requests++;
    const t0 = record.requestedAt;
    const u = this.rng.next();
    if (u < 0.04) {
      // Nobody came: the counter withdraws it (the hub escalated it to the supervisor meanwhile).
      this.agenda.at(t0 + 8 * MINUTE, async () => {
        await this.svc.cancel(record.id, counter);
        this.f.cancelled++;
      });
      return;
    }
    // Most are taken within a couple of minutes; one in ten waits past the 3-minute escalation.
    const wait = u < 0.14 ? 4 + Math.floor(this.rng.next() * 4) : 1 + Math.floor(this.rng.next() * 2);
    const helper = kind === 'leader' ? this.people.leader : this.people.assistant;
    const eta = 1 + Math.floor(this.rng.next() * 4);
    this.agenda.at(t0 + wait * MINUTE, async () => {
      // The hub's ticker escalates unanswered requests; on the moving clock it runs here.
      await this.people.sweep();
      const r = await this.svc.accept(helper, record.id, eta);
      this.f.accepted++;
      if (r.escalatedAt) this.f.escalated++;
      this.agenda.at(t0 + (wait + eta) * MINUTE, async () => {
        await this.svc.arrive(helper, record.id);
        this.agenda.at(t0 + (wait + eta + 5 + Math.floor(this.rng.next() * 16)) * MINUTE, () => this.close(day, counter, helper, record, story));
      });
    });
  }

  private async close(day: string, counter: number, helper: StaffMember, rec: AssistRecord, story: { problem: string; action: string }): Promise<void> {
    const outcome = this.rng.choose(OUTCOMES);
    // 涉法涉诉 is outside 帮办: guided to the original channel and marked so in the ledger.
    const outOfScope = outcome === 'partly' && this.rng.next() < 0.15;
    const person = this.pick(applicants.persons);
    await this.svc.close(helper, rec.id, {
      outcome, applicant: person.name, ticketNo: rec.ticketNo, outOfScope,
      problem: outOfScope ? '申请人对既往行政处罚有异议（涉法涉诉）' : story.problem,
      action: outOfScope ? '已告知通过行政复议或诉讼渠道解决' : outcome === 'unresolved' ? '现场无法解决，转办不成事反映' : story.action,
    });
    this.f.closed++;
    this.f.outcomes[outcome]++;
    if (outOfScope) this.f.outOfScope++;
    if (outcome === 'unresolved') await this.report(day, counter, 'blocked', `${story.problem}，帮办后仍未办成`, rec.id);
  }

  private async walkUp(): Promise<void> {
    const kind = this.rng.next() < 0.6 ? 'consult' : 'fill';
    const story = this.pick(STORY[kind]);
    await this.svc.walkUp(this.people.assistant, {
      kind, outcome: 'resolved', applicant: this.pick(applicants.persons).name, problem: story.problem, action: story.action, counters: [],
    });
    this.f.walkUps++;
  }

  /** A 办不成事 report taken by the clerk at the counter; its steps follow on later working days (some stall). */
  private async report(day: string, counter: number, kind: ReportKind, description: string, assistId: number | null): Promise<void> {
    const clerk = this.people.clerkAt(counter);
    const person = this.pick(applicants.persons);
    const r = await this.svc.takeReport(clerk, { kind, counter, applicant: person.name, contact: person.phone, itemName: null, description, assistId });
    if (!r) throw new Error('办不成事反映未送达大厅服务');
    this.f.reports.taken++;
    // One in five stalls after 办理 and is overdue for its 反馈 when the history ends.
    const last = this.rng.next() < 0.2 ? 2 : REPORT_STEPS.length;
    const owner = this.people.assistant;
    REPORT_STEPS.slice(0, last).forEach((s, i) => {
      const by = i === 0 ? clerk : owner;
      const at = s.wd === 0 ? r.takenAt + (30 + Math.floor(this.rng.next() * 90)) * MINUTE : atHallTime(addWorkingDays(day, s.wd), '09:30') + Math.floor(this.rng.next() * 240) * MINUTE;
      this.agenda.at(at, async () => {
        // 研判 assigns it to the assistance desk, which carries it to the end.
        await this.svc.advanceReport(by, r.id, { to: s.to, note: s.note, ...(i === 0 ? { owner: { staffNo: owner.staffNo, name: owner.name } } : {}) });
        if (s.to === 'archived') this.f.reports.archived++;
      });
    });
  }

  /** The counts so far, with the reports overdue on the hub's day now. */
  async figures(): Promise<AssistFigures> {
    const open = await this.svc.reports();
    return { ...this.f, outcomes: { ...this.f.outcomes }, reports: { ...this.f.reports, overdue: open.filter((r) => r.overdue).length } };
  }
}
