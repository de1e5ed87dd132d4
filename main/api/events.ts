import { events } from '../../preload/contract';
import type { Connection } from './context';
import type { Delivery } from '../core/events';

/** Applies an event's scope to one connection: the single place that decides who hears what. */
export function shouldDeliver(d: Delivery, conn: Connection): boolean {
  const scope = events[d.name].scope;
  switch (scope) {
    case 'public':
      return true;
    case 'all-staff':
      return conn.session !== null;
    case 'supervisors':
      return conn.session !== null && (conn.session.staff.role === 'supervisor' || conn.session.staff.role === 'admin');
    case 'counter-staff':
      return d.counterId !== undefined && conn.session?.counterId === d.counterId;
    case 'counter':
      return d.counterId !== undefined && (conn.citizenCounterId === d.counterId || conn.session?.counterId === d.counterId);
    case 'session':
      return d.sessionId !== undefined && conn.session?.id === d.sessionId;
  }
}
