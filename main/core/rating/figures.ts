import { DEFAULT_GOOD_MIN, isBad } from './rules';

/**
 * The public indicators GB/T 39734-2020 names (SAMR, 2020-12-28: 「好评」率、主动评价「好评」率、
 * 「未评」率; 差评的回复率、回访整改率、回访整改满意率), over any set of services. Pure: the store
 * hands in facts, the supervisor view and the hub's hall-wide figures both call this.
 *
 * - 评价率 = rated / services; 未评率 = 1 − 评价率 (skipped and not-yet-rated services alike).
 * - 主动评价好评率 = 好评 among the applicants' own ratings.
 * - 好评率 counts, besides those, services whose rating period ran out unrated as 默认好评 only
 *   where the hall's practice says so (`expiredAsDefaultGood`, off by default: we never invent a rating).
 * - A rating a supervisor excluded on appeal (申诉复核) stays in 评价率 (the applicant did rate) and
 *   is left out of every quality figure.
 * - 差评回复率 = 差评 with a reply to the applicant / 差评; 回访整改率 = 差评 with both 回访 and 整改
 *   recorded / 差评; 回访整改满意率 = answered 满意 / follow-ups with the applicant's answer.
 */
export interface ServiceFact {
  day: string;
  counter: number;
  staffNo: string;
  itemCode: string | null;
  itemName: string | null;
  /** The rating period ended without a rating. */
  expired: boolean;
  rating: null | {
    level: number;
    excluded: boolean;
    replied: boolean;
    rectified: boolean;
    satisfied: boolean | null;
  };
}

export interface FigureOptions {
  goodMin?: number;
  expiredAsDefaultGood?: boolean;
}

export interface Figures {
  services: number;
  rated: number;
  unrated: number;
  good: number;
  bad: number;
  excluded: number;
  evaluationRate: number | null;
  unratedRate: number | null;
  goodRate: number | null;
  activeGoodRate: number | null;
  badReplyRate: number | null;
  rectifyRate: number | null;
  rectifySatisfiedRate: number | null;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function figures(facts: readonly ServiceFact[], opts: FigureOptions = {}): Figures {
  const goodMin = opts.goodMin ?? DEFAULT_GOOD_MIN;
  let rated = 0, good = 0, bad = 0, excluded = 0, scored = 0, defaults = 0, replied = 0, rectified = 0, answered = 0, satisfied = 0;
  for (const f of facts) {
    const r = f.rating;
    if (!r) {
      if (f.expired && opts.expiredAsDefaultGood) defaults++;
      continue;
    }
    rated++;
    if (r.excluded) {
      excluded++;
      continue;
    }
    scored++;
    if (r.level >= goodMin) good++;
    if (isBad(r.level)) {
      bad++;
      if (r.replied) replied++;
      if (r.rectified) rectified++;
      if (r.satisfied !== null) {
        answered++;
        if (r.satisfied) satisfied++;
      }
    }
  }
  const services = facts.length;
  return {
    services,
    rated,
    unrated: services - rated,
    good,
    bad,
    excluded,
    evaluationRate: rate(rated, services),
    unratedRate: rate(services - rated, services),
    goodRate: rate(good + defaults, scored + defaults),
    activeGoodRate: rate(good, scored),
    badReplyRate: rate(replied, bad),
    rectifyRate: rate(rectified, bad),
    rectifySatisfiedRate: rate(satisfied, answered),
  };
}

export const DIMENSIONS = ['counter', 'staff', 'item', 'day', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

function keyOf(f: ServiceFact, by: Dimension): { key: string; label: string } {
  switch (by) {
    case 'counter': return { key: String(f.counter).padStart(4, '0'), label: `${f.counter}号窗口` };
    case 'staff': return { key: f.staffNo, label: f.staffNo };
    case 'item': return { key: f.itemCode ?? '', label: f.itemCode ? `${f.itemName ?? ''}（${f.itemCode}）` : '未关联事项' };
    case 'day': return { key: f.day, label: f.day };
    case 'month': return { key: f.day.slice(0, 7), label: f.day.slice(0, 7) };
  }
}

/** The figures per counter, staff member, item, day or month, in key order. */
export function figuresBy(facts: readonly ServiceFact[], by: Dimension, opts: FigureOptions = {}): Array<{ key: string; label: string; figures: Figures }> {
  const groups = new Map<string, { label: string; facts: ServiceFact[] }>();
  for (const f of facts) {
    const k = keyOf(f, by);
    let g = groups.get(k.key);
    if (!g) groups.set(k.key, (g = { label: k.label, facts: [] }));
    g.facts.push(f);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => ({ key, label: g.label, figures: figures(g.facts, opts) }));
}
