import type { CallName } from '../../../preload/contract';
import { adminHandlers } from './admin';
import { assistHandlers } from './assist';
import { calendarHandlers } from './calendar';
import { citizenHandlers } from './citizen';
import { devicesHandlers } from './devices';
import { intakeHandlers } from './intake';
import { kioskHandlers } from './kiosk';
import { queueHandlers } from './queue';
import { reportsHandlers } from './reports';
import { hallDevicesHandlers } from './hall-devices';
import { ratingHandlers } from './rating';
import { sessionHandlers } from './session';
import { systemHandlers } from './system';
import { syncHandlers } from './sync';
import { bindHandlers, type BoundHandler } from './types';

/**
 * One handler per call in the contract, each bound to its domain's context; the type makes a
 * missing handler a compile error. This is the one place that maps the workstation's services
 * to what each domain's handlers may see.
 */
export const handlers: Record<CallName, BoundHandler> = {
  ...bindHandlers(sessionHandlers, (ws) => ({ staff: ws.staff, hall: ws.hall, citizen: ws.citizen, bus: ws.bus, hubStaff: ws.queue.staffAssertions })),
  ...bindHandlers(systemHandlers, (ws) => ({ app: { version: ws.opts.version, shell: ws.opts.shell, demo: ws.opts.demo }, hall: ws.hall, status: ws.status })),
  ...bindHandlers(adminHandlers, (ws) => ({ audit: ws.audit, auditAnchors: ws.auditAnchors, staff: ws.staff, settings: ws.settings, hubEnrolment: ws.hubEnrolment, capacityOf: (st) => ws.assist.service.capacityOf(st) })),
  ...bindHandlers(citizenHandlers, (ws) => ({ hall: ws.hall, citizen: ws.citizen, intake: ws.intake, openCitizenWindow: ws.opts.shellHooks?.openCitizenWindow })),
  ...bindHandlers(queueHandlers, (ws) => ({ queue: ws.queue, hall: ws.hall, rating: ws.rating })),
  ...bindHandlers(ratingHandlers, (ws) => ({ rating: ws.rating })),
  ...bindHandlers(kioskHandlers, (ws) => ({ queue: ws.queue, devices: ws.devices, kioskCards: ws.kioskCards, hubEnrolment: ws.hubEnrolment })),
  ...bindHandlers(intakeHandlers, (ws) => ({ intake: ws.intake, archive: ws.archive })),
  ...bindHandlers(calendarHandlers, (ws) => ({ intake: ws.intake, dataDir: ws.opts.dataDir })),
  ...bindHandlers(reportsHandlers, (ws) => ({ queue: ws.queue, hallName: () => ws.hall.hall()?.name ?? '大厅' })),
  ...bindHandlers(hallDevicesHandlers, (ws) => ({ queue: ws.queue })),
  ...bindHandlers(syncHandlers, (ws) => ({ sync: ws.sync, db: ws.db, intake: ws.intake })),
  ...bindHandlers(assistHandlers, (ws) => ({ assist: ws.assist, hall: ws.hall, queue: ws.queue, staffIdOf: (no: string) => (ws.db.prepare('SELECT id FROM staff WHERE staff_no = ?').get(no) as { id: string } | undefined)?.id ?? null })),
  ...bindHandlers(devicesHandlers, (ws) => ({ devices: ws.devices, bus: ws.bus, status: ws.status, audit: ws.audit, files: ws.files })),
};
