/**
 * The hall hub's HTTP routes as one typed table: method, path, the zod schemas of the path
 * params, query and body, and of the answer. The Fastify server (server.ts) registers exactly
 * these routes and validates with these schemas; HubClient (client.ts) builds every request from
 * the same entries and validates answers with the same schemas — the handler-map idea of
 * preload/contract, applied to the second wire. Add a route here, then its handler in server.ts
 * (the compiler asks for it) and, if the workstation needs it, a method in client.ts.
 */
import { z } from 'zod';
import { FollowStatus } from './follow/status';
import * as P from './protocol';
import { AuditAnchor, AuditAnchorRequest, WorkstationId } from './audit-protocol';
import { ARCHIVE_BODY_LIMIT, ArchiveCaseNumber, ArchiveReceipt, ArchiveRequest } from '../../common/archive-protocol';
import { DEVICE_ROLES, type DeviceRole } from '../core/trust/claims';
import type { DeviceRecord } from './trust/registry';
import { DailyReport, MonthlyReport, ReportDay, ReportMonth } from '../../common/reports';
import { RatingSnapshot } from '../../common/rating';
import { LaterAnswer, LaterRatingBody, RateCodeParam, RatePageInfo, RatingOffer } from './rating/later';
import * as C from './cases/protocol';
import * as A from '../../common/assist/schema';
import * as R from '../../common/assist/reports';
import { EnrolCode, EnrolCodeRequest, HallDevice, RevokeRequest } from '../../common/hall-devices';
import * as RF from './reference/protocol';
import * as F from './files/protocol';

export interface RouteDef<Pa extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, A extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  /** Fastify syntax: `/tickets/:id`. */
  path: string;
  params?: Pa;
  query?: Q;
  body?: B;
  answer: A;
  /** Also a page: a browser (Accept: text/html) gets the answer rendered as HTML (server.ts `pages`). */
  html?: true;
  /** Body cap in bytes when the route needs more than the hub's default (HubLimits.bodyBytes). */
  bodyLimit?: number;
  /** A route with its own, tighter per-client rate (ticket issue). */
  rate?: 'issue' | 'enrol' | 'rating';
  /**
   * Who may call it (server.ts checks it before the handler runs; trust/access.ts reads it):
   * 'public' for anyone who reaches the hub, else the device roles allowed, where the counter the
   * call acts on is named (a workstation acts on its own counters only) and whether a supervisor's
   * staff identity must be forwarded with it.
   */
  access: Access;
}

export type Access =
  | 'public'
  | {
      roles: readonly DeviceRole[];
      /** Where the counter acted on is named: the path's `:number`, the body's or the query's `counter`. */
      counter?: 'path' | 'body' | 'query';
      /** Only with a supervisor's staff assertion the hub issued to this device (trust/staff.ts). */
      supervisor?: true;
    };

const route = <Pa extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, A extends z.ZodType = z.ZodType>(r: RouteDef<Pa, Q, B, A>) => r;

/**
 * Path numbers arrive as text: only canonical positive integers are read (`/counters/3x/pause`,
 * `/counters/03/pause`, `/counters/1e3/pause` are refused, not coerced to a number).
 */
const int = (digits: number) => z.string().regex(new RegExp(`^[1-9]\\d{0,${digits - 1}}$`), '应为正整数').transform(Number);
const IdParam = z.strictObject({ id: int(12) });
const CounterParam = z.strictObject({ number: int(4) });
const DayQuery = z.strictObject({ day: P.Day.optional() });
/** `status=waiting,called`. */
const TicketQuery = DayQuery.extend({
  status: z.string().max(100).transform((s, ctx) => {
    const r = z.array(P.TicketStatus).safeParse(s.split(','));
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: `未知的状态（${s}）` });
      return z.NEVER;
    }
    return r.data;
  }).optional(),
});
/** `counters=3,4&supervisor=1`: the resync after a missed push. */
const ViewsQuery = z.strictObject({
  counters: z.string().max(2500).regex(/^(\d+(,\d+)*)?$/, '窗口号列表格式应为 3,4').transform((s) => (s ? s.split(',').map(Number) : [])).optional(),
  supervisor: z.enum(['0', '1']).transform((s) => s === '1').optional(),
});
const Empty = z.strictObject({}).optional();
export const HallAnswer = P.HallConfig.omit({ counters: true }).extend({
  counters: z.array(P.CounterState),
  /** The public listener's base URL for the slip QR (follow/public.ts); null/absent: the hub's own URL. */
  followBase: z.string().nullable().optional(),
});
export const ClockRequest = z.strictObject({ advanceMinutes: z.number().min(0).max(7 * 24 * 60) });

const WS = { roles: ['workstation'] } as const;
const PATH = { roles: ['workstation'], counter: 'path' } as const;
const BODY = { roles: ['workstation'], counter: 'body' } as const;
const SUPERVISOR = { roles: ['workstation'], supervisor: true } as const;

export const hubRoutes = {
  health: route({ method: 'GET', path: '/health', answer: P.Health, access: 'public' }),
  hall: route({ method: 'GET', path: '/hall', answer: HallAnswer, access: { roles: ['workstation', 'kiosk', 'display'] } }),

  tickets: route({ method: 'GET', path: '/tickets', query: TicketQuery, answer: z.array(P.Ticket), access: { roles: ['workstation', 'kiosk'] } }),
  ticket: route({ method: 'GET', path: '/tickets/:id', params: IdParam, answer: P.Ticket, access: WS }),
  issue: route({ method: 'POST', path: '/tickets', body: P.IssueTicketRequest, answer: P.Ticket, rate: 'issue', access: { roles: ['workstation', 'kiosk'] } }),
  /** The holder of a walk-in ticket read at the kiosk: only to the counter that is serving it. */
  holder: route({ method: 'GET', path: '/tickets/:id/holder', params: IdParam, query: z.strictObject({ counter: int(4) }), answer: P.TicketHolder, access: { roles: ['workstation'], counter: 'query' } }),
  callTicket: route({ method: 'POST', path: '/tickets/:id/call', params: IdParam, body: P.CallTicketRequest, answer: P.CallResult, access: BODY }),
  recall: route({ method: 'POST', path: '/tickets/:id/recall', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  noShow: route({ method: 'POST', path: '/tickets/:id/no-show', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  start: route({ method: 'POST', path: '/tickets/:id/start', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  finish: route({ method: 'POST', path: '/tickets/:id/finish', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  park: route({ method: 'POST', path: '/tickets/:id/park', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  resume: route({ method: 'POST', path: '/tickets/:id/resume', params: IdParam, body: P.CounterRef, answer: P.Ticket, access: BODY }),
  transfer: route({ method: 'POST', path: '/tickets/:id/transfer', params: IdParam, body: P.TransferRequest, answer: P.Ticket, access: BODY }),
  moveUp: route({ method: 'POST', path: '/tickets/:id/move-up', params: IdParam, body: P.MoveUpRequest, answer: P.Ticket, access: SUPERVISOR }),
  callRequest: route({ method: 'GET', path: '/calls/:requestId', params: z.strictObject({ requestId: P.RequestId }), answer: P.CallRequestResult, access: WS }),

  counters: route({ method: 'GET', path: '/counters', answer: z.array(P.CounterState), access: WS }),
  callNext: route({ method: 'POST', path: '/counters/:number/call-next', params: CounterParam, body: P.CallNextRequest, answer: P.CallResult, access: PATH }),
  pause: route({ method: 'POST', path: '/counters/:number/pause', params: CounterParam, body: Empty, answer: P.CounterState, access: PATH }),
  resumeCounter: route({ method: 'POST', path: '/counters/:number/resume', params: CounterParam, body: Empty, answer: P.CounterState, access: PATH }),
  heartbeat: route({ method: 'POST', path: '/counters/:number/heartbeat', params: CounterParam, body: Empty, answer: P.CounterState, access: PATH }),
  setSkills: route({ method: 'PUT', path: '/counters/:number/skills', params: CounterParam, body: P.SkillsRequest, answer: P.CounterState, access: SUPERVISOR }),

  appointments: route({ method: 'GET', path: '/appointments', query: DayQuery, answer: z.array(P.Appointment), access: WS }),
  /** Today's ID matching key (match-hash.ts): a workstation matches a typed or read ID number against its offline copy. */
  matchKey: route({ method: 'GET', path: '/appointments/match-key', answer: z.object({ day: P.Day, key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) }), access: WS }),
  slots: route({ method: 'GET', path: '/appointments/slots', query: DayQuery, answer: z.array(P.SlotUsage), access: WS }),
  importAppointments: route({ method: 'POST', path: '/appointments/import', body: P.ImportAppointmentsRequest, bodyLimit: 4 * 1024 * 1024, answer: z.object({ inserted: z.number(), unchanged: z.number() }), access: SUPERVISOR }),
  checkIn: route({ method: 'POST', path: '/appointments/check-in', body: P.CheckInRequest, answer: P.CheckInResult, access: { roles: ['workstation', 'kiosk'] } }),
  /** The day's bookings changed after the hub's cursor (issue 11, changes.ts): the workstation's offline check-in list. */
  appointmentChanges: route({ method: 'GET', path: '/appointments/changes', query: P.AppointmentPullQuery, answer: P.AppointmentPull, access: WS }),
  /** The hall's configuration, only when its version moved past the cursor (else `unchanged`). */
  hallChanges: route({ method: 'GET', path: '/hall/changes', query: P.HallPullQuery, answer: P.HallPull, access: { roles: ['workstation', 'kiosk'] } }),
  sweepNoShows: route({ method: 'POST', path: '/appointments/sweep-no-shows', body: Empty, answer: z.object({ marked: z.number().int() }), access: SUPERVISOR }),

  reconcile: route({ method: 'POST', path: '/offline/reconcile', body: P.ReconcileRequest, bodyLimit: 1024 * 1024, answer: z.array(P.OfflineOpResult), access: BODY }),
  supervisor: route({ method: 'GET', path: '/supervisor', answer: P.SupervisorSnapshot, access: SUPERVISOR }),
  views: route({ method: 'GET', path: '/views', query: ViewsQuery, answer: P.ViewsFrame, access: WS }),
  auditAnchor: route({ method: 'POST', path: '/audit/anchors', body: AuditAnchorRequest, answer: AuditAnchor, access: WS }),
  auditAnchorLatest: route({ method: 'GET', path: '/audit/anchors/:workstation', params: z.object({ workstation: WorkstationId }), answer: AuditAnchor.nullable(), access: WS }),
  /** 日动态 / 月动态 of the hall (supervisors): a closed day as kept at its close, today live. */
  reportDaily: route({ method: 'GET', path: '/reports/daily', query: z.strictObject({ day: ReportDay }), answer: DailyReport, access: SUPERVISOR }),
  reportMonthly: route({ method: 'GET', path: '/reports/monthly', query: z.strictObject({ month: ReportMonth }), answer: MonthlyReport, access: SUPERVISOR }),
  /** 办结即归档: a workstation's archive package (archive-protocol.ts), idempotent on the case number. */
  archiveReceive: route({ method: 'POST', path: '/archive/:caseNumber', params: z.strictObject({ caseNumber: ArchiveCaseNumber }), body: ArchiveRequest, bodyLimit: ARCHIVE_BODY_LIMIT, answer: ArchiveReceipt, access: WS }),
  /** Public and read-only: the slip's QR opens it on a phone (no personal data, see follow/status.ts). */
  follow: route({ method: 'GET', path: '/follow/:code', params: z.object({ code: z.string().max(64) }), answer: FollowStatus, html: true, access: 'public' }),
  /** Only with startHub({ testClock: true }); the route does not exist otherwise. */
  /** The hall CA, for a device about to enrol (it checks the fingerprint against its code). */
  trustCa: route({ method: 'GET', path: '/trust/ca', answer: z.object({ caPem: z.string(), fingerprint: z.string() }), access: 'public' }),
  /** A one-time code and the device's certificate request → its certificate (rate-limited hard). */
  trustEnrol: route({ method: 'POST', path: '/trust/enrol', body: z.strictObject({ code: z.string().max(40), csr: z.string().max(8000), role: z.enum(DEVICE_ROLES).optional() }), answer: z.object({ certPem: z.string(), caPem: z.string() }), rate: 'enrol', access: 'public' }),
  /** The hall's devices, managed by a hub-verified supervisor or administrator at a workstation (设置 → 大厅设备). */
  hallDevices: route({ method: 'GET', path: '/trust/devices', answer: z.array(HallDevice), access: SUPERVISOR }),
  hallDevicesCode: route({ method: 'POST', path: '/trust/codes', body: EnrolCodeRequest, answer: EnrolCode, access: SUPERVISOR }),
  hallDevicesRevoke: route({ method: 'POST', path: '/trust/devices/:id/revoke', params: z.strictObject({ id: z.string().regex(/^(workstation|kiosk|display)-[0-9a-z]{8}$/, '设备编号格式不正确') }), body: RevokeRequest, answer: HallDevice, access: SUPERVISOR }),
  /** A supervisor signing in at a workstation: the hub checks the password it holds and answers an assertion bound to this device (trust/staff.ts). */
  staffAssert: route({ method: 'POST', path: '/staff/assertions', body: z.strictObject({ staffNo: z.string().min(1).max(32), password: z.string().min(1).max(200) }), answer: P.StaffAssertion, rate: 'enrol', access: WS }),
  /** The assertion (STAFF_ASSERTION_HEADER) renewed while its session is open. */
  /** A supervisor changed their password at a workstation: the hub checks the current one it holds and keeps the new one (no `staff-add` again). */
  staffPassword: route({ method: 'POST', path: '/staff/password', body: z.strictObject({ staffNo: z.string().min(1).max(32), current: z.string().min(1).max(200), next: z.string().min(8).max(200) }), answer: z.object({ changed: z.literal(true) }), rate: 'enrol', access: WS }),
  staffRenew: route({ method: 'POST', path: '/staff/assertions/renew', body: Empty, answer: z.object({ expiresAt: z.number() }), access: WS }),
  /** Logout: the assertion (STAFF_ASSERTION_HEADER) ended at once. */
  staffEnd: route({ method: 'POST', path: '/staff/assertions/end', body: Empty, answer: z.object({ ended: z.boolean() }), access: WS }),
  /** A hall TV (a browser, no certificate) redeems a `display` code; the answer sets its HttpOnly device cookie (server.ts). */
  displayEnrol: route({ method: 'POST', path: '/display/enrol', body: z.strictObject({ code: z.string().max(40) }), answer: z.object({ deviceId: z.string(), name: z.string() }), rate: 'enrol', access: 'public' }),
  /** 好差评: a workstation's rating snapshot (its own counter's), once per idempotency key; kept for hall-wide figures. */
  putRating: route({
    method: 'POST', path: '/ratings',
    body: z.strictObject({ counter: z.number().int().min(1).max(9999), idempotencyKey: z.string().uuid(), rating: RatingSnapshot }),
    answer: z.object({ ratingId: z.string(), revision: z.number().int(), replayed: z.boolean() }),
    access: BODY,
  }),
  /** A finished service offered for the later rating by QR (the code's hash only). */
  offerRating: route({
    method: 'POST', path: '/rating-offers', body: z.strictObject({ counter: z.number().int().min(1).max(9999), offer: RatingOffer }),
    answer: z.object({ accepted: z.literal(true) }), access: BODY,
  }),
  /** Public, no login (also on the public listener): the citizen screen's QR opens it on a phone; one rating per service, within the period. */
  ratePage: route({ method: 'GET', path: '/rate/:code', params: RateCodeParam, answer: RatePageInfo, html: true, rate: 'rating', access: 'public' }),
  rateLater: route({ method: 'POST', path: '/rate/:code', params: RateCodeParam, body: LaterRatingBody, answer: z.object({ done: z.literal(true) }), rate: 'rating', access: 'public' }),
  /** A counter's later ratings after its cursor (the workstation records them with their own times). */
  laterRatings: route({
    method: 'GET', path: '/rating-answers', query: z.strictObject({ counter: int(4), after: z.string().regex(/^(0|[1-9]\d{0,11})$/, '应为非负整数').transform(Number).optional() }),
    answer: z.array(LaterAnswer), access: { roles: ['workstation'], counter: 'query' },
  }),
  /** Case sync (issue 11, cases/protocol.ts): a workstation pushes each case's steps; any counter finds any case of the hall. */
  caseIngest: route({ method: 'POST', path: C.CASE_INGEST_PATH, body: C.IngestRequest, bodyLimit: 8 * 1024 * 1024, answer: C.IngestAnswer, access: WS }),
  caseSearch: route({ method: 'GET', path: '/cases', query: C.CaseSearchQuery, answer: z.array(C.HallCase), access: WS }),
  casePull: route({ method: 'GET', path: '/cases/changes', query: C.CasePullQuery, answer: C.CasePull, access: WS }),
  caseOpen: route({ method: 'GET', path: '/cases/open', query: z.strictObject({ workstation: z.string().min(1).max(80) }), answer: z.array(C.HallCaseFull), access: WS }),
  caseQuality: route({ method: 'GET', path: '/cases/quality', answer: C.CaseQuality, access: SUPERVISOR }),
  caseGet: route({ method: 'GET', path: '/cases/:id', params: z.strictObject({ id: z.string().min(1).max(80) }), answer: C.HallCaseFull, access: WS }),
  /** A case's scanned materials (files/): a workstation uploads each attachment once (the hub recomputes the digest); a workstation of the hall fetches it back (audited). */
  caseFilePut: route({ method: 'PUT', path: '/cases/:id/files/:digest', params: F.CaseFileParams, body: F.CaseFilePut, bodyLimit: F.CASE_FILE_BODY_LIMIT, answer: F.CaseFileReceipt, access: WS }),
  caseFileGet: route({ method: 'GET', path: '/cases/:id/files/:digest', params: F.CaseFileParams, answer: F.CaseFileBody, access: WS }),
  syncBacklog: route({ method: 'POST', path: '/sync/backlog', body: C.BacklogReport, answer: z.object({ ok: z.literal(true) }), access: WS }),
  // Assistance (帮办) and 办不成事 reports: common/assist, main/hub/assist.
  assistRequest: route({ method: 'POST', path: '/assist/requests', body: A.HelpRequest, answer: A.AssistRecord, access: BODY }),
  assistCancel: route({ method: 'POST', path: '/assist/requests/:id/cancel', params: IdParam, body: P.CounterRef, answer: A.AssistRecord, access: BODY }),
  assistAccept: route({ method: 'POST', path: '/assist/requests/:id/accept', params: IdParam, body: A.AcceptRequest, answer: A.AssistRecord, access: WS }),
  assistArrive: route({ method: 'POST', path: '/assist/requests/:id/arrive', params: IdParam, body: A.ArriveRequest, answer: A.AssistRecord, access: WS }),
  assistClose: route({ method: 'POST', path: '/assist/requests/:id/close', params: IdParam, body: A.CloseRequest, answer: A.AssistRecord, access: WS }),
  assistWalkUp: route({ method: 'POST', path: '/assist/walk-ups', body: A.WalkUpRequest, answer: A.AssistRecord, access: WS }),
  assistLive: route({ method: 'GET', path: '/assist/live', answer: z.array(A.AssistRecord), access: WS }),
  assistLedger: route({ method: 'GET', path: '/assist/ledger', query: A.LedgerQuery, answer: z.array(A.AssistRecord), access: WS }),
  assistSettings: route({ method: 'GET', path: '/assist/settings', answer: z.object({ assist: A.AssistSettings, reports: R.ReportSettings }), access: WS }),
  assistSetSettings: route({ method: 'PUT', path: '/assist/settings', body: z.strictObject({ assist: A.AssistSettings, reports: R.ReportSettings }), answer: z.object({ assist: A.AssistSettings, reports: R.ReportSettings }), access: SUPERVISOR }),
  reportTake: route({ method: 'POST', path: '/unresolved', body: R.TakeReportRequest, answer: R.UnresolvedReport, access: WS }),
  reportAdvance: route({ method: 'POST', path: '/unresolved/:id/advance', params: IdParam, body: R.AdvanceReportRequest, answer: R.UnresolvedReport, access: WS }),
  /** A supervisor moves or assigns a report they do not own. */
  reportSupervise: route({ method: 'POST', path: '/unresolved/:id/supervise', params: IdParam, body: R.AdvanceReportRequest, answer: R.UnresolvedReport, access: SUPERVISOR }),
  reports: route({ method: 'GET', path: '/unresolved', answer: z.array(R.UnresolvedReport), access: WS }),
  /** The hall's catalog versions and holiday calendar (issue 11, reference/): workstations pull them with the hub's cursor; a supervisor publishes. */
  referencePull: route({ method: 'GET', path: '/reference/changes', query: RF.ReferencePullQuery, answer: RF.ReferencePull, access: WS }),
  referenceCatalogPublish: route({ method: 'POST', path: '/reference/catalogs', body: RF.PublishCatalogRequest, bodyLimit: RF.REFERENCE_BODY_LIMIT, answer: RF.Publication, access: SUPERVISOR }),
  referenceCalendarPublish: route({ method: 'POST', path: '/reference/calendar', body: RF.PublishCalendarRequest, bodyLimit: RF.REFERENCE_BODY_LIMIT, answer: RF.Publication, access: SUPERVISOR }),
  testClock: route({ method: 'POST', path: '/test/clock', body: ClockRequest, answer: z.object({ now: z.number(), day: z.string() }), access: WS }),
} as const;

export type HubRoutes = typeof hubRoutes;
export type RouteName = keyof HubRoutes;
type SchemaOf<R, K extends string> = R extends { [P in K]?: infer S } ? NonNullable<S> : never;
type Part<R, K extends 'params' | 'query' | 'body', F extends 'in' | 'out'> =
  SchemaOf<R, K> extends z.ZodUndefined ? undefined : SchemaOf<R, K> extends z.ZodType ? (F extends 'in' ? z.input<SchemaOf<R, K>> : z.output<SchemaOf<R, K>>) : undefined;

/** What a handler receives: params, query and body after validation. */
export type RouteInput<N extends RouteName> = {
  params: Part<HubRoutes[N], 'params', 'out'>; query: Part<HubRoutes[N], 'query', 'out'>; body: Part<HubRoutes[N], 'body', 'out'>;
  /** The enrolled device calling (null on a hub without device authentication). */
  device?: DeviceRecord | null;
};
type Wire<T> = T extends object ? { [K in keyof T]: string | number } : undefined;
/** What a client sends (before validation: the wire's shapes; path params may be numbers). */
export type RouteRequest<N extends RouteName> = { params?: Wire<Part<HubRoutes[N], 'params', 'out'>>; query?: Part<HubRoutes[N], 'query', 'in'>; body?: Part<HubRoutes[N], 'body', 'in'> };
export type RouteAnswer<N extends RouteName> = z.output<HubRoutes[N]['answer']>;
/** The server's side of the table: one handler per route (the compiler refuses a missing one). */
export type RouteHandlers = { [N in RouteName]: (input: RouteInput<N>, ctx: HandlerContext) => Promise<z.input<HubRoutes[N]['answer']>> | z.input<HubRoutes[N]['answer']> };
/** What a handler may do to its answer besides its value (a TV's enrolment sets its cookie). */
export interface HandlerContext {
  setCookie(value: string): void;
  /** The enrolled device calling (null on a hub without device authentication, or a public route). */
  device: DeviceRecord | null;
  /** The staff assertion the call carries (STAFF_ASSERTION_HEADER). */
  assertion: string | undefined;
}

/** Fills a path's `:name` segments (encoded). */
export function pathOf(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, k: string) => encodeURIComponent(String(params?.[k] ?? '')));
}
