/**
 * The seam toward the city platform (issue 11): a running hub configured with `cityPlatform`
 * forwards every case that changed (with its whole trail) to a stand-in platform over HTTP, by
 * cursor; a platform that is down loses nothing, a refusal is kept for 办件质量 and holds up
 * nothing else, and a case that moves on is sent again at its new state.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncDomain } from '../../../main/api/domains/sync';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import type { RunningHub } from '../../../main/hub/index';
import { UpstreamCase } from '../../../main/hub/upstream/wire';
import { Workstation, actor } from '../../fixtures/sync-world';
import { startTestHub } from './helpers';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** The city platform as a test sees it: what it took, and what it answers next. */
function standInPlatform() {
  const taken: Array<{ key: string; body: UpstreamCase }> = [];
  const seen: string[] = [];
  const p = {
    taken,
    seen,
    answer: (_c: UpstreamCase): number => 200,
    server: http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        seen.push(key);
        const body = UpstreamCase.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        const status = p.answer(body);
        if (status === 200 && !taken.some((t) => t.key === key)) taken.push({ key, body });
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{"error":"办件编号格式不符"}');
      });
    }),
  };
  return p;
}

describe('forwarding to the city platform', () => {
  let hub: RunningHub | null = null;
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    await hub?.close();
    hub = null;
    for (const c of closers.splice(0)) await c();
  });

  it('sends each changed case with its trail; a platform that is down loses nothing; a refusal is listed and holds up nothing', async () => {
    const platform = standInPlatform();
    await new Promise<void>((r) => platform.server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => platform.server.close(r)));
    const url = `http://127.0.0.1:${(platform.server.address() as AddressInfo).port}`;
    // Down at first: every case is answered 503.
    platform.answer = () => 503;
    const started = await startTestHub({ cityPlatform: url, upstreamEveryMs: 100 });
    hub = started.hub;

    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const cleanups: Array<() => unknown> = [];
    const sync = createSyncDomain({ db, hubUrl: hub.url, hubCredential: started.credential, workstationId: () => 'ws-up', log: silent, publishStatus: () => {}, onClose: (fn) => void cleanups.push(fn) });
    closers.push(async () => { for (const fn of cleanups) await fn(); db.close(); });
    const ws = new Workstation(null, { now: () => Date.now() }, { db, outbox: sync.outbox, engine: sync.engine! });
    const done = await ws.fullCase();
    const refused = await ws.fullCase();
    const open = await ws.readyDraft();
    ws.cases.accept(open, actor);
    await sync.engine!.drain();

    await expect.poll(() => platform.seen.length, { timeout: 10_000 }).toBeGreaterThan(0);
    let q = await started.client.call('caseQuality');
    expect(q.upstream).toMatchObject({ platform: expect.stringMatching(/^127\.0\.0\.1:\d+$/), pendingCases: 3, lastError: expect.stringContaining('HTTP 503') });
    expect(platform.taken).toEqual([]);

    // Back, refusing one case for good.
    platform.answer = (c) => (c.caseId === refused ? 422 : 200);
    await expect.poll(() => platform.taken.length, { timeout: 10_000 }).toBe(2);
    const byId = new Map(platform.taken.map((t) => [t.body.caseId, t.body]));
    expect(byId.get(done)).toMatchObject({ state: 'result-issued', applicant: { type: 'company' } });
    expect(byId.get(done)!.steps.map((s) => s.seq)).toEqual(byId.get(done)!.steps.map((_, i) => i + 1));
    expect(byId.get(done)!.steps.at(-1)).toMatchObject({ to: 'result-issued' });
    expect(byId.get(open)).toMatchObject({ state: 'accepted' });
    q = await started.client.call('caseQuality');
    expect(q.upstream).toMatchObject({ pendingCases: 0, lastError: null, refusals: [{ kind: 'case', reason: expect.stringContaining('HTTP 422') }] });

    // The open case moves on: sent again at its new state, under a new key; the others are not resent.
    const sentBefore = platform.seen.length;
    ws.cases.complete(open, { decision: 'approved' }, actor);
    await sync.engine!.drain();
    await expect.poll(() => platform.taken.filter((t) => t.body.caseId === open).length, { timeout: 10_000 }).toBe(2);
    const again = platform.taken.filter((t) => t.body.caseId === open);
    expect(again[1].body.state).toBe('completed');
    expect(again[1].key).not.toBe(again[0].key);
    expect(platform.seen.length - sentBefore).toBe(1);
  });

  it('without a city platform the hub forwards nothing and 办件质量 says so (the hub’s record is the hall’s)', async () => {
    const started = await startTestHub();
    hub = started.hub;
    expect((await started.client.call('caseQuality')).upstream).toBeNull();
  });
});
