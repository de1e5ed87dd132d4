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

export const DEMO_HALL_NAME = '上海市松江区行政服务中心（演示）';

// Mirrors the hub's demo hall (main/hub/config.ts) so counter numbers agree on both sides.
const DEMO_COUNTERS: ReadonlyArray<{ number: number; name: string; dedication: string | null }> = [
  ...Array.from({ length: 8 }, (_, i) => ({ number: i + 1, name: `${i + 1}号综合窗口`, dedication: null })),
  { number: 9, name: '9号长三角专窗', dedication: '长三角专窗' },
  { number: 10, name: '10号企业专窗', dedication: '企业专窗' },
  { number: 11, name: '11号帮办台', dedication: '帮办' },
  { number: 12, name: '12号综合窗口', dedication: null },
];

/** Seeds a demo hall once; a database that already has a hall is left as it is. */
export async function seedDemo(hall: HallService, staff: StaffService): Promise<boolean> {
  if (hall.hall()) return false;
  const h = hall.createHall(DEMO_HALL_NAME, '松江区');
  for (const c of DEMO_COUNTERS) hall.addCounter(h.id, c.number, c.name, c.dedication);
  for (const s of DEMO_STAFF) await staff.create(s);
  return true;
}
