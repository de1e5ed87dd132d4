import type { CaseView, Serving } from '../../../../preload/contract/intake';
import { call } from '../../api/client';
import { personFrom, type PersonDraft } from './applicant';
import type { PickedItem } from './ItemPicker';

export interface Prefill {
  ticket: Serving['ticket'];
  /** The case already taken for this ticket, reopened rather than taken twice. */
  case: CaseView | null;
  person: PersonDraft | null;
  /** The booked item; its scenario is left to the clerk ('') when it has several. */
  picked: PickedItem | null;
}

/**
 * What 受理 starts from for the ticket being served (`ref`): null if the counter now serves another
 * ticket or none. A booking whose ID number or item does not check out fills in nothing of it, and
 * the clerk reads the card or searches as for a walk-in.
 */
export async function prefillFrom(ref: string): Promise<Prefill | null> {
  const r = await call('intake.serving', {});
  if (!r.ok || !r.value || r.value.ticket.ref !== ref) return null;
  const s = r.value;
  if (s.case) {
    const c = await call('intake.case', { caseId: s.case.id });
    if (c.ok) return { ticket: s.ticket, case: c.value, person: null, picked: null };
  }
  const p = s.booking ? personFrom(s.booking.name, s.booking.idNumber, false) : null;
  let picked: PickedItem | null = null;
  if (s.booking?.itemCode) {
    const hits = await call('intake.catalogSearch', { q: s.booking.itemCode, limit: 5 });
    const item = hits.ok ? hits.value.hits.find((h) => h.code === s.booking!.itemCode) : undefined;
    if (hits.ok && item) picked = { item, scenarioCode: item.scenarios.length === 1 ? item.scenarios[0].code : '', catalogVersion: hits.value.version };
  }
  return { ticket: s.ticket, case: null, person: typeof p === 'string' ? null : p, picked };
}
