/**
 * The `case.file` sender's faults (core/sync/case-files.ts) through the real engine and outbox:
 * the row is written with the attachment or not at all; the bytes are read at send time; every
 * outcome is settled — sent, retried (network, the hub without the case step yet), refused for
 * good (dead letter with the reason), or done without a send (purged after its archive receipt) —
 * and one file's fault never holds another's lane.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { DeskError } from '../../../common/errors';
import { FileStore } from '../../../main/core/files';
import { bothJournals, CaseFileJournal, CASE_FILE, caseFileLane, caseFileSender, type CaseFilePayload } from '../../../main/core/sync/case-files';
import { SyncEngine } from '../../../main/core/sync/engine';
import { Outbox } from '../../../main/core/sync/outbox';
import { openDatabase } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import type { CaseFilePut } from '../../../main/hub/files/protocol';
import { Workstation } from '../../fixtures/sync-world';
import { tempDir } from '../../integration/hub/helpers';

type Put = (caseId: string, sha256: string, body: CaseFilePut) => Promise<{ sha256: string; size: number; receivedAt: number }>;

/** Set to make the next step's journal fail after the file's row was written (the step's transaction must undo both). */
const failing = { next: false };

async function world(put: Put) {
  let t = Date.parse('2026-03-02T02:00:00.000Z');
  const clock = { now: () => t };
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const files = new FileStore(db, tempDir(), KeyRing.generate());
  const outbox = new Outbox(db, clock.now);
  const engine = new SyncEngine({
    outbox, transport: { push: () => Promise.reject(new Error('no case steps in this test')) }, workstationId: () => 'ws-u', now: clock.now,
    backoff: { initialMs: 1000, maxMs: 60_000 },
  });
  const sent: Array<{ caseId: string; sha256: string; bytes: Buffer }> = [];
  engine.register(CASE_FILE, caseFileSender({
    db, files, workstationId: () => 'ws-u',
    put: async (caseId, sha256, body) => {
      sent.push({ caseId, sha256, bytes: Buffer.from(body.data, 'base64') });
      return put(caseId, sha256, body);
    },
  }));
  const ws = new Workstation(null, clock, {
    db, outbox, engine,
    journal: bothJournals(new CaseFileJournal(db, outbox), {
      step: () => {
        if (!failing.next) return;
        failing.next = false;
        throw new Error('disk full while writing the step');
      },
    }),
    scan: (caseId, materialId) => {
      const f = files.put(Buffer.from(`%PDF-1.4 ${caseId} ${materialId}`), { kind: 'material-pdf', mime: 'application/pdf' });
      return { filePath: f.path, sha256: f.sha256 };
    },
  });
  const caseId = await ws.readyDraft();
  const atts = db.prepare('SELECT a.id, a.sha256, a.file_path AS path, f.id AS fileId FROM case_attachments a JOIN files f ON f.path = a.file_path WHERE a.case_id = ? ORDER BY a.added_at, a.id').all(caseId) as Array<{ id: string; sha256: string; path: string; fileId: string }>;
  const op = (attachmentId: string) => db.prepare('SELECT status, attempts, last_error AS lastError FROM sync_outbox WHERE aggregate = ?').get(caseFileLane(attachmentId)) as { status: string; attempts: number; lastError: string | null };
  return { db, files, outbox, engine, ws, caseId, atts, sent, op, advance: (ms: number) => (t += ms) };
}

const ok: Put = async (_c, sha256, body) => ({ sha256, size: Buffer.from(body.data, 'base64').length, receivedAt: 1 });
const hubError = (code: string, status: number, message: string) => new DeskError(code, message, { httpStatus: status });

describe('case.file through the sync engine', () => {
  it('is written with its attachment, names the file without its bytes, and sends the bytes read at send time', async () => {
    const w = await world(ok);
    expect(w.atts.length).toBeGreaterThan(1);
    const rows = w.outbox.open(CASE_FILE);
    expect(rows.map((r) => r.aggregate).sort()).toEqual(w.atts.map((a) => caseFileLane(a.id)).sort());
    const p = rows[0].payload as CaseFilePayload;
    expect(Object.keys(p).sort()).toEqual(['attachmentId', 'caseId', 'caseNumber', 'materialId', 'materialName', 'mime', 'sha256']);
    expect(rows[0].idempotencyKey).toBe(`file:${p.attachmentId}`);
    expect(await w.engine.drain()).toMatchObject({ done: w.atts.length, dead: 0, retry: 0 });
    for (const a of w.atts) expect(w.sent.find((s) => s.sha256 === a.sha256)!.bytes.equals(w.files.read(a.fileId).bytes)).toBe(true);
  });

  it('an attachment that does not commit leaves no outbox row', async () => {
    const w = await world(ok);
    const before = w.outbox.open(CASE_FILE).length;
    const attachments = () => (w.db.prepare('SELECT COUNT(*) AS n FROM case_attachments').get() as { n: number }).n;
    const had = attachments();
    const m = w.ws.cases.queries.getCase(w.caseId).materials[0];
    failing.next = true;
    expect(() => w.ws.cases.attachFile(w.caseId, m.materialId, { filePath: w.atts[0].path, sha256: w.atts[0].sha256, mime: 'application/pdf', pages: 1 }, { staffId: 'S001', counterId: 'counter-1' })).toThrow(/disk full/);
    expect(attachments()).toBe(had);
    expect(w.outbox.open(CASE_FILE)).toHaveLength(before);
    // and the next attachment is written with its row
    w.ws.cases.attachFile(w.caseId, m.materialId, { filePath: w.atts[0].path, sha256: w.atts[0].sha256, mime: 'application/pdf', pages: 1 }, { staffId: 'S001', counterId: 'counter-1' });
    expect(w.outbox.open(CASE_FILE)).toHaveLength(before + 1);
  });

  it('the hub out of reach: retried on the backoff, the rest of the pass waits with it (not counted as tried)', async () => {
    const w = await world(() => Promise.reject(hubError('HUB_UNREACHABLE', 0, '无法连接大厅服务')));
    const r = await w.engine.pass();
    expect(r).toMatchObject({ done: 0, dead: 0, retry: w.atts.length });
    expect(w.sent).toHaveLength(1);
    expect(w.atts.map((a) => w.op(a.id).status)).toEqual(w.atts.map(() => 'failed'));
  });

  it('refused for one file (422: the hub recomputed another digest): that one is dead-lettered with the reason, the others go through in the same pass', async () => {
    let n = 0;
    const w = await world(async (c, sha, body) => {
      if (n++ === 0) throw hubError('CASE_FILE_DIGEST_MISMATCH', 422, '附件内容的校验值与声明的 SHA-256 不符');
      return ok(c, sha, body);
    });
    const r = await w.engine.pass();
    expect(r).toMatchObject({ done: w.atts.length - 1, dead: 1, retry: 0 });
    const dead = w.outbox.list(['dead']);
    expect(dead).toHaveLength(1);
    expect(dead[0].lastError).toBe('大厅服务拒收（HTTP 422）：附件内容的校验值与声明的 SHA-256 不符');
  });

  it('the hub has not the case step yet (404): only that file waits, the others go', async () => {
    let n = 0;
    const w = await world(async (c, sha, body) => {
      if (n++ === 0) throw hubError('UNKNOWN_CASE_FILE_STEP', 404, '大厅服务尚未收到登记此附件的环节');
      return ok(c, sha, body);
    });
    expect(await w.engine.pass()).toMatchObject({ done: w.atts.length - 1, dead: 0, retry: 1 });
    w.advance(120_000);
    expect(await w.engine.drain()).toMatchObject({ done: 1, dead: 0 });
    expect(w.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0 });
  });

  it('purged here after its archive receipt before it went: done without a send; gone or damaged otherwise: dead with the reason, nothing sent', async () => {
    const w = await world(ok);
    const [purged] = w.atts;
    // The archive purge: archive_jobs marks the case purged and the files' rows and bytes go.
    w.db.prepare(`INSERT INTO archive_jobs (case_id, case_number, status, next_attempt_at, purged_at, created_at, updated_at) VALUES (?, 'N1', 'archived', 't', 't', 't', 't')`).run(w.caseId);
    w.db.prepare('DELETE FROM files WHERE id = ?').run(purged.fileId);
    const r = await w.engine.drain();
    expect(w.op(purged.id).status).toBe('done');
    expect(w.sent.some((s) => s.sha256 === purged.sha256)).toBe(false);
    expect(r.dead).toBe(0);

    // Another case's files, not purged: one's row deleted, one's bytes changed on disk.
    const v = await world(ok);
    const [g, d] = v.atts;
    v.db.prepare('DELETE FROM files WHERE id = ?').run(g.fileId);
    const bytes = fs.readFileSync(d.path);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(d.path, bytes);
    const r2 = await v.engine.drain();
    expect(r2.dead).toBe(2);
    expect(v.op(g.id).lastError).toMatch(/^未编号草稿的附件“.+”在本机已没有文件（可能已被删除），无法上传；请重新采集该材料。$/);
    expect(v.op(d.id).lastError).toMatch(/无法读取：文件无法解密.*请重新采集该材料。$/);
    expect(v.sent.map((s) => s.sha256)).not.toContain(g.sha256);
    expect(v.sent.map((s) => s.sha256)).not.toContain(d.sha256);
  });
});
