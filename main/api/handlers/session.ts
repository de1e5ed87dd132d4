import type { SessionInfo } from '../../../preload/contract/session';
import type { SessionRecord, StaffRecord, StaffService } from '../../core/staff/service';
import type { EventBus } from '../../core/events';
import { sessionOf, type Connection, type ConnectionSession } from '../context';
import type { CitizenDisplay } from '../../core/citizen';
import type { HallLookup } from '../domains/deps';
import type { HandlerMap } from './types';
import type { HubStaffAssertions } from '../domains/hub-staff';

/** What signing in and out reaches: staff accounts and their sessions, the counters, the citizen screens it greets, and the bus that tells a replaced session. */
export interface SessionContext {
  conn: Connection;
  staff: StaffService;
  hall: HallLookup;
  citizen: Pick<CitizenDisplay, 'setClerk'>;
  bus: Pick<EventBus, 'emitToSession'>;
  /** A supervisor's sign-in, unlock and logout told to the hub, which verifies them itself. */
  hubStaff: Pick<HubStaffAssertions, 'signedIn' | 'ended' | 'passwordChanged'>;
}

function info(ctx: SessionContext, s: ConnectionSession): SessionInfo {
  const counter = s.counterId ? ctx.hall.counter(s.counterId) ?? null : null;
  const state = ctx.staff.sessions.state(s.id);
  return { staff: s.staff, counter, startedAt: s.startedAt, locked: state === 'locked', mustChangePassword: state === 'must-change', idleMinutes: ctx.staff.sessionPolicy().idleMinutes };
}

function attach(ctx: SessionContext, token: string, session: SessionRecord, staff: StaffRecord): ConnectionSession {
  ctx.conn.session = {
    id: session.id,
    token,
    staff: { id: staff.id, staffNo: staff.staffNo, name: staff.name, role: staff.role },
    counterId: session.counterId,
    startedAt: session.createdAt,
  };
  return ctx.conn.session;
}

/**
 * The citizen screen never keeps the previous applicant's data across a change of clerk: a login
 * at a counter greets with the clerk's name, a logout returns it to the plain welcome.
 */
function greet(ctx: SessionContext, counterId: string | null, clerk: { name: string; staffNo: string } | null): void {
  if (counterId) ctx.citizen.setClerk(counterId, clerk);
}

type SessionCall = 'session.login' | 'session.resume' | 'session.logout' | 'session.current' | 'session.lock' | 'session.unlock' | 'session.activity' | 'session.changePassword';

export const sessionHandlers: HandlerMap<SessionCall, SessionContext> = {
  async 'session.login'({ staffNo, password, counterId, takeOver }, ctx) {
    ctx.staff.attempts.take(ctx.conn.id);
    const { token, session, staff, replaced } = await ctx.staff.login(staffNo, password, counterId, takeOver === true);
    for (const r of replaced) ctx.bus.emitToSession('session.ended', { reason: 'replaced', by: staff.name }, r.sessionId);
    for (const r of replaced) ctx.hubStaff.ended(r.sessionId);
    const attached = attach(ctx, token, session, staff);
    await ctx.hubStaff.signedIn(session.id, staff, password);
    greet(ctx, attached.counterId, { name: staff.name, staffNo: staff.staffNo });
    return { ...info(ctx, attached), token };
  },
  'session.resume'({ token }, ctx) {
    const found = ctx.staff.resume(token);
    if (!found) return null;
    return info(ctx, attach(ctx, token, found.session, found.staff));
  },
  'session.logout'(_input, ctx) {
    const s = sessionOf(ctx);
    ctx.staff.logout(s.id, s.staff, s.counterId);
    ctx.hubStaff.ended(s.id);
    ctx.conn.session = null;
    greet(ctx, s.counterId, null);
    return { done: true as const };
  },
  'session.current'(_input, ctx) {
    return ctx.conn.session ? info(ctx, ctx.conn.session) : null;
  },
  'session.lock'(_input, ctx) {
    ctx.staff.sessions.lock(sessionOf(ctx).id, 'manual');
    return { done: true as const };
  },
  async 'session.unlock'({ password }, ctx) {
    const s = sessionOf(ctx);
    ctx.staff.attempts.take(ctx.conn.id);
    try {
      await ctx.staff.unlockSession(s.id, password);
    } catch (e) {
      // Too many wrong passwords locked the account and ended this session.
      if (ctx.staff.sessions.state(s.id) === 'ended') ctx.conn.session = null;
      throw e;
    }
    // The hub's assertion may have lapsed while the screen was locked: the password renews it.
    await ctx.hubStaff.signedIn(s.id, s.staff, password);
    return { done: true as const };
  },
  'session.activity'() {
    // dispatch has already counted the call as activity.
    return { done: true as const };
  },
  async 'session.changePassword'({ current, next }, ctx) {
    ctx.staff.attempts.take(ctx.conn.id);
    const s = sessionOf(ctx);
    await ctx.staff.changePassword(s.id, current, next);
    // The hub that verifies supervisors keeps their password too (trust/staff.ts).
    await ctx.hubStaff.passwordChanged(s.id, s.staff, current, next);
    return { done: true as const };
  },
};
