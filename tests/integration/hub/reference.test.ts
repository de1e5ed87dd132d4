/**
 * The hall's reference data at the hub (issue 11): the bundled catalog and calendar seeded at first
 * start, a supervisor's (or the administrator's CLI) publications validated, immutable per catalog
 * version and audited, and workstations pulling them with the hub's cursor — on SQLite and, in the
 * hub-pg project, on PostgreSQL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoCatalog from '../../../resources/catalog/demo-catalog.json';
import bundledCalendar from '../../../resources/calendar/cn-holidays.json';
import type { HubClient } from '../../../main/hub/client';
import { HubClient as Client } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { runReferenceCommand } from '../../../main/hub/reference/cli';
import { HUB_BACKEND, pgSpec } from '../../fixtures/pg';
import { enrolTestDevice, expectCode, startTestHub, tempDir } from './helpers';

const v = (version: string, extra: Record<string, unknown> = {}) => ({ ...demoCatalog, version, ...extra });
const with2027 = () => ({ ...bundledCalendar, years: { ...bundledCalendar.years, '2027': { holidays: ['2027-01-01'], workdays: [] } } });

describe('hall reference data at the hub', () => {
  let hub: RunningHub;
  let client: HubClient;
  let dataDir: string;
  const db = HUB_BACKEND === 'postgres' ? pgSpec() : undefined;
  const published = (kind: string) => (hub.localDb.prepare(`SELECT target, outcome, actor_staff_id AS actor FROM audit_log WHERE action = ? ORDER BY seq`).all(`hub.reference.${kind}-published`));

  beforeAll(async () => {
    dataDir = tempDir();
    ({ hub, client } = await startTestHub({ dataDir, db }));
  });
  afterAll(() => hub.close());

  it('serves the bundled catalog and calendar from the start, and an empty page at the cursor', async () => {
    const first = await client.call('referencePull', { query: {} });
    expect(first).toMatchObject({ reset: true, more: false, current: demoCatalog.version, calendarSeeded: true });
    expect(first.catalogs.map((c) => (c.catalog as { version: string }).version)).toEqual([demoCatalog.version]);
    expect(first.calendar).toMatchObject({ years: bundledCalendar.years });
    const again = await client.call('referencePull', { query: { cursor: first.cursor } });
    expect(again).toMatchObject({ reset: false, catalogs: [], calendar: null, cursor: first.cursor, more: false });
    // A cursor of another hub database starts over.
    const other = await client.call('referencePull', { query: { cursor: `0123456789abcdef:${first.cursor.split(':')[1]}` } });
    expect(other).toMatchObject({ reset: true, cursor: first.cursor });
    expect(other.catalogs).toHaveLength(1);
  });

  it('a supervisor publishes a new catalog version; the same again changes nothing; a published version cannot change', async () => {
    const before = await client.call('referencePull', { query: {} });
    const p = await client.call('referenceCatalogPublish', { body: { catalog: v('hall-2026.2') } });
    expect(p).toMatchObject({ kind: 'catalog', version: 'hall-2026.2', unchanged: false, publishedBy: 'test-supervisor' });
    expect(await client.call('referenceCatalogPublish', { body: { catalog: v('hall-2026.2') } })).toMatchObject({ seq: p.seq, unchanged: true });
    const changed = v('hall-2026.2', { note: '改过的说明' });
    await expectCode(client.call('referenceCatalogPublish', { body: { catalog: changed } }), 'INVALID_INPUT');
    await expect(client.call('referenceCatalogPublish', { body: { catalog: changed } })).rejects.toThrow(/已发布的版本不能修改/);
    const page = await client.call('referencePull', { query: { cursor: before.cursor } });
    expect(page).toMatchObject({ current: 'hall-2026.2', calendar: null });
    expect(page.catalogs).toEqual([{ seq: p.seq, catalog: expect.objectContaining({ version: 'hall-2026.2' }) }]);
    expect(published('catalog')).toEqual([
      { target: 'hall-2026.2', outcome: 'ok', actor: 'test-supervisor' },
      { target: 'hall-2026.2', outcome: 'refused', actor: 'test-supervisor' },
      { target: 'hall-2026.2', outcome: 'refused', actor: 'test-supervisor' },
    ]);
  });

  it('a bad catalog or calendar is refused in Chinese and changes nothing', async () => {
    const { cursor } = await client.call('referencePull', { query: {} });
    const items = [{ ...demoCatalog.items[0], promisedLimitDays: 999 }];
    await expect(client.call('referenceCatalogPublish', { body: { catalog: v('bad-1', { items }) } })).rejects.toThrow(/事项目录文件不正确.*承诺时限超过法定时限/);
    await expect(client.call('referenceCatalogPublish', { body: { catalog: { items: [] } } })).rejects.toThrow(/事项目录文件不正确/);
    await expect(client.call('referenceCalendarPublish', { body: { calendar: { years: { '2026': { holidays: ['2025-01-01'], workdays: [] } } } } })).rejects.toThrow(/节假日日历文件不正确/);
    // A calendar missing a year the hall's has would turn its holidays into working days.
    const { '2024': _gone, ...rest } = bundledCalendar.years;
    await expect(client.call('referenceCalendarPublish', { body: { calendar: { ...bundledCalendar, years: rest } } })).rejects.toThrow(/缺少 2024 年/);
    expect(await client.call('referencePull', { query: { cursor } })).toMatchObject({ catalogs: [], calendar: null, more: false });
    // Each refusal is on the hub's record, with the version the file claimed.
    expect(published('catalog').slice(-2)).toEqual([
      { target: 'bad-1', outcome: 'refused', actor: 'test-supervisor' },
      { target: 'catalog', outcome: 'refused', actor: 'test-supervisor' },
    ]);
    expect(published('calendar').map((r) => (r as { outcome: string }).outcome)).toEqual(['refused', 'refused']);
  });

  it('a new calendar reaches the pull; pages of five follow one another', async () => {
    const { cursor } = await client.call('referencePull', { query: {} });
    const cal = await client.call('referenceCalendarPublish', { body: { calendar: with2027() } });
    expect(cal).toMatchObject({ kind: 'calendar', unchanged: false });
    for (let i = 1; i <= 5; i++) await client.call('referenceCatalogPublish', { body: { catalog: v(`page-${i}`) } });
    const p1 = await client.call('referencePull', { query: { cursor } });
    expect(p1.more).toBe(true);
    expect(p1.calendar).toMatchObject({ years: { '2027': { holidays: ['2027-01-01'] } } });
    expect(p1.calendarSeeded).toBe(false);
    expect(p1.catalogs.map((c) => (c.catalog as { version: string }).version)).toEqual(['page-1', 'page-2', 'page-3', 'page-4']);
    const p2 = await client.call('referencePull', { query: { cursor: p1.cursor } });
    expect(p2).toMatchObject({ more: false, calendar: null, current: 'page-5' });
    expect(p2.catalogs.map((c) => (c.catalog as { version: string }).version)).toEqual(['page-5']);
    expect(published('calendar').at(-1)).toMatchObject({ outcome: 'ok', actor: 'test-supervisor' });
  });

  it('publishing needs a supervisor the hub verified; pulling needs a workstation', async () => {
    const plain = new Client({ url: hub.url, credential: await enrolTestDevice(hub, 'workstation', [1]) });
    const kiosk = new Client({ url: hub.url, credential: await enrolTestDevice(hub, 'kiosk') });
    try {
      await expectCode(plain.call('referenceCatalogPublish', { body: { catalog: v('nobody-1') } }), 'STAFF_UNVERIFIED');
      await expectCode(kiosk.call('referencePull', { query: {} }), 'DEVICE_FORBIDDEN');
      expect((await plain.call('referencePull', { query: {} })).current).toBe('page-5');
    } finally {
      plain.close();
      kiosk.close();
    }
  });

  it("the administrator's CLI publishes into the running hub's database, audited; a bad file changes nothing", async () => {
    const file = join(tempDir(), 'catalog.json');
    writeFileSync(file, JSON.stringify(v('cli-2026.3')));
    const out = await runReferenceCommand('catalog-publish', dataDir, null, { file, db, by: 'admin-1' });
    expect(out).toMatch(/已发布事项目录版本 cli-2026\.3/);
    expect(await runReferenceCommand('catalog-publish', dataDir, null, { file, db })).toMatch(/相同.*未作改动/);
    writeFileSync(file, '{"version": "cli-bad", "items": [');
    await expect(runReferenceCommand('catalog-publish', dataDir, null, { file, db })).rejects.toThrow(/不是有效的 JSON，未发布/);
    await expect(runReferenceCommand('calendar-publish', dataDir, null, { file: join(dataDir, 'missing.json'), db })).rejects.toThrow(/无法读取文件/);
    expect((await client.call('referencePull', { query: {} })).current).toBe('cli-2026.3');
    const list = await runReferenceCommand('reference-list', dataDir, null, { db });
    expect(list).toMatch(/事项目录 {2}cli-2026\.3 .* admin-1/);
    expect(list.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^ {3}1 {2}事项目录 {2}demo-2026\.1 .* bundled$/), expect.stringMatching(/^ {3}2 {2}节假日日历 {2}calendar-[0-9a-f]{12} .* bundled$/)]);
    expect(published('catalog').at(-1)).toEqual({ target: 'cli-2026.3', outcome: 'ok', actor: 'admin-1' });
  });
});
