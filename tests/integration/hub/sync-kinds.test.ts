/**
 * Ratings and assistance through the sync outbox over the real wire (issue 12 on issue 11): a
 * workstation's sync, rating and assistance domains against a secure test hub. With the hub down,
 * a rating is given and a 求助 pressed; they wait in the outbox (the 同步 page's backlog); the hub
 * comes back on the same data and port; each reaches the hub exactly once with its original time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistDomain } from '../../../main/api/domains/assist';
import { createRatingDomain } from '../../../main/api/domains/rating';
import { createSyncDomain } from '../../../main/api/domains/sync';
import { EventBus } from '../../../main/core/events';
import { RATING_OFFER, RATING_PUT } from '../../../main/core/rating';
import { ASSIST_REQUEST } from '../../../main/core/assist/sync';
import { settingsSchema } from '../../../main/core/settings';
import type { DeviceCredential } from '../../../main/core/trust/device';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { HubClient } from '../../../main/hub/client';
import type { RunningHub } from '../../../main/hub/index';
import { startTestHub, tempDir } from './helpers';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const settings = settingsSchema.parse({ deviceMode: 'real' });

function station(url: string, credential: DeviceCredential, now: () => number) {
  const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const cleanups: Array<() => void | Promise<void>> = [];
  const onClose = (fn: () => void | Promise<void>) => void cleanups.push(fn);
  const bus = new EventBus();
  const shown: number[] = [];
  bus.subscribe((d) => d.name === 'assist.changed' && shown.push((d.payload as { id: number }).id));
  const sync = createSyncDomain({ db, hubUrl: url, hubCredential: credential, workstationId: () => 'ws-kinds', log: silent, publishStatus: () => {}, onClose, now });
  const client = new HubClient({ url, credential, timeoutMs: 3000 });
  onClose(() => client.close());
  const link = { assistListeners: new Set(), online: false };
  const assist = createAssistDomain({ db, client, link: link as never, bus, sync, onClose, publishStatus: () => {}, now });
  const rating = createRatingDomain({
    db, bus, citizen: { finished: () => {} }, settings: { get: (k: keyof typeof settings) => settings[k] } as never, log: silent, now: () => new Date(now()), sync,
    onClose,
  });
  return { db, sync, assist, rating, shown, close: async () => { for (const fn of cleanups.reverse()) await fn(); db.close(); } };
}

describe('ratings and 求助 through the sync outbox, hub down then back', () => {
  let hub: RunningHub | null = null;
  let ws: ReturnType<typeof station> | null = null;
  afterEach(async () => {
    await ws?.close();
    await hub?.close();
    hub = null;
    ws = null;
  });

  it('an offline rating reaches the hub exactly once with its original time; a resend is answered by the hub, not stored again', async () => {
    const dataDir = tempDir();
    const started = await startTestHub({ dataDir });
    hub = started.hub;
    const { port, url } = hub;
    const t0 = Date.parse('2026-03-02T02:30:00.000Z');
    let t = t0;
    ws = station(url, started.credential, () => t);
    await hub.close();
    hub = null;

    const s = ws.rating.service.served({ counterId: 'counter-1', counterNumber: 1, staffId: 'st1', staffNo: 'C001', ticketRef: null, ticketNumber: 'A001' });
    const r = ws.rating.service.rateAtCounter('counter-1', s.id, { level: 2, reasons: ['attitude'] }, 'screen');
    const report = await ws.sync.engine!.pass();
    expect(report.retry).toBeGreaterThan(0);
    // The 同步 page's backlog: the offer and the rating, not yet at the hub.
    expect(ws.sync.outbox.backlog([RATING_OFFER, RATING_PUT])).toMatchObject({ failed: 2, dead: 0, oldestAt: t0 });

    t += 40 * 60_000;
    hub = (await startTestHub({ port, dataDir })).hub;
    ws.sync.outbox.retryNow();
    await ws.sync.engine!.drain();
    expect(ws.sync.outbox.backlog()).toMatchObject({ pending: 0, failed: 0, inflight: 0, dead: 0 });
    const store = hub.ratings;
    const held = await store.between('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z');
    expect(held).toEqual([expect.objectContaining({ ratingId: r.id, ratedAt: '2026-03-02T02:30:00.000Z', level: 2, counter: 1 })]);
    expect(await store.revision(r.id)).toBe(1);

    // Sent again (as after a lost acknowledgement): the hub answers with its first answer.
    ws.sync.outbox.requeueFrom(`rating:${s.id}`, 1);
    const again = await ws.sync.engine!.drain();
    expect(again).toMatchObject({ done: 2, dead: 0 });
    expect(await store.between('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toHaveLength(1);
    expect(await store.revision(r.id)).toBe(1);
  });

  it('a 求助 pressed offline reaches the hub once with its time and key, and the counter sees the record', async () => {
    const dataDir = tempDir();
    const started = await startTestHub({ dataDir });
    hub = started.hub;
    const { port, url } = hub;
    const t0 = Date.now();
    ws = station(url, started.credential, () => t0);
    await hub.close();
    hub = null;

    const clerk = { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' };
    const pressed = await ws.assist.service.request(clerk, 1, 'fill', '老人不会填表', 'A001');
    expect(pressed.record).toBeNull();
    expect(ws.sync.outbox.open(ASSIST_REQUEST)).toHaveLength(1);
    await ws.sync.engine!.pass();

    hub = (await startTestHub({ port, dataDir })).hub;
    ws.sync.outbox.retryNow();
    await ws.sync.engine!.drain();
    expect(ws.assist.service.pending()).toEqual([]);
    const live = await hub.hub.assist.live();
    expect(live).toEqual([expect.objectContaining({ key: pressed.pending!.key, counter: 1, kind: 'fill', requestedAt: t0 })]);
    expect(ws.shown).toEqual([live[0].id]);
  });
});
