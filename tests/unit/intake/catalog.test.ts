import { describe, expect, it } from 'vitest';
import {
  CatalogStore, createCatalogIndex, generateSyntheticCatalog, parseCatalog, resolveScenario,
} from '../../../main/core/catalog';
import demo from '../../../resources/catalog/demo-catalog.json';

const catalog = parseCatalog(demo);

describe('demo catalog', () => {
  it('is valid, versioned and marked as demo', () => {
    expect(catalog.version).toBe('demo-2026.1');
    expect(catalog.demo).toBe(true);
    expect(catalog.items.every((i) => i.demo)).toBe(true);
  });

  it('建筑渣土运输处置证 新办 has ≥5 materials, exactly two e-licence exemptable, ≥1 commitment-replaceable', () => {
    const { materials } = resolveScenario(catalog, 'SLH-XK-0001', 'XB');
    expect(materials.length).toBeGreaterThanOrEqual(5);
    expect(materials.filter((m) => m.elicenceType).map((m) => m.name)).toEqual(['营业执照', '道路运输经营许可证']);
    expect(materials.some((m) => m.commitmentAllowed)).toBe(true);
  });

  it('has the seed items and at least one instant public-service item', () => {
    const names = catalog.items.map((i) => i.name);
    for (const n of ['对陆生野生动、植物进出口的许可', '植物调运检疫', '生活垃圾收、运、处经营许可证', '对公园举办全园性活动的许可', '国外引进林草种子、苗木检疫的许可']) {
      expect(names).toContain(n);
    }
    expect(catalog.items.filter((i) => i.department === '松江区生态环境局' && i.kind === 'licensing')).toHaveLength(8);
    expect(catalog.items.some((i) => i.instant && i.kind === 'public-service')).toBe(true);
  });

  it('refuses unknown items and scenarios with DeskErrors', () => {
    expect(() => resolveScenario(catalog, 'NOPE', 'XB')).toThrow(expect.objectContaining({ code: 'CATALOG_ITEM_NOT_FOUND' }));
    expect(() => resolveScenario(catalog, 'SLH-XK-0001', 'NOPE')).toThrow(expect.objectContaining({ code: 'CATALOG_SCENARIO_NOT_FOUND' }));
  });
});

describe('catalog validation', () => {
  it('rejects a scenario pointing to a missing material, an instant item with a limit, duplicate codes', () => {
    const bad = structuredClone(demo) as any;
    bad.items[0].scenarios[0].materialIds.push('M77');
    expect(() => parseCatalog(bad)).toThrow(expect.objectContaining({ code: 'CATALOG_INVALID' }));
    const bad2 = structuredClone(demo) as any;
    bad2.items[0].instant = true;
    expect(() => parseCatalog(bad2)).toThrow(expect.objectContaining({ code: 'CATALOG_INVALID' }));
    const bad3 = structuredClone(demo) as any;
    bad3.items.push(bad3.items[0]);
    expect(() => parseCatalog(bad3)).toThrow(expect.objectContaining({ code: 'CATALOG_INVALID' }));
  });

  it('CatalogStore keeps versions and refuses unknown ones', () => {
    const store = new CatalogStore();
    expect(() => store.current()).toThrow(expect.objectContaining({ code: 'CATALOG_EMPTY' }));
    store.add(demo);
    expect(store.get('demo-2026.1').items.length).toBe(catalog.items.length);
    expect(() => store.get('v0')).toThrow(expect.objectContaining({ code: 'CATALOG_VERSION_UNKNOWN' }));
  });
});

describe('search', () => {
  const index = createCatalogIndex(catalog);
  it('finds by pinyin initials (ztys → 建筑渣土运输处置证)', () => {
    expect(index.search('ztys', 5)[0].item.name).toBe('建筑渣土运输处置证');
    expect(index.search('jzzt', 5)[0].item.name).toBe('建筑渣土运输处置证');
  });
  it('finds by name substring, full pinyin and code', () => {
    expect(index.search('渣土')[0].item.code).toBe('SLH-XK-0001');
    expect(index.search('zhatu')[0].item.code).toBe('SLH-XK-0001');
    expect(index.search('SJHB-XK-0002')[0].item.name).toBe('排污许可证核发');
    expect(index.search('检疫').map((h) => h.item.code)).toEqual(expect.arrayContaining(['SLH-XK-0003', 'SLH-XK-0010']));
  });
  it('respects limit and returns nothing for blank or unmatched queries', () => {
    expect(index.search('许可', 2)).toHaveLength(2);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('qqqqzzzz')).toEqual([]);
  });
  it('works over 5,000 synthetic items', () => {
    const big = createCatalogIndex(generateSyntheticCatalog(5000));
    expect(big.size).toBe(5000);
    expect(big.search('SYN-04999')[0].item.code).toBe('SYN-04999');
    expect(big.search('jzzt', 10).every((h) => h.item.name.startsWith('建筑渣土'))).toBe(true);
  });
});
