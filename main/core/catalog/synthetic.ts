import type { Catalog, CatalogItem } from './schema';

const PREFIX = ['建设工程', '城市道路', '公共绿地', '林木', '野生动物', '生活垃圾', '户外广告', '排污', '建筑渣土', '公园', '古树名木', '植物检疫', '环境噪声', '水土保持', '危险废物', '景观灯光'];
const ACT = ['占用', '迁移', '设置', '运输', '处置', '核发', '变更', '备案', '审核', '登记', '检疫', '采伐'];
const SUFFIX = ['许可', '审批', '证明', '核准', '登记证', '许可证', '备案', '查验'];
const DEPTS = ['上海市绿化和市容管理局', '上海市林业总站', '松江区生态环境局', '浦东新区生态环境局', '徐汇区绿化和市容管理局'];

/** Deterministic synthetic items for the search benchmark: realistic-looking names, unique codes. */
export function generateSyntheticCatalog(n: number, seed = 1): Catalog {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const items: CatalogItem[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${pick(PREFIX)}${pick(ACT)}${pick(SUFFIX)}（${i}）`;
    items.push({
      code: `SYN-${String(i).padStart(5, '0')}`,
      name,
      department: pick(DEPTS),
      kind: rnd() < 0.8 ? 'licensing' : 'public-service',
      legalLimitDays: 20,
      promisedLimitDays: 5,
      instant: false,
      delivery: ['pickup', 'post'],
      materials: [{ id: 'M01', name: '申请表', requirement: 'required', presentation: 'original', copies: 1, format: 'paper', commitmentAllowed: false }],
      scenarios: [{ code: 'XB', name: '新办', materialIds: ['M01'] }],
      demo: true,
    });
  }
  return { version: `synthetic-${n}`, demo: true, items };
}
