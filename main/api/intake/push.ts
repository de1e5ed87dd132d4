import type { CaseDetail } from '../../core/cases';
import type { Workstation } from '../workstation';
import { checklistView } from './view';

/** Keeps the counter's citizen screen on the same checklist the clerk sees. */
export function pushChecklist(ws: Workstation, counterId: string, c: CaseDetail): void {
  ws.citizen.show(counterId, checklistView(c, ws.hall.counter(counterId)?.number ?? null));
}

export function pushMessage(ws: Workstation, counterId: string, title: string, body: string): void {
  ws.citizen.show(counterId, { mode: 'message', counterNumber: ws.hall.counter(counterId)?.number ?? null, title, body });
}
