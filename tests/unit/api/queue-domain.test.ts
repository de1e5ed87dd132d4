import { DeskError } from '../../../common/errors';
import { MemorySettings } from '../../../main/core/settings';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { createQueueDomain, type QueueDeps } from '../../../main/api/domains/queue';
import { queueHandlers, type QueueContext } from '../../../main/api/handlers/queue';
import { CitizenDisplay } from '../../../main/core/citizen';
import { EventBus } from '../../../main/core/events';
import { HallService } from '../../../main/core/hall/service';
import { OfflineStore } from '../../../main/core/queue/offline-store';
import { openDatabase, type Db } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { demoHall } from '../../../main/hub/config';

/**
 * The queue domain built alone from its deps (no workstation, no intake, no devices) with no hub
 * address, so it works offline from the start: an in-memory database that already holds the hall
 * as the hub last sent it, one counter in the workstation's hall, and a real bus and citizen display.
 */
let db: Db | undefined;
const closers: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const fn of closers.splice(0).reverse()) await fn();
  db?.close();
});

function build(counterId: string | null = 'counter-3') {
  db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  const hall = new HallService(db);
  const h = hall.createHall('测试大厅');
  hall.addCounter(h.id, 3, '3号综合窗口');
  // What a workstation that was online once keeps: the hub's hall (streams, prefixes, counters).
  new OfflineStore(db).setMeta('hall', demoHall());
  const bus = new EventBus();
  const heard: Array<{ name: string; counterId: unknown; payload: unknown }> = [];
  bus.subscribe((d) => heard.push({ name: d.name, counterId: d.counterId, payload: d.payload }));
  let published = 0;
  const deps: QueueDeps = {
    db,
    hubUrl: null,
    hall,
    citizen: new CitizenDisplay(bus, hall),
    bus,
    log: { info: () => {}, error: () => {} },
    publishStatus: () => void published++,
    onClose: (fn) => void closers.push(fn),
    settings: new MemorySettings(),
    slipDir: null,
  };
  const queue = createQueueDomain(deps);
  const conn: Connection = {
    id: 'c1', transport: 'ws', citizenCounterId: null,
    session: { id: 'sess', token: 't', staff: { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' }, counterId, startedAt: '2026-03-02T02:00:00Z' },
  };
  const ctx: QueueContext = { conn, queue, hall };
  return { queue, ctx, heard, published: () => published };
}

describe('the queue domain, built from its deps alone', () => {
  it('without a hub it issues and calls from its own offline series, announcing on its counter only', async () => {
    const { queue, ctx, heard, published } = build();
    const counterId = 'counter-3';
    expect(queue.link.online).toBe(false);
    expect(queue.reachability()).toMatchObject({ reachable: false });

    const issued = await queueHandlers['queue.issue']({ stream: 'A' }, ctx);
    expect(issued).toMatchObject({ number: 'A-3-001', series: 'offline', ref: 'offline:A-3-001', slip: { status: 'simulated', reason: null } });
    expect(queue.simulatedSlips.printed.map((p) => p.title)).toEqual(['A-3-001']);
    expect(queue.store.backlog()).toBeGreaterThan(0);
    expect(published()).toBeGreaterThan(0);

    const { ticket } = await queueHandlers['queue.callNext']({ requestId: 'press-1' }, ctx);
    expect(ticket?.number).toBe('A-3-001');
    const called = heard.find((e) => e.name === 'queue.called');
    expect(called).toMatchObject({ counterId, payload: { counterNumber: 3, ticketNumber: 'A-3-001', recall: false } });
    expect(heard.find((e) => e.name === 'citizen.view')).toMatchObject({ counterId, payload: { mode: 'called', counterNumber: 3, ticketNumber: 'A-3-001' } });
  });

  it('a slip that fails to print keeps the ticket: the answer carries the ticket and the reason', async () => {
    const { queue, ctx } = build();
    queue.simulatedSlips.failNext(new DeskError('SLIP_PRINTER_NOT_FOUND', '找不到号票打印机（/dev/usb/lp0），请检查打印机电源和数据线'));
    const issued = await queueHandlers['queue.issue']({ stream: 'A' }, ctx);
    expect(issued).toMatchObject({ number: 'A-3-001', slip: { status: 'failed', reason: '找不到号票打印机（/dev/usb/lp0），请检查打印机电源和数据线' } });
    expect(queue.simulatedSlips.printed).toEqual([]);
    // The ticket is in the queue: the next press calls it.
    expect((await queueHandlers['queue.callNext']({ requestId: 'press-2' }, ctx)).ticket?.number).toBe('A-3-001');
    // The next slip prints again.
    expect((await queueHandlers['queue.issue']({ stream: 'A' }, ctx)).slip).toEqual({ status: 'simulated', reason: null });
  });

  it('a session without a counter is told, in Chinese, to sign in at one', async () => {
    const { ctx } = build(null);
    // Dispatch turns a handler's throw, synchronous or not, into the caller's error.
    await expect(Promise.resolve().then(() => queueHandlers['queue.callNext']({ requestId: 'press-1' }, ctx))).rejects.toMatchObject({ code: 'NO_COUNTER', message: expect.stringContaining('窗口') });
  });
});
