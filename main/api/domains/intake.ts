import { createHash } from 'node:crypto';
import { hallDay } from '../../../common/hall-time';
import { loadSavedCalendar } from '../../core/calendar/saved';
import { CaseService } from '../../core/cases';
import type { CaseJournal } from '../../core/cases/service';
import type { CatalogIndex, CatalogStore } from '../../core/catalog';
import { createDemoElicenceLibrary, type ElicenceLibrary } from '../../core/elicence';
import type { EventBus } from '../../core/events';
import type { FileStore } from '../../core/files';
import type { Db } from '../../db/connection';
import { applyStoredCalendar, loadCatalogs, type LoadedCatalogs } from '../intake/catalog';
import { SignatureRequests } from '../intake/signatures';
import type { ServingSource } from '../intake/ticket';
import { localStation, type SigningStation } from '../intake/station';
import type { Logger } from '../logger';
import type { CitizenScreens, HallLookup } from './deps';

/** What the intake domain is built from: nothing else of the workstation reaches it. */
export interface IntakeDeps {
  /** Where the cached catalog lives (`:memory:` keeps it in memory). */
  dataDir: string;
  db: Db;
  files: FileStore;
  hall: HallLookup;
  citizen: CitizenScreens;
  bus: EventBus;
  log: Logger;
  now?: () => Date;
  /** The queue's current ticket per counter and the day's bookings (absent: intake works without tickets). */
  serving?: ServingSource;
  /** This workstation's id and the hub's clock, for signature records (absent: host name and local time). */
  station?: SigningStation;
  /** Where each case step is also written, in its transaction (the sync outbox). */
  journal?: CaseJournal;
}

/**
 * The intake domain as its handlers and helpers reach it (ctx.intake): its own services, and
 * the shared ones it was given. Built once per workstation.
 */
export interface IntakeDomain {
  cases: CaseService;
  catalogs: CatalogStore;
  /** The search index of the current catalog version (rebuilt when the version changes). */
  index(): CatalogIndex;
  elicences: ElicenceLibrary;
  /** The e-licence library and data-sharing registries are the simulated demo ones. */
  simulated: boolean;
  signatures: SignatureRequests;
  files: FileStore;
  hall: HallLookup;
  citizen: CitizenScreens;
  bus: EventBus;
  serving: ServingSource | null;
  station: SigningStation;
  /** The applicant signed the e-licence authorisation for this case on the citizen screen. */
  elicenceAuthorisationSigned(caseId: string): boolean;
  hallName(): string;
  now(): Date;
  today(): string;
  /** The catalog versions with their refresh after a pull of the hall's reference data (intake/catalog.ts referencePuller). */
  loaded: LoadedCatalogs;
  /** The later-rating page of a ticket's service, for the QR on its notices (set by the rating domain, built after this one). */
  laterRating: ((ticketRef: string) => string | null) | null;
}

/**
 * Case numbers carry a short hall code. Until the hub assigns one, it is derived from the hall's id
 * so two halls' numbers never collide and the same hall keeps its code across restarts.
 */
export function hallCodeFor(hallId: string | undefined): string {
  if (!hallId) return 'WD00';
  return `H${createHash('sha256').update(hallId).digest('hex').slice(0, 4).toUpperCase()}`;
}

export function createIntakeDomain(deps: IntakeDeps): IntakeDomain {
  // Legally relevant times (受理, 办结, 出件) come from the hub's clock while it is reachable and are
  // marked local otherwise; a test's fixed clock is local by definition.
  const station = deps.station;
  const now = deps.now ?? (station ? () => new Date(station.time().at) : () => new Date());
  const timeSource = (): 'hub' | 'local' => (deps.now || !station ? 'local' : station.time().source);
  const today = () => hallDay(now());
  loadSavedCalendar(deps.dataDir, deps.log);
  // The hall's calendar and catalog versions as last pulled from the hub (issue 11), over the bundled ones.
  applyStoredCalendar(deps.db, deps.log, deps.dataDir);
  const loaded = loadCatalogs(deps.dataDir, deps.log, deps.db);
  const { store, index } = loaded;
  const cases = new CaseService({ db: deps.db, catalogs: store, hallCode: hallCodeFor(deps.hall.hall()?.id), now, timeSource, journal: deps.journal });
  const signedAuthorisation = deps.db.prepare(`SELECT 1 FROM case_signatures WHERE case_id = ? AND purpose = 'elicence-authorisation'`);
  return {
    laterRating: null,
    cases,
    catalogs: store,
    index,
    loaded,
    elicences: createDemoElicenceLibrary(today),
    simulated: true,
    signatures: new SignatureRequests(),
    files: deps.files,
    hall: deps.hall,
    citizen: deps.citizen,
    bus: deps.bus,
    serving: deps.serving ?? null,
    station: deps.station ?? localStation(now),
    elicenceAuthorisationSigned: (caseId) => signedAuthorisation.get(caseId) !== undefined,
    hallName: () => deps.hall.hall()?.name ?? 'WindowDesk 综合窗口',
    now,
    today,
  };
}
