import type { FollowUpView } from '../../../preload/contract/rating';
import { currentDue, isOverdue, stepLate } from './followup';
import { reasonLine } from './rules';
import type { RatingStore } from './store';

/** A follow-up as the supervisor's list shows it: the service's 三对应, its deadlines and where it stands on `today`. */
export function followUpView(store: RatingStore, ratingId: string, today: string): FollowUpView | null {
  const f = store.followUp(ratingId);
  const r = store.rating(ratingId);
  if (!f || !r) return null;
  const s = store.service(r.serviceId)!;
  const due = currentDue(f);
  return {
    ratingId: r.id, ratedAt: r.ratedAt, level: r.level, reason: reasonLine(r.reasons, r.reasonText),
    counter: s.counterNumber, staffNo: s.staffNo, caseNumber: s.caseNumber, itemCode: s.itemCode, itemName: s.itemName, itemVersion: s.itemVersion,
    excluded: r.excluded, appealReason: r.appealReason,
    state: f.state, deadlines: f.deadlines, provisional: f.provisionalYears.length > 0, complexity: f.complexity,
    due: due && { step: due.step, date: due.due }, overdue: isOverdue(f, today),
    steps: f.steps.map((x) => ({ step: x.step, owner: x.owner, record: x.record, doneAt: x.doneAt, late: stepLate(f, x), byStaff: x.byStaff })),
    satisfied: f.satisfied, reply: f.reply, closedAt: f.closedAt,
  };
}
