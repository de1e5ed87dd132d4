import { pinyin } from 'pinyin-pro';
import type { Catalog, CatalogItem } from './schema';

export interface CatalogSearchHit {
  item: CatalogItem;
  /** Lower is better: 0 exact code, 1 name prefix, 2 name substring, 3 initials prefix, 4 initials substring, 5 full pinyin, 6 code substring. */
  rank: number;
}

export interface CatalogIndex {
  readonly version: string;
  search(query: string, limit?: number): CatalogSearchHit[];
  get(code: string): CatalogItem | undefined;
  size: number;
}

interface Entry {
  item: CatalogItem;
  name: string;
  code: string;
  initials: string;
  full: string;
}

export function pinyinKeys(name: string): { initials: string; full: string } {
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return { initials, full };
}

/**
 * Builds the pinyin keys once per catalog version so a keystroke costs one pass over short
 * strings instead of converting thousands of names to pinyin per query.
 */
export function createCatalogIndex(catalog: Catalog): CatalogIndex {
  const entries: Entry[] = catalog.items.map((item) => ({
    item,
    name: item.name.toLowerCase(),
    code: item.code.toLowerCase(),
    ...pinyinKeys(item.name),
  }));
  const byCode = new Map(catalog.items.map((i) => [i.code, i]));

  return {
    version: catalog.version,
    size: entries.length,
    get: (code) => byCode.get(code),
    search(query: string, limit = 20): CatalogSearchHit[] {
      const q = String(query ?? '').trim().toLowerCase();
      if (!q) return [];
      const qLatin = q.replace(/[\s']/g, '');
      const hits: CatalogSearchHit[] = [];
      for (const e of entries) {
        const rank = rankEntry(e, q, qLatin);
        if (rank >= 0) hits.push({ item: e.item, rank });
      }
      hits.sort((a, b) => a.rank - b.rank || a.item.name.length - b.item.name.length || (a.item.code < b.item.code ? -1 : 1));
      return hits.slice(0, Math.max(0, limit));
    },
  };
}

function rankEntry(e: Entry, q: string, qLatin: string): number {
  if (e.code === q) return 0;
  if (e.name.startsWith(q)) return 1;
  if (e.name.includes(q)) return 2;
  if (qLatin && /^[a-z0-9]+$/.test(qLatin)) {
    if (e.initials.startsWith(qLatin)) return 3;
    if (e.initials.includes(qLatin)) return 4;
    if (qLatin.length >= 2 && e.full.includes(qLatin)) return 5;
  }
  if (e.code.includes(q)) return 6;
  return -1;
}
