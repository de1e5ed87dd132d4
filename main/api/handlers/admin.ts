import type { HandlerMap } from './types';

export const adminHandlers: HandlerMap<'audit.recent' | 'audit.verify' | 'staff.list' | 'staff.unlock' | 'settings.get' | 'settings.set'> = {
  'audit.recent'({ limit, action }, ctx) {
    return ctx.ws.audit.recent(limit, action).map(({ prevHash: _p, hash: _h, ...row }) => row);
  },
  'audit.verify'(_input, ctx) {
    return ctx.ws.audit.verify();
  },
  'staff.list'(_input, ctx) {
    return ctx.ws.staff.list().map((s) => ({ id: s.id, staffNo: s.staffNo, name: s.name, role: s.role, locked: ctx.ws.staff.isLocked(s), active: s.active }));
  },
  'staff.unlock'({ staffId }, ctx) {
    ctx.ws.staff.unlock(staffId);
    return { done: true as const };
  },
  'settings.get'(_input, ctx) {
    return ctx.ws.settings.all();
  },
  'settings.set'({ key, value }, ctx) {
    ctx.ws.settings.set(key, value as never);
    return { done: true as const };
  },
};
