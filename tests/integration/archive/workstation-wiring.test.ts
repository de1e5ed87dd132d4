/**
 * The archive domain as the workstation builds it (createWorkstation): a result issued at a
 * workstation enrolled with an HTTPS hub ends with the case archived there and its bag stored
 * at the hub, through the same HubClient, credential and route the app uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkstation, type Workstation } from '../../../main/api/workstation';
import { MemorySettings } from '../../../main/core/settings';
import { issuedDemoCase } from '../../../main/hub/archive-demo';
import { enrolWithRunningHub } from '../../../main/hub/trust/self-enrol';
import type { RunningHub } from '../../../main/hub/index';
import { checkArchive } from '../../../main/core/archive/checks';
import { keysFor, tempDir } from '../../fixtures/workstation';
import { startTestHub } from '../hub/helpers';

let hub: RunningHub;
let ws: Workstation;

beforeAll(async () => {
  ({ hub } = await startTestHub());
  const dataDir = tempDir();
  const counters = hub.hub.queue.hall.counters.map((c) => c.number);
  const credential = await enrolWithRunningHub(hub, dataDir, { role: 'workstation', counters, name: '归档测试工作站' });
  ws = await createWorkstation({
    dataDir, keys: keysFor(dataDir), demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test',
    hubUrl: hub.url, hubMode: 'remote', hubCredential: credential, log: { info: () => {}, error: () => {} },
  });
  ws.db.prepare(`INSERT OR IGNORE INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('S001', '1001', '李明', 'clerk', '!', ?)`).run(new Date().toISOString());
  ws.audit.record({ actorStaffId: 'S001', action: 'auth.login', outcome: 'ok' });
}, 60_000);
afterAll(async () => {
  await ws?.close();
  await hub?.close();
});

describe('workstation archive domain', () => {
  it('archives an issued case at the hub and locally', async () => {
    const caseId = await issuedDemoCase({ cases: ws.intake.cases, files: ws.files });
    ws.archive!.resultIssued(caseId);
    await ws.archive!.jobs.idle();
    const job = ws.archive!.jobs.job(caseId)!;
    expect(job.lastError).toBeNull();
    expect(job.status).toBe('archived');
    const c = ws.intake.cases.queries.getCase(caseId);
    expect(c.state).toBe('archived');
    expect(hub.archive!.receipt(c.caseNumber!)).toEqual(job.receipt);
    expect(checkArchive(hub.archive!.bagDir(c.caseNumber!), { stage: 'YJ' }).ok).toBe(true);
    expect(job.purgeAfter).not.toBeNull();
  });
});
