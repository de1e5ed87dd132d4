/** The hub as the hall's home for cases: idempotent ingest, the step trail checked, search, pulls, 办件质量. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { caseOp, snapshotOf } from '../../fixtures/case-ops';
import { enrolTestDevice, fakeClock, startTestHub } from './helpers';
import { HubClient as Client } from '../../../main/hub/client';

describe('hub case ingest', () => {
  const clock = fakeClock(Date.parse('2026-03-02T10:00:00+08:00'));
  let hub: RunningHub;
  let c: HubClient;
  beforeEach(async () => {
    clock.set(Date.parse('2026-03-02T10:00:00+08:00'));
    ({ hub, client: c } = await startTestHub({ now: clock.now }));
  });
  afterEach(() => hub.close());
  const ingest = (ops: ReturnType<typeof caseOp>[], workstation = 'ws-1') => c.call('caseIngest', { body: { workstation, ops } });

  it('applies a full trail in order and answers a repeat with its first answer', async () => {
    const ops = [1, 2, 3, 4].map((s) => caseOp('case-aaaa-0001', s));
    const first = await ingest(ops);
    expect(first.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    clock.advance(5);
    const again = await ingest(ops);
    expect(again.results.map((r) => r.replayed)).toEqual([true, true, true, true]);
    expect(again.results.map((r) => [r.hubSeq, r.receivedAt])).toEqual(first.results.map((r) => [r.hubSeq, r.receivedAt]));
    const full = await c.call('caseGet', { params: { id: 'case-aaaa-0001' } });
    expect(full.steps.map((s) => s.type)).toEqual(['created', 'accepted', 'completed', 'result-issued']);
    expect(full.case.state).toBe('result-issued');
  });

  it('answers a gap for a missing step, stores nothing, and lists it under missing steps until it comes', async () => {
    await ingest([caseOp('case-bbbb-0001', 1)]);
    const r = await ingest([caseOp('case-bbbb-0001', 3)]);
    expect(r.results[0]).toMatchObject({ outcome: 'gap', expectedSeq: 2, error: { code: 'CASE_STEP_MISSING' } });
    expect((await c.call('caseQuality')).missingSteps).toEqual([expect.objectContaining({ caseId: 'case-bbbb-0001', expectedSeq: 2, offeredSeq: 3 })]);
    const ok = await ingest([caseOp('case-bbbb-0001', 2), caseOp('case-bbbb-0001', 3)]);
    expect(ok.results.map((x) => x.outcome)).toEqual(['applied', 'applied']);
    expect((await c.call('caseQuality')).missingSteps).toEqual([]);
    // a case whose first step never came
    expect((await ingest([caseOp('case-cccc-0001', 2)])).results[0]).toMatchObject({ outcome: 'gap', expectedSeq: 1 });
  });

  it('refuses an illegal order, a reused key with other content, and a step recorded twice; other cases go on', async () => {
    await ingest([caseOp('case-dddd-0001', 1)]);
    const skip = caseOp('case-dddd-0001', 2);
    skip.event = { ...skip.event, type: 'completed', from: 'draft', to: 'completed' };
    skip.snapshot = snapshotOf('case-dddd-0001', 'completed');
    const res = await ingest([skip, caseOp('case-eeee-0001', 1)]);
    expect(res.results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'CASE_STEP_ILLEGAL' } });
    expect(res.results[0].error!.message).toContain('不能从“收件中”转为“已办结”');
    expect(res.results[1].outcome).toBe('applied');
    const reused = { ...caseOp('case-eeee-0001', 1), snapshot: snapshotOf('case-eeee-0001', 'draft', { applicantName: '李四' }) };
    expect((await ingest([reused])).results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const twice = caseOp('case-eeee-0001', 1, undefined, '-other');
    expect((await ingest([twice])).results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'CASE_STEP_CONFLICT' } });
    expect((await c.call('caseGet', { params: { id: 'case-eeee-0001' } })).steps).toHaveLength(1);
  });

  it('records ingestion delay and shows late steps, overdue cases and backlogs to the supervisor', async () => {
    const late = caseOp('case-ffff-0001', 1, new Date(clock.now() - 3 * 3600_000).toISOString());
    await ingest([late]);
    const acc = caseOp('case-ffff-0001', 2);
    acc.snapshot = snapshotOf('case-ffff-0001', 'accepted', { dueDate: '2026-02-27' });
    await ingest([acc]);
    await c.call('syncBacklog', { body: { workstation: 'ws-9', pending: 4, dead: 1, oldestAt: clock.now() - 60_000 } });
    const q = await c.call('caseQuality');
    expect(q.late[0]).toMatchObject({ caseId: 'case-ffff-0001', type: 'created' });
    expect(q.late[0].delayMs).toBeGreaterThanOrEqual(3 * 3600_000);
    expect(q.overdue).toEqual([expect.objectContaining({ caseId: 'case-ffff-0001', dueDate: '2026-02-27' })]);
    expect(q.backlog).toEqual([expect.objectContaining({ workstation: 'ws-9', pending: 4, dead: 1 })]);
    expect(q.totals).toEqual({ cases: 1, open: 1 });
  });

  it('finds a case by number, notice QR and applicant (masked); pulls with a cursor; another epoch starts over', async () => {
    for (const s of [1, 2]) await ingest([caseOp('case-gggg-0001', s)]);
    const number = (await c.call('caseGet', { params: { id: 'case-gggg-0001' } })).case.caseNumber!;
    expect((await c.call('caseSearch', { query: { number } }))[0].id).toBe('case-gggg-0001');
    expect((await c.call('caseSearch', { query: { number: `WD-CASE:${number}` } }))[0].id).toBe('case-gggg-0001');
    const byId = await c.call('caseSearch', { query: { applicant: '310101199001011234' } });
    expect(byId[0].applicantKeyMasked).toBe('310101********1234');
    expect(JSON.stringify(byId)).not.toContain('199001011234');
    expect(await c.call('caseSearch', { query: { applicant: '张三' } })).toHaveLength(1);
    const p1 = await c.call('casePull', { query: {} });
    expect(p1).toMatchObject({ reset: false, more: false });
    expect(p1.cases.map((x) => x.id)).toEqual(['case-gggg-0001']);
    expect((await c.call('casePull', { query: { cursor: p1.cursor } })).cases).toEqual([]);
    expect(await c.call('casePull', { query: { cursor: 'deadbeef:5' } })).toMatchObject({ reset: true });
  });

  it('a workstation may push only steps taken at its own counters', async () => {
    const cred = await enrolTestDevice(hub, 'workstation', [2]);
    const other = new Client({ url: hub.url, credential: cred });
    const r = await other.call('caseIngest', { body: { workstation: 'ws-2', ops: [caseOp('case-hhhh-0001', 1)] } });
    expect(r.results[0]).toMatchObject({ outcome: 'rejected', error: { code: 'DEVICE_FORBIDDEN' } });
    other.close();
  });
});
