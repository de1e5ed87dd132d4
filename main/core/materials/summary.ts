import type { MaterialDef } from '../catalog/schema';
import type { MaterialStatus } from './types';

export interface ChecklistEntry {
  def: MaterialDef;
  status: MaterialStatus;
  /** For conditional materials: the clerk decided the condition applies to this application. */
  applicable?: boolean;
}

export interface ChecklistSummary {
  total: number;
  /** Materials that must be present for this application (required, and conditional ones that apply). */
  needed: number;
  satisfied: number;
  missing: MaterialDef[];
  /** Missing materials that allow 容缺受理 — when `missing` equals this list, acceptance with deficiency is possible. */
  deficiencyAllowed: MaterialDef[];
  readyToAccept: boolean;
  canAcceptWithDeficiency: boolean;
  exemptions: { elicence: number; datashare: number; commitment: number };
}

export function isNeeded(e: ChecklistEntry): boolean {
  return e.def.requirement === 'required' || (e.def.requirement === 'conditional' && e.applicable === true);
}

export function summarise(checklist: readonly ChecklistEntry[]): ChecklistSummary {
  const needed = checklist.filter(isNeeded);
  const missing = needed.filter((e) => e.status.kind === 'missing').map((e) => e.def);
  const deficiencyAllowed = missing.filter((d) => d.deficiencyAllowed === true);
  const count = (k: MaterialStatus['kind']) => checklist.filter((e) => e.status.kind === k).length;
  return {
    total: checklist.length,
    needed: needed.length,
    satisfied: needed.length - missing.length,
    missing,
    deficiencyAllowed,
    readyToAccept: missing.length === 0,
    canAcceptWithDeficiency: missing.length > 0 && deficiencyAllowed.length === missing.length,
    exemptions: { elicence: count('exempt-elicence'), datashare: count('exempt-datashare'), commitment: count('commitment') },
  };
}
