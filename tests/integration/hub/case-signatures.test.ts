/**
 * The applicant's signatures come back with the case (issue 11: "a workstation rebuilt after a disk
 * failure gets its open cases back from the hub … nothing the clerk entered is lost"): a 告知承诺
 * commitment signed while the hub is down reaches it, its image through the `case.file` path; an
 * empty workstation restores the case with the signature row (its binding digest verifies) and
 * the image byte for byte; the restored case completes and its archive bag passes the four-property
 * check with the signature in it. Real workstations against a secure test hub, on SQLite and (the
 * hub-pg project) PostgreSQL.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectCase } from '../../../main/core/archive/collect';
import { checkArchive } from '../../../main/core/archive/checks';
import { buildArchivePackage } from '../../../main/core/archive/package/build';
import { CatalogStore } from '../../../main/core/catalog';
import { FileStore } from '../../../main/core/files';
import { fetchCaseFiles } from '../../../main/core/sync/case-file-fetch';
import { CASE_FILE, CaseFileJournal, caseFileLane } from '../../../main/core/sync/case-files';
import { Outbox } from '../../../main/core/sync/outbox';
import { restoreSignatures } from '../../../main/core/sync/restore-signatures';
import { openDatabase, type Db } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import type { RunningHub } from '../../../main/hub/index';
import catalogJson from '../../../resources/catalog/demo-catalog.json';
import { scannedPage } from '../../fixtures/archive/case';
import { Workstation, actor } from '../../fixtures/sync-world';
import { raw, startTestHub, tempDir, testClient } from './helpers';
import { scanOf, station, type Station } from './stations';

const clock = { now: () => Date.now() };

/** The applicant signs the 告知承诺书 on the pad, as api/intake/sign.ts records it (offline: local time). */
async function signCommitment(s: Station, caseId: string): Promise<{ id: string; png: Buffer }> {
  const png = await scannedPage(7, 300, 100);
  const file = s.files.put(png, { kind: 'signature', mime: 'image/png', source: `${caseId}:commitment`, width: 300, height: 100 });
  const id = s.ws.cases.recordSignature(caseId, {
    purpose: 'commitment', signerName: '张伟', signerIdNumber: '110101199003071234', signerRelation: 'applicant',
    imagePath: file.path, imageSha256: file.sha256, image: { width: 300, height: 100 },
    document: { sha256: createHash('sha256').update('告知承诺书').digest('hex'), fileId: 'notice-file-1' }, deviceId: 'pad-1',
    time: { at: new Date().toISOString(), source: 'local' },
  }, actor);
  return { id, png };
}

const signatureRow = (db: Db, id: string) => {
  const r = db.prepare('SELECT * FROM case_signatures WHERE id = ?').get(id) as Record<string, unknown>;
  const { image_path: _p, ...rest } = r;
  return rest;
};

describe('a case’s signatures at the hall hub and back', () => {
  let hub: RunningHub | null = null;
  const open: Station[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await hub?.close();
    hub = null;
  });

  it('a commitment signed offline reaches the hub; an empty workstation restores it (binding verifies, image byte for byte); the restored case completes and its bag passes the four-property check', async () => {
    const dataDir = tempDir();
    const started = await startTestHub({ dataDir });
    hub = started.hub;
    const { port, url } = hub;
    const a = station(url, started.credential, 'ws-a');
    open.push(a);

    // The hub goes down; the applicant signs the commitment and the clerk accepts.
    await hub.close();
    hub = null;
    const caseId = await a.ws.readyDraft();
    const sig = await signCommitment(a, caseId);
    a.ws.cases.accept(caseId, actor);
    expect(a.ws.cases.signatures.verify(sig.id)).toBe(true);
    // The image waits on a lane of its own, written with the signature; the row names it, it does not carry it.
    const op = a.sync.outbox.open(CASE_FILE).find((o) => o.aggregate === caseFileLane(sig.id))!;
    expect(op.payload).toMatchObject({ caseId, attachmentId: sig.id, kind: 'signature', mime: 'image/png', materialId: 'signature:commitment' });
    const original = signatureRow(a.db, sig.id);

    // The hub comes back: steps, scans and the signature image drain.
    hub = (await startTestHub({ port, dataDir })).hub;
    a.sync.outbox.retryNow();
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0, inflight: 0 });
    const client = testClient(url);
    try {
      const got = await client.call('caseFileGet', { params: { id: caseId, digest: original.image_sha256 as string } });
      expect(Buffer.from(got.data, 'base64').equals(sig.png)).toBe(true);
      expect(got.mime).toBe('image/png');
    } finally {
      client.close();
    }

    // Another counter takes the case over to hand out the result (一口发证): the signature comes with it.
    const c = station(url, started.credential, 'ws-c');
    open.push(c);
    expect(await c.sync.take(caseId)).toEqual({ caseId, outcome: 'taken' });
    await c.sync.fetchFiles();
    expect(c.ws.cases.signatures.verify(sig.id)).toBe(true);
    expect(c.ws.cases.signatures.signature(sig.id)!.imagePath).not.toMatch(/^hub:/);

    // Disk failure: an empty workstation (new key ring, empty file store) restores the open case.
    await a.close();
    open.splice(open.indexOf(a), 1);
    const b = station(url, started.credential, 'ws-a');
    open.push(b);
    expect(await b.sync.restoreOpen()).toEqual({ taken: 1, updated: 0, current: 0 });
    // Rebuilt from the trail before the image is here: every bound field as signed.
    expect(signatureRow(b.db, sig.id)).toEqual(original);
    expect(b.ws.cases.signatures.verify(sig.id)).toBe(true);
    expect(await b.sync.fetchFiles()).toMatchObject({ absent: 0, failed: 0 });
    const back = b.ws.cases.signatures.signature(sig.id)!;
    const fileId = (b.db.prepare('SELECT id FROM files WHERE path = ?').get(back.imagePath) as { id: string }).id;
    expect(b.files.read(fileId).bytes.equals(sig.png)).toBe(true);
    // Notices find the image as they find any signature's (api/intake/notices.ts: the store names a file by its id).
    expect(path.basename(back.imagePath!).replace(/\.[^.]+$/, '')).toBe(fileId);
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM case_file_fetches').get()).toEqual({ n: 0 });
    // Nothing re-queued for upload, no signature said to be lost.
    expect(b.sync.outbox.open(CASE_FILE)).toEqual([]);
    expect(b.notes).toEqual([]);

    // The restored case completes and is archived: the bag carries the signature, bound, and passes the check.
    b.ws.cases.startReview(caseId, actor);
    b.ws.cases.complete(caseId, { decision: 'approved' }, actor);
    b.ws.cases.issueResult(caseId, { method: 'pickup' }, actor);
    const catalogs = new CatalogStore();
    catalogs.add(catalogJson);
    const input = collectCase({ db: b.db, cases: b.ws.cases, catalogs, files: b.files, hallName: () => '测试大厅' }, caseId, { workstation: 'ws-a', seq: 1, mac: 'a'.repeat(64) }, () => new Date());
    expect(input.signatures).toEqual([expect.objectContaining({ id: sig.id, purpose: 'commitment', bindingVerified: true })]);
    expect(input.documents.filter((d) => d.category === '签名').map((d) => d.pages[0]!.bytes.equals(sig.png))).toEqual([true]);
    const bag = path.join(tempDir(), 'bag');
    await buildArchivePackage(bag, input);
    const report = checkArchive(bag);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(fs.readdirSync(path.join(bag, 'data', 'signatures'))).toHaveLength(1);
  }, 90_000);

  it('a signature taken before this version (its step without the binding’s fields) is restated once, reaches the hub and comes back; before that a restore says it cannot rebuild it', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-old');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    const sig = await signCommitment(a, caseId);
    // As the previous version recorded it: the step names the signature and its binding only, and no image goes up.
    const legacy = ['signerIdNumber', 'imageSha256', 'image', 'documentFileId', 'deviceId', 'signedAt', 'timeSource', 'localAt'].map((k) => `'$.${k}'`).join(', ');
    a.db.prepare(`UPDATE case_events SET payload = json_remove(payload, ${legacy}) WHERE type = 'signature'`).run();
    a.db.prepare(`UPDATE sync_outbox SET payload = json_remove(payload, ${legacy.replaceAll("'$.", "'$.event.payload.")}) WHERE kind = 'case.step' AND json_extract(payload, '$.event.type') = 'signature'`).run();
    a.db.prepare(`DELETE FROM sync_outbox WHERE aggregate = ?`).run(caseFileLane(sig.id));
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });

    // A counter taking it over now gets the case, not the signature, and is told so.
    const b = station(hub.url, started.credential, 'ws-b');
    open.push(b);
    await b.sync.take(caseId);
    expect(b.ws.cases.signatures.signature(sig.id)).toBeNull();
    expect(b.notes).toEqual([expect.stringMatching(/有 1 个签名记录早于.*无法恢复/)]);

    // The original workstation runs this version: the signature is restated once (a step of its own, at its counter), its image goes up.
    expect(a.ws.cases.restateSignatures()).toBe(1);
    expect(a.ws.cases.restateSignatures()).toBe(0);
    expect(a.sync.outbox.open(CASE_FILE).map((o) => o.aggregate)).toContain(caseFileLane(sig.id));
    await a.sync.engine!.drain();
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });

    // Now a counter taking it over gets it, bound and with its image; nothing said to be lost.
    const c = station(hub.url, started.credential, 'ws-c');
    open.push(c);
    await c.sync.take(caseId);
    await c.sync.fetchFiles();
    expect(c.ws.cases.signatures.verify(sig.id)).toBe(true);
    expect(signatureRow(c.db, sig.id)).toEqual(signatureRow(a.db, sig.id));
    const back = c.ws.cases.signatures.signature(sig.id)!;
    const fileId = (c.db.prepare('SELECT id FROM files WHERE path = ?').get(back.imagePath) as { id: string }).id;
    expect(c.files.read(fileId).bytes.equals(sig.png)).toBe(true);
    expect(c.notes).toEqual([]);
    expect(c.ws.cases.queries.getCase(caseId).events.filter((e) => e.type === 'signature-restated')).toEqual([
      expect.objectContaining({ actorStaffId: actor.staffId, counterId: actor.counterId, fromState: null, toState: null }),
    ]);
  }, 90_000);

  it('the hub takes a signature image only as its signature step named it', async () => {
    const started = await startTestHub();
    hub = started.hub;
    const a = station(hub.url, started.credential, 'ws-s');
    open.push(a);
    const caseId = await a.ws.readyDraft();
    // The case's steps first; the files wait.
    a.db.prepare(`UPDATE sync_outbox SET next_attempt_at = 1e15 WHERE kind = ?`).run(CASE_FILE);
    await a.sync.engine!.drain();
    const put = (digest: string, body: Record<string, unknown>) => raw(hub!.url, 'PUT', `/cases/${caseId}/files/${digest}`, JSON.stringify(body));
    const other = scanOf('not a signature');
    const digest = createHash('sha256').update(other).digest('hex');
    const body = { attachmentId: 'no-such-signature', materialId: 'signature:commitment', mime: 'image/png', workstation: 'ws-s', data: other.toString('base64'), kind: 'signature' };
    // No signature step names it: not yet (retried), never stored.
    const early = await put(digest, body);
    expect(early.status).toBe(404);
    expect(early.json.error).toMatchObject({ code: 'UNKNOWN_CASE_FILE_STEP', message: expect.stringMatching(/签名/) });
    // A signature step that names another image: refused with the reason.
    const sig = await signCommitment(a, caseId);
    await a.sync.engine!.drain();
    const wrong = await put(digest, { ...body, attachmentId: sig.id });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error).toMatchObject({ code: 'CASE_FILE_DIGEST_MISMATCH', message: expect.stringMatching(/签名图像/) });
    // An attachment id passed off as a signature (or the reverse) is not found as one.
    const asAttachment = await put(createHash('sha256').update(sig.png).digest('hex'), { ...body, attachmentId: sig.id, kind: undefined, data: sig.png.toString('base64') });
    expect(asAttachment.status).toBe(404);
    // The journal's own upload goes through.
    a.db.prepare(`UPDATE sync_outbox SET next_attempt_at = 0 WHERE kind = ?`).run(CASE_FILE);
    expect(await a.sync.engine!.drain()).toMatchObject({ dead: 0 });
    expect(a.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  }, 60_000);
});

describe('signature steps recorded before the binding rode in the step', () => {
  it('are counted, not rebuilt (no guessed image digest); complete ones are rebuilt once', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const ws = new Workstation(null, clock, { db });
    const caseId = await ws.readyDraft();
    const step = (payload: Record<string, unknown>) => ({
      seq: 9, hubSeq: 9, type: 'signature', from: 'draft' as const, to: 'draft' as const, at: '2026-03-02T02:00:00.000Z', timeSource: 'local' as const,
      receivedAt: 1, delayMs: 0, staffId: 'S001', counterId: 'counter-1', payload,
    });
    const old = step({ signatureId: 'sig-old', purpose: 'commitment', signerName: '张伟', signerRelation: 'applicant', documentSha256: 'd'.repeat(64), binding: 'b'.repeat(64) });
    const full = step({
      signatureId: 'sig-new', purpose: 'acceptance', signerName: '张伟', signerRelation: 'applicant', documentSha256: 'd'.repeat(64), binding: 'b'.repeat(64),
      signerIdNumber: null, imageSha256: 'e'.repeat(64), image: { width: 3, height: 1 }, documentFileId: null, deviceId: 'pad-1', signedAt: '2026-03-02T02:00:00.000Z', timeSource: 'local', localAt: '2026-03-02T02:00:00.000Z',
    });
    const run = () => db.transaction(() => restoreSignatures(db, caseId, [old, full], 1))();
    expect(run()).toEqual({ restored: 1, unrestorable: 1 });
    expect(run()).toEqual({ restored: 0, unrestorable: 1 });
    expect(db.prepare('SELECT id FROM case_signatures').all()).toEqual([{ id: 'sig-new' }]);
    expect(db.prepare('SELECT attachment_id, kind, material_id FROM case_file_fetches').all()).toEqual([{ attachment_id: 'sig-new', kind: 'signature', material_id: 'signature:acceptance' }]);
    // Its stored digest is the original's: a row whose fields were not those signed does not verify.
    expect(ws.cases.signatures.verify('sig-new')).toBe(false);
    db.close();
  });

  it('a signature image is kept only with the trail’s digest; the hub lacking it leaves it absent, said so', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const files = new FileStore(db, tempDir(), KeyRing.generate());
    const ws = new Workstation(null, clock, {
      db, scan: (id, m) => {
        const f = files.put(scanOf(`${id} ${m}`), { kind: 'material-pdf', mime: 'application/pdf' });
        return { filePath: f.path, sha256: f.sha256 };
      },
    });
    const caseId = await ws.readyDraft();
    const png = await scannedPage(3, 30, 10);
    const digest = createHash('sha256').update(png).digest('hex');
    const payload = {
      signatureId: 'sig-1', purpose: 'commitment', signerName: '张伟', signerRelation: 'applicant', documentSha256: 'd'.repeat(64), binding: 'b'.repeat(64),
      signerIdNumber: null, imageSha256: digest, image: { width: 30, height: 10 }, documentFileId: null, deviceId: 'pad-1', signedAt: 't', timeSource: 'local', localAt: 't',
    };
    db.transaction(() => restoreSignatures(db, caseId, [{
      seq: 9, hubSeq: 9, type: 'signature', from: 'draft', to: 'draft', at: 't', timeSource: 'local', receivedAt: 1, delayMs: 0, staffId: 'S001', counterId: 'counter-1', payload,
    }], 1))();
    const imagePath = () => (db.prepare(`SELECT image_path AS p FROM case_signatures WHERE id = 'sig-1'`).get() as { p: string }).p;
    const state = () => db.prepare('SELECT kind, state, last_error AS e FROM case_file_fetches').all();
    const body = (b: Buffer) => ({ sha256: digest, mime: 'image/png' as const, size: b.length, data: b.toString('base64') });
    expect(await fetchCaseFiles(db, files, async () => null)).toEqual({ fetched: 0, absent: 1, failed: 0 });
    expect(state()).toEqual([{ kind: 'signature', state: 'absent', e: '大厅服务没有这份签名图像（原工作站尚未上传）' }]);
    expect(await fetchCaseFiles(db, files, async () => body(Buffer.from('forged')))).toEqual({ fetched: 0, absent: 0, failed: 1 });
    expect(state()).toEqual([{ kind: 'signature', state: 'pending', e: '大厅服务返回的签名图像与办理记录中的校验值不符，未采用' }]);
    expect(imagePath()).toBe(`hub:${digest}`);
    // Archiving waits for it (retried, not refused), rather than packaging the case without its signature.
    const catalogs = new CatalogStore();
    catalogs.add(catalogJson);
    const collect = () => collectCase({ db, cases: ws.cases, catalogs, files, hallName: () => '测试大厅' }, caseId, { workstation: 'ws', seq: 1, mac: 'a'.repeat(64) }, () => new Date());
    expect(collect).toThrow(expect.objectContaining({ code: 'ARCHIVE_FILES_AWAITED' }));
    expect(await fetchCaseFiles(db, files, async () => body(png))).toEqual({ fetched: 1, absent: 0, failed: 0 });
    expect(collect().documents.filter((d) => d.category === '签名').map((d) => d.pages[0]!.bytes.equals(png))).toEqual([true]);
    expect(state()).toEqual([]);
    const f = db.prepare('SELECT id, kind, source FROM files WHERE path = ?').get(imagePath()) as { id: string; kind: string; source: string };
    expect(f).toMatchObject({ kind: 'signature', source: `${caseId}:commitment` });
    expect(files.read(f.id).bytes.equals(png)).toBe(true);
    db.close();
  });

  it('a signature recorded without an image sends nothing up', async () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const outbox = new Outbox(db, clock.now);
    const ws = new Workstation(null, clock, { db, outbox, journal: new CaseFileJournal(db, outbox) });
    const caseId = await ws.readyDraft();
    const before = outbox.open(CASE_FILE).length;
    const id = ws.cases.recordSignature(caseId, {
      purpose: 'acceptance', signerName: '张伟', signerRelation: 'applicant', imageSha256: 'e'.repeat(64), image: { width: 3, height: 1 },
      document: { sha256: 'd'.repeat(64) }, deviceId: 'pad-1', time: { at: new Date().toISOString(), source: 'local' },
    }, actor);
    expect(ws.cases.signatures.signature(id)).toMatchObject({ imagePath: null });
    expect(outbox.open(CASE_FILE)).toHaveLength(before);
    expect(outbox.open(CASE_FILE).filter((o) => o.aggregate === caseFileLane(id))).toEqual([]);
    db.close();
  });
});
