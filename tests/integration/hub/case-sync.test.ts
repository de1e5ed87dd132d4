/**
 * Case sync over the real wire: workstations (sync domain, outbox, engine) pushing to a secure hub
 * over HTTPS with their device credentials. The hub is stopped and started again on the same data
 * and port; a workstation is rebuilt from nothing and takes its open cases back; another counter
 * finds a case by its notice QR, takes it over and hands out the result (一口发证).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyncDomain, type SyncDomain } from '../../../main/api/domains/sync';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import type { RunningHub } from '../../../main/hub/index';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { Workstation, actor } from '../../fixtures/sync-world';
import { startTestHub, tempDir } from './helpers';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const clock = { now: () => Date.now() };

function station(url: string, credential: DeviceCredential, id: string): { ws: Workstation; sync: SyncDomain; close(): Promise<void> } {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const cleanups: Array<() => void | Promise<void>> = [];
  const sync = createSyncDomain({ db, hubUrl: url, hubCredential: credential, workstationId: () => id, log: silent, publishStatus: () => {}, onClose: (fn) => void cleanups.push(fn) });
  const ws = new Workstation(null, clock, { db, outbox: sync.outbox, engine: sync.engine! });
  // the fixture's CaseService writes through its own journal on the same outbox
  return { ws, sync, close: async () => { for (const fn of cleanups) await fn(); db.close(); } };
}

describe('case sync over HTTPS', () => {
  let hub: RunningHub | null = null;
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });

  it('drains a backlog built while the hub was down; a rebuilt workstation takes back its open cases; another counter hands out a result', async () => {
    const dataDir = tempDir();
    const started = await startTestHub({ dataDir });
    hub = started.hub;
    const port = hub.port;
    const url = hub.url;
    const a = station(url, started.credential, 'ws-a');

    // The hub goes down; the clerk keeps working: two cases accepted, one completed.
    await hub.close();
    hub = null;
    const open1 = await a.ws.readyDraft();
    a.ws.cases.accept(open1, actor);
    const open2 = await a.ws.readyDraft();
    const done = await a.ws.fullCase();
    const r1 = await a.sync.engine!.pass();
    expect(r1.retry).toBeGreaterThan(0);
    expect(a.sync.engine!.status().connection).toBe('offline');
    const backlog = a.ws.outbox.backlog();
    expect(backlog.failed + backlog.pending).toBe(a.ws.trails().size ? [...a.ws.trails().values()].reduce((n, t) => n + t.length, 0) : 0);

    // The hub comes back on the same data and port; the backlog drains (after the backoff).
    // (startTestHub: on PostgreSQL, back on this data directory's schema)
    hub = (await startTestHub({ port, dataDir })).hub;
    a.ws.db.prepare(`UPDATE sync_outbox SET next_attempt_at = 0 WHERE status = 'failed'`).run();
    await a.sync.engine!.drain();
    expect(a.ws.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, dead: 0, inflight: 0 });
    for (const id of [open1, open2, done]) {
      const atHub = await hub.cases!.get(id);
      expect(atHub.steps.map((s) => s.type)).toEqual(a.ws.localTrails().get(id));
    }
    await vi.waitFor(async () => expect((await hub!.cases!.quality()).backlog).toEqual([expect.objectContaining({ workstation: 'ws-a', pending: 0, dead: 0 })]));

    // Disk failure: workstation A is rebuilt from nothing under its id; it takes its open cases back.
    await a.close();
    const rebuilt = station(url, started.credential, 'ws-a');
    const restored = await rebuilt.sync.restoreOpen();
    expect(restored).toEqual({ taken: 2, updated: 0, current: 0 });
    expect(rebuilt.ws.cases.queries.getCase(open1).state).toBe('accepted');
    // and carries on: the next step continues the hub's trail
    rebuilt.ws.cases.complete(open1, { decision: 'approved' }, actor);
    await rebuilt.sync.engine!.drain();
    expect(rebuilt.ws.outbox.backlog().dead).toBe(0);
    expect((await hub.cases!.get(open1)).case.state).toBe('completed');
    // a new case there does not reuse a restored number
    const fresh = await rebuilt.ws.readyDraft();
    const numbered = rebuilt.ws.cases.accept(fresh, actor);
    const numbers = [open1].map((id) => rebuilt.ws.cases.queries.getCase(id).caseNumber);
    expect(numbers).not.toContain(numbered.caseNumber);

    // Another counter finds the completed case by its notice QR and hands out the result there.
    const b = station(url, started.credential, 'ws-b');
    const number = rebuilt.ws.cases.queries.getCase(open1).caseNumber!;
    const found = await b.sync.find(`WD-CASE:${number}`);
    expect(found.map((c) => c.id)).toEqual([open1]);
    expect((await b.sync.find('张伟的公司不存在')).length).toBe(0);
    expect(await b.sync.take(open1)).toEqual({ caseId: open1, outcome: 'taken' });
    b.ws.cases.issueResult(open1, { method: 'pickup' }, { staffId: 'S002', counterId: 'counter-2' });
    await b.sync.engine!.drain();
    expect(b.ws.outbox.backlog().dead).toBe(0);
    const final = await hub.cases!.get(open1);
    expect(final.case.state).toBe('result-issued');
    expect(final.steps.at(-1)).toMatchObject({ type: 'result-issued', counterId: 'counter-2' });

    // Pulls: B copies the hall's records with the hub's cursor; a second pull brings nothing new.
    const c = station(url, started.credential, 'ws-c');
    expect(await c.sync.pull()).toEqual({ received: 3, reset: false });
    expect(await c.sync.pull()).toEqual({ received: 0, reset: false });
    // With the hub down, a progress question is answered from that copy.
    await hub.close();
    hub = null;
    expect((await c.sync.find(`WD-CASE:${number}`)).map((x) => [x.id, x.state])).toEqual([[open1, 'result-issued']]);
    await c.close();
    await rebuilt.close();
    await b.close();
  }, 60_000);
});
