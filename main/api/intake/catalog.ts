import fs from 'node:fs';
import path from 'node:path';
import demoCatalog from '../../../resources/catalog/demo-catalog.json';
import { CatalogStore, createCatalogIndex, parseCatalog, type CatalogIndex } from '../../core/catalog';
import type { Logger } from '../logger';

/**
 * The workstation's catalog: the last catalog it cached (the hub will serve versioned ones later),
 * else the bundled demo. The current JSON is cached under the data dir so a restart keeps the
 * version cases were drafted under.
 */
export function loadCatalogs(dataDir: string, log: Logger): { store: CatalogStore; index: () => CatalogIndex } {
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
  // The bundled catalog is always known, so cases drafted under it stay resolvable.
  store.add(demoCatalog);
  if (cached) store.add(cached);
  if (file && !cached) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.part`, JSON.stringify(store.current()));
    fs.renameSync(`${file}.part`, file);
  }
  let idx: CatalogIndex | null = null;
  return {
    store,
    index() {
      const cur = store.current();
      if (!idx || idx.version !== cur.version) idx = createCatalogIndex(cur);
      return idx;
    },
  };
}
