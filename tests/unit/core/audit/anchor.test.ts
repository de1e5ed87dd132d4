import { describe, expect, it, vi } from 'vitest';
import { AuditAnchors, type AnchorPort, type HubAnchor } from '../../../../main/core/audit/anchor';
import { dropTriggers, editAndRehash, keyedLog, knownKey } from './helpers';

/** The hub's side in memory: every anchor kept, the newest answered; `down` makes it unreachable. */
function memoryHub() {
  const held = new Map<string, HubAnchor[]>();
  const hub = {
    down: false,
    held,
    port: {
      async put(a) {
        if (hub.down) throw new Error('unreachable');
        const got = { seq: a.seq, mac: a.mac, at: a.at, receivedAt: Date.now() };
        held.set(a.workstation, [...(held.get(a.workstation) ?? []), got]);
        return got;
      },
      async latest(w) {
        if (hub.down) throw new Error('unreachable');
        return held.get(w)?.at(-1) ?? null;
      },
    } satisfies AnchorPort,
  };
  return hub;
}

function setup(key = knownKey()) {
  const { db, audit } = keyedLog(5, key);
  const hub = memoryHub();
  const anchors = new AuditAnchors(db, audit, hub.port, () => 'ws-test', { everyMinutes: () => 5 });
  return { db, audit, hub, anchors, key };
}

describe('anchoring the audit chain at the hub', () => {
  it('ships the head, records what the hub acknowledged, and ships again at logout and at shutdown', async () => {
    const { audit, hub, anchors } = setup();
    anchors.start();
    await anchors.ship('manual');
    expect(hub.held.get('ws-test')!.at(-1)).toMatchObject({ seq: 6, mac: audit.head()!.mac });
    expect(anchors.lastLocal()).toMatchObject({ seq: 6 });
    audit.record({ action: 'session.logout', actorStaffId: 's1', outcome: 'ok' });
    await vi.waitFor(() => expect(hub.held.get('ws-test')!.at(-1)).toMatchObject({ seq: 7 }));
    // and once more at a clean shutdown
    audit.record({ action: 'session.login', actorStaffId: 's2', outcome: 'ok' });
    await anchors.stop();
    expect(hub.held.get('ws-test')!.map((a) => a.seq)).toEqual([6, 7, 8]);
  });

  it('an untouched chain verifies against the hub’s anchor and says which one', async () => {
    const { anchors } = setup();
    await anchors.ship('manual');
    const v = await anchors.verify();
    expect(v).toMatchObject({ ok: true, status: 'ok', hubReachable: true, anchor: { seq: 6, source: 'hub' } });
  });

  it('deleting the newest rows (and winding back the counter) is truncated against the hub’s anchor', async () => {
    const { db, anchors } = setup();
    await anchors.ship('manual');
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log WHERE seq > 3').run();
    db.prepare("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_log'").run();
    expect(await anchors.verify()).toMatchObject({ ok: false, status: 'truncated', brokenAt: 4, reason: 'behind-anchor', anchor: { seq: 6, source: 'hub' } });
  });

  it('deleting every row is truncated, with or without the anchor', async () => {
    const { db, anchors } = setup();
    await anchors.ship('manual');
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log').run();
    db.prepare("DELETE FROM sqlite_sequence WHERE name = 'audit_log'").run();
    expect(await anchors.verify()).toMatchObject({ ok: false, status: 'truncated', brokenAt: 1, anchor: { seq: 6 } });
  });

  it('a chain re-computed with the stolen key is re-hashed against the anchor', async () => {
    const { db, anchors, key } = setup();
    await anchors.ship('manual');
    editAndRehash(db, 3, key.raw);
    expect(await anchors.verify()).toMatchObject({ ok: false, status: 'rehashed', brokenAt: 6, anchor: { seq: 6, source: 'hub' } });
  });

  it('with the hub out of reach, verifies against the last anchor it acknowledged, and says so', async () => {
    const { db, audit, hub, anchors } = setup();
    await anchors.ship('manual');
    hub.down = true;
    audit.record({ action: 'session.login', outcome: 'ok' });
    expect(await anchors.ship('periodic')).toBeNull();
    expect(anchors.lastError).toBe('unreachable');
    expect(await anchors.verify()).toMatchObject({ ok: true, hubReachable: false, anchor: { seq: 6, source: 'local' } });
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
    db.prepare("UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_log'").run();
    expect(await anchors.verify()).toMatchObject({ ok: false, status: 'truncated', hubReachable: false, anchor: { seq: 6, source: 'local' } });
  });

  it('without any hub, verification rests on the chain alone and names no anchor', async () => {
    const { db, audit } = keyedLog(3);
    const anchors = new AuditAnchors(db, audit, null, () => 'ws', { everyMinutes: () => 5 });
    expect(await anchors.ship('manual')).toBeNull();
    expect(await anchors.verify()).toMatchObject({ ok: true, anchor: null, hubReachable: false });
  });
});
