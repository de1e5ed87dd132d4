export { CaseService, type CaseServiceOptions, type CatalogSource } from './service';
export * from './inputs';
export type { CaseRecord, CaseMaterial, CaseEvent } from './record';
export type { CaseDetail, ProgressEntry, CaseListRow, CaseListPage, DueEntry } from './queries';
export { TRANSITIONS, STATE_LABELS, nextStep, type CaseState } from './states';
