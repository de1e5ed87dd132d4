/**
 * A restored case's files fetched from the hub (core/sync/case-file-fetch.ts): attachments from the
 * trail wait for their files; a file is kept only when its digest is the trail's; a file the hub
 * lacks is 'absent' (and asked again); the hub out of reach ends the run, nothing lost.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import { FileStore } from '../../../main/core/files';
import { awaitCaseFiles, awaitedFiles, fetchCaseFiles, type FileSource } from '../../../main/core/sync/case-file-fetch';
import { openDatabase } from '../../../main/db/connection';
import { KeyRing } from '../../../main/db/keys/keyring';
import { workstationMigrations } from '../../../main/db/migrations';
import type { HallCaseStep } from '../../../main/hub/cases/protocol';
import { Workstation } from '../../fixtures/sync-world';
import { tempDir } from '../../integration/hub/helpers';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const step = (attachmentId: string, materialId: string, digest: string): HallCaseStep => ({
  seq: 9, hubSeq: 9, type: 'attachment-added', from: 'draft', to: 'draft', at: '2026-03-02T02:00:00.000Z', timeSource: 'hub', receivedAt: 1, delayMs: 0,
  staffId: 'S001', counterId: 'counter-1', payload: { attachmentId, materialId, sha256: digest, pages: 2 },
});

async function world() {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const files = new FileStore(db, tempDir(), KeyRing.generate());
  const ws = new Workstation(null, { now: () => Date.parse('2026-03-02T02:00:00.000Z') }, { db });
  const caseId = await ws.readyDraft();
  const pages = { one: Buffer.from('%PDF-1.4 one'), two: Buffer.from('%PDF-1.4 two'), three: Buffer.from('%PDF-1.4 three') };
  const n = db.transaction(() => awaitCaseFiles(db, caseId, [step('att-1', 'm1', sha(pages.one)), step('att-2', 'm2', sha(pages.two)), step('att-3', 'm3', sha(pages.three))], 1))();
  return { db, files, ws, caseId, pages, n };
}

const body = (b: Buffer, digest = sha(b)) => ({ sha256: digest, mime: 'application/pdf' as const, size: b.length, data: b.toString('base64') });
const pathOf = (db: ReturnType<typeof openDatabase>, id: string) => (db.prepare('SELECT file_path AS p FROM case_attachments WHERE id = ?').get(id) as { p: string }).p;

describe('a restored case’s files from the hub', () => {
  it('waits for each attachment of the trail, once; keeps a file only with the trail’s digest; marks what the hub lacks', async () => {
    const w = await world();
    expect(w.n).toBe(3);
    // Imported again (the hub further along): nothing waits twice.
    expect(w.db.transaction(() => awaitCaseFiles(w.db, w.caseId, [step('att-1', 'm1', sha(w.pages.one))], 2))()).toBe(0);
    expect(awaitedFiles(w.db, w.caseId)).toEqual({ 'att-1': 'pending', 'att-2': 'pending', 'att-3': 'pending' });
    expect(pathOf(w.db, 'att-1')).toBe(`hub:${sha(w.pages.one)}`);
    // An archived case's attachments are recorded, but nothing waits: its package holds the files.
    expect(w.db.transaction(() => awaitCaseFiles(w.db, w.caseId, [step('att-9', 'm9', sha(w.pages.one))], 2, false))()).toBe(0);
    expect(pathOf(w.db, 'att-9')).toBe(`hub:${sha(w.pages.one)}`);

    const source: FileSource = async (_c, digest) => {
      if (digest === sha(w.pages.one)) return body(w.pages.one);
      if (digest === sha(w.pages.two)) return body(Buffer.from('%PDF-1.4 not two'), digest);
      return null;
    };
    expect(await fetchCaseFiles(w.db, w.files, source)).toEqual({ fetched: 1, absent: 1, failed: 1 });
    const one = w.db.prepare('SELECT id FROM files WHERE path = ?').get(pathOf(w.db, 'att-1')) as { id: string };
    expect(w.files.read(one.id).bytes.equals(w.pages.one)).toBe(true);
    expect(pathOf(w.db, 'att-2')).toBe(`hub:${sha(w.pages.two)}`);
    expect(w.db.prepare('SELECT state, attempts, last_error AS e FROM case_file_fetches ORDER BY attachment_id').all()).toEqual([
      { state: 'pending', attempts: 1, e: '大厅服务返回的文件与办理记录中的校验值不符，未采用' },
      { state: 'absent', attempts: 1, e: '大厅服务没有这份附件（原工作站尚未上传）' },
    ]);
    expect(w.ws.cases.queries.getCase(w.caseId).awaitedFiles).toEqual({ 'att-2': 'pending', 'att-3': 'absent' });
  });

  it('the hub out of reach: the run ends at the first, every file still waits for the next pull', async () => {
    const w = await world();
    let asked = 0;
    const down: FileSource = async () => {
      asked++;
      throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
    };
    expect(await fetchCaseFiles(w.db, w.files, down)).toEqual({ fetched: 0, absent: 0, failed: 1 });
    expect(asked).toBe(1);
    expect(Object.values(awaitedFiles(w.db, w.caseId))).toEqual(['pending', 'pending', 'pending']);
    const up: FileSource = async (_c, digest) => Object.values(w.pages).map((b) => body(b)).find((b) => b.sha256 === digest) ?? null;
    expect(await fetchCaseFiles(w.db, w.files, up)).toEqual({ fetched: 3, absent: 0, failed: 0 });
    expect(awaitedFiles(w.db, w.caseId)).toEqual({});
  });
});
