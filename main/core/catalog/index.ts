import { DeskError } from '../../../common/errors';
import { catalogSchema, type Catalog, type CatalogItem, type MaterialDef, type Scenario } from './schema';

export * from './schema';
export { createCatalogIndex, pinyinKeys, type CatalogIndex, type CatalogSearchHit } from './search';
export { generateSyntheticCatalog } from './synthetic';

/** Validates a catalog served by the hub (or the bundled demo) before the workstation caches it. */
export function parseCatalog(json: unknown): Catalog {
  const r = catalogSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new DeskError('CATALOG_INVALID', `事项目录数据不正确（${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}），已继续使用原目录，请联系管理员。`);
  }
  return r.data;
}

export interface ResolvedScenario {
  item: CatalogItem;
  scenario: Scenario;
  materials: MaterialDef[];
}

/** Finds an item and scenario in a given catalog version; refuses what that version no longer has. */
export function resolveScenario(catalog: Catalog, itemCode: string, scenarioCode: string): ResolvedScenario {
  const item = catalog.items.find((i) => i.code === itemCode);
  if (!item) {
    throw new DeskError('CATALOG_ITEM_NOT_FOUND', `事项目录（版本 ${catalog.version}）中没有事项 ${itemCode}，可能已调整或下线，请重新选择事项。`);
  }
  const scenario = item.scenarios.find((s) => s.code === scenarioCode);
  if (!scenario) {
    throw new DeskError('CATALOG_SCENARIO_NOT_FOUND', `事项“${item.name}”没有情形 ${scenarioCode}，请重新选择办理情形。`);
  }
  const byId = new Map(item.materials.map((m) => [m.id, m]));
  return { item, scenario, materials: scenario.materialIds.map((id) => byId.get(id)!) };
}

/** Holds the catalog versions this workstation knows, so a case drafted under one version can be checked against it. */
export class CatalogStore {
  private readonly versions = new Map<string, Catalog>();
  private latest: string | null = null;

  /** Adds (or replaces) a version; it becomes the current one unless `current: false`. */
  add(json: unknown, o: { current?: boolean } = {}): Catalog {
    const c = parseCatalog(json);
    this.versions.set(c.version, c);
    if (o.current !== false || !this.latest) this.latest = c.version;
    return c;
  }

  has(version: string): boolean {
    return this.versions.has(version);
  }

  /** Makes a known version the one new cases are drafted under (the hall's current, as the hub says). */
  setCurrent(version: string): void {
    this.get(version);
    this.latest = version;
  }

  get(version: string): Catalog {
    const c = this.versions.get(version);
    if (!c) throw new DeskError('CATALOG_VERSION_UNKNOWN', `本机没有事项目录版本 ${version}，请先同步事项目录。`);
    return c;
  }

  current(): Catalog {
    if (!this.latest) throw new DeskError('CATALOG_EMPTY', '本机尚未加载事项目录，请先同步事项目录。');
    return this.versions.get(this.latest)!;
  }
}
