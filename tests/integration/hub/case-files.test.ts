/**
 * A case's scanned materials reach the hall hub and come back (issue 11: "a dead disk loses every
 * case … nothing the clerk entered is lost"): real workstations (sync domain, envelope-encrypted
 * file store, CaseService writing the outbox) against a secure test hub over HTTPS, on SQLite and
 * (the hub-pg project) PostgreSQL. Scans taken with the hub down reach it once it is back; a
 * rebuilt, empty workstation restores the open case and its files byte for byte; a file whose
 * digest does not match is refused and dead-lettered while the others go through; a repeat is
 * answered as the first time; a device without the case's counter, or without any hall
 * credential, is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildArchivePackage } from '../../../main/core/archive/package/build';
import { collectCase } from '../../../main/core/archive/collect';
import { CatalogStore } from '../../../main/core/catalog';
import catalogJson from '../../../resources/catalog/demo-catalog.json';
import { appendStage } from '../../../main/core/archive/package/process';
import { issuedCase, packageInput } from '../../fixtures/archive/case';
import { toCaseView } from '../../../main/api/intake/view';
import { CASE_FILE, caseFileLane } from '../../../main/core/sync/case-files';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { PgQueueStore } from '../../../main/hub/store/pg/queue-store';
import { SqliteQueueStore } from '../../../main/hub/store/sqlite';
import type { Db } from '../../../main/db/connection';
import { actor } from '../../fixtures/sync-world';
import { enrolTestDevice, raw, startTestHub, tempDir, testClient } from './helpers';
import { scanOf as scanPdf, station as sharedStation, type Station } from './stations';

/** A scanned material as the clerk's capture makes it: a PDF of some hundred kB. */
const SCAN_SIZE = 150_000;
const scanOf = (label: string) => scanPdf(label, SCAN_SIZE);
const station = (url: string, credential: DeviceCredential, id: string, tamper?: (materialId: string) => boolean) => sharedStation(url, credential, id, { scanSize: SCAN_SIZE, tamper });

const attachmentsOf = (db: Db, caseId: string) =>
  db.prepare('SELECT id, material_id AS materialId, sha256, file_path AS filePath FROM case_attachments WHERE case_id = ? ORDER BY id').all(caseId) as Array<{ id: string; materialId: string; sha256: string; filePath: string }>;

/** What the hub holds, read from its database (either backend): links and blobs. */
async function heldAtHub(hub: RunningHub): Promise<{ links: number; blobs: number }> {
  const store = hub.hub.store;
  const sql = 'SELECT (SELECT COUNT(*) FROM case_files) AS links, (SELECT COUNT(*) FROM case_file_blobs) AS blobs';
  const r = store instanceof SqliteQueueStore ? (store.db.prepare(sql).get() as { links: number; blobs: number }) : (await (store as PgQueueStore).db.q.one(sql))!;
  return { links: Number(r.links), blobs: Number(r.blobs) };
}

describe('a case’s scanned materials at the hall hub', () => {
  let hub: RunningHub | null = null;
  const open: Station[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await hub?.close();
    hub = null;
  });

  it('scans taken offline reach the hub once it is back, exactly once; a rebuilt workstation restores the open case with its files byte for byte', async () => {
    const dataDir = tempDir();
    const started = await startTestHub({ dataDir });
    hub = started.hub;
    const { port, url } = hub;
    const a = station(url, started.credential, 'ws-a');
    open.push(a);

    // The hub goes down; the clerk scans the materials and accepts the case.
    await hub.close();
    hub = null;
    const caseId = await a.ws.readyDraft();
    a.ws.cases.accept(caseId, actor);
    const atts = attachmentsOf(a.db, caseId);
    expect(atts.length).toBeGreaterThan(0);
    // Each attachment's file waits in the outbox on a lane of its own, written with the attachment; the row names the file, it does not carry it.
    const waiting = a.sync.outbox.open(CASE_FILE);
    expect(waiting.map((o) => o.aggregate).sort()).toEqual(atts.map((x) => caseFileLane(x.id)).sort());
    expect(Math.max(...(a.db.prepare(`SELECT length(payload) AS n FROM sync_outbox WHERE kind = ?`).all(CASE_FILE) as Array<{ n: number }>).map((r) => r.n))).toBeLessThan(1000);
    const r1 = await a.sync.engine!.pass();
    expect(r1.retry).toBeGreaterThan(0);
    expect(a.sync.outbox.backlog([CASE_FILE])).toMatchObject({ dead: 0, inflight: 0, failed: atts.length });

    // The hub comes back on the same data and port: the backlog drains, steps and files.
    hub = (await startTestHub({ port, dataDir })).hub;
    a.sync.outbox.retryNow();
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0, inflight: 0 });
    expect(await heldAtHub(hub)).toEqual({ links: atts.length, blobs: atts.length });
    const client = testClient(url);
    try {
      for (const x of atts) {
        const got = await client.call('caseFileGet', { params: { id: caseId, digest: x.sha256 } });
        expect(Buffer.from(got.data, 'base64').equals(a.scanned.get(x.sha256)!)).toBe(true);
      }
      // Sent again (an acknowledgement lost after the hub's commit): answered, not stored again.
      for (const x of atts) a.sync.outbox.requeueFrom(caseFileLane(x.id), 1);
      expect(await a.sync.engine!.drain()).toMatchObject({ done: atts.length, dead: 0 });
      expect(await heldAtHub(hub)).toEqual({ links: atts.length, blobs: atts.length });
    } finally {
      client.close();
    }

    // Disk failure: workstation A is rebuilt from nothing (a new key ring, an empty file store).
    await a.close();
    open.splice(0);
    const rebuilt = station(url, started.credential, 'ws-a');
    open.push(rebuilt);
    expect(await rebuilt.sync.restoreOpen()).toEqual({ taken: 1, updated: 0, current: 0 });
    // The import committed without waiting for the files; they follow.
    const report = await rebuilt.sync.fetchFiles();
    expect(report.absent + report.failed).toBe(0);
    const back = attachmentsOf(rebuilt.db, caseId);
    expect(back.map((x) => [x.id, x.materialId, x.sha256])).toEqual(atts.map((x) => [x.id, x.materialId, x.sha256]));
    for (const x of back) {
      const fileId = (rebuilt.db.prepare('SELECT id FROM files WHERE path = ?').get(x.filePath) as { id: string }).id;
      // read(): decrypted from its envelope and checked against its digest.
      expect(rebuilt.files.read(fileId).bytes.equals(a.scanned.get(x.sha256)!)).toBe(true);
    }
    const view = toCaseView(rebuilt.ws.cases.queries.getCase(caseId));
    for (const m of view.materials.filter((x) => x.status === 'captured')) expect(m.detail).toMatch(/^已采集 \d+ 份 PDF$/);
    // Nothing was re-queued for upload: the hub has these files.
    expect(rebuilt.sync.outbox.open(CASE_FILE)).toEqual([]);
  }, 90_000);

  it('a file whose digest does not match is refused and dead-lettered with the reason, the case’s other files go through; the rebuilt workstation shows it as not at the hub', async () => {
    const started = await startTestHub();
    hub = started.hub;
    let first: string | null = null;
    const a = station(hub.url, started.credential, 'ws-t', (materialId) => (first ??= materialId) === materialId);
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const atts = attachmentsOf(a.db, caseId);
    expect(atts.length).toBeGreaterThan(1);
    await a.sync.engine!.drain();
    const dead = a.sync.outbox.list(['dead']);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ kind: CASE_FILE, aggregate: caseFileLane(atts.find((x) => x.materialId === first)!.id) });
    expect(dead[0].lastError).toMatch(/大厅服务拒收（HTTP 422）.*校验值.*不符/);
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, inflight: 0, dead: 1 });
    expect(await heldAtHub(hub)).toEqual({ links: atts.length - 1, blobs: atts.length - 1 });

    // A counter takes the case over: the good files come, the refused one shows as not at the hub.
    const b = station(hub.url, started.credential, 'ws-b');
    open.push(b);
    expect(await b.sync.take(caseId)).toEqual({ caseId, outcome: 'taken' });
    const r = await b.sync.fetchFiles();
    expect(r).toEqual({ fetched: atts.length - 1, absent: 1, failed: 0 });
    const view = toCaseView(b.ws.cases.queries.getCase(caseId));
    expect(view.materials.find((m) => m.materialId === first)!.detail).toBe('已采集 1 份 PDF；其中 1 份大厅服务尚无存档，原工作站上传后自动取回，否则请重新采集');
    // Asked again on the next pull, still absent: never a broken file, never a stuck import.
    expect(await b.sync.fetchFiles()).toEqual({ fetched: 0, absent: 1, failed: 0 });
  }, 60_000);

  it('a file damaged here is dead-lettered, then withdrawn: its upload is void, the step reaches the hub, a counter taking the case over neither waits for it nor archives it', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-w');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const atts = attachmentsOf(a.db, caseId);
    const bad = atts[0];
    const bytes = fs.readFileSync(bad.filePath);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(bad.filePath, bytes);
    await a.sync.engine!.drain();
    expect(a.sync.outbox.list(['dead']).map((o) => o.aggregate)).toEqual([caseFileLane(bad.id)]);

    a.ws.cases.withdrawAttachment(caseId, bad.id, { reason: '本机文件已损坏', damaged: true }, actor);
    expect(a.sync.outbox.backlog([CASE_FILE])).toMatchObject({ pending: 0, failed: 0, dead: 0 });
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, inflight: 0, dead: 0 });
    expect(await heldAtHub(hub)).toEqual({ links: atts.length - 1, blobs: atts.length - 1 });

    const b = station(hub.url, started.credential, 'ws-wb');
    open.push(b);
    expect(await b.sync.take(caseId)).toEqual({ caseId, outcome: 'taken' });
    expect(await b.sync.fetchFiles()).toEqual({ fetched: atts.length - 1, absent: 0, failed: 0 });
    expect(b.db.prepare('SELECT withdrawn_reason FROM case_attachments WHERE id = ?').get(bad.id)).toEqual({ withdrawn_reason: '本机文件已损坏' });
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM case_file_fetches WHERE case_id = ?').get(caseId)).toEqual({ n: 0 });
    const view = toCaseView(b.ws.cases.queries.getCase(caseId));
    expect(view.materials.find((m) => m.materialId === bad.materialId)!.status).toBe('missing');

    // At the first counter the material is captured anew; the case goes through and its package
    // holds the new scan, not the withdrawn one (whose damaged file could never be packaged).
    const stored = a.files.put(scanOf('again'), { kind: 'material-pdf', mime: 'application/pdf' });
    const again = a.ws.cases.attachFile(caseId, bad.materialId, { filePath: stored.path, sha256: stored.sha256, mime: 'application/pdf', pages: 1 }, actor);
    a.ws.cases.setMaterialStatus(caseId, bad.materialId, { kind: 'captured', attachmentIds: [again] }, actor);
    a.ws.cases.accept(caseId, actor);
    const catalogs = new CatalogStore();
    catalogs.add(catalogJson);
    const input = collectCase({ db: a.db, cases: a.ws.cases, catalogs, files: a.files, hallName: () => '测试大厅' }, caseId, { workstation: 'ws-w', seq: 1, mac: 'a'.repeat(64) }, () => new Date());
    const materials = input.documents.filter((d) => d.category === '申请材料').map((d) => d.pages[0]!.bytes);
    expect(materials).toHaveLength(atts.length);
    // (collectCase reads every file it packages: the damaged one would have thrown.)
    expect(materials.filter((m) => m.subarray(0, 30).toString().includes('again'))).toHaveLength(1);
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  }, 60_000);

  it('a repeat PUT is answered as the first; a file is refused for a device without the case’s counter, for no device, and for another hall’s', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-p');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    // The case's steps first (the hub takes a file only as an attachment its trail recorded).
    a.db.prepare(`UPDATE sync_outbox SET next_attempt_at = 1e15 WHERE kind = ?`).run(CASE_FILE);
    await a.sync.engine!.drain();
    const [x] = attachmentsOf(a.db, caseId);
    const body = { attachmentId: x.id, materialId: x.materialId, mime: 'application/pdf' as const, workstation: 'ws-p', data: a.scanned.get(x.sha256)!.toString('base64') };
    const client = testClient(hub.url);
    try {
      const once = await client.call('caseFilePut', { params: { id: caseId, digest: x.sha256 }, body });
      const again = await client.call('caseFilePut', { params: { id: caseId, digest: x.sha256 }, body });
      expect(again).toEqual(once);
      expect(once).toMatchObject({ sha256: x.sha256, size: a.scanned.get(x.sha256)!.length });
      const got = await client.call('caseFileGet', { params: { id: caseId, digest: x.sha256 } });
      expect(Buffer.from(got.data, 'base64').equals(a.scanned.get(x.sha256)!)).toBe(true);
    } finally {
      client.close();
    }
    // The bytes are not the declared digest: 422 with the reason.
    const other = 'e'.repeat(64);
    const bad = await raw(hub.url, 'PUT', `/cases/${caseId}/files/${other}`, JSON.stringify(body));
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: 'CASE_FILE_DIGEST_MISMATCH', message: expect.stringMatching(/校验值/) });
    // A workstation enrolled for counter 3 only may not upload what counter 1 scanned, nor is a file taken before its case.
    const counter3 = await enrolTestDevice(hub, 'workstation', [3]);
    const c3 = await raw(hub.url, 'PUT', `/cases/${caseId}/files/${x.sha256}`, JSON.stringify(body), counter3);
    expect(c3.status).toBe(422);
    expect(c3.json.error).toMatchObject({ code: 'CASE_FILE_FORBIDDEN', message: expect.stringMatching(/本设备未登记窗口 1/) });
    const early = await raw(hub.url, 'PUT', `/cases/no-such-case/files/${x.sha256}`, JSON.stringify(body));
    expect(early.status).toBe(404);
    // No device, or another hall's: refused before any handler.
    expect((await raw(hub.url, 'PUT', `/cases/${caseId}/files/${x.sha256}`, JSON.stringify(body), null)).status).toBe(401);
    expect((await raw(hub.url, 'GET', `/cases/${caseId}/files/${x.sha256}`, undefined, null)).status).toBe(401);
    const elsewhere = await startTestHub();
    try {
      const foreign = await raw(hub.url, 'GET', `/cases/${caseId}/files/${x.sha256}`, undefined, { ...elsewhere.credential, caPem: started.credential.caPem });
      expect(foreign.status).toBe(401);
      // The other hall's hub knows nothing of this case's files either.
      const c = new HubClient({ url: elsewhere.hub.url, credential: elsewhere.credential });
      await expect(c.call('caseFileGet', { params: { id: caseId, digest: x.sha256 } })).rejects.toMatchObject({ code: 'UNKNOWN_CASE_FILE' });
      c.close();
    } finally {
      elsewhere.client.close();
      await elsewhere.hub.close();
    }
    // Every file handed out is on the hub's audit record, with the device.
    const reads = hub.localDb.prepare(`SELECT target, outcome, details FROM audit_log WHERE action = 'hub.caseFileRead'`).all() as Array<{ target: string; outcome: string; details: string }>;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ target: `case:${caseId}` });
    expect(JSON.parse(reads[0].details)).toMatchObject({ sha256: x.sha256, device: expect.any(String) });
  }, 60_000);

  it('once the case’s archive package is stored at the hub, the hub drops its own copies of the case’s files (on the record)', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-z');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const number = a.ws.cases.accept(caseId, actor).caseNumber!;
    await a.sync.engine!.drain();
    const n = attachmentsOf(a.db, caseId).length;
    expect(await heldAtHub(hub)).toEqual({ links: n, blobs: n });

    // The case's bag (its materials inside) reaches the hub's archive.
    const input = await packageInput({ pages: 1 });
    input.detail = issuedCase({ id: caseId, caseNumber: number });
    const bag = path.join(tempDir(), 'bag');
    await buildArchivePackage(bag, input);
    appendStage(bag, '数据交换', '李明（1001）', '发送', new Date());
    const files = fs.readdirSync(bag, { recursive: true }).map(String).filter((rel) => fs.statSync(path.join(bag, rel)).isFile())
      .map((rel) => ({ path: rel.split(path.sep).join('/'), data: fs.readFileSync(path.join(bag, rel)).toString('base64') }));
    const client = testClient(hub.url);
    try {
      await client.call('archiveReceive', { params: { caseNumber: number }, body: { workstation: 'ws-z', auditHead: { seq: 1, mac: 'a'.repeat(64), at: new Date().toISOString() }, files } });
      await vi.waitFor(async () => expect(await heldAtHub(hub!)).toEqual({ links: 0, blobs: 0 }));
      const [x] = attachmentsOf(a.db, caseId);
      await expect(client.call('caseFileGet', { params: { id: caseId, digest: x.sha256 } })).rejects.toMatchObject({ code: 'UNKNOWN_CASE_FILE' });
    } finally {
      client.close();
    }
    const row = hub.localDb.prepare(`SELECT target, details FROM audit_log WHERE action = 'hub.caseFilesDropped'`).get() as { target: string; details: string };
    expect(row.target).toBe(`case:${caseId}`);
    expect(JSON.parse(row.details)).toMatchObject({ caseNumber: number, links: n, blobs: n });
  }, 60_000);
});
