import type { FastifyReply } from 'fastify';
import { isDeskError } from '../../../common/errors';
import type { RouteName } from '../routes';
import { followErrorPage, followPage } from './page';
import type { FollowStatus } from './status';
import { RATE_PAGE_CSP, ratePage } from '../rating/page';
import type { RatePageInfo } from '../rating/later';

/** A phone's browser asks for HTML; the hub client (and curl -H 'Accept: application/json') gets the JSON answer. */
export function wantsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}

type PageRenderer = (value: unknown) => string;
/** The HTML form of each `html: true` route of the table. */
export const pages: Partial<Record<RouteName, PageRenderer>> = {
  follow: (v) => followPage(v as FollowStatus),
  ratePage: (v) => ratePage(v as RatePageInfo),
};

const SCRIPTLESS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** A page with its own policy (the rating page's one script, by hash); every other page runs no script at all. */
export const pageCsp: Partial<Record<RouteName, string>> = { ratePage: RATE_PAGE_CSP };

/** Runs the route's handler and answers with its page; a refusal is a page too (404 for an unknown code). */
export async function sendPage(reply: FastifyReply, render: PageRenderer, run: () => Promise<unknown>, status: (code: string) => number, csp = SCRIPTLESS_CSP): Promise<FastifyReply> {
  reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
  reply.header('Content-Security-Policy', csp);
  try {
    return reply.code(200).type('text/html; charset=utf-8').send(render(await run()));
  } catch (e) {
    if (!isDeskError(e)) throw e;
    return reply.code(status(e.code)).type('text/html; charset=utf-8').send(followErrorPage(e.message));
  }
}
