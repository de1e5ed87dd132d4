export * from './types';
export { checkMaterialStatus, type StatusContext } from './rules';
export { summarise, isNeeded, type ChecklistEntry, type ChecklistSummary } from './summary';
