import type { CaseDetail } from '../../core/cases';
import type { IntakeDomain } from '../domains/intake';
import { checklistView } from './view';

/** Keeps the counter's citizen screen on the same checklist the clerk sees. */
export function pushChecklist(intake: IntakeDomain, counterId: string, c: CaseDetail): void {
  intake.citizen.show(counterId, checklistView(c, intake.hall.counter(counterId)?.number ?? null));
}

export function pushMessage(intake: IntakeDomain, counterId: string, title: string, body: string): void {
  intake.citizen.show(counterId, { mode: 'message', counterNumber: intake.hall.counter(counterId)?.number ?? null, title, body });
}
