/**
 * A case's notices reach the hall hub and come back (issue 11, 办结即归档 wherever the case ends):
 * each notice issued is a `notice-issued` step naming its stored PDF, uploaded as a `case.file`
 * (kind 'notice'). A counter taking the case over — 一口发证 at another counter, or a rebuilt
 * workstation — fetches the very PDF the applicant was given, so the archive package built there
 * holds it; archiving waits while one is still on its way. Notices issued before this version are
 * restated once at start. On SQLite here, on PostgreSQL in the hub-pg project.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { collectCase } from '../../../main/core/archive/collect';
import { CatalogStore } from '../../../main/core/catalog';
import { CASE_FILE, caseFileLane } from '../../../main/core/sync/case-files';
import type { RunningHub } from '../../../main/hub/index';
import catalogJson from '../../../resources/catalog/demo-catalog.json';
import { actor } from '../../fixtures/sync-world';
import { startTestHub, testClient } from './helpers';
import { station, type Station } from './stations';

/** A notice as issueNotice stores it (api/intake/notices.ts): a PDF of kind 'notice', sourced by kind and case. */
function notice(s: Station, caseId: string, kind: string, record = true) {
  const c = s.ws.cases.queries.getCase(caseId);
  const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% ${kind} ${c.caseNumber}\n`), randomBytes(20_000), Buffer.from('\n%%EOF\n')]);
  const f = s.files.put(bytes, { kind: 'notice', mime: 'application/pdf', source: `${kind}:${c.caseNumber ?? c.id}` });
  if (record) s.ws.cases.recordNotice(caseId, { fileId: f.id, sha256: f.sha256, kind, signed: false }, actor);
  return { bytes, fileId: f.id, sha256: f.sha256 };
}

const noticesOf = (s: Station, key: string) =>
  (s.db.prepare(`SELECT id, source FROM files WHERE kind = 'notice' AND source LIKE ? ORDER BY created_at, id`).all(`%:${key}`) as Array<{ id: string; source: string }>)
    .map((r) => ({ source: r.source, bytes: s.files.read(r.id).bytes }));

describe('a case’s notices at the hall hub', () => {
  let hub: RunningHub | null = null;
  const open: Station[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await hub?.close();
    hub = null;
  });

  it('the 受理通知书 given at one counter is in the archive package built at the counter that hands out the result', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-n1');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const number = a.ws.cases.accept(caseId, actor).caseNumber!;
    const given = notice(a, caseId, 'acceptance');
    // The step and its upload are written together, on the PDF's own lane.
    expect(a.sync.outbox.open(CASE_FILE).map((o) => o.aggregate)).toContain(caseFileLane(given.fileId));
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
    const client = testClient(hub.url);
    try {
      const held = await client.call('caseFileGet', { params: { id: caseId, digest: given.sha256 } });
      expect(Buffer.from(held.data, 'base64').equals(given.bytes)).toBe(true);
    } finally {
      client.close();
    }

    // Counter B takes the case over to hand out the result (一口发证).
    const b = station(hub.url, started.credential, 'ws-n2');
    open.push(b);
    expect(await b.sync.take(caseId)).toEqual({ caseId, outcome: 'taken' });
    const catalogs = new CatalogStore();
    catalogs.add(catalogJson);
    const collect = () => collectCase({ db: b.db, cases: b.ws.cases, catalogs, files: b.files, hallName: () => '测试大厅' }, caseId, { workstation: 'ws-n2', seq: 1, mac: 'a'.repeat(64) }, () => new Date());
    // Until the notice is here, archiving waits (retried), rather than packaging the case without it.
    expect(collect).toThrow(expect.objectContaining({ code: 'ARCHIVE_FILES_AWAITED' }));
    const r = await b.sync.fetchFiles();
    expect(r.failed + r.absent).toBe(0);
    expect(noticesOf(b, number)).toEqual([{ source: `acceptance:${number}`, bytes: given.bytes }]);
    const docs = collect().documents.filter((d) => d.category === '通知书');
    expect(docs.map((d) => d.title)).toEqual(['受理通知书']);
    expect(docs[0].pages[0]!.bytes.equals(given.bytes)).toBe(true);

    // Taken again (an update): each notice once.
    await b.sync.take(caseId);
    await b.sync.fetchFiles();
    expect(noticesOf(b, number)).toHaveLength(1);
  }, 60_000);

  it('a notice issued before this version is restated once at start, reaches the hub and comes back', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-n3');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const number = a.ws.cases.accept(caseId, actor).caseNumber!;
    const old = notice(a, caseId, 'acceptance', false);
    expect(a.sync.outbox.open(CASE_FILE).some((o) => o.aggregate === caseFileLane(old.fileId))).toBe(false);
    expect(a.ws.cases.restateNotices()).toBe(1);
    expect(a.ws.cases.restateNotices()).toBe(0);
    const step = a.db.prepare(`SELECT counter_id, actor_staff_id, payload FROM case_events WHERE case_id = ? AND type = 'notice-issued'`).get(caseId) as { counter_id: string; actor_staff_id: string; payload: string };
    expect(step.counter_id).toBe(actor.counterId);
    expect(JSON.parse(step.payload)).toEqual({ fileId: old.fileId, sha256: old.sha256, kind: 'acceptance', signed: false, restated: true });
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });

    const b = station(hub.url, started.credential, 'ws-n4');
    open.push(b);
    await b.sync.take(caseId);
    await b.sync.fetchFiles();
    expect(noticesOf(b, number)).toEqual([{ source: `acceptance:${number}`, bytes: old.bytes }]);
  }, 60_000);
});
