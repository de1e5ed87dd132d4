/** The forwarder's cursors (issue 11): archive packages after cases, a replaced case database starts over, a retry stops the pass. */
import { describe, expect, it } from 'vitest';
import type { StoredArchive } from '../../../main/hub/archive';
import { UpstreamForwarder } from '../../../main/hub/upstream/forwarder';
import { UpstreamFault, type CityPlatform } from '../../../main/hub/upstream/platform';
import type { UpstreamArchive, UpstreamCase } from '../../../main/hub/upstream/wire';
import { FaultyTransport, HubSide, Workstation } from '../../fixtures/sync-world';

const clock = { t: Date.parse('2026-03-02T02:00:00.000Z'), now() { return this.t; } };

function recorder() {
  const cases: string[] = [];
  const archives: UpstreamArchive[] = [];
  const faults: Array<'retry' | 'reject' | null> = [];
  const platform: CityPlatform = {
    name: 'stand-in',
    async putCase(c: UpstreamCase) {
      const f = faults.shift();
      if (f) throw new UpstreamFault(f, f === 'retry' ? '暂时无法处理' : '拒收');
      cases.push(`${c.caseId}@${c.hubSeq}`);
    },
    async putArchive(a: UpstreamArchive) {
      archives.push(a);
    },
  };
  return { platform, cases, archives, faults };
}

const stored = (n: number): StoredArchive[] => Array.from({ length: n }, (_, i) => ({
  id: i + 1, caseNumber: `SH-${i + 1}`, bagSha256: `${i}`.padStart(64, 'a'), receipt: { caseNumber: `SH-${i + 1}` } as StoredArchive['receipt'],
}));

describe('upstream forwarder', () => {
  it('forwards cases, then archive packages with their files; nothing twice; a retry stops the pass where it was', async () => {
    const hub = new HubSide(clock);
    const ws = new Workstation(new FaultyTransport(hub), clock);
    await ws.fullCase();
    await ws.fullCase();
    await ws.engine.drain();
    const r = recorder();
    const bags = stored(2);
    const fwd = new UpstreamForwarder({
      platform: r.platform, cases: hub.cases.store, db: hub.store.db, now: () => clock.now(),
      archives: { storedAfter: (after, limit) => bags.filter((b) => b.id > after).slice(0, limit), files: (n) => [{ path: 'bagit.txt', base64: Buffer.from(n).toString('base64') }] },
    });
    r.faults.push(null, 'retry');
    await fwd.run();
    expect(r.cases).toHaveLength(1);
    // The pass stopped at the fault: no archive went ahead of the case still waiting.
    expect(r.archives).toHaveLength(0);
    expect((await fwd.status()).lastError).toContain('暂时无法处理');
    await fwd.run();
    expect(r.cases).toHaveLength(2);
    expect(r.archives.map((a) => [a.caseNumber, Buffer.from(a.files[0].base64, 'base64').toString()])).toEqual([['SH-1', 'SH-1'], ['SH-2', 'SH-2']]);
    await fwd.run();
    expect([r.cases.length, r.archives.length]).toEqual([2, 2]);
    expect(await fwd.status()).toMatchObject({ platform: 'stand-in', pendingCases: 0, lastError: null, refusals: [] });

    // A case database from another epoch (a rebuilt hub): every case is sent again.
    hub.store.db.prepare(`UPDATE upstream_cursors SET value = 'other:999' WHERE name = 'cases'`).run();
    await fwd.run();
    expect(r.cases).toHaveLength(4);
  });
});
