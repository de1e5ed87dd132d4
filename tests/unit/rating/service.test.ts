import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../../../common/errors';
import { bundledCalendar } from '../../../main/core/calendar';
import { RATING_OFFER, RATING_PUT, RatingService, RatingStore, ratingSenders, type RatingHub } from '../../../main/core/rating';
import { Outbox } from '../../../main/core/sync/outbox';
import { SyncEngine } from '../../../main/core/sync/engine';
import { openDatabase, type Db } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { ratingsCsv, RATING_COLUMNS } from '../../../main/export/ratings';
import { createHash } from 'node:crypto';
import type { LaterAnswer, RatingOffer, RatingSnapshot } from '../../../common/rating';

let db: Db;
let clock: Date;
let shown: Array<{ counterId: string; rating: { serviceId: string; itemName: string | null; chosenLevel?: number | null } | null; seconds?: number }>;
let hubUp: boolean;
let received: Array<{ key: string; s: RatingSnapshot }>;
let offers: Array<{ counter: number; offer: RatingOffer }>;
let answers: LaterAnswer[];
let svc: RatingService;
let outbox: Outbox;
let engine: SyncEngine;

const hub: RatingHub = {
  async postRating(s, key) {
    if (!hubUp) throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
    received.push({ key, s });
  },
  async offer(counter, offer) {
    if (!hubUp) throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
    offers.push({ counter, offer });
  },
  async answers(counter, after) {
    if (!hubUp) throw new DeskError('HUB_UNREACHABLE', '无法连接大厅服务');
    return answers.filter((a) => a.seq > after && counter === 3);
  },
};

beforeEach(() => {
  db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
  clock = new Date('2026-02-13T02:30:00.000Z'); // Fri 13 Feb 2026, 10:30 hall time
  shown = [];
  received = [];
  offers = [];
  answers = [];
  hubUp = false;
  db.prepare(`INSERT INTO cases (id, case_number, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant,
    promised_limit_days, delivery_options, applicant_type, applicant_name, applicant_id_number, created_at, created_by, counter_id, updated_at, ticket_ref, ticket_number)
    VALUES ('case1', 'SH2026021300001', 'H1', 'accepted', '310100-0001', '居住证办理', 'S1', '首次', 'v2026.1', 0, 5, '[]', 'person', '张三', '310101199001011234',
    '2026-02-13T02:00:00.000Z', 'st1', 'c3', '2026-02-13T02:00:00.000Z', 'hub:41', 'A012')`).run();
  outbox = new Outbox(db, () => clock.getTime());
  // The sync engine as the workstation builds it: no case steps here, the rating kinds through the fake hub.
  engine = new SyncEngine({ outbox, transport: { push: () => Promise.reject(new Error('no case steps in these tests')) }, workstationId: () => 'ws-1', now: () => clock.getTime() });
  for (const [kind, send] of Object.entries(ratingSenders(hub))) engine.register(kind, send);
  svc = new RatingService({
    store: new RatingStore(db),
    outbox,
    calendar: bundledCalendar,
    screens: { finished: (counterId, _ticket, rating = null, seconds) => void shown.push({ counterId, rating, seconds }) },
    now: () => clock,
    laterDays: () => 7,
    screenSeconds: () => 120,
    hub: () => hub,
  });
});
afterEach(() => {
  svc.dispose();
  db.close();
});

const serve = () => svc.served({ counterId: 'c3', counterNumber: 3, staffId: 'st1', staffNo: 'C001', ticketRef: 'hub:41', ticketNumber: 'A012' });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DeskError).code;
  }
  return 'no error';
};

describe('a rating after a service', () => {
  it('binds the service to its case, item with version, staff and counter (三对应), and asks on that counter’s screen', () => {
    const s = serve();
    expect(s).toMatchObject({ caseNumber: 'SH2026021300001', itemCode: '310100-0001', itemVersion: 'v2026.1', staffNo: 'C001', counterNumber: 3, finishedDay: '2026-02-13' });
    expect(shown.at(-1)).toEqual({ counterId: 'c3', rating: { serviceId: s.id, itemName: '居住证办理', chosenLevel: null, pad: null, later: null }, seconds: 120 });
  });

  it('shows the later-rating QR of the hub\'s page for this service alone, valid until the service\'s rating date', () => {
    svc.dispose();
    svc = new RatingService({
      store: new RatingStore(db), outbox, calendar: bundledCalendar, now: () => clock, laterDays: () => 7, screenSeconds: () => 120, hub: () => hub,
      screens: { finished: (counterId, _ticket, rating = null, seconds) => void shown.push({ counterId, rating, seconds }) },
      laterBase: () => 'http://hall-hub.local:7380/',
    });
    const s = serve();
    const later = (shown.at(-1)!.rating as unknown as { later: { url: string; qrSvg: string; until: string } }).later;
    expect(later.url).toBe(`http://hall-hub.local:7380/rate/${s.laterCode}`);
    expect(later.until).toBe(s.rateUntil);
    expect(later.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    // The code is this service's own: another service gets another.
    const t = serve();
    expect(t.laterCode).not.toBe(s.laterCode);
  });

  it('the QR printed on a notice before 结束 is the one the service takes at 结束 (kept across a restart), then released', () => {
    svc.dispose();
    const make = () => new RatingService({
      store: new RatingStore(db), outbox, calendar: bundledCalendar, now: () => clock, laterDays: () => 7, screenSeconds: () => 120, hub: () => hub,
      screens: { finished: () => {} }, laterBase: () => 'http://hall-hub.local:7380',
    });
    svc = make();
    const printed = svc.laterUrlForTicket('hub:41')!;
    expect(printed).toMatch(/^http:\/\/hall-hub\.local:7380\/rate\/[A-Za-z0-9_-]{16}$/);
    expect(svc.laterUrlForTicket('hub:41')).toBe(printed); // a second notice of the same ticket: the same QR
    expect(svc.laterUrlForTicket(null)).toBeNull();
    svc.dispose();
    svc = make(); // a restart between 受理 and 结束
    const s = serve();
    expect(printed.endsWith(`/rate/${s.laterCode}`)).toBe(true);
    expect(svc.laterUrlForTicket('hub:41')).not.toBe(printed); // served: a later ticket ref reuse gets a new code
  });

  it('takes one rating per service, then thanks the applicant', () => {
    const s = serve();
    const r = svc.rateAtCounter('c3', s.id, { level: 5 }, 'screen');
    expect(r.id).toBe('PJ20260213-03-0001');
    // Thanks alone, for the usual time.
    expect(shown.at(-1)).toEqual({ counterId: 'c3', rating: null, seconds: undefined });
    expect(code(() => svc.rateAtCounter('c3', s.id, { level: 4 }, 'screen'))).toBe('RATING_ALREADY_RATED');
    expect(code(() => svc.rateLater(s.laterCode, { level: 4 }))).toBe('RATING_ALREADY_RATED');
  });

  it('refuses an unknown service, another counter’s service and a 差评 without reason — and loses nothing', () => {
    const s = serve();
    expect(code(() => svc.rateAtCounter('c3', 'nope', { level: 5 }, 'screen'))).toBe('RATING_UNKNOWN_SERVICE');
    expect(code(() => svc.rateAtCounter('c4', s.id, { level: 5 }, 'screen'))).toBe('RATING_OTHER_COUNTER');
    expect(code(() => svc.rateAtCounter('c3', s.id, { level: 2 }, 'screen'))).toBe('RATING_REASON_REQUIRED');
    // Still open: the applicant can now give the reason.
    expect(svc.rateAtCounter('c3', s.id, { level: 2, reasons: ['efficiency'] }, 'screen').level).toBe(2);
  });

  it('a skip records no rating; the QR code still rates within the period, and not after', () => {
    const s = serve();
    svc.skip('c3', s.id);
    expect(svc.store.ratingOfService(s.id)).toBeNull();
    expect(svc.store.service(s.id)!.skippedAt).not.toBeNull();
    clock = new Date('2026-02-19T02:30:00.000Z');
    expect(svc.rateLater(s.laterCode, { level: 4 }).channel).toBe('qr');
    const t = serve();
    clock = new Date('2026-02-27T02:30:00.000Z');
    expect(code(() => svc.rateLater(t.laterCode, { level: 4 }))).toBe('RATING_EXPIRED');
    expect(code(() => svc.rateLater('unknown-code', { level: 4 }))).toBe('RATING_UNKNOWN_SERVICE');
  });
});

describe('the 评价器 (pad)', () => {
  it('rates the service the screen asks about; a 差评 key turns the screen to that reason; no question, no rating', () => {
    expect(svc.padPress(5)).toBeNull();
    const s = serve();
    expect(svc.padPress(2)).toBeNull();
    expect(shown.at(-1)?.rating).toMatchObject({ serviceId: s.id, chosenLevel: 2 });
    expect(svc.store.ratingOfService(s.id)).toBeNull();
    expect(svc.padPress(4)).toMatchObject({ level: 4, channel: 'pad', serviceId: s.id });
    expect(svc.padPress(3)).toBeNull();
    const t = serve();
    clock = new Date(clock.getTime() + 121_000);
    expect(svc.padPress(5)).toBeNull();
    expect(svc.store.ratingOfService(t.id)).toBeNull();
  });
});

describe('a 差评 opens its follow-up', () => {
  it('with 1/5/15 working-day deadlines across the Spring Festival, steps in order, closing only when complete', () => {
    const s = serve();
    const r = svc.rateAtCounter('c3', s.id, { level: 2, reasons: ['attitude'], reasonText: '态度生硬' }, 'screen');
    const f = svc.store.followUp(r.id)!;
    expect(f.deadlines).toEqual({ contact: '2026-02-14', simple: '2026-02-27', complex: '2026-03-12' });
    expect(code(() => svc.close(r.id, { satisfied: true, reply: '已答复' }, 'S01'))).toBe('FOLLOWUP_STEP_MISSING');
    svc.recordStep(r.id, 'contact', { owner: '王芳', record: '电话联系申请人核实' }, 'S01');
    expect(code(() => svc.close(r.id, { satisfied: true, reply: '已答复' }, 'S01'))).toBe('FOLLOWUP_STEP_MISSING');
    svc.recordStep(r.id, 'rectify', { owner: '李强', record: '窗口人员培训', complexity: 'simple' }, 'S01');
    expect(code(() => svc.close(r.id, { satisfied: null, reply: '已答复' }, 'S01'))).toBe('FOLLOWUP_ANSWER_REQUIRED');
    const closed = svc.close(r.id, { satisfied: true, reply: '已致歉并说明整改' }, 'S01');
    expect(closed).toMatchObject({ state: 'closed', satisfied: true, complexity: 'simple', closedBy: 'S01' });
  });

  it('a good rating opens none; an accepted appeal keeps the rating and leaves it out of the score', () => {
    const a = serve();
    const good = svc.rateAtCounter('c3', a.id, { level: 4 }, 'screen');
    expect(svc.store.followUp(good.id)).toBeNull();
    const b = serve();
    const bad = svc.rateAtCounter('c3', b.id, { level: 1, reasonText: '恶意' }, 'screen');
    expect(code(() => svc.appeal(bad.id, ' ', 'S01'))).toBe('APPEAL_REASON_REQUIRED');
    const kept = svc.appeal(bad.id, '核实为误评：申请人误触', 'S01');
    expect(kept).toMatchObject({ level: 1, excluded: true, appealReason: '核实为误评：申请人误触', appealBy: 'S01' });
    const facts = svc.facts('2026-02-13', '2026-02-13');
    expect(facts.map((f) => f.rating?.excluded)).toEqual([false, true]);
  });
});

describe('to the hub', () => {
  const waiting = () => outbox.backlog([RATING_OFFER, RATING_PUT]);

  it('queues in the sync outbox while the hub is away and sends later with the original times, each change under its own key, in order', async () => {
    const s = serve();
    const r = svc.rateAtCounter('c3', s.id, { level: 2, reasons: ['efficiency'] }, 'screen');
    // The service's offer for the later rating, then the rating: one lane, the service's.
    expect(outbox.list(['pending']).map((o) => [o.kind, o.aggregate, o.seq])).toEqual([[RATING_OFFER, `rating:${s.id}`, 1], [RATING_PUT, `rating:${s.id}`, 2]]);
    await engine.drain();
    expect(received).toEqual([]);
    // The hub was unreachable: the offer was tried and waits for its backoff; the snapshot waits with it, not counted as tried.
    expect(waiting()).toMatchObject({ failed: 2, pending: 0, dead: 0 });
    expect(outbox.list(['failed']).map((o) => o.attempts)).toEqual([1, 0]);
    clock = new Date('2026-02-24T01:00:00.000Z');
    hubUp = true;
    expect((await engine.drain()).done).toBe(2);
    // The hub gets the code's hash, never the code.
    expect(offers).toEqual([{ counter: 3, offer: { serviceId: s.id, codeHash: createHash('sha256').update(s.laterCode).digest('hex'), ticketNumber: 'A012', itemName: '居住证办理', rateUntil: '2026-02-20T02:30:00.000Z' } }]);
    expect(received[0].s).toMatchObject({ ratingId: r.id, ratedAt: '2026-02-13T02:30:00.000Z', finishedAt: '2026-02-13T02:30:00.000Z', level: 2, counter: 3, ticketNumber: 'A012' });
    expect(received[0].key).toBe(outbox.list(['done'])[1].idempotencyKey);
    svc.recordStep(r.id, 'contact', { owner: '王芳', record: '联系' }, 'S01');
    await engine.drain();
    expect(received).toHaveLength(2);
    expect(received[1].key).not.toBe(received[0].key);
    expect(received[1].s.followUp?.steps).toEqual(['contact']);
    expect(waiting()).toMatchObject({ pending: 0, failed: 0, inflight: 0, dead: 0, oldestAt: null });
  });

  it('a rating whose outbox write fails is not recorded either (one transaction)', () => {
    const s = serve();
    const spy = vi.spyOn(outbox, 'enqueue').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => svc.rateAtCounter('c3', s.id, { level: 5 }, 'screen')).toThrow('disk full');
    spy.mockRestore();
    expect(svc.store.ratingOfService(s.id)).toBeNull();
    expect(svc.rateAtCounter('c3', s.id, { level: 5 }, 'screen').level).toBe(5);
  });
});

describe('later ratings by QR, collected from the hub', () => {
  it('records each with the time it was given (a 差评’s deadlines count from that day), once, and moves the cursor past the rest', async () => {
    hubUp = true;
    const a = serve();
    const b = serve();
    svc.rateAtCounter('c3', b.id, { level: 5 }, 'screen');
    answers = [
      { seq: 7, serviceId: a.id, level: 2, reasons: ['attitude'], reasonText: null, ratedAt: '2026-02-16T03:00:00.000Z' },
      { seq: 8, serviceId: b.id, level: 1, reasons: [], reasonText: '重复', ratedAt: '2026-02-16T03:05:00.000Z' },
      { seq: 9, serviceId: 'not-ours', level: 5, reasons: [], reasonText: null, ratedAt: '2026-02-16T03:06:00.000Z' },
    ];
    clock = new Date('2026-02-18T02:00:00.000Z');
    expect(await svc.collectLater()).toBe(1);
    const r = svc.store.ratingOfService(a.id)!;
    expect(r).toMatchObject({ level: 2, channel: 'qr', ratedAt: '2026-02-16T03:00:00.000Z', ratedDay: '2026-02-16' });
    // Rated during the Spring Festival days off: 回访 by the first working day after, 24 Feb.
    expect(svc.store.followUp(r.id)!.deadlines.contact).toBe('2026-02-24');
    expect(svc.store.ratingOfService(b.id)!.level).toBe(5);
    expect(svc.store.laterCursor(3)).toBe(9);
    expect(await svc.collectLater()).toBe(0);
  });
});

describe('export', () => {
  it('writes the fixed columns with hall times and the three deadlines only for 差评; an empty period is the header alone', () => {
    const a = serve();
    svc.rateAtCounter('c3', a.id, { level: 5 }, 'screen');
    const b = serve();
    svc.rateAtCounter('c3', b.id, { level: 1, reasons: ['attitude'], reasonText: '说话不耐烦, "很急"' }, 'screen');
    const csv = ratingsCsv(db, '2026-02-13', '2026-02-13');
    expect(csv.startsWith('\uFEFF评价编号,评价时间,评价等级,办件编号,事项编码,事项名称,窗口,工号,差评原因,回访时限,简单问题整改时限,复杂问题整改时限,状态')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 13)).toEqual(RATING_COLUMNS.slice(0, 13));
    expect(lines[1].split(',').slice(0, 13)).toEqual(['PJ20260213-03-0001', '2026-02-13 10:30', '5', 'SH2026021300001', '310100-0001', '居住证办理', '3', 'C001', '', '', '', '', '已评价']);
    expect(lines[2]).toContain('"服务态度；说话不耐烦, ""很急"""');
    expect(lines[2]).toContain(',2026-02-14,2026-02-27,2026-03-12,回访整改中,');
    expect(ratingsCsv(db, '2026-03-01', '2026-03-31')).toBe(`\uFEFF${RATING_COLUMNS.join(',')}\r\n`);
    expect(() => ratingsCsv(db, '2026-03-31', '2026-03-01')).toThrow(/晚于/);
  });
});
