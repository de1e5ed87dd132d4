import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import type { BenchFigure, BenchSuite } from './types';
import { migrate } from '../../main/db/migrate';
import { createCatalogIndex, generateSyntheticCatalog, CatalogStore } from '../../main/core/catalog';
import { CaseService } from '../../main/core/cases';
import { workstationMigrations } from '../../main/db/migrations';
import { generateNotice } from '../../main/core/notices';
import catalogJson from '../../resources/catalog/demo-catalog.json';
import applicants from '../../resources/demo/applicants.json';

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function time(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const QUERIES = ['jzzt', 'ztys', '渣土', 'lmcf', '许可证', 'SYN-01234', 'gsmm', '植物检疫', 'hjzs', 'ljcl', '公园', 'wxfw', 'zhatu', 'lm', 'yd'];

function catalogSearch(): BenchFigure[] {
  const catalog = generateSyntheticCatalog(5000);
  const tBuild = time(() => createCatalogIndex(catalog));
  const index = createCatalogIndex(catalog);
  const samples: number[] = [];
  for (let r = 0; r < 40; r++) for (const q of QUERIES) samples.push(time(() => index.search(q, 20)));

  // Baseline: what a naive search does — convert every name to pinyin on each query, then filter.
  const naive = (q: string) => catalog.items.filter((i) => {
    const initials = pinyin(i.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    return i.name.includes(q) || initials.includes(q) || i.code.toLowerCase().includes(q.toLowerCase());
  }).slice(0, 20);
  const base: number[] = [];
  for (const q of QUERIES.slice(0, 6)) base.push(time(() => naive(q)));
  return [
    { name: 'catalog search p95 (5,000 items, precomputed pinyin)', value: p95(samples), unit: 'ms', baseline: { name: 'naive linear scan converting pinyin per query, p95', value: p95(base) } },
    { name: 'catalog index build (5,000 items)', value: tBuild, unit: 'ms', note: 'once per catalog version' },
  ];
}

function caseList(): BenchFigure[] {
  const db = new Database(':memory:');
  // The whole schema: the list reads columns later migrations add (a partial one broke this suite once).
  migrate(db, workstationMigrations);
  const N = 100_000;
  const states = ['accepted', 'in-review', 'completed', 'result-issued', 'archived', 'rejected'];
  const ins = db.prepare(`INSERT INTO cases (id, case_number, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version,
    instant, promised_limit_days, delivery_options, applicant_type, applicant_name, applicant_credit_code, created_at, created_by, counter_id, due_date, updated_at)
    VALUES (?, ?, 'SJ01', ?, 'SLH-XK-0001', '建筑渣土运输处置证', 'XB', '新办', 'demo-2026.1', 0, 5, '["pickup","post"]', 'company', ?, ?, ?, 'S001', 'C01', ?, ?)`);
  const t0 = Date.UTC(2024, 0, 1);
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const at = new Date(t0 + i * 60_000 * 10).toISOString();
      const co = applicants.companies[i % applicants.companies.length];
      ins.run(randomUUID(), `SH-SJ01-${at.slice(0, 10).replaceAll('-', '')}-${String(i).padStart(6, '0')}`, states[i % states.length], co.name, co.creditCode, at, at.slice(0, 10), at);
    }
  })();
  const catalogs = new CatalogStore();
  catalogs.add(catalogJson);
  const q = new CaseService({ db, catalogs, hallCode: 'SJ01' }).queries;

  // Walk to a deep cursor (page 1,000 of 50) once, then time first and deep pages.
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) cursor = q.listCases({ limit: 50, cursor }).nextCursor;
  const first: number[] = [], deep: number[] = [], byState: number[] = [];
  for (let r = 0; r < 50; r++) {
    first.push(time(() => q.listCases({ limit: 50 })));
    deep.push(time(() => q.listCases({ limit: 50, cursor })));
    byState.push(time(() => q.listCases({ limit: 50, state: 'in-review' })));
  }
  const cols = 'id, case_number, state, item_name, applicant_name, created_at, due_date';
  const noIndex = db.prepare(`SELECT ${cols} FROM cases NOT INDEXED WHERE state = ? ORDER BY created_at DESC, id DESC LIMIT 51`);
  const offset = db.prepare(`SELECT ${cols} FROM cases ORDER BY created_at DESC, id DESC LIMIT 51 OFFSET 50000`);
  const count = db.prepare('SELECT count(*) FROM cases');
  const baseState: number[] = [], baseOffset: number[] = [], baseCount: number[] = [];
  for (let r = 0; r < 10; r++) {
    baseState.push(time(() => noIndex.all('in-review')));
    baseOffset.push(time(() => offset.all()));
    baseCount.push(time(() => count.get()));
  }
  const due: number[] = [];
  for (let r = 0; r < 20; r++) due.push(time(() => q.dueLists('2025-06-01', 2)));
  db.close();
  return [
    { name: 'case list page 1 p95 (100,000 cases, 50 rows)', value: p95(first), unit: 'ms', baseline: { name: 'count(*) over the same table', value: p95(baseCount) } },
    { name: 'case list deep page p95 (keyset, page 1,001)', value: p95(deep), unit: 'ms', baseline: { name: 'same page by LIMIT/OFFSET 50,000', value: p95(baseOffset) } },
    { name: 'case list filtered by state p95', value: p95(byState), unit: 'ms', baseline: { name: 'same query NOT INDEXED', value: p95(baseState) } },
    { name: 'near-due + overdue lists p95 (100,000 cases)', value: p95(due), unit: 'ms' },
  ];
}

async function notices(): Promise<BenchFigure[]> {
  const db = new Database(':memory:');
  migrate(db, workstationMigrations);
  const catalogs = new CatalogStore();
  catalogs.add(catalogJson);
  const svc = new CaseService({ db, catalogs, hallCode: 'SJ01', now: () => new Date('2026-02-12T02:00:00Z') });
  const p = applicants.persons[0];
  const d = svc.createDraft({ applicant: { type: 'person', name: p.name, idNumber: p.idNumber }, itemCode: 'GG-JB-0003', scenarioCode: 'DY', catalogVersion: 'demo-2026.1' }, { staffId: 'S1', counterId: 'C1' });
  svc.setMaterialStatus(d.id, 'M01', { kind: 'original-sighted' }, { staffId: 'S1', counterId: 'C1' });
  const c = svc.accept(d.id, { staffId: 'S1', counterId: 'C1' });
  const input = { case: c, hall: { name: '上海市松江区行政服务中心' }, printedAt: '2026-02-12T02:00:00Z' };
  const t0 = performance.now();
  await generateNotice('acceptance', input);
  const cold = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await generateNotice('acceptance', input);
    warm.push(performance.now() - t);
  }
  db.close();
  return [
    { name: 'acceptance notice PDF p95 (warm)', value: p95(warm), unit: 'ms', note: 'Noto Sans SC TTF subset + QR' },
    { name: 'acceptance notice PDF, first (loads 2 × 10 MB font)', value: cold, unit: 'ms' },
  ];
}

const suite: BenchSuite = {
  name: 'intake',
  async run() {
    return [...catalogSearch(), ...caseList(), ...(await notices())];
  },
};
export default suite;

if (process.argv[1]?.endsWith('intake.bench.ts')) {
  suite.run().then((figs) => {
    for (const f of figs) console.log(`${f.name}: ${f.value.toFixed(3)} ${f.unit}${f.baseline ? `  (baseline ${f.baseline.name}: ${f.baseline.value.toFixed(3)} ${f.unit}, ratio ${(f.value / f.baseline.value).toFixed(3)})` : ''}${f.note ? `  [${f.note}]` : ''}`);
  });
}
