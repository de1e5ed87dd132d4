/**
 * The public listener: a second port of the hub that serves what an applicant's phone opens from a
 * QR and nothing else — the slip's follow page and the later-rating page of the citizen screen.
 * Phones reach it without any hall certificate, so it is plain HTTP behind the hall's own network,
 * answers only `GET /follow/<code>` and `GET|POST /rate/<code>` (HTML for a browser, JSON
 * otherwise), and 404s every other path — the devices' HTTPS listener, with its enrolment and
 * queue routes, is never exposed to the public network.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DeskError, isDeskError } from '../../../common/errors';
import { clientKeyOf } from '../guard';
import type { HallQueue } from '../queue';
import { followErrorPage, followPage } from './page';
import { sendPage, wantsHtml } from './route';
import { followStatus } from './status';
import { LaterRatingBody, RateCodeParam, type LaterRatings } from '../rating/later';
import { RATE_PAGE_CSP, ratePage } from '../rating/page';
import { readJsonBody } from '../guard';

/** Each follow answer replays the queue (a forecast): a phone polling every 10 s needs 6 a minute. */
export const PUBLIC_REQUESTS_PER_MINUTE = 60;

const Params = z.object({ code: z.string().max(64) });

export function buildPublicServer(q: HallQueue, status: (code: string) => number, later: LaterRatings | null = null): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 2048 });
  // JSON only, size- and depth-checked as it streams (guard.ts), as on the devices' listener.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', (req, payload, done) => {
    readJsonBody(payload, Number(req.headers['content-length'] ?? 0), 2048, 8).then((b) => done(null, b), (e: Error) => done(e, undefined));
  });
  const notFound = '没有这个页面。';
  void app.register(rateLimit, {
    max: PUBLIC_REQUESTS_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (req) => clientKeyOf(req.raw),
    errorResponseBuilder: (_req, ctx) => new DeskError('RATE_LIMITED', `刷新过于频繁，请 ${Math.max(1, Math.ceil(ctx.ttl / 1000))} 秒后再试。`),
  });
  app.setErrorHandler((err, req, reply) => {
    const code = isDeskError(err) ? err.code : (err as { statusCode?: number }).statusCode === 429 ? 'RATE_LIMITED' : 'INTERNAL';
    const message = isDeskError(err) ? err.message : '服务暂时不可用，请稍后再试。';
    const http = code === 'RATE_LIMITED' ? 429 : code === 'INTERNAL' ? 500 : status(code);
    if (wantsHtml(req.headers.accept)) return reply.code(http).type('text/html; charset=utf-8').send(followErrorPage(message));
    return reply.code(http).send({ ok: false, error: { code, message } });
  });
  app.setNotFoundHandler((req, reply) => {
    if (wantsHtml(req.headers.accept)) return reply.code(404).type('text/html; charset=utf-8').send(followErrorPage(notFound));
    return reply.code(404).send({ ok: false, error: { code: 'NOT_FOUND', message: notFound } });
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    return payload;
  });
  void app.register(async (scope) => {
    scope.get('/follow/:code', async (req, reply) => {
      const r = Params.safeParse(req.params);
      if (!r.success || Object.keys(req.query as object).length > 0) throw new DeskError('UNKNOWN_FOLLOW_CODE', '没有找到这张号票，请核对号票上的二维码。');
      if (wantsHtml(req.headers.accept)) return sendPage(reply, (v) => followPage(v as Awaited<ReturnType<typeof followStatus>>), () => followStatus(q, r.data.code), status);
      reply.header('Cache-Control', 'no-store');
      return reply.code(200).send({ ok: true, value: await followStatus(q, r.data.code) });
    });
    if (!later) return;
    // The citizen screen's QR after 结束: rate this service later, from the phone (one rating per service).
    const code = (params: unknown) => {
      const r = RateCodeParam.safeParse(params);
      if (!r.success) throw new DeskError('NOT_FOUND', '评价码无效，请核对二维码。');
      return r.data.code;
    };
    scope.get('/rate/:code', async (req, reply) => {
      if (Object.keys(req.query as object).length > 0) throw new DeskError('NOT_FOUND', '评价码无效，请核对二维码。');
      if (wantsHtml(req.headers.accept)) return sendPage(reply, (v) => ratePage(v as Parameters<typeof ratePage>[0]), () => later.page(code(req.params)), status, RATE_PAGE_CSP);
      reply.header('Cache-Control', 'no-store');
      return reply.code(200).send({ ok: true, value: await later.page(code(req.params)) });
    });
    scope.post('/rate/:code', async (req, reply) => {
      const body = LaterRatingBody.safeParse(req.body);
      if (!body.success) throw new DeskError('INVALID_INPUT', '评价内容不完整，请重新选择后提交。');
      return reply.code(200).send({ ok: true, value: await later.rate(code(req.params), body.data) });
    });
  });
  return app;
}
