/**
 * The hub's archive route as an enrolled workstation reaches it over HTTPS: receipt, idempotent
 * repeat, a different bag under the same number, a tampered bag and an unsafe path refused with
 * nothing stored, the audit head anchored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskError, isDeskError } from '../../../common/errors';
import type { ArchiveRequest } from '../../../common/archive-protocol';
import { buildArchivePackage } from '../../../main/core/archive/package/build';
import { appendStage } from '../../../main/core/archive/package/process';
import { checkArchive } from '../../../main/core/archive/checks';
import { ArchiveJobs } from '../../../main/core/archive/jobs';
import { issuedDemoCase, openDemoWorkstation } from '../../../main/hub/archive-demo';
import type { RunningHub } from '../../../main/hub/index';
import type { HubClient } from '../../../main/hub/client';
import { packageInput } from '../../fixtures/archive/case';
import { startTestHub, tempDir } from '../hub/helpers';

let hub: RunningHub;
let client: HubClient;
let bag: string;
const NUMBER = 'SH-SJ01-20261201-0007';

beforeAll(async () => {
  ({ hub, client } = await startTestHub());
  bag = path.join(tempDir(), 'bag');
  const input = await packageInput();
  await buildArchivePackage(bag, input);
  appendStage(bag, '数据交换', input.actor, '发送', new Date());
}, 60_000);
afterAll(() => hub.close());

function requestOf(dir: string, edit?: (files: { path: string; data: Buffer }[]) => void): ArchiveRequest {
  const files: { path: string; data: Buffer }[] = [];
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const p = path.join(dir, rel);
    if (fs.statSync(p).isFile()) files.push({ path: rel.split(path.sep).join('/'), data: fs.readFileSync(p) });
  }
  edit?.(files);
  return { workstation: 'ws-test', auditHead: { seq: 42, mac: 'a'.repeat(64), at: '2026-12-01T02:00:00.000Z' }, files: files.map((f) => ({ path: f.path, data: f.data.toString('base64') })) };
}

const send = (body: ArchiveRequest, caseNumber = NUMBER) => client.call('archiveReceive', { params: { caseNumber }, body });
async function refusal(p: Promise<unknown>): Promise<{ code: string; status: unknown; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isDeskError(e)) return { code: e.code, status: e.details?.httpStatus, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}
const stored = () => hub.archive!.bagDir(NUMBER);

describe('hub archive route', () => {
  it('refuses a tampered bag with the failing property and item, storing nothing', async () => {
    const r = await refusal(send(requestOf(bag, (files) => {
      const f = files.find((x) => x.path.startsWith('data/materials/'))!;
      f.data = Buffer.from(f.data);
      f.data[300] = f.data[300]! ^ 1;
    })));
    expect(r).toMatchObject({ code: 'ARCHIVE_CHECK_FAILED', status: 422 });
    expect(r.message).toContain('YJ-1-1 固化信息有效性');
    expect(fs.existsSync(stored())).toBe(false);
    expect(hub.archive!.receipt(NUMBER)).toBeNull();
  });

  it('refuses a path that leaves the bag before writing anything', async () => {
    const r = await refusal(send(requestOf(bag, (files) => files.push({ path: 'data/../../escape.txt', data: Buffer.from('x') }))));
    expect(r).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect(fs.existsSync(path.join(path.dirname(path.dirname(stored())), '..', 'escape.txt'))).toBe(false);
  });

  it('refuses a bag sent under another case number than it carries', async () => {
    const r = await refusal(send(requestOf(bag), 'SH-SJ01-20261201-0008'));
    expect(r.code).toBe('ARCHIVE_CHECK_FAILED');
  });

  it('stores a good bag under archive/<number>, completes the process info, anchors the head, answers a receipt', async () => {
    const receipt = await send(requestOf(bag));
    expect(receipt).toMatchObject({ caseNumber: NUMBER, workstation: 'ws-test', stored: `archive/${NUMBER}/bag`, anchor: { seq: 42, mac: 'a'.repeat(64) } });
    expect(receipt.checks.every((c) => c.ok && c.item.startsWith('YJ-'))).toBe(true);
    expect(receipt.bagSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hub.audit!.anchors.latest('ws-test')).toMatchObject({ seq: 42 });
    const xml = fs.readFileSync(path.join(stored(), 'metadata/process.xml'), 'utf8');
    expect([...xml.matchAll(/<名称>(.+?)<\/名称>/g)].map((m) => m[1])).toEqual(['收集', '整理', '清点', '形成归档信息包', '生成校验信息', '归档检测', '数据交换', '接收检测', '登记', '入库']);
    expect(checkArchive(stored(), { stage: 'YJ' }).ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(stored()), 'receipt.json'), 'utf8'))).toEqual(receipt);

    // What the forwarder hands the city's archive system: this bag, whole, in registration order.
    const listed = hub.archive!.storedAfter(0, 10).find((a) => a.caseNumber === NUMBER)!;
    expect(listed).toMatchObject({ bagSha256: receipt.bagSha256, receipt });
    expect(hub.archive!.storedAfter(listed.id, 10).map((a) => a.caseNumber)).not.toContain(NUMBER);
    const copy = path.join(tempDir(), 'copy');
    for (const f of hub.archive!.files(NUMBER)) {
      fs.mkdirSync(path.dirname(path.join(copy, f.path)), { recursive: true });
      fs.writeFileSync(path.join(copy, f.path), Buffer.from(f.base64, 'base64'));
    }
    expect(checkArchive(copy, { stage: 'YJ' }).ok).toBe(true);
  });

  it('answers a repeat with the first receipt, and refuses another bag under the same number', async () => {
    const first = hub.archive!.receipt(NUMBER)!;
    expect(await send(requestOf(bag))).toEqual(first);
    const other = await refusal(send(requestOf(bag, (files) => files.push({ path: 'data/extra.json', data: Buffer.from('{}') }))));
    expect(other).toMatchObject({ code: 'ARCHIVE_CONFLICT', status: 409 });
    expect(hub.archive!.receipt(NUMBER)).toEqual(first);
  });
});

describe('acknowledgement lost between the hub\'s commit and the workstation', () => {
  it('the resent bag gets the first receipt and the case is archived exactly once', async () => {
    const dir = tempDir();
    const ws = openDemoWorkstation(dir);
    const caseId = await issuedDemoCase(ws);
    const answers: string[] = [];
    let t = Date.now();
    const jobs = new ArchiveJobs({
      ...ws, hallName: () => '测试大厅', dataDir: dir, workstationId: () => 'ws-lost-ack', graceDays: () => 30, now: () => new Date(t),
      send: async (caseNumber, body) => {
        const receipt = await client.call('archiveReceive', { params: { caseNumber }, body });
        answers.push(receipt.receivedAt);
        // The hub committed; the answer never arrives.
        if (answers.length === 1) throw new DeskError('HUB_UNREACHABLE', '连接中断');
        return receipt;
      },
    });
    jobs.enqueue(caseId);
    await jobs.runDue();
    expect(jobs.job(caseId)!.status).toBe('ready');
    expect(ws.cases.queries.getCase(caseId).state).toBe('result-issued');
    t += 3_600_000;
    await jobs.runDue();
    const job = jobs.job(caseId)!;
    expect(job.status).toBe('archived');
    expect(answers).toHaveLength(2);
    expect(answers[1]).toBe(answers[0]);
    const number = ws.cases.queries.getCase(caseId).caseNumber!;
    expect(hub.archive!.receipt(number)).toEqual(job.receipt);
    expect(ws.cases.queries.getCase(caseId).events.filter((e) => e.toState === 'archived')).toHaveLength(1);
    ws.db.close();
  });
});
