/** HTTP routes of the hall hub. Every body is zod-validated; every answer is `{ok, value}` or `{ok:false, error}`. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '../../preload/contract/messages';
import { DeskError, isDeskError } from '../../common/errors';
import { DISPLAY_HTML } from './display/page';
import type { Hub } from './hub';
import * as P from './protocol';
import { supervisorSnapshot } from './supervisor';

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

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const CounterParam = z.object({ number: z.coerce.number().int().positive() });
const DayQuery = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });
const TicketQuery = DayQuery.extend({ status: z.string().optional() });

export interface ServerOptions {
  /** Test clock (startHub `testClock: true` only): the route does not exist otherwise. */
  advanceClock?: (minutes: number) => Promise<{ now: number; day: string }>;
}

const ClockRequest = z.object({ advanceMinutes: z.number().min(0).max(7 * 24 * 60) });

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
  app.setNotFoundHandler((req, reply) => fail(reply, 'NOT_FOUND', `没有接口 ${req.method} ${req.url}。`));

  type H = (req: FastifyRequest) => Promise<unknown>;
  const get = (url: string, h: H) => app.get(url, async (req, reply) => send(reply, await h(req)));
  const post = (url: string, h: H) => app.post(url, async (req, reply) => send(reply, await h(req)));
  const put = (url: string, h: H) => app.put(url, async (req, reply) => send(reply, await h(req)));
  const id = (req: FastifyRequest) => parse(IdParam, req.params).id;
  const counterNo = (req: FastifyRequest) => parse(CounterParam, req.params).number;

  get('/health', async () => ({ status: 'ok', backend: hub.store.backend, day: q.today(), now: q.now(), hall: q.hall.name }));
  get('/hall', async () => ({ ...q.hall, counters: await q.counters() }));

  // tickets
  get('/tickets', async (req) => {
    const { day, status } = parse(TicketQuery, req.query);
    const statuses = status ? parse(z.array(P.TicketStatus), status.split(',')) : undefined;
    return q.store.listTickets({ day: day ?? q.today(), statuses });
  });
  get('/tickets/:id', (req) => q.ticket(id(req)));
  post('/tickets', (req) => q.issue(parse(P.IssueTicketRequest, req.body)));
  post('/tickets/:id/call', (req) => {
    const b = parse(P.CallTicketRequest, req.body);
    return q.callTicket(id(req), b.counter, b.requestId);
  });
  post('/tickets/:id/recall', (req) => q.recall(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/no-show', (req) => q.noShow(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/start', (req) => q.start(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/finish', (req) => q.finish(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/park', (req) => q.park(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/resume', (req) => q.resume(id(req), parse(P.CounterRef, req.body).counter));
  post('/tickets/:id/transfer', (req) => q.transfer(id(req), parse(P.TransferRequest, req.body)));
  post('/tickets/:id/move-up', async (req) => {
    parse(P.MoveUpRequest, req.body);
    return q.moveUp(id(req));
  });

  get('/calls/:requestId', async (req) => {
    const { requestId } = parse(z.object({ requestId: z.string().min(8).max(100) }), req.params);
    const r = await q.store.callRequest(requestId);
    return { requestId, counter: r?.counter ?? null, ticket: r ? await q.store.getTicket(r.ticketId) : null };
  });

  // counters
  get('/counters', () => q.counters());
  post('/counters/:number/call-next', (req) => q.callNext(counterNo(req), parse(P.CallNextRequest, req.body).requestId));
  post('/counters/:number/pause', (req) => q.pauseCounter(counterNo(req), true));
  post('/counters/:number/resume', (req) => q.pauseCounter(counterNo(req), false));
  post('/counters/:number/heartbeat', (req) => q.heartbeat(counterNo(req)));
  put('/counters/:number/skills', (req) => {
    const b = parse(P.SkillsRequest, req.body);
    return q.setSkills(counterNo(req), b.streams, b.items);
  });

  // appointments
  get('/appointments', (req) => q.store.listAppointments(parse(DayQuery, req.query).day ?? q.today()));
  get('/appointments/slots', (req) => hub.appointments.slots(parse(DayQuery, req.query).day ?? q.today()));
  post('/appointments/import', (req) => hub.appointments.import(parse(P.ImportAppointmentsRequest, req.body).appointments));
  post('/appointments/check-in', (req) => hub.appointments.checkIn(parse(P.CheckInRequest, req.body)));
  post('/appointments/sweep-no-shows', async () => ({ marked: await hub.appointments.sweepNoShows() }));

  // offline, supervisor, display
  post('/offline/reconcile', (req) => hub.offline.reconcile(parse(P.ReconcileRequest, req.body)));
  get('/supervisor', () => supervisorSnapshot(q));
  const advance = opts.advanceClock;
  if (advance) post('/test/clock', (req) => advance(parse(ClockRequest, req.body).advanceMinutes));
  app.get('/display', async (_req, reply) => reply.type('text/html; charset=utf-8').send(DISPLAY_HTML));

  return app;
}
