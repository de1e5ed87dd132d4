import { DEMO_HALL } from '../../../common/demo-hall';
import type { Role } from '../../../preload/contract/define';
import type { HallService } from '../hall/service';
import type { StaffService } from '../staff/service';

/** Demo accounts, listed in README.md. Demo data only: a real hall enrols its staff through the admin. */
export const DEMO_STAFF: ReadonlyArray<{ staffNo: string; name: string; role: Role; password: string }> = [
  { staffNo: '1001', name: '王敏', role: 'clerk', password: 'demo1001' },
  { staffNo: '1002', name: '李强', role: 'clerk', password: 'demo1002' },
  { staffNo: '2001', name: '陈静', role: 'assistant', password: 'demo2001' },
  { staffNo: '3001', name: '赵刚', role: 'supervisor', password: 'demo3001' },
  { staffNo: '9001', name: '系统管理员', role: 'admin', password: 'demo9001' },
];

/** Seeds a demo hall once; a database that already has a hall is left as it is. */
export async function seedDemo(hall: HallService, staff: StaffService): Promise<boolean> {
  if (hall.hall()) return false;
  const h = hall.createHall(DEMO_HALL.name, DEMO_HALL.district);
  for (const c of DEMO_HALL.counters) hall.addCounter(h.id, c.number, c.name, c.dedicationLabel);
  for (const s of DEMO_STAFF) await staff.create(s, { policy: 'demo' });
  return true;
}
