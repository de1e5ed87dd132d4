import { afterEach, describe, expect, it } from 'vitest';
import { currentCalendar, loadCalendar, resetCalendar } from '../../../main/core/calendar';
import bundled from '../../../resources/calendar/cn-holidays.json';
import { actor, completeZhatuMaterials, draftZhatu, setup } from './helpers';

afterEach(() => resetCalendar());

/** The 2027 notice as a hub would serve it (a made-up arrangement: it adds 02-11 and a make-up Sunday 02-14). */
function with2027() {
  const next = structuredClone(bundled) as any;
  next.years['2027'] = {
    holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    workdays: ['2027-02-14'],
  };
  return next;
}

describe('deadlines that cross into a year whose arrangement is not imported', () => {
  it('are counted over the statutory holidays, shown as 暂定, and recounted when the notice is imported', async () => {
    // Thursday 2026-12-24, hall time: a 渣土 case (5 working days) is due across 元旦 2027.
    const s = setup('2026-12-24T02:00:00.000Z');
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    const acc = s.service.accept(d.id, actor);
    // 25, 28, 29, 30, 31 December: 元旦 is not reached, but the count ends in 2026 → final.
    expect(acc.dueDate).toBe('2026-12-31');
    expect(acc.dueProvisional).toBeNull();

    s.clock.t = new Date('2027-02-03T02:00:00.000Z');
    const d2 = draftZhatu(s.service);
    await completeZhatuMaterials(s, d2.id);
    const acc2 = s.service.accept(d2.id, actor);
    // Wednesday 2027-02-03: 04, then 春节 除夕 02-05 … 初三 02-08 and 补假 02-09, 02-10 by law → 11, 12, 15, 16.
    expect(acc2.dueDate).toBe('2027-02-16');
    expect(acc2.dueProvisional).toContain('2027年放假安排尚未导入');
    expect(s.service.queries.listCases().rows.find((r) => r.id === d2.id)?.dueProvisional).toContain('暂定');
    expect(s.service.queries.progress({ caseNumber: acc2.caseNumber! })[0].dueProvisional).toContain('2027');

    loadCalendar(with2027());
    const r = s.service.recomputeDeadlines([2027], actor);
    // Under the notice 02-11 is off and Sunday 02-14 works: 04, 12, 14, 15, 16 — the same date, now final.
    expect(r).toEqual({ checked: 1, changed: 0 });
    const after = s.service.queries.getCase(d2.id);
    expect(after.dueDate).toBe('2027-02-16');
    expect(after.dueProvisional).toBeNull();
    expect(after.events.find((e) => e.type === 'deadline-recomputed')).toBeUndefined();
    expect(currentCalendar().covers(2027)).toBe(true);
  });

  it('moves a deadline the notice changes and records why on the case', async () => {
    const s = setup('2027-02-01T02:00:00.000Z');
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    const acc = s.service.accept(d.id, actor);
    // Monday 02-01 + 5 by law: 02, 03, 04, 11, 12.
    expect(acc.dueDate).toBe('2027-02-12');
    loadCalendar(with2027());
    expect(s.service.recomputeDeadlines([2027], actor)).toEqual({ checked: 1, changed: 1 });
    const after = s.service.queries.getCase(d.id);
    // Under the notice: 02, 03, 04, 12, 14 (make-up Sunday).
    expect(after.dueDate).toBe('2027-02-14');
    expect(after.events.find((e) => e.type === 'deadline-recomputed')?.payload).toEqual({ from: '2027-02-12', to: '2027-02-14', years: [2027] });
  });
});
