import type { SessionInfo } from '../../../preload/contract/session';
import type { SessionRecord, StaffRecord } from '../../core/staff/service';
import type { ConnectionSession, HandlerContext } from '../context';
import type { HandlerMap } from './types';

function info(ctx: HandlerContext, s: ConnectionSession): SessionInfo {
  const counter = s.counterId ? ctx.ws.hall.counter(s.counterId) ?? null : null;
  return { staff: s.staff, counter, startedAt: s.startedAt };
}

function attach(ctx: HandlerContext, token: string, session: SessionRecord, staff: StaffRecord): ConnectionSession {
  ctx.conn.session = {
    id: session.id,
    token,
    staff: { id: staff.id, staffNo: staff.staffNo, name: staff.name, role: staff.role },
    counterId: session.counterId,
    startedAt: session.createdAt,
  };
  return ctx.conn.session;
}

export const sessionHandlers: HandlerMap<'session.login' | 'session.resume' | 'session.logout' | 'session.current'> = {
  async 'session.login'({ staffNo, password, counterId }, ctx) {
    const { token, session, staff } = await ctx.ws.staff.login(staffNo, password, counterId);
    return { ...info(ctx, attach(ctx, token, session, staff)), token };
  },
  'session.resume'({ token }, ctx) {
    const found = ctx.ws.staff.resume(token);
    if (!found) return null;
    return info(ctx, attach(ctx, token, found.session, found.staff));
  },
  'session.logout'(_input, ctx) {
    const s = ctx.conn.session!;
    ctx.ws.staff.logout(s.id, s.staff, s.counterId);
    ctx.conn.session = null;
    return { done: true as const };
  },
  'session.current'(_input, ctx) {
    return ctx.conn.session ? info(ctx, ctx.conn.session) : null;
  },
};
