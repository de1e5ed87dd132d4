import fs from 'node:fs';
import path from 'node:path';
import demoCatalog from '../../../resources/catalog/demo-catalog.json';
import { currentCalendar, loadCalendar } from '../../core/calendar';
import { hasSavedCalendar } from '../../core/calendar/saved';
import { CatalogStore, createCatalogIndex, parseCatalog, type CatalogIndex } from '../../core/catalog';
import { pullReference, storedCalendar, storedCatalogs, type ReferencePullResult } from '../../core/sync/pull-reference';
import type { Db } from '../../db/connection';
import type { Logger } from '../logger';

export interface LoadedCatalogs {
  store: CatalogStore;
  /** The search index of the current version (rebuilt when the current version changes). */
  index: () => CatalogIndex;
  /** Takes in the versions the last pull wrote (the hub's current becomes this workstation's). */
  refresh: () => void;
}

/**
 * The workstation's catalogs: the bundled demo (always known, so cases drafted under it stay
 * resolvable), the last catalog it cached, and every version pulled from the hall hub (issue 11,
 * core/sync/pull-reference.ts: `catalog_versions` in the workstation database), the hub's current
 * one being the one new cases are drafted under. Without a hub (or before its first pull) the
 * cached or bundled catalog is current, as before.
 */
export function loadCatalogs(dataDir: string, log: Logger, db?: Db): LoadedCatalogs {
  const store = new CatalogStore();
  const file = dataDir === ':memory:' ? null : path.join(dataDir, 'catalog', 'current.json');
  let cached: unknown = null;
  if (file && fs.existsSync(file)) {
    try {
      cached = parseCatalog(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (e) {
      log.error(`[intake] cached catalog unreadable, using the bundled one: ${(e as Error).message}`);
    }
  }
  store.add(demoCatalog);
  if (cached) store.add(cached);
  if (file && !cached) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.part`, JSON.stringify(store.current()));
    fs.renameSync(`${file}.part`, file);
  }
  const refresh = () => {
    if (!db) return;
    let current: string | null = null;
    for (const s of storedCatalogs(db)) {
      try {
        store.add(s.catalog, { current: false });
        if (s.hubSeq !== null) current = s.version;
      } catch (e) {
        log.error(`[intake] stored catalog ${s.version} not used: ${(e as Error).message}`);
      }
    }
    if (current) store.setCurrent(current);
  };
  refresh();
  let idx: CatalogIndex | null = null;
  return {
    store,
    refresh,
    index() {
      const cur = store.current();
      if (!idx || idx.version !== cur.version) idx = createCatalogIndex(cur);
      return idx;
    },
  };
}

/**
 * The hall's calendar as last pulled from the hub, put in use — unless it is only the hub's bundled
 * default and an administrator imported an arrangement on this workstation (that decision stands
 * until the hall publishes one). A calendar covering fewer years than the one in use is refused and logged.
 */
export function applyStoredCalendar(db: Db, log: Logger, dataDir: string): void {
  const stored = storedCalendar(db);
  if (stored === null || (stored.seeded && hasSavedCalendar(dataDir))) return;
  try {
    loadCalendar(stored.calendar);
  } catch (e) {
    log.error(`[calendar] the hall's calendar from the hub not used: ${(e as Error).message}`);
  }
}

/**
 * One reference pull (run on the sync domain's pull schedule): the hub's new catalog versions and
 * calendar into the database with the cursor, then into use — a new current version (the search
 * index follows it), the calendar deadlines are counted with.
 */
export function referencePuller(o: {
  db: Db; dataDir: string; catalogs: LoadedCatalogs; log: Logger; fetch: (cursor: string | null) => Promise<unknown>; now?: () => number;
  /** Years the pulled calendar newly covers: open cases counted through them provisionally are recounted (as calendar.import does). */
  recount?: (years: number[]) => void;
}): () => Promise<ReferencePullResult> {
  return async () => {
    const r = await pullReference(o.db, o.fetch, o.now);
    if (r.versions.length || r.reset) o.catalogs.refresh();
    if (r.calendar) {
      const before = new Set(currentCalendar().coveredYears());
      applyStoredCalendar(o.db, o.log, o.dataDir);
      const added = currentCalendar().coveredYears().filter((y) => !before.has(y));
      if (added.length) o.recount?.(added);
    }
    if (r.kept.length) o.log.error(`[intake] the hub publishes other content under catalog version(s) ${r.kept.join(', ')}: the local copy is kept for the cases drafted under it`);
    if (r.versions.length || r.calendar) o.log.info(`[intake] reference data from the hub: ${r.versions.length} catalog version(s)${r.calendar ? ', the calendar' : ''}; current catalog ${o.catalogs.store.current().version}`);
    return r;
  };
}
