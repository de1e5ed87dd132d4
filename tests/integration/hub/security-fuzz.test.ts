/**
 * Property-based fuzzing (fast-check) of every hub route with malformed input: from one valid
 * request per route, fast-check derives requests with an unknown key, a value of the wrong type,
 * an over-long string, a non-canonical path number, a bad query, a non-object body, text that is
 * not JSON, or JSON nested too deep. Each must be answered with a 4xx code and a JSON error
 * (code + Chinese message), and write nothing: every table hashes the same before and after.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../main/hub/index';
import { hubRoutes, pathOf, type RouteName } from '../../../main/hub/routes';
import { fakeClock, startTestHub } from './helpers';
import { send, tableHashes } from './security-helpers';
import { caseOp } from '../../fixtures/case-ops';

type Sample = { params?: Record<string, string>; query?: Record<string, string>; body?: Record<string, unknown> };

const clock = fakeClock();
const now = clock.now();
const counterRef = { params: { id: '1' }, body: { counter: 1 } };
/** One valid request per route (the compiler asks for every route of the table). */
const SAMPLES: Record<RouteName, Sample> = {
  health: {},
  hall: {},
  tickets: { query: { day: '2026-03-02', status: 'waiting' } },
  ticket: { params: { id: '1' } },
  holder: { params: { id: '1' }, query: { counter: '1' } },
  issue: { body: { stream: 'A', source: 'counter', itemCode: null, note: '备注', idempotencyKey: 'press-000001' } },
  callTicket: { params: { id: '1' }, body: { counter: 1, requestId: 'req-00000001' } },
  recall: counterRef,
  noShow: counterRef,
  start: counterRef,
  finish: counterRef,
  park: counterRef,
  resume: counterRef,
  transfer: { params: { id: '1' }, body: { counter: 1, toStream: 'A', force: false } },
  moveUp: { params: { id: '1' }, body: { by: '值班长' } },
  callRequest: { params: { requestId: 'req-00000001' } },
  counters: {},
  callNext: { params: { number: '1' }, body: { requestId: 'req-00000001' } },
  pause: { params: { number: '1' }, body: {} },
  resumeCounter: { params: { number: '1' }, body: {} },
  heartbeat: { params: { number: '1' }, body: {} },
  setSkills: { params: { number: '1' }, body: { streams: ['A'], items: null } },
  matchKey: {},
  appointments: { query: { day: '2026-03-02' } },
  slots: { query: { day: '2026-03-02' } },
  importAppointments: {
    body: { appointments: [{ id: 'fz1', code: 'FZ0001', idNumber: '310101199001011234', name: '张三', phone: '13800000000', slotStart: now, slotEnd: now + 1_800_000, itemCode: null, itemName: null }] },
  },
  checkIn: { body: { by: 'code', code: 'FZ0001' } },
  sweepNoShows: { body: {} },
  reconcile: { body: { workstationId: 'ws-3', counter: 3, ops: [{ opId: 'op-00000001', type: 'call', at: now, number: 'A-3-001' }] } },
  supervisor: {},
  views: { query: { counters: '1,2', supervisor: '1' } },
  auditAnchor: { body: { workstation: 'ws-3', seq: 1, mac: 'a'.repeat(64), at: '2026-03-02T10:00:00+08:00' } },
  auditAnchorLatest: { params: { workstation: 'ws-3' } },
  reportDaily: { query: { day: '2026-03-02' } },
  reportMonthly: { query: { month: '2026-03' } },
  archiveReceive: {
    params: { caseNumber: 'SH-SJ01-20260302-0001' },
    body: { workstation: 'ws-3', auditHead: { seq: 1, mac: 'a'.repeat(64), at: '2026-03-02T10:00:00+08:00' }, files: [{ path: 'bagit.txt', data: 'QmFnSXQ=' }] },
  },
  follow: { params: { code: 'f'.repeat(32) } },
  trustCa: {},
  trustEnrol: { body: { code: 'K7PQ-M2XD-5F3A-9C1E', csr: '-----BEGIN CERTIFICATE REQUEST-----' } },
  putRating: {
    body: {
      counter: 1, idempotencyKey: '8d3c1f0e-5a2b-4c6d-9e8f-0a1b2c3d4e5f',
      rating: {
        ratingId: 'PJ20260302-01-0001', serviceId: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', counter: 1, staffNo: 'C001', caseNumber: null, itemCode: null, itemName: null,
        itemVersion: null, finishedAt: '2026-03-02T02:00:00.000Z', ratedAt: '2026-03-02T02:01:00.000Z', level: 5, channel: 'screen', reasons: [], reasonText: null,
        excluded: false, followUp: null,
      },
    },
  },
  offerRating: { body: { counter: 1, offer: { serviceId: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', codeHash: 'a'.repeat(64), ticketNumber: 'A001', itemName: null, rateUntil: '2026-03-09T02:00:00.000Z' } } },
  ratePage: { params: { code: 'Abcdefgh_jklmn-p' } },
  rateLater: { params: { code: 'Abcdefgh_jklmn-p' }, body: { level: 2, reasons: ['attitude'], reasonText: '态度' } },
  laterRatings: { query: { counter: '1', after: '0' } },
  staffAssert: { body: { staffNo: '3001', password: 'x'.repeat(10) } },
  staffPassword: { body: { staffNo: '3001', current: 'x'.repeat(10), next: 'y'.repeat(10) } },
  staffRenew: { body: {} },
  staffEnd: { body: {} },
  displayEnrol: { body: { code: 'K7PQ-M2XD-5F3A-9C1E' } },
  hallDevices: {},
  hallDevicesCode: { body: { role: 'kiosk', counters: [], name: '东门取号机', ttlMinutes: 30 } },
  hallDevicesRevoke: { params: { id: 'kiosk-abcd2345' }, body: { reason: '设备报废' } },
  testClock: { body: { advanceMinutes: 1 } },
  caseIngest: { body: { workstation: 'ws-3', ops: [caseOp('case-fuzz-0001', 1)] } },
  caseSearch: { query: { number: 'SH-SJ01-20260302-0001' } },
  casePull: { query: { cursor: '0a:0', limit: '10' } },
  caseOpen: { query: { workstation: 'ws-3' } },
  caseQuality: {},
  caseGet: { params: { id: 'SH-SJ01-20260302-0001' } },
  caseFilePut: { params: { id: 'case-1', digest: 'a'.repeat(64) }, body: { attachmentId: 'att-1', materialId: 'm1', mime: 'application/pdf', workstation: 'ws-1', data: 'JVBERi0=' } },
  caseFileGet: { params: { id: 'case-1', digest: 'a'.repeat(64) } },
  syncBacklog: { body: { workstation: 'ws-3', pending: 0, dead: 0, oldestAt: 1_700_000_000_000 } },
  assistRequest: { body: { key: 'help-0000001', counter: 1, kind: 'consult', note: '请帮忙', by: { staffNo: '1001', name: '王敏' } } },
  assistCancel: counterRef,
  assistAccept: { params: { id: '1' }, body: { helper: { staffNo: '2001', name: '陈静', capacity: 'assistant' }, etaMinutes: 2 } },
  assistArrive: { params: { id: '1' }, body: { helper: { staffNo: '2001', name: '陈静' } } },
  assistClose: { params: { id: '1' }, body: { helper: { staffNo: '2001', name: '陈静' }, outcome: 'resolved', problem: '不会填表', action: '代填' } },
  assistWalkUp: { body: { key: 'walk-0000001', kind: 'consult', helper: { staffNo: '2001', name: '陈静', capacity: 'assistant' }, problem: '咨询' } },
  assistLive: {},
  assistLedger: { query: { from: '2026-03-01', to: '2026-03-31' } },
  assistSettings: {},
  assistSetSettings: { body: { assist: { escalateMinutes: 3 }, reports: { feedbackDays: 5 } } },
  reportTake: { body: { key: 'rep-00000001', kind: 'repeated', by: { staffNo: '1001', name: '王敏' }, description: '多次到中心仍未办成' } },
  reportAdvance: { params: { id: '1' }, body: { to: 'judging', by: { staffNo: '1001', name: '王敏' } } },
  reportSupervise: { params: { id: '1' }, body: { to: 'judging', by: { staffNo: '3001', name: '赵刚' } } },
  reports: {},
  referencePull: { query: { cursor: 'ab12:1' } },
  appointmentChanges: { query: { cursor: 'ab12:2026-03-02:1' } },
  hallChanges: { query: { cursor: 'ab12:0123456789abcdef0123456789abcdef' } },
  referenceCatalogPublish: { body: { catalog: { version: 'fuzz-1', items: [] } } },
  referenceCalendarPublish: { body: { calendar: { years: {} } } },
};

type Raw = { path: string; query: Record<string, string>; body?: string; contentType?: string; what: string };

const wrongTypeFor = (v: unknown) =>
  typeof v === 'string' ? fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}))
    : typeof v === 'number' ? fc.oneof(fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(-1), fc.constant({}), fc.constant(1e15))
      : Array.isArray(v) ? fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant({}))
        : typeof v === 'boolean' ? fc.oneof(fc.string({ maxLength: 4 }), fc.integer())
          : fc.oneof(fc.integer(), fc.constant([1]));
const nonCanonical = fc.oneof(fc.constantFrom('0', '01', '1e3', '-1', '1.5', 'abc', ' 1', '１', '99999999999999'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[1-9]\d{0,3}$/.test(s)));
const unknownKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__', 'constructor'].includes(k));

/** Malformed variants of one route's valid sample. */
function malformed(name: RouteName): fc.Arbitrary<Raw> {
  const r = hubRoutes[name];
  const s = SAMPLES[name];
  const path = (params = s.params) => pathOf(r.path, params);
  const body = (b: unknown) => ({ body: JSON.stringify(b), contentType: 'application/json' });
  const base = { path: path(), query: s.query ?? {}, ...(s.body ? body(s.body) : {}) };
  const arbs: fc.Arbitrary<Raw>[] = [
    // a query key the route does not take
    unknownKey.filter((k) => !(k in (s.query ?? {}))).map((k) => ({ ...base, query: { ...base.query, [k]: 'x' }, what: `query key ${k}` })),
  ];
  for (const k of Object.keys(s.params ?? {})) {
    const bad = k === 'requestId' ? fc.string({ maxLength: 12 }).filter((v) => !/^[A-Za-z0-9_.:-]{8,100}$/.test(v))
      : k === 'workstation' ? fc.string({ maxLength: 12 }).filter((v) => !/^[\w.:-]{1,100}$/.test(v))
      : nonCanonical;
    arbs.push(bad.map((v) => ({ ...base, path: path({ ...s.params, [k]: v }), what: `param ${k}=${v}` })));
  }
  for (const k of Object.keys(s.query ?? {})) arbs.push(fc.constant({ ...base, query: { ...base.query, [k]: 'x'.repeat(3000) }, what: `query ${k} too long` }));
  if (s.body) {
    const b = s.body;
    arbs.push(unknownKey.filter((k) => !(k in b)).map((k) => ({ ...base, ...body({ ...b, [k]: 1 }), what: `body key ${k}` })));
    for (const [k, v] of Object.entries(b)) {
      arbs.push(wrongTypeFor(v).map((w) => ({ ...base, ...body({ ...b, [k]: w }), what: `body ${k}=${JSON.stringify(w)}` })));
      if (typeof v === 'string') arbs.push(fc.constant({ ...base, ...body({ ...b, [k]: v + 'x'.repeat(10_000) }), what: `body ${k} too long` }));
    }
    arbs.push(fc.oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant(null)).map((v) => ({ ...base, ...body(v), what: `body ${JSON.stringify(v)}` })));
    arbs.push(fc.string({ minLength: 1, maxLength: 40 }).filter((t) => { try { JSON.parse(t); return false; } catch { return true; } }).map((t) => ({ ...base, body: t, contentType: 'application/json', what: `text ${t}` })));
    arbs.push(fc.integer({ min: 17, max: 5000 }).map((d) => ({ ...base, body: `{"x":${'['.repeat(d)}${']'.repeat(d)}}`, contentType: 'application/json', what: `nested ${d}` })));
    arbs.push(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded').map((t) => ({ ...base, contentType: t, what: `content-type ${t}` })));
  }
  return fc.oneof(...arbs);
}

describe('fuzzing every hub route with malformed input', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    // The limiter is not what is fuzzed here: one client sends every case.
    ({ hub } = await startTestHub({ now: clock.now, demo: true, testClock: true, limits: { perMinute: 1_000_000, issuesPerMinute: 1_000_000 } }));
    // Something to write to, so a request that slipped through would show in the hashes.
    await hub.hub.queue.issue({ stream: 'A', source: 'kiosk' });
    // What the hub's ticker would write on its own (no-shows of the morning's slots, the rollover's
    // purges) done now, so a tick during the run cannot change a table under the property.
    await hub.hub.appointments.sweepNoShows();
    await hub.hub.closeStaleDays();
  });
  afterAll(() => hub.close());

  it.each(Object.keys(hubRoutes) as RouteName[])('%s: every malformed request gets a 4xx JSON error and writes nothing', async (name) => {
    const before = (await tableHashes(hub));
    await fc.assert(
      fc.asyncProperty(malformed(name), async (raw) => {
        const qs = new URLSearchParams(raw.query).toString();
        const r = await send(hub.url, hubRoutes[name].method, raw.path + (qs ? `?${qs}` : ''), {
          body: raw.body,
          headers: raw.contentType ? { 'content-type': raw.contentType } : {},
        });
        const info = `${name} ${raw.what}: ${r.status} ${r.text.slice(0, 200)}`;
        expect(r.status, info).toBeGreaterThanOrEqual(400);
        expect(r.status, info).toBeLessThan(500);
        expect(r.json?.ok, info).toBe(false);
        expect(r.json?.error?.code, info).toMatch(/^[A-Z_]+$/);
        expect(r.json?.error?.message, info).toMatch(/[\u4e00-\u9fa5]/);
        expect((await tableHashes(hub)), info).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
