/**
 * A holiday calendar pulled from the hall hub recounts what an imported one would: open cases whose
 * deadline was counted provisionally through a year the calendar newly covers are recounted, each
 * step recorded at the case's own counter (there is no clerk: the hub accepts a case's steps only
 * from the counters of the workstation that sends them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogs, referencePuller } from '../../../main/api/intake/catalog';
import { currentCalendar, isWorkingDay, resetCalendar } from '../../../main/core/calendar';
import { importCalendar } from '../../../main/core/calendar/saved';
import { tempDir } from '../../fixtures/workstation';
import { m0020 } from '../../../main/db/migrations/0020-catalog-versions';
import bundled from '../../../resources/calendar/cn-holidays.json';
import { actor, completeZhatuMaterials, draftZhatu, setup } from './helpers';

afterEach(() => resetCalendar());

const silent = { info: () => {}, error: () => {} };
const with2027 = () => ({ ...bundled, years: { ...bundled.years, '2027': { holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-14'] } } });

describe('a calendar pulled from the hub', () => {
  it('recounts provisional deadlines through the years it newly covers, at each case\'s counter', async () => {
    const s = setup('2027-02-01T02:00:00.000Z', [m0020]);
    const d = draftZhatu(s.service);
    await completeZhatuMaterials(s, d.id);
    expect(s.service.accept(d.id, actor).dueDate).toBe('2027-02-12');
    const recounted: number[][] = [];
    let calendar: unknown = with2027();
    const pull = referencePuller({
      db: s.db, dataDir: ':memory:', catalogs: loadCatalogs(':memory:', silent, s.db), log: silent,
      fetch: async () => ({ cursor: 'e1:1', reset: false, catalogs: [], calendar, more: false }),
      recount: (years) => {
        recounted.push(years);
        s.service.recomputeDeadlines(years, (counterId) => ({ staffId: 'hall-calendar', counterId }));
      },
    });
    await pull();
    expect(currentCalendar().covers(2027)).toBe(true);
    expect(recounted).toEqual([[2027]]);
    const after = s.service.queries.getCase(d.id);
    expect(after.dueDate).toBe('2027-02-14');
    expect(after.events.find((e) => e.type === 'deadline-recomputed')).toMatchObject({ actorStaffId: 'hall-calendar', counterId: actor.counterId, payload: { from: '2027-02-12', to: '2027-02-14', years: [2027] } });
    // The same calendar again covers nothing new: nothing is recounted.
    calendar = with2027();
    await pull();
    expect(recounted).toEqual([[2027]]);
  });

  it("an administrator's import here stands over the hub's bundled default, not over a calendar the hall published", async () => {
    const s = setup('2026-12-01T02:00:00.000Z', [m0020]);
    const dataDir = tempDir();
    // This workstation's administrator made 2026-12-03 a day off.
    const local = structuredClone(bundled);
    local.years['2026'].holidays.push('2026-12-03');
    importCalendar(dataDir, JSON.stringify(local));
    expect(isWorkingDay('2026-12-03')).toBe(false);
    let page: Record<string, unknown> = { cursor: 'e1:2', reset: true, catalogs: [], calendar: bundled, calendarSeeded: true, more: false };
    const pull = referencePuller({ db: s.db, dataDir, catalogs: loadCatalogs(':memory:', silent, s.db), log: silent, fetch: async () => page });
    expect(await pull()).toMatchObject({ calendar: true });
    expect(isWorkingDay('2026-12-03')).toBe(false);
    // The hall publishes its arrangement (here: the bundled one, by an administrator at the hub): it is the hall's.
    page = { ...page, cursor: 'e1:3', reset: false, calendarSeeded: false };
    await pull();
    expect(isWorkingDay('2026-12-03')).toBe(true);
  });
});
