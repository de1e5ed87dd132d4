/**
 * ArchiveJobs on a real workstation database, FileStore and audit log, with the hub's answer
 * scripted: a case is archived only after a receipt; a dropped connection is retried with the
 * same bytes (so a hub that had committed answers with its first receipt); a refusal leaves the
 * job failed with the reason; after the grace period personal data and page images are purged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../../../common/errors';
import type { ArchiveReceipt, ArchiveRequest } from '../../../common/archive-protocol';
import { ArchiveJobs } from '../../../main/core/archive/jobs';
import { demoDraft, issuedDemoCase, openDemoWorkstation, type DemoWorkstation } from '../../../main/hub/archive-demo';
import { tempDir } from '../hub/helpers';

const open: DemoWorkstation[] = [];
afterEach(() => open.splice(0).forEach((w) => w.db.close()));

async function setup(answer: (req: ArchiveRequest, n: number) => ArchiveReceipt) {
  const dir = tempDir();
  let t = Date.parse('2026-12-01T02:00:00Z');
  const clock = { now: () => new Date(t), advanceDays: (d: number) => (t += d * 86_400_000) };
  const ws = openDemoWorkstation(dir, clock.now);
  open.push(ws);
  const caseId = await issuedDemoCase(ws);
  const sent: ArchiveRequest[] = [];
  const jobs = new ArchiveJobs({
    ...ws, hallName: () => '测试大厅', dataDir: dir, workstationId: () => 'ws-test', graceDays: () => 30, now: clock.now,
    send: async (_n, req) => {
      sent.push(req);
      return answer(req, sent.length);
    },
  });
  return { ws, dir, caseId, jobs, sent, clock };
}

const receiptFor = (req: ArchiveRequest): ArchiveReceipt => ({
  caseNumber: 'x', workstation: req.workstation, bagSha256: 'f'.repeat(64), receivedAt: '2026-12-01T02:00:01.000Z', stored: 'archive/x/bag', checks: [], anchor: null,
});
const unreachable = () => new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');

describe('archive jobs', () => {
  it('archives the case only after the receipt; a dropped send is retried with the very same bag', async () => {
    const s = await setup((req, n) => {
      if (n === 1) throw unreachable();
      return receiptFor(req);
    });
    s.jobs.enqueue(s.caseId);
    s.jobs.enqueue(s.caseId); // the hook may fire twice: one job
    await s.jobs.runDue();
    expect(s.jobs.job(s.caseId)).toMatchObject({ status: 'ready', attempts: 1, lastError: '无法连接大厅服务' });
    expect(s.ws.cases.queries.getCase(s.caseId).state).toBe('result-issued');

    s.clock.advanceDays(1);
    await s.jobs.runDue();
    expect(s.jobs.job(s.caseId)).toMatchObject({ status: 'archived', lastError: null });
    expect(s.ws.cases.queries.getCase(s.caseId).state).toBe('archived');
    expect(s.sent).toHaveLength(2);
    expect(s.sent[1]!.files).toEqual(s.sent[0]!.files);
    expect(s.jobs.list()).toHaveLength(1);
    expect(s.ws.audit.recent(20).map((r) => r.action)).toEqual(expect.arrayContaining(['archive.packaged', 'archive.received']));
  });

  it('when the hub is back, a bag waiting out its backoff goes at once; a refused one still waits to be resent', async () => {
    let down = true;
    const s = await setup((req) => {
      if (down) throw unreachable();
      return receiptFor(req);
    });
    s.jobs.enqueue(s.caseId);
    await s.jobs.runDue();
    await s.jobs.runDue();
    expect(s.sent).toHaveLength(1); // the second run found nothing due: the job waits out its backoff
    down = false;
    expect(s.jobs.retryNow()).toBe(1);
    await s.jobs.runDue();
    expect(s.jobs.job(s.caseId)).toMatchObject({ status: 'archived' });
    expect(s.jobs.retryNow()).toBe(0);
  });

  it('a bag the hub refuses leaves the job failed with the reason, not retried until asked', async () => {
    const s = await setup(() => {
      throw new DeskError('ARCHIVE_CHECK_FAILED', '接收检测未通过：YJ-1-1 固化信息有效性', { httpStatus: 422 });
    });
    s.jobs.enqueue(s.caseId);
    await s.jobs.runDue();
    expect(s.jobs.job(s.caseId)).toMatchObject({ status: 'failed', lastError: '接收检测未通过：YJ-1-1 固化信息有效性' });
    s.clock.advanceDays(1);
    await s.jobs.runDue();
    expect(s.sent).toHaveLength(1);
    s.jobs.retry(s.caseId);
    await s.jobs.runDue();
    expect(s.sent).toHaveLength(2);
    expect(s.ws.cases.queries.getCase(s.caseId).state).toBe('result-issued');
  });

  it('purges personal data and page images after the grace period, audited, and not before', async () => {
    const s = await setup((req) => receiptFor(req));
    s.jobs.enqueue(s.caseId);
    await s.jobs.runDue();
    const filesBefore = (s.ws.db.prepare('SELECT path FROM files').all() as { path: string }[]).map((r) => r.path);
    expect(s.jobs.purgeDue()).toBe(0);

    s.clock.advanceDays(31);
    expect(s.jobs.purgeDue()).toBe(1);
    const c = s.ws.cases.queries.getCase(s.caseId);
    expect(c.agent).toMatchObject({ name: '（已清除）', idNumber: null, phone: null });
    expect(c.applicant.phone).toBeNull();
    expect(c.applicant.legalRepresentative).toBeNull();
    // The signer's number goes from the signature row and from the signature steps (which carry it for a restore).
    const sigSteps = s.ws.db.prepare(`SELECT payload FROM case_events WHERE case_id = ? AND type = 'signature'`).all(s.caseId) as { payload: string }[];
    expect(sigSteps.length).toBeGreaterThan(0);
    for (const e of sigSteps) expect(JSON.parse(e.payload)).not.toHaveProperty('signerIdNumber');
    expect(s.ws.db.prepare('SELECT COUNT(*) AS n FROM case_signatures WHERE case_id = ? AND signer_id_number IS NOT NULL').get(s.caseId)).toEqual({ n: 0 });
    const filesAfter = (s.ws.db.prepare('SELECT path FROM files').all() as { path: string }[]).map((r) => r.path);
    const removed = filesBefore.filter((p) => !filesAfter.includes(p));
    expect(removed.length).toBeGreaterThanOrEqual(4);
    for (const p of removed) expect(fs.existsSync(p)).toBe(false);
    expect(fs.existsSync(path.join(s.dir, 'archive', c.caseNumber!))).toBe(false);
    expect(s.jobs.job(s.caseId)!.purgedAt).not.toBeNull();
    expect(s.ws.audit.recent(5).map((r) => r.action)).toContain('archive.purged');
    expect(s.jobs.purgeDue()).toBe(0);
  });

  it('drops the case’s sync copies in the purge’s own transaction: a failure there leaves the purge undone (audited), to run again', async () => {
    const s = await setup((req) => receiptFor(req));
    const forgotten: string[] = [];
    let fail = true;
    const jobs = new ArchiveJobs({
      ...s.ws, hallName: () => '测试大厅', dataDir: s.dir, workstationId: () => 'ws-test', graceDays: () => 30, now: s.clock.now,
      send: async (_n, req) => receiptFor(req),
      forgetSynced: (id) => {
        if (fail) throw new Error('disk I/O error');
        forgotten.push(id);
      },
    });
    jobs.enqueue(s.caseId);
    await jobs.runDue();
    s.clock.advanceDays(31);
    expect(jobs.purgeDue()).toBe(0);
    expect(jobs.job(s.caseId)!.purgedAt).toBeNull();
    expect(s.ws.audit.recent(3).find((r) => r.action === 'archive.purged')).toMatchObject({ outcome: 'failed', details: JSON.stringify({ reason: 'disk I/O error' }) });
    expect(s.ws.cases.queries.getCase(s.caseId).agent?.idNumber).not.toBeNull();
    fail = false;
    expect(jobs.purgeDue()).toBe(1);
    expect(forgotten).toEqual([s.caseId]);
  });

  it('archives a refused case too (收件 → 不予受理)', async () => {
    const s = await setup((req) => receiptFor(req));
    const { draft } = demoDraft(s.ws.cases);
    s.ws.cases.reject(draft.id, { reason: '申请事项不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' }, { staffId: 'S001', counterId: 'C03' });
    s.jobs.enqueue(draft.id);
    await s.jobs.runDue();
    expect(s.jobs.job(draft.id)).toMatchObject({ status: 'archived', lastError: null });
    expect(s.ws.cases.queries.getCase(draft.id).state).toBe('archived');
    const files = s.sent[0]!.files.map((f) => f.path);
    expect(files).toContain('data/case.json');
    const xml = Buffer.from(s.sent[0]!.files.find((f) => f.path === 'metadata/metadata.xml')!.data, 'base64').toString('utf8');
    expect(xml).toContain('<行为名称>不予受理</行为名称>');
  });
});
