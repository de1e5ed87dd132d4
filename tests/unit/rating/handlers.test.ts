import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events';
import { bundledCalendar } from '../../../main/core/calendar';
import { RatingService, RatingStore } from '../../../main/core/rating';
import { Outbox } from '../../../main/core/sync/outbox';
import { openDatabase, type Db } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { ratingHandlers, type RatingContext } from '../../../main/api/handlers/rating';
import type { Connection } from '../../../main/api/context';

let db: Db;
let svc: RatingService;
let bus: EventBus;
const clock = new Date('2026-03-02T02:00:00.000Z');

beforeEach(() => {
  db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  bus = new EventBus();
  svc = new RatingService({ store: new RatingStore(db), outbox: new Outbox(db), calendar: bundledCalendar, screens: { finished: () => undefined }, now: () => clock, laterDays: () => 7, screenSeconds: () => 120 });
});
afterEach(() => db.close());

const ctxOf = (conn: Partial<Connection>): RatingContext => ({ conn: conn as Connection, rating: { service: svc, pad: null, bus, today: () => '2026-03-02' } });
const staff = (staffNo: string, role: 'clerk' | 'supervisor' = 'clerk') => ctxOf({ session: { id: 's', staff: { id: staffNo, staffNo, name: staffNo, role }, counterId: 'c3' } as Connection['session'] });
const serve = (staffNo: string) => svc.served({ counterId: 'c3', counterNumber: 3, staffId: staffNo, staffNo, ticketRef: null, ticketNumber: 'A001' });

describe('rating handlers', () => {
  it('only the citizen screen bound to the serving counter rates; a 差评 tells the supervisors', async () => {
    const s = serve('1001');
    expect(() => ratingHandlers['rating.submit']({ serviceId: s.id, level: 5, reasons: [], reasonText: null }, staff('1001'))).toThrow(/群众屏/);
    expect(() => ratingHandlers['rating.submit']({ serviceId: s.id, level: 5, reasons: [], reasonText: null }, ctxOf({ citizenCounterId: 'c4' }))).toThrow(/不在本窗口/);
    const events: string[] = [];
    bus.subscribe((d) => events.push(d.name));
    await ratingHandlers['rating.submit']({ serviceId: s.id, level: 1, reasons: ['attitude'], reasonText: null }, ctxOf({ citizenCounterId: 'c3' }));
    expect(events).toContain('rating.followUpChanged');
  });

  it('a clerk gets only their own totals — no rating, no reason, no case', async () => {
    svc.rateAtCounter('c3', serve('1001').id, { level: 2, reasonText: '态度' }, 'screen');
    svc.rateAtCounter('c3', serve('1002').id, { level: 5 }, 'screen');
    serve('1001');
    const mine = await ratingHandlers['rating.mine']({ from: '2026-03-01', to: '2026-03-31' }, staff('1001'));
    expect(mine).toMatchObject({ services: 2, rated: 1, bad: 1, evaluationRate: 0.5 });
    expect(JSON.stringify(mine)).not.toContain('态度');
    expect(() => ratingHandlers['rating.mine']({ from: '2026-03-31', to: '2026-03-01' }, staff('1001'))).toThrow(/起始日期/);
  });

  it('the supervisor’s list puts overdue follow-ups first', async () => {
    const r = svc.rateAtCounter('c3', serve('1001').id, { level: 2, reasonText: '慢' }, 'screen');
    const late = { ...ctxOf({}), rating: { service: svc, pad: null, bus, today: () => '2026-03-10' } };
    const list = await ratingHandlers['rating.followUps']({ openOnly: true }, late as RatingContext);
    expect(list.items[0]).toMatchObject({ ratingId: r.id, overdue: true, due: { step: 'contact', date: '2026-03-03' } });
  });
});
