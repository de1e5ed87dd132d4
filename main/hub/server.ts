/** HTTP routes of the hall hub. Every body is zod-validated; every answer is `{ok, value}` or `{ok:false, error}`. */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DeskError, isDeskError } from '../../common/errors';
import { describeIssues, installZodMessages } from '../../common/validation';
import { DISPLAY_HTML } from './display/page';
import { DISPLAY_ENROL_HTML } from './display/enrol-page';
import type { HubAudit } from './audit';
import type { HubReports } from './reports';
import type { HubRatingStore } from './rating/store';
import type { LaterRatings } from './rating/later';
import { pageCsp, pages, sendPage, wantsHtml } from './follow/route';
import { followStatus } from './follow/status';
import { checkHostAndOrigin, clientKeyOf, DEFAULT_LIMITS, readJsonBody, servedHostNames, type HubLimits } from './guard';
import type { Hub } from './hub';
import type { HubCases } from './cases/service';
import * as P from './protocol';
import { STAFF_ASSERTION_HEADER } from './protocol';
import { hubRoutes, type HandlerContext, type RouteDef, type RouteHandlers, type RouteName } from './routes';
import { supervisorSnapshot } from './supervisor';
import { assistHandlers } from './assist/handlers';
import { deviceAdminHandlers } from './trust/admin-handlers';
import { authorise, deviceOfRequest, DISPLAY_COOKIE, unknownDevice, verifiedStaffOf, type CallInput } from './trust/access';
import { redactFor } from './trust/redact';
import type { HubTrust } from './trust/hub-trust';
import type { DeviceRecord } from './trust/registry';
import type { HubArchive } from './archive';
import { referenceHandlers } from './reference/handlers';
import { caseFileHandlers } from './files/handlers';
import type { HubCaseFiles } from './files/service';
import type { HubReference } from './reference/service';
import { appointmentPull, hallPull } from './changes';

/** Enrolment attempts per client per minute: a code has 40 secret bits and 5 guesses; a flood is refused long before. */
const ENROLMENTS_PER_MINUTE = 10;
/** Later ratings per client per minute: a phone rates once; the page's look-ups and a retry fit well inside. */
const RATINGS_PER_MINUTE = 10;

// The hub parses every request with its own schemas: their messages are the plain Chinese ones too.
installZodMessages();

const STATUS: Record<string, number> = {
  INVALID_INPUT: 400, DEVICE_UNKNOWN: 401, STAFF_UNVERIFIED: 403, DEVICE_FORBIDDEN: 403, ENROLMENT_REFUSED: 403, FORBIDDEN_HOST: 403, FORBIDDEN_ORIGIN: 403, BODY_TOO_LARGE: 413, ARCHIVE_CHECK_FAILED: 422, CASE_FILE_DIGEST_MISMATCH: 422, CASE_FILE_FORBIDDEN: 422, UNSUPPORTED_MEDIA_TYPE: 415, RATE_LIMITED: 429,
};

export function httpStatus(code: string): number {
  if (STATUS[code]) return STATUS[code];
  if (code === 'INTERNAL') return 500;
  if (code.startsWith('UNKNOWN_') || code === 'NOT_FOUND') return 404;
  return 409;
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  // No body is an empty object; a JSON `null` body is not (it is refused like any other non-object).
  const r = schema.safeParse(data === undefined ? {} : data);
  if (!r.success) {
    const detail = describeIssues(r.error.issues);
    throw new DeskError('INVALID_INPUT', `请求格式不正确（${detail}），请检查后重试。`);
  }
  return r.data;
}

/** A route without a query (or body) schema takes none: `GET /health?x=1` is refused like an unknown key. */
function noneExpected(data: unknown, what: string): undefined {
  if (data !== undefined && data !== null && (typeof data !== 'object' || Object.keys(data).length > 0)) {
    throw new DeskError('INVALID_INPUT', `请求格式不正确（此接口不接受${what}），请检查后重试。`);
  }
  return undefined;
}

export interface ServerOptions {
  /** Test clock (startHub `testClock: true` only): the route does not exist otherwise. */
  advanceClock?: (minutes: number) => Promise<{ now: number; day: string }>;
  onRequest?: (method: string, url: string) => void;
  /** The hub's audit (its log and the workstations' anchors); without it the anchor routes answer 404. */
  audit?: HubAudit | null;
  limits?: Partial<HubLimits>;
  /** The ratings workstations report, and the later ratings by QR (SQLite store only; without them these routes answer 404). */
  ratings?: HubRatingStore | null;
  laterRatings?: LaterRatings | null;
  /** The address the hub listens on (which Host names it serves follow from it). */
  listenHost?: string;
  /** The hub's archive (archive.ts); without it the archive route answers 404. */
  archive?: HubArchive | null;
  /** The hall CA and device registry: `/trust/*` answer from them. */
  trust?: HubTrust | null;
  /** 日动态 / 月动态; without it the report routes answer 404. */
  reports?: HubReports | null;
  /**
   * Serve HTTPS with the hub's CA-issued certificate and require an enrolled device on every
   * route that is not public (routes.ts `access`). Needs `trust`.
   */
  secure?: boolean;
  /** The hall's cases (issue 11); without it the case routes answer 404. */
  cases?: HubCases | null;
  /** The hall's catalog versions and calendar (reference/); without it those routes answer 404. */
  reference?: HubReference | null;
  /** The hall's case files (files/); without it those routes answer 404. */
  caseFiles?: HubCaseFiles | null;
}

/** Fastify's own refusals (body too large, wrong content type, unreadable body) in the hub's envelope. */
function frameworkError(e: { statusCode?: number; code?: string; message?: string }): { code: string; message: string } | null {
  if (e.statusCode === 413) return { code: 'BODY_TOO_LARGE', message: '请求内容过大，已拒绝。' };
  if (e.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容须为 JSON（Content-Type: application/json）。' };
  if (e.statusCode === 429) return { code: 'RATE_LIMITED', message: `请求过于频繁，请稍后重试（${e.message ?? ''}）。` };
  if (e.statusCode && e.statusCode < 500) return { code: 'INVALID_INPUT', message: '请求无法解析，请发送 JSON。' };
  return null;
}

export function buildServer(hub: Hub, opts: ServerOptions = {}): FastifyInstance {
  const limits: HubLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const trust = opts.trust ?? null;
  if (opts.secure && !trust) throw new DeskError('INTERNAL', '大厅服务启用了设备认证，却没有设备登记库。');
  // One type for both: an HTTPS Fastify differs from an HTTP one only in its server's type.
  const app = (opts.secure && trust
    ? Fastify({ logger: false, bodyLimit: limits.bodyBytes, https: trust.tls })
    : Fastify({ logger: false, bodyLimit: limits.bodyBytes })) as unknown as FastifyInstance;
  const registry = opts.secure && trust ? trust.registry : null;
  const q = hub.queue;

  const send = (reply: FastifyReply, value: unknown) => reply.code(200).send({ ok: true, value });
  const fail = (reply: FastifyReply, code: string, message: string) => reply.code(httpStatus(code)).send({ ok: false, error: { code, message } });

  app.setErrorHandler((err, _req, reply) => {
    if (isDeskError(err)) return fail(reply, err.code, err.message);
    const known = frameworkError(err as { statusCode?: number; message?: string });
    if (known) return fail(reply, known.code, known.message);
    return fail(reply, 'INTERNAL', '大厅服务内部错误，请稍后重试；若持续出现请联系管理员。');
  });
  const onRequest = opts.onRequest;
  if (onRequest) app.addHook('onRequest', async (req) => onRequest(req.method, req.url));

  // First: Host and Origin (before any body is read or any budget spent).
  const served = servedHostNames(opts.listenHost ?? '127.0.0.1', limits.hosts);
  app.addHook('onRequest', async (req) => checkHostAndOrigin(req.headers, served));
  // JSON only, size- and depth-checked as it streams, parsed only once both passed: a 2 MB body
  // nested a million deep is refused at its 17th bracket (guard.ts readJsonBody).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', (req, payload, done) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    readJsonBody(payload, declared, req.routeOptions.bodyLimit ?? limits.bodyBytes, limits.jsonDepth).then(
      (body) => done(null, body),
      (e: Error) => done(e, undefined),
    );
  });
  void app.register(rateLimit, {
    max: limits.perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => clientKeyOf(req.raw),
    errorResponseBuilder: (_req, ctx) => new DeskError('RATE_LIMITED', `请求过于频繁，请 ${Math.max(1, Math.ceil(ctx.ttl / 1000))} 秒后重试。`),
  });
  // Read-your-writes for view subscribers: the views version that will include this request's change.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header(P.VIEWS_VERSION_HEADER, String(hub.views.upcoming));
    return payload;
  });
  app.setNotFoundHandler((req, reply) => fail(reply, 'NOT_FOUND', `没有接口 ${req.method} ${req.url}。`));

  const devices = new WeakMap<FastifyRequest, DeviceRecord>();
  /** Staff assertions exist only where devices are authenticated: they are bound to one. */
  const staffOf = (ctx: HandlerContext) => {
    if (!trust || !registry || !ctx.device) throw new DeskError('NOT_FOUND', '该大厅服务未启用设备认证，不核验值班主任身份。');
    return trust.staff;
  };
  const assertionOf = (req: FastifyRequest) => {
    const v = req.headers[STAFF_ASSERTION_HEADER];
    return typeof v === 'string' ? v : undefined;
  };
  const advance = opts.advanceClock;
  const anchors = () => {
    if (!opts.audit) throw new DeskError('NOT_FOUND', '该大厅服务未启用审计锚点。');
    return opts.audit.anchors;
  };
  const reportsOf = () => {
    if (!opts.reports) throw new DeskError('NOT_FOUND', '该大厅服务未启用日动态、月动态报表。');
    return opts.reports;
  };
  const later = () => {
    if (!opts.laterRatings) throw new DeskError('NOT_FOUND', '该大厅服务未启用扫码评价。');
    return opts.laterRatings;
  };
  const cases = () => {
    if (!opts.cases) throw new DeskError('NOT_FOUND', '该大厅服务未启用办件汇聚。');
    return opts.cases;
  };
  const handlers: RouteHandlers = {
    health: () => ({ status: 'ok' as const, backend: hub.store.backend, day: q.today(), now: q.now(), hall: q.hall.name }),
    hall: async () => ({ ...q.hall, counters: await q.counters(), followBase: q.followBase }),

    tickets: ({ query }) => q.store.listTickets({ day: query.day ?? q.today(), statuses: query.status }),
    ticket: ({ params }) => q.ticket(params.id),
    issue: ({ body }) => q.issue(body),
    holder: ({ params, query }) => q.holder(params.id, query.counter),
    callTicket: ({ params, body }) => q.callTicket(params.id, body.counter, body.requestId),
    recall: ({ params, body }) => q.recall(params.id, body.counter),
    noShow: ({ params, body }) => q.noShow(params.id, body.counter),
    start: ({ params, body }) => q.start(params.id, body.counter),
    finish: ({ params, body }) => q.finish(params.id, body.counter),
    park: ({ params, body }) => q.park(params.id, body.counter),
    resume: ({ params, body }) => q.resume(params.id, body.counter),
    transfer: ({ params, body }) => q.transfer(params.id, body),
    moveUp: ({ params }) => q.moveUp(params.id),
    callRequest: async ({ params: { requestId } }) => {
      const r = await q.store.callRequest(requestId);
      return { requestId, counter: r?.counter ?? null, ticket: r ? await q.store.getTicket(r.ticketId) : null };
    },

    counters: () => q.counters(),
    callNext: ({ params, body }) => q.callNext(params.number, body.requestId),
    pause: ({ params }) => q.pauseCounter(params.number, true),
    resumeCounter: ({ params }) => q.pauseCounter(params.number, false),
    heartbeat: ({ params }) => q.heartbeat(params.number),
    setSkills: ({ params, body }) => q.setSkills(params.number, body.streams, body.items),

    appointments: ({ query }) => q.store.listAppointments(query.day ?? q.today()),
    matchKey: () => ({ day: q.today(), key: q.store.matchKey(q.today()).toString('base64') }),
    slots: ({ query }) => hub.appointments.slots(query.day ?? q.today()),
    importAppointments: ({ body }) => hub.appointments.import(body.appointments),
    checkIn: ({ body }) => hub.appointments.checkIn(body),
    appointmentChanges: ({ query }) => appointmentPull(q, query.cursor),
    hallChanges: ({ query }) => hallPull(q, query.cursor),
    sweepNoShows: async () => ({ marked: await hub.appointments.sweepNoShows() }),

    reconcile: ({ body }) => hub.offline.reconcile(body),
    supervisor: () => supervisorSnapshot(q),
    views: ({ query }) => hub.views.snapshot({ counters: query.counters ?? [], supervisor: query.supervisor ?? false }),
    auditAnchor: ({ body }) => anchors().put(body),
    archiveReceive: ({ params, body }) => {
      if (!opts.archive) throw new DeskError('NOT_FOUND', '该大厅服务未启用归档。');
      return opts.archive.receive(params.caseNumber, body);
    },
    auditAnchorLatest: ({ params }) => anchors().latest(params.workstation),
    reportDaily: ({ query }) => reportsOf().daily(query.day),
    reportMonthly: ({ query }) => reportsOf().monthly(query.month),
    follow: ({ params }) => followStatus(q, params.code),
    trustCa: () => {
      if (!trust) throw new DeskError('NOT_FOUND', '该大厅服务未启用设备登记。');
      return { caPem: trust.ca.certPem, fingerprint: trust.ca.fingerprint };
    },
    trustEnrol: async ({ body }) => {
      if (!trust) throw new DeskError('NOT_FOUND', '该大厅服务未启用设备登记。');
      const r = await trust.registry.redeem(body.code, body.csr, body.role);
      return { certPem: r.certPem, caPem: r.caPem };
    },
    putRating: async ({ body }) => {
      if (!opts.ratings) throw new DeskError('NOT_FOUND', '该大厅服务未启用评价汇总。');
      if (body.rating.counter !== body.counter) throw new DeskError('INVALID_INPUT', '评价所属窗口与请求窗口不一致。');
      const stored = await opts.ratings.put(body.idempotencyKey, body.rating);
      // The assistance ledger's 评价 is written before the answer (a ledger read right after shows it).
      await opts.ratings.whenRated();
      return stored;
    },
    offerRating: ({ body }) => later().offer(body.counter, body.offer),
    ratePage: ({ params }) => later().page(params.code),
    rateLater: ({ params, body }) => later().rate(params.code, body),
    laterRatings: ({ query }) => later().answers(query.counter, query.after ?? 0),
    staffAssert: ({ body }, ctx) => staffOf(ctx).assert(ctx.device!.id, body.staffNo, body.password),
    staffPassword: ({ body }, ctx) => staffOf(ctx).changePassword(body.staffNo, body.current, body.next),
    staffRenew: (_i, ctx) => staffOf(ctx).renew(ctx.assertion, ctx.device!.id),
    staffEnd: (_i, ctx) => staffOf(ctx).end(ctx.assertion, ctx.device!.id),
    displayEnrol: async ({ body }, ctx) => {
      if (!registry) throw new DeskError('NOT_FOUND', '该大厅服务未启用设备认证，叫号屏无需登记。');
      const r = await registry.redeemForBrowser(body.code, 'display');
      // HttpOnly: no script reads it; Secure + __Host-: only this https origin; Strict: no other site's page sends it.
      ctx.setCookie(`${DISPLAY_COOKIE}=${r.token}; Path=/; Max-Age=${r.maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`);
      return { deviceId: r.device.id, name: r.device.name };
    },
    caseIngest: ({ body, device }) => cases().ingest(body, device ?? null),
    caseSearch: ({ query }) => cases().find(query),
    casePull: ({ query }) => cases().pull(query.cursor, query.limit),
    caseOpen: ({ query }) => cases().store.openCases(query.workstation, 500),
    caseQuality: () => cases().quality(),
    caseGet: ({ params }) => cases().get(params.id),
    syncBacklog: ({ body }) => cases().reportBacklog(body),
    ...assistHandlers(hub),
    ...deviceAdminHandlers(registry),
    ...referenceHandlers(opts.reference, trust),
    ...caseFileHandlers(opts.caseFiles),
    testClock: ({ body }) => {
      if (!advance) throw new DeskError('NOT_FOUND', '没有接口 POST /test/clock。');
      return advance(body.advanceMinutes);
    },
  };

  // Every route of the table, validated by its schemas; nothing else is served but the TV page.
  // Registered inside the plugin chain, after the rate limiter, so each route carries its own limit.
  void app.register(async (scope) => {
    for (const name of Object.keys(hubRoutes) as RouteName[]) {
      if (name === 'testClock' && !advance) continue;
      const r: RouteDef = hubRoutes[name];
      const handler = handlers[name] as (input: unknown, ctx: HandlerContext) => unknown;
      scope.route({
        method: r.method,
        url: r.path,
        bodyLimit: r.bodyLimit,
        config: r.rate ? { rateLimit: { max: r.rate === 'issue' ? limits.issuesPerMinute : r.rate === 'rating' ? RATINGS_PER_MINUTE : ENROLMENTS_PER_MINUTE, timeWindow: 60_000 } } : {},
        // Who is calling, before anything of the request is read: an anonymous caller learns only 401.
        preHandler: registry && r.access !== 'public'
          ? async (req) => {
              const device = await deviceOfRequest(req.raw, registry);
              if (!device) throw unknownDevice();
              devices.set(req, device);
            }
          : undefined,
        handler: async (req, reply) => {
          const input = {
            params: r.params ? parse(r.params, req.params) : undefined,
            query: r.query ? parse(r.query, req.query) : noneExpected(req.query, '查询参数'),
            body: r.body ? parse(r.body, req.body) : noneExpected(req.body, '请求内容'),
          };
          const device = devices.get(req);
          if (device && r.access !== 'public') {
            const staff = device.role === 'workstation' && trust ? await trust.staff.verify(assertionOf(req), device.id) : null;
            if (staff) verifiedStaffOf.set(req.raw, staff);
            authorise(name, r.access, device, { ...(input as Omit<CallInput, 'headers' | 'staff'>), headers: req.headers, staff });
            // 最近连接 for the device list, once the call is allowed (a refused one writes nothing).
            registry?.seen(device);
          }
          const ctx: HandlerContext = { setCookie: (v) => void reply.header('set-cookie', v), device: device ?? null, assertion: assertionOf(req) };
          const page = r.html ? pages[name] : undefined;
          if (page && wantsHtml(req.headers.accept)) return sendPage(reply, page, async () => handler(input, ctx), httpStatus, pageCsp[name]);
          return send(reply, redactFor(device ?? null, name, await handler({ ...input, device: device ?? null }, ctx)));
        },
      });
    }
    scope.get('/display', async (req, reply) => {
      noneExpected(req.query, '查询参数');
      // A TV not enrolled yet (or revoked) gets the enrolment form; its push would be refused anyway.
      const tv = registry ? await deviceOfRequest(req.raw, registry) : null;
      if (tv) registry!.seen(tv);
      const enrolled = !registry || tv !== null;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(enrolled ? DISPLAY_HTML : DISPLAY_ENROL_HTML);
    });
  });

  return app;
}
