import { createHash } from 'node:crypto';
import { hallDay } from '../../../common/hall-time';
import { loadSavedCalendar } from '../../core/calendar/saved';
import { CaseService } from '../../core/cases';
import type { CatalogIndex, CatalogStore } from '../../core/catalog';
import { createDemoElicenceLibrary, type ElicenceLibrary } from '../../core/elicence';
import { loadCatalogs } from '../intake/catalog';
import { SignatureRequests } from '../intake/signatures';
import type { DomainBase } from './base';

/** The intake domain's services as handlers reach them (ws.intake). Built once per workstation. */
export interface IntakeDomain {
  cases: CaseService;
  catalogs: CatalogStore;
  /** The search index of the current catalog version (rebuilt when the version changes). */
  index(): CatalogIndex;
  elicences: ElicenceLibrary;
  /** The e-licence library and data-sharing registries are the simulated demo ones. */
  simulated: boolean;
  signatures: SignatureRequests;
  hallName(): string;
  now(): Date;
  today(): string;
}

/**
 * Case numbers carry a short hall code. Until the hub assigns one, it is derived from the hall's id
 * so two halls' numbers never collide and the same hall keeps its code across restarts.
 */
export function hallCodeFor(hallId: string | undefined): string {
  if (!hallId) return 'WD00';
  return `H${createHash('sha256').update(hallId).digest('hex').slice(0, 4).toUpperCase()}`;
}

export async function createIntakeDomain(base: DomainBase): Promise<IntakeDomain> {
  const now = base.opts.now ?? (() => new Date());
  const today = () => hallDay(now());
  loadSavedCalendar(base.opts.dataDir, base.log);
  const { store, index } = loadCatalogs(base.opts.dataDir, base.log);
  const cases = new CaseService({ db: base.db, catalogs: store, hallCode: hallCodeFor(base.hall.hall()?.id), now });
  return {
    cases,
    catalogs: store,
    index,
    elicences: createDemoElicenceLibrary(today),
    simulated: true,
    signatures: new SignatureRequests(),
    hallName: () => base.hall.hall()?.name ?? 'WindowDesk 综合窗口',
    now,
    today,
  };
}
