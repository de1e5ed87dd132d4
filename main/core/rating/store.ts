import type { Db } from '../../db/connection';
import type { Complexity, FollowUpFacts, StepKind, StepRecord } from './followup';
import type { Channel } from './rules';

/** One finished service, as 三对应 binds it: case ↔ item (code + catalog version) ↔ staff ↔ counter. */
export interface ServiceRow {
  id: string;
  finishedAt: string;
  finishedDay: string;
  counterId: string;
  counterNumber: number;
  staffId: string;
  staffNo: string;
  ticketRef: string | null;
  ticketNumber: string | null;
  caseId: string | null;
  caseNumber: string | null;
  itemCode: string | null;
  itemName: string | null;
  itemVersion: string | null;
  laterCode: string;
  rateUntil: string;
  skippedAt: string | null;
}

export interface RatingRow {
  id: string;
  serviceId: string;
  level: number;
  channel: Channel;
  reasons: string[];
  reasonText: string | null;
  ratedAt: string;
  ratedDay: string;
  excluded: boolean;
  appealReason: string | null;
  appealBy: string | null;
  appealAt: string | null;
}

export interface FollowUpRow extends FollowUpFacts {
  ratingId: string;
  openedDay: string;
  provisionalYears: number[];
  satisfied: boolean | null;
  reply: string | null;
  closedAt: string | null;
  closedBy: string | null;
  steps: Array<StepRecord & { doneAt: string; byStaff: string }>;
}

const SERVICE_COLS = `id, finished_at AS finishedAt, finished_day AS finishedDay, counter_id AS counterId, counter_number AS counterNumber,
  staff_id AS staffId, staff_no AS staffNo, ticket_ref AS ticketRef, ticket_number AS ticketNumber, case_id AS caseId, case_number AS caseNumber,
  item_code AS itemCode, item_name AS itemName, item_version AS itemVersion, later_code AS laterCode, rate_until AS rateUntil, skipped_at AS skippedAt`;

interface RawRating {
  id: string; serviceId: string; level: number; channel: Channel; reasons: string; reasonText: string | null; ratedAt: string; ratedDay: string;
  excluded: number; appealReason: string | null; appealBy: string | null; appealAt: string | null;
}
const RATING_COLS = `id, service_id AS serviceId, level, channel, reasons, reason_text AS reasonText, rated_at AS ratedAt, rated_day AS ratedDay,
  excluded, appeal_reason AS appealReason, appeal_by AS appealBy, appeal_at AS appealAt`;
const toRating = (r: RawRating): RatingRow => ({ ...r, reasons: JSON.parse(r.reasons) as string[], excluded: r.excluded === 1 });

/** The rating tables (migration 0015); every multi-row change is one transaction in the service. */
export class RatingStore {
  constructor(readonly db: Db) {}

  /** The newest case taken for the ticket: its number and item (code, name, catalog version). */
  caseOfTicket(ticketRef: string): { id: string; caseNumber: string | null; itemCode: string; itemName: string; itemVersion: string } | null {
    const r = this.db.prepare(`SELECT id, case_number AS caseNumber, item_code AS itemCode, item_name AS itemName, catalog_version AS itemVersion
      FROM cases WHERE ticket_ref = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`).get(ticketRef);
    return (r as ReturnType<RatingStore['caseOfTicket']>) ?? null;
  }

  /** The code reserved for this ticket's service (made by `make` the first time). */
  reserveLaterCode(ticketRef: string, make: () => string, at: string): string {
    this.db.prepare('INSERT OR IGNORE INTO rating_reserved_codes (ticket_ref, later_code, reserved_at) VALUES (?, ?, ?)').run(ticketRef, make(), at);
    return (this.db.prepare('SELECT later_code AS c FROM rating_reserved_codes WHERE ticket_ref = ?').get(ticketRef) as { c: string }).c;
  }

  /** The code reserved for this ticket's service, if a notice took one. */
  reservedCode(ticketRef: string): string | null {
    return (this.db.prepare('SELECT later_code AS c FROM rating_reserved_codes WHERE ticket_ref = ?').get(ticketRef) as { c: string } | undefined)?.c ?? null;
  }

  /** Handed to its service (in the transaction that records it): a ticket served again gets a new code. */
  releaseReservedCode(ticketRef: string): void {
    this.db.prepare('DELETE FROM rating_reserved_codes WHERE ticket_ref = ?').run(ticketRef);
  }

  insertService(s: ServiceRow): void {
    this.db.prepare(`INSERT INTO rating_services (id, finished_at, finished_day, counter_id, counter_number, staff_id, staff_no, ticket_ref, ticket_number,
      case_id, case_number, item_code, item_name, item_version, later_code, rate_until, skipped_at)
      VALUES (@id, @finishedAt, @finishedDay, @counterId, @counterNumber, @staffId, @staffNo, @ticketRef, @ticketNumber,
      @caseId, @caseNumber, @itemCode, @itemName, @itemVersion, @laterCode, @rateUntil, @skippedAt)`).run(s);
  }

  service(id: string): ServiceRow | null {
    return (this.db.prepare(`SELECT ${SERVICE_COLS} FROM rating_services WHERE id = ?`).get(id) as ServiceRow | undefined) ?? null;
  }

  serviceByCode(code: string): ServiceRow | null {
    return (this.db.prepare(`SELECT ${SERVICE_COLS} FROM rating_services WHERE later_code = ?`).get(code) as ServiceRow | undefined) ?? null;
  }

  markSkipped(id: string, at: string): void {
    this.db.prepare('UPDATE rating_services SET skipped_at = ? WHERE id = ? AND skipped_at IS NULL').run(at, id);
  }

  ratingOfService(serviceId: string): RatingRow | null {
    const r = this.db.prepare(`SELECT ${RATING_COLS} FROM ratings WHERE service_id = ?`).get(serviceId) as RawRating | undefined;
    return r ? toRating(r) : null;
  }

  rating(id: string): RatingRow | null {
    const r = this.db.prepare(`SELECT ${RATING_COLS} FROM ratings WHERE id = ?`).get(id) as RawRating | undefined;
    return r ? toRating(r) : null;
  }

  /** 评价编号: PJ + hall day + counter + that counter's sequence of the day, e.g. PJ20261202-03-0001. */
  nextRatingId(day: string, counter: number): string {
    const prefix = `PJ${day.replaceAll('-', '')}-${String(counter).padStart(2, '0')}-`;
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM ratings WHERE id LIKE ?').get(`${prefix}%`) as { n: number };
    return `${prefix}${String(r.n + 1).padStart(4, '0')}`;
  }

  insertRating(r: RatingRow): void {
    this.db.prepare(`INSERT INTO ratings (id, service_id, level, channel, reasons, reason_text, rated_at, rated_day, excluded)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`).run(r.id, r.serviceId, r.level, r.channel, JSON.stringify(r.reasons), r.reasonText, r.ratedAt, r.ratedDay);
  }

  setExcluded(ratingId: string, reason: string, by: string, at: string): void {
    this.db.prepare('UPDATE ratings SET excluded = 1, appeal_reason = ?, appeal_by = ?, appeal_at = ? WHERE id = ?').run(reason, by, at, ratingId);
  }

  insertFollowUp(f: { ratingId: string; openedDay: string; contact: string; simple: string; complex: string; provisionalYears: number[] }): void {
    this.db.prepare(`INSERT INTO rating_followups (rating_id, opened_day, contact_due, simple_due, complex_due, provisional_years)
      VALUES (?, ?, ?, ?, ?, ?)`).run(f.ratingId, f.openedDay, f.contact, f.simple, f.complex, JSON.stringify(f.provisionalYears));
  }

  followUp(ratingId: string): FollowUpRow | null {
    return this.followUps('WHERE f.rating_id = ?', [ratingId])[0] ?? null;
  }

  /** Follow-ups opened in [from, to] (hall days), or every open one when `openOnly`. */
  followUpsIn(q: { from?: string; to?: string; openOnly?: boolean }): FollowUpRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.from) {
      where.push('f.opened_day >= ?');
      args.push(q.from);
    }
    if (q.to) {
      where.push('f.opened_day <= ?');
      args.push(q.to);
    }
    if (q.openOnly) where.push(`f.state = 'open'`);
    return this.followUps(where.length ? `WHERE ${where.join(' AND ')}` : '', args);
  }

  private followUps(where: string, args: unknown[]): FollowUpRow[] {
    const rows = this.db.prepare(`SELECT f.rating_id AS ratingId, f.opened_day AS openedDay, f.contact_due AS contact, f.simple_due AS simple,
      f.complex_due AS complex, f.provisional_years AS provisionalYears, f.complexity, f.state, f.satisfied, f.reply, f.closed_at AS closedAt,
      f.closed_by AS closedBy FROM rating_followups f ${where} ORDER BY f.opened_day, f.rating_id`).all(...args) as Array<{
      ratingId: string; openedDay: string; contact: string; simple: string; complex: string; provisionalYears: string; complexity: Complexity | null;
      state: 'open' | 'closed'; satisfied: number | null; reply: string | null; closedAt: string | null; closedBy: string | null;
    }>;
    const steps = this.db.prepare(`SELECT step, owner, record, done_at AS doneAt, done_day AS doneDay, by_staff AS byStaff
      FROM rating_followup_steps WHERE rating_id = ? ORDER BY done_at`);
    return rows.map((r) => ({
      ratingId: r.ratingId, openedDay: r.openedDay, state: r.state, complexity: r.complexity,
      deadlines: { contact: r.contact, simple: r.simple, complex: r.complex },
      provisionalYears: JSON.parse(r.provisionalYears) as number[],
      satisfied: r.satisfied === null ? null : r.satisfied === 1, reply: r.reply, closedAt: r.closedAt, closedBy: r.closedBy,
      steps: steps.all(r.ratingId) as FollowUpRow['steps'],
    }));
  }

  insertStep(ratingId: string, s: { step: StepKind; owner: string; record: string; doneAt: string; doneDay: string; byStaff: string }, complexity: Complexity | null): void {
    this.db.prepare(`INSERT INTO rating_followup_steps (rating_id, step, owner, record, done_at, done_day, by_staff) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(ratingId, s.step, s.owner, s.record, s.doneAt, s.doneDay, s.byStaff);
    if (complexity) this.db.prepare('UPDATE rating_followups SET complexity = ? WHERE rating_id = ?').run(complexity, ratingId);
  }

  closeFollowUp(ratingId: string, satisfied: boolean, reply: string, at: string, by: string): void {
    this.db.prepare(`UPDATE rating_followups SET state = 'closed', satisfied = ?, reply = ?, closed_at = ?, closed_by = ? WHERE rating_id = ?`)
      .run(satisfied ? 1 : 0, reply, at, by, ratingId);
  }

  /** Every service finished in [from, to] with its rating and follow-up (figures, export). */
  servicesIn(from: string, to: string): Array<{ service: ServiceRow; rating: RatingRow | null; followUp: FollowUpRow | null }> {
    const services = this.db.prepare(`SELECT ${SERVICE_COLS} FROM rating_services WHERE finished_day BETWEEN ? AND ? ORDER BY finished_at, rowid`).all(from, to) as ServiceRow[];
    return services.map((service) => {
      const rating = this.ratingOfService(service.id);
      return { service, rating, followUp: rating ? this.followUp(rating.id) : null };
    });
  }

  /** Ratings given in [from, to] (export: by the rating's own time), with their service and follow-up. */
  ratingsIn(from: string, to: string): Array<{ service: ServiceRow; rating: RatingRow; followUp: FollowUpRow | null }> {
    const rows = this.db.prepare(`SELECT ${RATING_COLS} FROM ratings WHERE rated_day BETWEEN ? AND ? ORDER BY rated_at, id`).all(from, to) as RawRating[];
    return rows.map((raw) => {
      const rating = toRating(raw);
      return { rating, service: this.service(rating.serviceId)!, followUp: this.followUp(rating.id) };
    });
  }

  laterCursor(counter: number): number {
    return (this.db.prepare('SELECT after_seq AS a FROM rating_later_cursor WHERE counter_number = ?').get(counter) as { a: number } | undefined)?.a ?? 0;
  }

  setLaterCursor(counter: number, after: number): void {
    this.db.prepare(`INSERT INTO rating_later_cursor (counter_number, after_seq) VALUES (?, ?)
      ON CONFLICT(counter_number) DO UPDATE SET after_seq = MAX(after_seq, excluded.after_seq)`).run(counter, after);
  }

  /** Counters with a service still open to the later rating at `nowIso`. */
  countersAwaitingLater(nowIso: string): number[] {
    return (this.db.prepare(`SELECT DISTINCT s.counter_number AS n FROM rating_services s
      WHERE s.rate_until >= ? AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.service_id = s.id) ORDER BY n`).all(nowIso) as Array<{ n: number }>).map((r) => r.n);
  }
}
