import type { HelperCapacity } from '../../../common/assist/schema';
import type { AuditLog } from '../../core/audit';
import type { AuditAnchors } from '../../core/audit/anchor';
import type { SettingsStore } from '../../core/settings';
import type { StaffService } from '../../core/staff/service';
import type { WorkstationEnrolment } from '../../core/trust/workstation-enrolment';
import type { Connection } from '../context';
import type { HandlerMap } from './types';

export interface AdminContext {
  conn: Connection;
  audit: AuditLog;
  auditAnchors: AuditAnchors;
  staff: StaffService;
  settings: SettingsStore;
  hubEnrolment: WorkstationEnrolment;
  /** Who a staff member helps as (core/assist: stored, else by role). */
  capacityOf(staff: { id: string; staffNo: string; name: string; role: string }): HelperCapacity;
}

export const adminHandlers: HandlerMap<'audit.recent' | 'audit.verify' | 'staff.list' | 'staff.unlock' | 'settings.get' | 'settings.set' | 'hub.enrolment' | 'hub.enrol', AdminContext> = {
  'hub.enrolment'(_input, ctx) {
    return ctx.hubEnrolment.status();
  },
  'hub.enrol'({ hubUrl, code }, ctx) {
    return ctx.hubEnrolment.enrol(hubUrl, code);
  },
  'audit.recent'({ limit, action }, ctx) {
    return ctx.audit.recent(limit, action).map(({ prevHash: _p, hash: _h, source: _s, ...row }) => row);
  },
  'audit.verify'(_input, ctx) {
    return ctx.auditAnchors.verify();
  },
  'staff.list'(_input, ctx) {
    return ctx.staff.list().map((s) => ({ id: s.id, staffNo: s.staffNo, name: s.name, role: s.role, locked: ctx.staff.isLocked(s), active: s.active, assistCapacity: ctx.capacityOf(s) }));
  },
  'staff.unlock'({ staffId }, ctx) {
    ctx.staff.unlock(staffId);
    return { done: true as const };
  },
  'settings.get'(_input, ctx) {
    return ctx.settings.all();
  },
  'settings.set'({ key, value }, ctx) {
    ctx.settings.set(key, value as never);
    return { done: true as const };
  },
};
