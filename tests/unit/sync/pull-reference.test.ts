/**
 * Pulls of the hall's reference data (catalog versions, the holiday calendar): the cursor is written
 * in the same transaction as what the page brought, a failing write leaves both as they were, a
 * malformed or invalid page writes nothing, and a hub that answers "start over" keeps every
 * version a local case was drafted under.
 */
import { describe, expect, it } from 'vitest';
import demoCatalog from '../../../resources/catalog/demo-catalog.json';
import bundledCalendar from '../../../resources/calendar/cn-holidays.json';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { cursorOf } from '../../../main/core/sync/pull';
import { pullReference, REFERENCE_CURSOR, storedCalendar, storedCatalogs, type ReferencePage } from '../../../main/core/sync/pull-reference';

const catalog = (version: string, name = '建筑渣土运输处置证') => ({ ...demoCatalog, version, items: demoCatalog.items.map((i, n) => (n === 0 ? { ...i, name } : i)) });
const page = (p: Partial<ReferencePage>): ReferencePage => ({ cursor: 'e1:0', reset: false, catalogs: [], calendar: null, more: false, ...p });

function world() {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  let pages: unknown[] = [];
  const asked: Array<string | null> = [];
  const fetch = async (cursor: string | null) => {
    asked.push(cursor);
    return pages.shift();
  };
  const versions = () => storedCatalogs(db).map((c) => [c.version, c.hubSeq]);
  return { db, fetch, asked, versions, set: (p: unknown[]) => (pages = p) };
}

/** A local case drafted under `version` (only the columns the pull reads matter). */
function draftUnder(db: ReturnType<typeof world>['db'], id: string, version: string) {
  db.pragma('foreign_keys = OFF');
  db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant, promised_limit_days, delivery_options,
    applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at)
    VALUES (?, 'H1', 'draft', 'I', '事项', 'S', '情形', ?, 0, 5, '[]', 'person', '张三', '110101199003070079', 't', 'staff', 'counter-1', 't')`).run(id, version);
}

describe('pull of the hall reference data', () => {
  it('follows pages in the hub order, writing versions, calendar and cursor together', async () => {
    const w = world();
    w.set([
      page({ cursor: 'e1:2', catalogs: [{ seq: 1, catalog: catalog('v1') }], calendar: bundledCalendar, more: true, reset: true }),
      page({ cursor: 'e1:3', catalogs: [{ seq: 3, catalog: catalog('v2') }] }),
    ]);
    const r = await pullReference(w.db, w.fetch);
    expect(r).toEqual({ versions: ['v1', 'v2'], calendar: true, reset: true, kept: [] });
    expect(w.asked).toEqual([null, 'e1:2']);
    expect(w.versions()).toEqual([['v1', 1], ['v2', 3]]);
    expect(storedCalendar(w.db)).toMatchObject({ calendar: { years: bundledCalendar.years }, seeded: false });
    expect(cursorOf(w.db, REFERENCE_CURSOR)).toBe('e1:3');

    // Nothing new: the cursor is asked for and kept.
    w.set([page({ cursor: 'e1:3' })]);
    expect(await pullReference(w.db, w.fetch)).toEqual({ versions: [], calendar: false, reset: false, kept: [] });
    expect(w.asked.at(-1)).toBe('e1:3');
  });

  it('a failing cursor write leaves no version of the page behind (and the cursor where it was)', async () => {
    const w = world();
    w.set([page({ cursor: 'e1:1', catalogs: [{ seq: 1, catalog: catalog('v1') }] })]);
    await pullReference(w.db, w.fetch);
    w.db.exec(`CREATE TRIGGER cursor_fails BEFORE UPDATE ON sync_cursors WHEN NEW.name = 'reference' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    w.set([page({ cursor: 'e1:3', catalogs: [{ seq: 2, catalog: catalog('v2') }], calendar: bundledCalendar })]);
    await expect(pullReference(w.db, w.fetch)).rejects.toThrow(/disk I\/O error/);
    expect(w.versions()).toEqual([['v1', 1]]);
    expect(storedCalendar(w.db)).toBeNull();
    expect(cursorOf(w.db, REFERENCE_CURSOR)).toBe('e1:1');
    // The next pull, once the disk is back, asks again from the old cursor and gets the page.
    w.db.exec('DROP TRIGGER cursor_fails');
    w.set([page({ cursor: 'e1:3', catalogs: [{ seq: 2, catalog: catalog('v2') }] })]);
    await pullReference(w.db, w.fetch);
    expect(w.asked.at(-1)).toBe('e1:1');
    expect(w.versions()).toEqual([['v1', 1], ['v2', 2]]);
  });

  it('a malformed answer or an invalid catalog or calendar is refused in Chinese and writes nothing', async () => {
    const w = world();
    w.set([page({ cursor: 'e1:1', catalogs: [{ seq: 1, catalog: catalog('v1') }] })]);
    await pullReference(w.db, w.fetch);
    const before = { versions: w.versions(), cursor: cursorOf(w.db, REFERENCE_CURSOR) };
    for (const [answer, code] of [
      [{ cursor: 'e1:2', catalogs: 'nope' }, 'HUB_BAD_RESPONSE'],
      [null, 'HUB_BAD_RESPONSE'],
      [page({ cursor: 'e1:2', catalogs: [{ seq: 2, catalog: catalog('v2') }, { seq: 3, catalog: { version: 'v3', items: [{ code: 'X' }] } }] }), 'CATALOG_INVALID'],
      [page({ cursor: 'e1:2', catalogs: [{ seq: 2, catalog: catalog('v2') }], calendar: { years: { '2026': { holidays: ['2025-01-01'], workdays: [] } } } }), 'CALENDAR_INVALID'],
    ] as const) {
      w.set([answer]);
      const e = await pullReference(w.db, w.fetch).then(() => null, (x: { code: string; message: string }) => x);
      expect(e?.code).toBe(code);
      expect(e?.message).toMatch(/[\u4e00-\u9fa5]/);
      expect({ versions: w.versions(), cursor: cursorOf(w.db, REFERENCE_CURSOR) }).toEqual(before);
    }
  });

  it('on reset keeps every version a local case was drafted under, and a drafted-under version keeps its content', async () => {
    const w = world();
    w.set([page({ cursor: 'e1:3', catalogs: [{ seq: 1, catalog: catalog('v1') }, { seq: 2, catalog: catalog('v2') }, { seq: 3, catalog: catalog('v3') }] })]);
    await pullReference(w.db, w.fetch);
    draftUnder(w.db, 'case-1', 'v1');
    draftUnder(w.db, 'case-2', 'v2');
    // Another hub database: it holds only v2 (with other content) and v9.
    w.set([page({ cursor: 'f7:2', reset: true, catalogs: [{ seq: 1, catalog: catalog('v2', '另一目录的名称') }, { seq: 2, catalog: catalog('v9') }] })]);
    const r = await pullReference(w.db, w.fetch);
    expect(r).toMatchObject({ reset: true, versions: ['v2', 'v9'], kept: ['v2'] });
    // v3 (no case) is gone; v1 (a draft) is kept outside the hub's order; v2 keeps what case-2 was drafted under.
    expect(w.versions()).toEqual([['v1', null], ['v2', 1], ['v9', 2]]);
    const v2 = storedCatalogs(w.db).find((c) => c.version === 'v2')!.catalog as { items: Array<{ name: string }> };
    expect(v2.items[0].name).toBe('建筑渣土运输处置证');
    expect(cursorOf(w.db, REFERENCE_CURSOR)).toBe('f7:2');
  });
});
