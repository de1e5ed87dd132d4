/**
 * Every notice issued at a counter is a step of the case's trail (`notice-issued`, naming the PDF
 * the applicant was given), written with its upload to the hall hub; a copy read without a counter
 * is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import { CASE_FILE, caseFileLane } from '../../../main/core/sync/case-files';
import type { CaseView, NoticeRef } from '../../../preload/contract/intake';
import { connection, demoWorkstation, tempDir } from '../../fixtures/workstation';

let ws: Workstation;
let clerk: Connection;
let supervisor: Connection;

async function ok<T = unknown>(conn: Connection, name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, conn, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as { value: T }).value;
}
const steps = (caseId: string) => (ws.db.prepare(`SELECT payload FROM case_events WHERE case_id = ? AND type = 'notice-issued' ORDER BY rowid`).all(caseId) as Array<{ payload: string }>).map((r) => JSON.parse(r.payload) as { fileId: string; sha256: string; kind: string; signed: boolean });

beforeAll(async () => {
  ws = await demoWorkstation({ dataDir: tempDir() });
  clerk = connection();
  await ok(clerk, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: ws.hall.counters()[2].id });
  supervisor = connection();
  await ok(supervisor, 'session.login', { staffNo: '3001', password: 'demo3001', counterId: null });
});
afterAll(async () => ws.close());

describe('notices as steps of the trail', () => {
  it('the 受理通知书 of an instant case and a reprint at the counter each name their PDF; a supervisor’s copy does not', async () => {
    // The instant item of the demo catalog (电子证照打印及信息查询), its one material exempt by data sharing.
    const item = ws.intake.catalogs.current().items.find((i) => i.code === 'GG-JB-0003')!;
    const draft = await ok<CaseView>(clerk, 'intake.createDraft', { applicant: { type: 'person', name: '张伟', idNumber: '310117198206150314' }, itemCode: item.code, scenarioCode: item.scenarios[0].code });
    await ok(clerk, 'intake.setMaterial', { caseId: draft.id, materialId: 'M01', choice: { kind: 'exempt-datashare' } });
    const accepted = await ok<{ case: CaseView; notice: NoticeRef }>(clerk, 'intake.accept', { caseId: draft.id });
    expect(steps(draft.id)).toEqual([{ fileId: accepted.notice.file.fileId, sha256: accepted.notice.file.sha256, kind: 'acceptance', signed: false }]);
    expect(ws.sync.outbox.open(CASE_FILE).some((o) => o.aggregate === caseFileLane(accepted.notice.file.fileId))).toBe(true);

    const reprint = await ok<NoticeRef>(clerk, 'intake.notice', { caseId: draft.id, kind: 'acceptance' });
    const copy = await ok<NoticeRef>(supervisor, 'intake.notice', { caseId: draft.id, kind: 'acceptance' });
    expect(steps(draft.id).map((s) => s.fileId)).toEqual([accepted.notice.file.fileId, reprint.file.fileId]);
    expect(steps(draft.id).map((s) => s.fileId)).not.toContain(copy.file.fileId);
  });
});
