// 好差评 in a demo history, through the workstation's real RatingService (what `queue.finish`
// and the citizen screen's `rating.submit` call): every finished service is offered for rating,
// most are rated on the citizen screen with a realistic spread, some skipped or left unanswered;
// each 差评 carries a reason and is followed up under 「1、5、15」 on later working days — some
// closed within a day, some in their 5-day 整改, a few complex ones or stalled ones left open or
// overdue when the history ends.
import { atHallTime } from '../../../common/hall-time';
import type { Workstation } from '../../api/workstation';
import { addWorkingDays } from '../../core/calendar';
import type { Rng } from '../../core/queue/sim/rng';
import { currentDue, followUpView, isBad, RATING_OFFER, RATING_PUT, type Complexity } from '../../core/rating';
import type { Agenda } from './agenda';

export interface StaffMember { id: string; staffNo: string; name: string; role: string }

export interface RatingFigures {
  services: number;
  rated: number;
  skipped: number;
  /** Ratings per level, "5" (非常满意) … "1" (非常不满意). */
  levels: Record<'1' | '2' | '3' | '4' | '5', number>;
  bad: number;
  /** The 差评 follow-ups as the supervisor's list shows them the morning after the last day. */
  followUps: { closed: number; inProgress: number; notContacted: number; overdue: number };
}

/**
 * The spread of levels: mostly 非常满意/满意, a few 基本满意, about 1.5% 差评 — the share Shanghai's
 * halls publish (差评 are rare at the counter, most come by phone and web).
 */
const LEVEL_SHARES: readonly [number, number][] = [[5, 0.7], [4, 0.215], [3, 0.07], [2, 0.01], [1, 0.005]];
const RATE_SHARE = 0.86;
const SKIP_SHARE = 0.07;

const BAD_REASONS: readonly { reasons: string[]; text: string | null }[] = [
  { reasons: ['efficiency'], text: '等候时间太长，办理也慢' },
  { reasons: ['competence'], text: '材料要求讲得不清楚，要再跑一次' },
  { reasons: ['attitude'], text: null },
  { reasons: ['efficiency', 'attitude'], text: null },
  { reasons: ['other'], text: '系统故障，当天没办成' },
];

type Plan = 'sameDay' | 'simple' | 'complex' | 'late' | 'stalled' | 'untouched';
/** How 差评 are followed up: most within the rules, some late, a few stalled (overdue at the end). */
const PLANS: readonly [Plan, number][] = [['sameDay', 0.35], ['simple', 0.3], ['complex', 0.17], ['late', 0.08], ['stalled', 0.06], ['untouched', 0.04]];

const HOUR = 3_600_000;

export class HistoryRatings {
  private services = 0;
  private rated = 0;
  private skipped = 0;
  private readonly levels: RatingFigures['levels'] = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };

  constructor(
    private readonly ws: Workstation,
    private readonly rng: Rng,
    private readonly agenda: Agenda,
    private readonly supervisor: StaffMember,
    private readonly staff: (id: string) => StaffMember,
  ) {}

  private get svc() {
    return this.ws.rating.service;
  }

  /**
   * 结束 at a counter: the service is recorded (bound to the case taken for the ticket, if any) and
   * the applicant answers the screen — rates, skips, or walks away leaving the question unanswered.
   */
  served(day: string, at: { counterId: string; counterNumber: number; staffId: string }, ticket: { id: number; number: string }): void {
    const s = this.staff(at.staffId);
    const row = this.svc.served({ counterId: at.counterId, counterNumber: at.counterNumber, staffId: s.id, staffNo: s.staffNo, ticketRef: `hub:${ticket.id}`, ticketNumber: ticket.number });
    this.services++;
    const u = this.rng.next();
    if (u >= RATE_SHARE) {
      if (u < RATE_SHARE + SKIP_SHARE) {
        this.svc.skip(at.counterId, row.id);
        this.skipped++;
      }
      return;
    }
    const level = this.rng.choose(LEVEL_SHARES);
    const why = isBad(level) ? BAD_REASONS[Math.floor(this.rng.next() * BAD_REASONS.length)] : null;
    const r = this.svc.rateAtCounter(at.counterId, row.id, { level, reasons: why?.reasons, reasonText: why?.text }, 'screen');
    this.rated++;
    this.levels[level as 1]++;
    if (isBad(level)) this.followUp(day, r.id, s);
  }

  /** Schedules the 差评's 回访, 整改 and 办结 on later working days by one of the plans. */
  private followUp(day: string, ratingId: string, clerk: StaffMember): void {
    const plan = this.rng.choose(PLANS);
    const on = (wd: number, time: string, extra = 0) => atHallTime(addWorkingDays(day, wd), time) + extra;
    const jitter = () => Math.floor(this.rng.next() * 2 * HOUR);
    const contact = () => this.step(ratingId, 'contact', `${this.supervisor.name}（值班长）`, '电话回访申请人，核实了反映的情况并致歉。');
    const rectify = (complexity: Complexity) => this.step(ratingId, 'rectify', `${clerk.name}（${clerk.staffNo}）`,
      complexity === 'simple' ? '窗口已整改：补充一次性告知单，当面讲清材料要求。' : '涉及系统与流程，已报中心协调整改并完成。', complexity);
    const close = (wd: number, time: string) => this.agenda.at(on(wd, time, jitter()), () => {
      const satisfied = this.rng.next() < 0.85;
      this.svc.close(ratingId, { satisfied, reply: satisfied ? '已向申请人说明整改情况，申请人表示认可。' : '已答复申请人，申请人仍有意见，已记录在案。' }, this.supervisor.staffNo);
    });
    switch (plan) {
      case 'sameDay': // 回访 and a simple 整改 the next working day, closed the same day: within the 1.
        this.agenda.at(on(0, '16:30'), contact);
        this.agenda.at(on(1, '09:30', jitter()), () => rectify('simple'));
        close(1, '14:00');
        break;
      case 'simple': // 回访 within the 1, 整改 within the 5.
        this.agenda.at(on(1, '09:30', jitter()), contact);
        this.agenda.at(on(2 + Math.floor(this.rng.next() * 3), '10:00', jitter()), () => rectify('simple'));
        close(5, '15:00');
        break;
      case 'complex': // A complex problem: 整改 takes most of the 15.
        this.agenda.at(on(1, '10:00', jitter()), contact);
        this.agenda.at(on(8 + Math.floor(this.rng.next() * 6), '10:00', jitter()), () => rectify('complex'));
        close(14, '15:00');
        break;
      case 'late': // 回访 a day late, 整改 past the 5: kept and shown as late.
        this.agenda.at(on(2, '11:00', jitter()), contact);
        this.agenda.at(on(7, '10:00', jitter()), () => rectify('simple'));
        close(8, '15:00');
        break;
      case 'stalled': // Contacted, then nothing: overdue once its 15 have passed.
        this.agenda.at(on(1, '10:00', jitter()), contact);
        break;
      case 'untouched': // Nobody called back: overdue the day after.
        break;
    }
  }

  private step(ratingId: string, step: 'contact' | 'rectify', owner: string, record: string, complexity?: Complexity): void {
    this.svc.recordStep(ratingId, step, { owner, record, complexity }, this.supervisor.staffNo);
  }

  /** Sends the ratings the sync outbox holds to the hub (the day's ratings must be there before the night keeps its 日动态). */
  async drain(): Promise<void> {
    const engine = this.ws.sync.engine;
    if (!engine) return;
    const left = () => {
      const b = this.ws.sync.outbox.backlog([RATING_OFFER, RATING_PUT]);
      return b.pending + b.inflight + b.failed + b.dead;
    };
    // A pass already under way may have started before the last rows were queued: one idle pass is allowed.
    for (let idle = 0; left() > 0;) {
      if ((await engine.drain()).done > 0) idle = 0;
      else if (++idle > 1 && left() > 0) throw new Error(`好差评未能送达大厅服务：${left()} 条待发送`);
    }
  }

  figures(today: string): RatingFigures {
    const followUps = { closed: 0, inProgress: 0, notContacted: 0, overdue: 0 };
    for (const f of this.svc.store.followUpsIn({})) {
      const v = followUpView(this.svc.store, f.ratingId, today)!;
      if (v.state === 'closed') followUps.closed++;
      else if (currentDue(f)?.step === 'contact') followUps.notContacted++;
      else followUps.inProgress++;
      if (v.overdue) followUps.overdue++;
    }
    return { services: this.services, rated: this.rated, skipped: this.skipped, levels: { ...this.levels }, bad: this.levels[1] + this.levels[2], followUps };
  }
}
