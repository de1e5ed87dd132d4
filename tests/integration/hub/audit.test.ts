import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STAFF_HEADER, WORKSTATION_HEADER } from '../../../main/hub/audit-hook';
import type { RunningHub } from '../../../main/hub/index';
import { STAFF_ASSERTION_HEADER } from '../../../main/hub/protocol';
import { expectCode, raw, startTestHub, tempDir } from './helpers';

let running: RunningHub | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

const rowsOf = (hub: RunningHub) =>
  hub.audit!.log.recent(500).reverse().map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));

describe("the hub's own audit log", () => {
  it('records a mutating call with its caller (address, counter, forwarded workstation and staff), not reads, and keeps a keyed chain under a 0600 key file', async () => {
    const dataDir = tempDir();
    const { hub, client, credential } = await startTestHub({ dataDir });
    running = hub;
    await client.issue({ stream: 'A' });
    await client.tickets();
    // A clerk's call: the staff is the workstation's word (no assertion), recorded as unverified.
    const res = await raw(hub.url, 'POST', '/counters/1/call-next', JSON.stringify({ requestId: 'req-00000001' }), undefined, { [STAFF_HEADER]: 'staff-7', [WORKSTATION_HEADER]: 'ws-abc', [STAFF_ASSERTION_HEADER]: '' });
    expect(res.status).toBe(200);
    const rows = rowsOf(hub);
    // The test workstation's own enrolment is a mutating call too (anonymous: the device has no certificate yet), and so is its supervisor's assertion.
    expect(rows.map((r) => r.action)).toEqual(['audit.started', 'hub.trustEnrol', 'hub.staffAssert', 'hub.issue', 'hub.callNext']);
    expect(rows[1].details).not.toHaveProperty('device');
    expect(rows[4]).toMatchObject({ outcome: 'ok', counterId: '1', actorStaffId: 'staff-7', source: '127.0.0.1', details: { status: 200, workstation: 'ws-abc', device: credential.claims.deviceId, staffVerified: false } });
    expect(hub.audit!.log.verify()).toMatchObject({ ok: true, rows: 5 });
    expect(fs.statSync(path.join(dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
  });

  it('records a call the hub answered with a domain error as failed, with the ticket it named', async () => {
    const { hub } = await startTestHub();
    running = hub;
    const r = await raw(hub.url, 'POST', '/tickets/999/finish', JSON.stringify({ counter: 2 }));
    expect(r.status).toBe(404);
    expect(rowsOf(hub).at(-1)).toMatchObject({ action: 'hub.finish', outcome: 'failed', target: 'ticket:999', counterId: '2', details: { status: 404 } });
  });

  it('aggregates refused calls: one row at once, then one row with the count when the minute closes', async () => {
    const { hub } = await startTestHub();
    running = hub;
    for (let i = 0; i < 25; i++) expect((await raw(hub.url, 'POST', '/tickets', '{"stream": 5}')).status).toBe(400);
    await raw(hub.url, 'POST', '/no/such/route', '{}');
    let refused = rowsOf(hub).filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => [r.action, r.details.count])).toEqual([['hub.issue', 1], ['hub.unknown', 1]]);
    // Closing the hub closes the windows (as the minute's end would).
    const log = hub.audit!.log;
    log.close();
    refused = log.recent(500).reverse().filter((r) => r.outcome === 'refused').map((r) => ({ ...r, details: JSON.parse(r.details) }));
    expect(refused.map((r) => [r.action, r.details.count, r.source])).toEqual([['hub.issue', 1, '127.0.0.1'], ['hub.unknown', 1, '127.0.0.1'], ['hub.issue', 24, '127.0.0.1']]);
    expect(refused[2].details).toMatchObject({ aggregated: true, status: 400 });
    expect(log.verify()).toMatchObject({ ok: true });
  });
});

describe('audit anchors at the hub', () => {
  const mac = (c: string) => c.repeat(64);

  it('keeps each workstation’s newest head, answers it, and refuses a head behind it or the same sequence with another MAC', async () => {
    const { hub, client } = await startTestHub();
    running = hub;
    expect(await client.call('auditAnchorLatest', { params: { workstation: 'ws-1' } })).toBeNull();
    const a = await client.call('auditAnchor', { body: { workstation: 'ws-1', seq: 10, mac: mac('a'), at: '2026-12-01T08:00:00.000Z' } });
    expect(a).toMatchObject({ seq: 10, mac: mac('a') });
    await client.call('auditAnchor', { body: { workstation: 'ws-1', seq: 12, mac: mac('b'), at: '2026-12-01T08:05:00.000Z' } });
    await client.call('auditAnchor', { body: { workstation: 'ws-2', seq: 3, mac: mac('c'), at: '2026-12-01T08:05:00.000Z' } });
    expect(await client.call('auditAnchorLatest', { params: { workstation: 'ws-1' } })).toMatchObject({ seq: 12, mac: mac('b') });
    // The same head again is a no-op; a head behind, or a different MAC at the same sequence, is refused.
    await client.call('auditAnchor', { body: { workstation: 'ws-1', seq: 12, mac: mac('b'), at: 'later' } });
    await expectCode(client.call('auditAnchor', { body: { workstation: 'ws-1', seq: 11, mac: mac('d'), at: 'x' } }), 'AUDIT_ANCHOR_BEHIND');
    await expectCode(client.call('auditAnchor', { body: { workstation: 'ws-1', seq: 12, mac: mac('e'), at: 'x' } }), 'AUDIT_ANCHOR_MISMATCH');
    expect((await raw(hub.url, 'POST', '/audit/anchors', JSON.stringify({ workstation: 'ws-1', seq: 13, mac: 'short', at: 'x' }))).status).toBe(400);
    expect(hub.audit!.anchors.latest('ws-1')).toMatchObject({ seq: 12 });
    // Each anchor call is itself in the hub's audit log, with the workstation it named. The audit hook runs
    // on the response's 'finish', which may come after the client has read it: wait for the last row.
    const anchorRows = () => rowsOf(hub).filter((r) => r.action === 'hub.auditAnchor');
    for (let i = 0; i < 100 && anchorRows().length < 7; i++) await new Promise((r) => setTimeout(r, 20));
    expect(anchorRows().map((r) => [r.outcome, r.details.workstation])).toEqual([
      ['ok', 'ws-1'], ['ok', 'ws-1'], ['ok', 'ws-2'], ['ok', 'ws-1'], ['failed', 'ws-1'], ['failed', 'ws-1'], ['refused', 'ws-1'],
    ]);
  });
});
