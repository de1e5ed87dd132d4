/**
 * The hall's reference data end to end (issue 11): a workstation built as the app builds it
 * (createWorkstation, enrolled with an HTTPS hub) takes the hall's catalog and calendar at start on
 * the sync domain's pull schedule; a catalog version published at the hub reaches it with the next
 * pull; a new case is drafted under that version while a draft made under the old one still
 * resolves — also after a restart without the hub.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import demoCatalog from '../../../resources/catalog/demo-catalog.json';
import bundledCalendar from '../../../resources/calendar/cn-holidays.json';
import applicants from '../../../resources/demo/applicants.json';
import { createWorkstation, type Workstation } from '../../../main/api/workstation';
import { referencePuller } from '../../../main/api/intake/catalog';
import { currentCalendar, resetCalendar } from '../../../main/core/calendar';
import { resolveScenario } from '../../../main/core/catalog';
import { MemorySettings } from '../../../main/core/settings';
import { cursorOf } from '../../../main/core/sync/pull';
import { REFERENCE_CURSOR } from '../../../main/core/sync/pull-reference';
import { demoDraft } from '../../../main/hub/archive-demo';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { keysFor, tempDir } from '../../fixtures/workstation';
import { startTestHub } from './helpers';

const silent = { info: () => {}, error: () => {} };
const V2 = 'hall-2026.2';
/** v2 renames the first item (建筑渣土运输处置证) and drops the last one. */
const v2 = { ...demoCatalog, version: V2, items: demoCatalog.items.slice(0, -1).map((i, n) => (n === 0 ? { ...i, name: '建筑垃圾运输处置核准' } : i)) };

let hub: RunningHub;
let client: HubClient;
let credential: DeviceCredential;
const dataDir = tempDir();
const open: Workstation[] = [];

function workstation(withHub: boolean): Promise<Workstation> {
  return createWorkstation({
    dataDir, keys: keysFor(dataDir), demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test',
    hubUrl: withHub ? hub.url : null, hubMode: withHub ? 'remote' : 'none', hubCredential: withHub ? credential : null, log: silent,
  }).then((ws) => (open.push(ws), ws));
}

beforeAll(async () => {
  ({ hub, client } = await startTestHub());
  const counters = hub.hub.queue.hall.counters.map((c) => c.number);
  credential = await enrolWithRunningHub(hub, dataDir, { role: 'workstation', counters, name: '目录测试工作站' });
}, 60_000);
afterAll(async () => {
  for (const ws of open) await ws.close();
  await hub?.close();
  resetCalendar();
});

describe('catalog versions and calendar pulled from the hub', () => {
  it('publish v2 at the hub → the workstation pulls it → a new case uses v2, a v1 draft still resolves, also after a restart without the hub', async () => {
    const ws = await workstation(true);
    // The first pull runs on its own once the hub link is up (the sync domain's schedule).
    await vi.waitFor(() => expect(cursorOf(ws.db, REFERENCE_CURSOR)).not.toBeNull(), { timeout: 20_000, interval: 200 });
    expect(ws.intake.catalogs.current().version).toBe(demoCatalog.version);
    const { draft: v1Draft } = demoDraft(ws.intake.cases);
    expect(v1Draft.catalogVersion).toBe(demoCatalog.version);

    // The administrator publishes v2 and a calendar with 2027; the workstation's next pull takes both.
    await client.call('referenceCatalogPublish', { body: { catalog: v2 } });
    await client.call('referenceCalendarPublish', { body: { calendar: { ...bundledCalendar, years: { ...bundledCalendar.years, '2027': { holidays: ['2027-01-01'], workdays: [] } } } } });
    expect(currentCalendar().covers(2027)).toBe(false);
    const pull = referencePuller({ db: ws.db, dataDir, catalogs: ws.intake.loaded, log: silent, fetch: (cursor) => client.call('referencePull', { query: cursor ? { cursor } : {} }) });
    expect(await pull()).toMatchObject({ versions: [V2], calendar: true, reset: false });
    expect(currentCalendar().covers(2027)).toBe(true);

    // New cases are drafted under v2; search follows it.
    expect(ws.intake.catalogs.current().version).toBe(V2);
    expect(ws.intake.index().version).toBe(V2);
    expect(ws.intake.index().search('建筑垃圾运输').map((h) => h.item.name)).toContain('建筑垃圾运输处置核准');
    // As intake.createDraft does when the clerk picked from the current catalog.
    const zhang = applicants.persons.find((p) => p.name === '张伟')!;
    const fresh = ws.intake.cases.createDraft({
      applicant: { type: 'person', name: zhang.name, idNumber: zhang.idNumber, phone: zhang.phone },
      itemCode: 'SLH-XK-0001', scenarioCode: 'XB', catalogVersion: ws.intake.catalogs.current().version,
    }, { staffId: 'S001', counterId: 'C03' });
    expect(fresh.catalogVersion).toBe(V2);
    expect(fresh.itemName).toBe('建筑垃圾运输处置核准');
    // The v1 draft keeps its version and resolves against it.
    const old = ws.intake.cases.queries.getCase(v1Draft.id);
    expect(old.catalogVersion).toBe(demoCatalog.version);
    expect(resolveScenario(ws.intake.catalogs.get(old.catalogVersion), old.itemCode, old.scenarioCode).item.name).toBe('建筑渣土运输处置证');

    // A restart without the hub keeps v2 current and v1 resolvable (the pulled versions are in the database).
    await ws.close();
    open.pop();
    resetCalendar();
    const offline = await workstation(false);
    expect(offline.intake.catalogs.current().version).toBe(V2);
    expect(offline.intake.catalogs.get(demoCatalog.version).version).toBe(demoCatalog.version);
    expect(offline.intake.cases.queries.getCase(v1Draft.id).catalogVersion).toBe(demoCatalog.version);
    expect(currentCalendar().covers(2027)).toBe(true);
  }, 60_000);
});
