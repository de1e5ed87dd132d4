import type { SessionInfo } from '../../../preload/contract/session';
import type { SessionRecord, StaffRecord, StaffService } from '../../core/staff/service';
import type { Connection, ConnectionSession } from '../context';
import type { CitizenDisplay } from '../../core/citizen';
import type { HallLookup } from '../domains/deps';
import type { HandlerMap } from './types';

/** What signing in and out reaches: staff accounts, the counters, the citizen screens it greets. */
export interface SessionContext {
  conn: Connection;
  staff: StaffService;
  hall: HallLookup;
  citizen: Pick<CitizenDisplay, 'setClerk'>;
}

function info(ctx: SessionContext, s: ConnectionSession): SessionInfo {
  const counter = s.counterId ? ctx.hall.counter(s.counterId) ?? null : null;
  return { staff: s.staff, counter, startedAt: s.startedAt };
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

export const sessionHandlers: HandlerMap<'session.login' | 'session.resume' | 'session.logout' | 'session.current', SessionContext> = {
  async 'session.login'({ staffNo, password, counterId }, ctx) {
    const { token, session, staff } = await ctx.staff.login(staffNo, password, counterId);
    const attached = attach(ctx, token, session, staff);
    greet(ctx, attached.counterId, { name: staff.name, staffNo: staff.staffNo });
    return { ...info(ctx, attached), token };
  },
  'session.resume'({ token }, ctx) {
    const found = ctx.staff.resume(token);
    if (!found) return null;
    return info(ctx, attach(ctx, token, found.session, found.staff));
  },
  'session.logout'(_input, ctx) {
    const s = ctx.conn.session!;
    ctx.staff.logout(s.id, s.staff, s.counterId);
    ctx.conn.session = null;
    greet(ctx, s.counterId, null);
    return { done: true as const };
  },
  'session.current'(_input, ctx) {
    return ctx.conn.session ? info(ctx, ctx.conn.session) : null;
  },
};
