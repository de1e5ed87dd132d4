/** HTTP routes of the hall hub. Every body is zod-validated; every answer is `{ok, value}` or `{ok:false, error}`. */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import { DeskError, isDeskError } from '../../common/errors';
import { describeIssues, installZodMessages } from '../../common/validation';
import { DISPLAY_HTML } from './display/page';
import type { HubAudit } from './audit';
import { pages, sendPage, wantsHtml } from './follow/route';
import { followStatus } from './follow/status';
import type { Hub } from './hub';
import * as P from './protocol';
import { hubRoutes, type RouteDef, type RouteHandlers, type RouteName } from './routes';
import { supervisorSnapshot } from './supervisor';

// The hub parses every request with its own schemas: their messages are the plain Chinese ones too.
installZodMessages();

export function httpStatus(code: string): number {
  if (code === 'INVALID_INPUT') return 400;
  if (code === 'INTERNAL') return 500;
  if (code.startsWith('UNKNOWN_') || code === 'NOT_FOUND') return 404;
  return 409;
}

function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data ?? {});
  if (!r.success) {
    const detail = describeIssues(r.error.issues);
    throw new DeskError('INVALID_INPUT', `请求格式不正确（${detail}），请检查后重试。`);
  }
  return r.data;
}

export interface ServerOptions {
  /** Test clock (startHub `testClock: true` only): the route does not exist otherwise. */
  advanceClock?: (minutes: number) => Promise<{ now: number; day: string }>;
  onRequest?: (method: string, url: string) => void;
  /** The hub's audit (its log and the workstations' anchors); without it the anchor routes answer 404. */
  audit?: HubAudit | null;
}

export function buildServer(hub: Hub, opts: ServerOptions = {}): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  const q = hub.queue;

  const send = (reply: FastifyReply, value: unknown) => reply.code(200).send({ ok: true, value });
  const fail = (reply: FastifyReply, code: string, message: string) => reply.code(httpStatus(code)).send({ ok: false, error: { code, message } });

  app.setErrorHandler((err, _req, reply) => {
    if (isDeskError(err)) return fail(reply, err.code, err.message);
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) return fail(reply, 'INVALID_INPUT', `请求无法解析（${e.message ?? ''}），请发送 JSON。`);
    return fail(reply, 'INTERNAL', '大厅服务内部错误，请稍后重试；若持续出现请联系管理员。');
  });
  const onRequest = opts.onRequest;
  if (onRequest) app.addHook('onRequest', async (req) => onRequest(req.method, req.url));
  // Read-your-writes for view subscribers: the views version that will include this request's change.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header(P.VIEWS_VERSION_HEADER, String(hub.views.upcoming));
    return payload;
  });
  app.setNotFoundHandler((req, reply) => fail(reply, 'NOT_FOUND', `没有接口 ${req.method} ${req.url}。`));

  const advance = opts.advanceClock;
  const anchors = () => {
    if (!opts.audit) throw new DeskError('NOT_FOUND', '该大厅服务未启用审计锚点。');
    return opts.audit.anchors;
  };
  const handlers: RouteHandlers = {
    health: () => ({ status: 'ok' as const, backend: hub.store.backend, day: q.today(), now: q.now(), hall: q.hall.name }),
    hall: async () => ({ ...q.hall, counters: await q.counters() }),

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
    slots: ({ query }) => hub.appointments.slots(query.day ?? q.today()),
    importAppointments: ({ body }) => hub.appointments.import(body.appointments),
    checkIn: ({ body }) => hub.appointments.checkIn(body),
    sweepNoShows: async () => ({ marked: await hub.appointments.sweepNoShows() }),

    reconcile: ({ body }) => hub.offline.reconcile(body),
    supervisor: () => supervisorSnapshot(q),
    views: ({ query }) => hub.views.snapshot({ counters: query.counters ?? [], supervisor: query.supervisor ?? false }),
    auditAnchor: ({ body }) => anchors().put(body),
    auditAnchorLatest: ({ params }) => anchors().latest(params.workstation),
    follow: ({ params }) => followStatus(q, params.code),
    testClock: ({ body }) => {
      if (!advance) throw new DeskError('NOT_FOUND', '没有接口 POST /test/clock。');
      return advance(body.advanceMinutes);
    },
  };

  // Every route of the table, validated by its schemas; nothing else is served but the TV page.
  for (const name of Object.keys(hubRoutes) as RouteName[]) {
    if (name === 'testClock' && !advance) continue;
    const r: RouteDef = hubRoutes[name];
    const handler = handlers[name] as (input: unknown) => unknown;
    app.route({
      method: r.method,
      url: r.path,
      handler: async (req, reply) => {
        const input = {
          params: r.params ? parse(r.params, req.params) : undefined,
          query: r.query ? parse(r.query, req.query) : undefined,
          body: r.body ? parse(r.body, req.body) : undefined,
        };
        const page = r.html ? pages[name] : undefined;
        if (page && wantsHtml(req.headers.accept)) return sendPage(reply, page, async () => handler(input), httpStatus);
        return send(reply, await handler(input));
      },
    });
  }
  app.get('/display', async (_req, reply) => reply.type('text/html; charset=utf-8').send(DISPLAY_HTML));

  return app;
}
