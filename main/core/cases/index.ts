export { CaseService, type CaseServiceOptions, type CatalogSource } from './service';
export * from './inputs';
export type { CaseRecord, CaseMaterial, CaseEvent } from './record';
export type { CaseDetail, ProgressEntry, CaseListRow, CaseListPage, DueEntry } from './queries';
export { TRANSITIONS, STATE_LABELS, nextStep, type CaseState } from './states';
export { agentLine, signerOf } from './agent';
export { bindingDigest, type SignatureRecord } from './signature';
export type { CaseAgent, AgentAuthority } from './record';
