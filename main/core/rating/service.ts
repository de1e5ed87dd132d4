import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { qrSvg } from './qr';
import { DeskError } from '../../../common/errors';
import { hallDay } from '../../../common/hall-time';
import type { HolidayCalendar } from '../calendar';
import { checkClose, checkStep, followUpDeadlines, type Complexity, type StepKind } from './followup';
import type { ServiceFact } from './figures';
import { checkRating, isBad, type Channel, type RatingInput } from './rules';
import { RatingStore, type FollowUpRow, type RatingRow, type ServiceRow } from './store';
import { RATING_OFFER, RATING_PUT, ratingLane, type RatingOfferPayload, type RatingPutPayload, type RatingSendPort } from './sync';
import type { Outbox } from '../sync/outbox';
import type { LaterAnswer, RatingOffer, RatingSnapshot } from '../../../common/rating';

/** What the citizen screens are asked to do: the thanks with the rating question, then thanks alone. */
export interface RatingScreens {
  finished(counterId: string, ticketNumber: string | null, rating?: { serviceId: string; itemName: string | null; chosenLevel?: number | null; pad?: 'hid' | 'simulated' | null; later?: { url: string; qrSvg: string; until: string } | null } | null, seconds?: number): void;
}

/** The hall hub as the rating needs it: rating snapshots (idempotent by key) and later-rating offers (sent by the sync engine), and the later ratings' answers. */
export interface RatingHub extends RatingSendPort {
  answers(counter: number, after: number): Promise<LaterAnswer[]>;
}

export interface RatingDeps {
  store: RatingStore;
  calendar: () => HolidayCalendar;
  screens: RatingScreens;
  now?: () => Date;
  /** Days after the service in which the citizen screen's QR still takes a rating (a local practice: a setting). */
  laterDays: () => number;
  /** How long the question stays on the citizen screen before it returns to the welcome. */
  screenSeconds: () => number;
  /** The sync outbox: every offer and snapshot is written to it in the transaction of the change. */
  outbox: Pick<Outbox, 'enqueue'>;
  /** Where the later ratings are collected from (null: not now). */
  hub?: () => Pick<RatingHub, 'answers'> | null;
  log?: { error(m: string): void };
  /** The 评价器 beside the citizen screen, if any (named on the screen; the simulated one as 模拟). */
  pad?: () => 'hid' | 'simulated' | null;
  /** Where phones reach the hub's rating page (its public listener; null: no QR is shown). */
  laterBase?: () => string | null;
}

export interface Served {
  counterId: string;
  counterNumber: number;
  staffId: string;
  staffNo: string;
  ticketRef: string | null;
  ticketNumber: string | null;
}

/**
 * 好差评 at the counter: each finished service may be rated once (一次一评), on the citizen screen,
 * the 评价器 pad or later through the QR's one-time code; a 差评 opens its follow-up; ratings go to
 * the hub through the sync outbox with their original times. The clerk sees only aggregates.
 */
export class RatingService {
  /** The service each counter's screen is asking about now (the 评价器 rates that one). */
  private readonly asking = new Map<string, { serviceId: string; until: number }>();

  constructor(private readonly deps: RatingDeps) {}

  get store(): RatingStore {
    return this.deps.store;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * The later-rating page of the service a ticket is getting, for the QR on a notice printed before
   * 结束: its code is reserved now and taken by the service at 结束. Null without a ticket or a hub
   * address phones can reach.
   */
  laterUrlForTicket(ticketRef: string | null): string | null {
    const base = this.deps.laterBase?.()?.replace(/\/+$/, '') ?? null;
    if (!ticketRef || !base) return null;
    return `${base}/rate/${this.store.reserveLaterCode(ticketRef, () => randomBytes(12).toString('base64url'), this.now().toISOString())}`;
  }

  /** After 结束: records the service (三对应) and puts the rating question on that counter's citizen screen. */
  served(s: Served): ServiceRow {
    const at = this.now();
    const c = s.ticketRef ? this.store.caseOfTicket(s.ticketRef) : null;
    // The code a notice of this ticket already carries, else a new one.
    const reserved = s.ticketRef ? this.store.reservedCode(s.ticketRef) : null;
    const row: ServiceRow = {
      id: randomUUID(),
      finishedAt: at.toISOString(),
      finishedDay: hallDay(at),
      counterId: s.counterId,
      counterNumber: s.counterNumber,
      staffId: s.staffId,
      staffNo: s.staffNo,
      ticketRef: s.ticketRef,
      ticketNumber: s.ticketNumber,
      caseId: c?.id ?? null,
      caseNumber: c?.caseNumber ?? null,
      itemCode: c?.itemCode ?? null,
      itemName: c?.itemName ?? null,
      itemVersion: c?.itemVersion ?? null,
      // 96 bits, URL-safe: what the citizen screen's QR carries; it names no one and rates this service only.
      laterCode: reserved ?? randomBytes(12).toString('base64url'),
      rateUntil: new Date(at.getTime() + this.deps.laterDays() * 86_400_000).toISOString(),
      skippedAt: null,
    };
    this.store.db.transaction(() => {
      this.store.insertService(row);
      if (reserved && s.ticketRef) this.store.releaseReservedCode(s.ticketRef);
      const offer: RatingOffer = {
        serviceId: row.id, codeHash: createHash('sha256').update(row.laterCode).digest('hex'), ticketNumber: row.ticketNumber, itemName: row.itemName, rateUntil: row.rateUntil,
      };
      this.deps.outbox.enqueue(RATING_OFFER, ratingLane(row.id), { counter: row.counterNumber, offer } satisfies RatingOfferPayload, randomUUID());
    })();
    this.ask(row);
    return row;
  }

  /** Unanswered, the question goes after `screenSeconds` (or when the next applicant is called): never forced, never defaulted; the QR stays valid. */
  private ask(s: ServiceRow, chosenLevel: number | null = null): void {
    this.asking.set(s.counterId, { serviceId: s.id, until: this.now().getTime() + this.deps.screenSeconds() * 1000 });
    const base = this.deps.laterBase?.()?.replace(/\/+$/, '') ?? null;
    // The QR lets the applicant rate later from their phone (一次一评: whichever answer comes first counts).
    const url = base ? `${base}/rate/${s.laterCode}` : null;
    const later = url ? { url, qrSvg: qrSvg(url), until: s.rateUntil } : null;
    this.deps.screens.finished(s.counterId, s.ticketNumber, { serviceId: s.id, itemName: s.itemName, chosenLevel, pad: this.deps.pad?.() ?? null, later }, this.deps.screenSeconds());
  }

  /**
   * A key of the 评价器: rates the service the screen is asking about. 满意 and above are recorded at
   * once; a 差评 key turns the screen to that level's reason, which the applicant gives there.
   * With no question on any screen the press rates nothing.
   */
  padPress(level: number): RatingRow | null {
    if (this.asking.size !== 1) return null;
    const [counterId, { serviceId, until }] = [...this.asking][0];
    const s = this.store.service(serviceId);
    // The question has left the screen: a later press is nobody's answer to it.
    if (!s || this.store.ratingOfService(s.id) || this.now().getTime() > until) {
      this.asking.delete(counterId);
      return null;
    }
    if (level <= 2) {
      this.ask(s, level);
      return null;
    }
    return this.rateAtCounter(counterId, serviceId, { level }, 'pad');
  }

  private open(serviceId: string): ServiceRow {
    const s = this.store.service(serviceId);
    if (!s) throw new DeskError('RATING_UNKNOWN_SERVICE', '没有找到这次服务，无法评价；请核对二维码或向工作人员咨询。');
    if (this.store.ratingOfService(s.id)) throw new DeskError('RATING_ALREADY_RATED', '这次服务已经评价过了，每次服务只能评价一次（一次一评）。');
    return s;
  }

  /** From the citizen screen or the pad of the counter that served: only the service that screen was asked about. */
  rateAtCounter(counterId: string, serviceId: string, input: RatingInput, channel: Exclude<Channel, 'qr'>): RatingRow {
    const s = this.open(serviceId);
    if (s.counterId !== counterId) throw new DeskError('RATING_OTHER_COUNTER', '这次服务不在本窗口办理，不能在本窗口评价。');
    const r = this.record(s, input, channel);
    this.asking.delete(counterId);
    this.deps.screens.finished(counterId, s.ticketNumber);
    return r;
  }

  /** The applicant chose 跳过: nothing is recorded as a rating, and the QR may still be used later. */
  skip(counterId: string, serviceId: string): void {
    const s = this.open(serviceId);
    if (s.counterId !== counterId) throw new DeskError('RATING_OTHER_COUNTER', '这次服务不在本窗口办理。');
    this.store.markSkipped(s.id, this.now().toISOString());
    this.asking.delete(counterId);
    this.deps.screens.finished(counterId, s.ticketNumber);
  }

  /** The service a QR code names, while it may still be rated (the later page shows what it was). */
  laterService(code: string): ServiceRow {
    const s = this.store.serviceByCode(code);
    if (!s) throw new DeskError('RATING_UNKNOWN_SERVICE', '评价码无效，请核对评价二维码。');
    if (this.store.ratingOfService(s.id)) throw new DeskError('RATING_ALREADY_RATED', '这次服务已经评价过了，每次服务只能评价一次（一次一评）。');
    if (this.now().toISOString() > s.rateUntil) throw new DeskError('RATING_EXPIRED', '这次服务的评价期限已过，感谢您的关注。');
    return s;
  }

  rateLater(code: string, input: RatingInput): RatingRow {
    return this.record(this.laterService(code), input, 'qr');
  }

  private record(s: ServiceRow, input: RatingInput, channel: Channel, at: Date = this.now()): RatingRow {
    const checked = checkRating(input);
    const day = hallDay(at);
    const tx = this.store.db.transaction((): RatingRow => {
      if (this.store.ratingOfService(s.id)) throw new DeskError('RATING_ALREADY_RATED', '这次服务已经评价过了，每次服务只能评价一次（一次一评）。');
      const row: RatingRow = {
        id: this.store.nextRatingId(day, s.counterNumber), serviceId: s.id, level: checked.level, channel,
        reasons: checked.reasons, reasonText: checked.reasonText, ratedAt: at.toISOString(), ratedDay: day,
        excluded: false, appealReason: null, appealBy: null, appealAt: null,
      };
      this.store.insertRating(row);
      if (isBad(row.level)) {
        const d = followUpDeadlines(this.deps.calendar(), day);
        this.store.insertFollowUp({ ratingId: row.id, openedDay: day, contact: d.contact, simple: d.simple, complex: d.complex, provisionalYears: d.provisionalYears });
      }
      this.queue(row.id);
      return row;
    });
    return tx();
  }

  private followUpOrThrow(ratingId: string): FollowUpRow {
    const f = this.store.followUp(ratingId);
    if (!f) throw new DeskError('FOLLOWUP_NOT_FOUND', `没有评价编号为 ${ratingId} 的差评回访整改。`);
    return f;
  }

  recordStep(ratingId: string, step: StepKind, input: { owner: string; record: string; complexity?: Complexity | null }, staffNo: string): FollowUpRow {
    const f = this.followUpOrThrow(ratingId);
    checkStep(f, step, input.owner, input.record, step === 'rectify' ? (input.complexity ?? null) : null);
    const at = this.now();
    this.store.db.transaction(() => {
      this.store.insertStep(ratingId, { step, owner: input.owner.trim(), record: input.record.trim(), doneAt: at.toISOString(), doneDay: hallDay(at), byStaff: staffNo }, step === 'rectify' ? (input.complexity ?? null) : null);
      this.queue(ratingId);
    })();
    return this.followUpOrThrow(ratingId);
  }

  close(ratingId: string, input: { satisfied: boolean | null; reply: string }, staffNo: string): FollowUpRow {
    const f = this.followUpOrThrow(ratingId);
    checkClose(f, input.satisfied, input.reply);
    this.store.db.transaction(() => {
      this.store.closeFollowUp(ratingId, input.satisfied!, input.reply.trim(), this.now().toISOString(), staffNo);
      this.queue(ratingId);
    })();
    return this.followUpOrThrow(ratingId);
  }

  /** 申诉复核 accepted: the rating is kept as given and left out of the counter's and staff's score. */
  appeal(ratingId: string, reason: string, staffNo: string): RatingRow {
    const r = this.store.rating(ratingId);
    if (!r) throw new DeskError('RATING_NOT_FOUND', `没有评价编号为 ${ratingId} 的评价。`);
    if (r.excluded) throw new DeskError('RATING_ALREADY_EXCLUDED', '该评价的申诉已受理，已不计入窗口评分。');
    if (!reason.trim()) throw new DeskError('APPEAL_REASON_REQUIRED', '受理申诉复核须填写理由（如误评、恶意差评的核实情况）。');
    this.store.db.transaction(() => {
      this.store.setExcluded(ratingId, reason.trim(), staffNo, this.now().toISOString());
      this.queue(ratingId);
    })();
    return this.store.rating(ratingId)!;
  }

  /** The facts the figures are computed from, for services finished in [from, to]. */
  facts(from: string, to: string): ServiceFact[] {
    const now = this.now().toISOString();
    return this.store.servicesIn(from, to).map(({ service: s, rating: r, followUp: f }) => ({
      day: s.finishedDay, counter: s.counterNumber, staffNo: s.staffNo, itemCode: s.itemCode, itemName: s.itemName,
      expired: !r && now > s.rateUntil,
      rating: r && {
        level: r.level, excluded: r.excluded,
        replied: !!f?.reply,
        rectified: !!f && f.steps.some((x) => x.step === 'contact') && f.steps.some((x) => x.step === 'rectify'),
        satisfied: f?.satisfied ?? null,
      },
    }));
  }

  // ---- to the hub: a snapshot per change, each with its own key; the hub keeps the latest revision.

  private snapshot(ratingId: string): RatingSnapshot {
    const r = this.store.rating(ratingId)!;
    const s = this.store.service(r.serviceId)!;
    const f = this.store.followUp(ratingId);
    return {
      ratingId: r.id, serviceId: s.id, counter: s.counterNumber, staffNo: s.staffNo,
      caseNumber: s.caseNumber, ticketNumber: s.ticketNumber, itemCode: s.itemCode, itemName: s.itemName, itemVersion: s.itemVersion,
      finishedAt: s.finishedAt, ratedAt: r.ratedAt, level: r.level, channel: r.channel, reasons: r.reasons as RatingSnapshot['reasons'], reasonText: r.reasonText,
      excluded: r.excluded,
      followUp: f && { state: f.state, contactDue: f.deadlines.contact, simpleDue: f.deadlines.simple, complexDue: f.deadlines.complex, steps: f.steps.map((x) => x.step), satisfied: f.satisfied, replied: !!f.reply },
    };
  }

  /** In the change's transaction: the rating as it now stands, under a new key (the hub keeps the latest revision). */
  private queue(ratingId: string): void {
    const snapshot = this.snapshot(ratingId);
    this.deps.outbox.enqueue(RATING_PUT, ratingLane(snapshot.serviceId), { snapshot } satisfies RatingPutPayload, randomUUID());
  }

  /**
   * Collects the ratings given on the hub's page for this workstation's counters and records each
   * with the time it was given (its 差评 follow-up counts from that day). An answer for a service this
   * workstation does not hold, or one already rated, moves the cursor on and records nothing.
   */
  async collectLater(): Promise<number> {
    const hub = this.deps.hub?.() ?? null;
    if (!hub) return 0;
    let recorded = 0;
    for (const counter of this.store.countersAwaitingLater(this.now().toISOString())) {
      const answers = await hub.answers(counter, this.store.laterCursor(counter));
      for (const a of answers) {
        const s = this.store.service(a.serviceId);
        if (s && s.counterNumber === counter && !this.store.ratingOfService(s.id)) {
          try {
            this.record(s, { level: a.level, reasons: a.reasons, reasonText: a.reasonText }, 'qr', new Date(a.ratedAt));
            recorded++;
          } catch (e) {
            this.deps.log?.error(`[rating] later rating for ${a.serviceId} not recorded: ${(e as Error).message}`);
          }
        }
        this.store.setLaterCursor(counter, a.seq);
      }
    }
    return recorded;
  }

  /** Forgets the questions asked (the screens own their timers). */
  dispose(): void {
    this.asking.clear();
  }
}
