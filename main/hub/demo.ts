/**
 * A realistic, SIMULATED day of bookings for demos and tests: fake names, ID numbers with a valid
 * GB 11643 check digit, phone numbers in the 13x range, items of the demo catalog.
 * Nothing here is real personal data.
 */
import { mod11CheckChar } from '../../common/identity';
import { Rng } from '../core/queue/sim/rng';
import type { HallConfig } from './protocol';
import { atHallTime } from '../../common/hall-time';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '建华', '晓东', '思源', '雨桐'];
/**
 * Items a person books at this hall: each is a real item of the demo catalog
 * (resources/catalog/demo-catalog.json), so a called booking opens in 受理 with its item chosen
 * (tests/unit/queue/demo-items.test.ts keeps the two in step).
 */
export const DEMO_BOOKED_ITEMS: readonly (readonly [string, string])[] = [
  ['GG-JB-0001', '绿化认建认养登记'],
  ['GG-JB-0002', '植物检疫证书真伪查验'],
  ['GG-JB-0003', '电子证照打印及信息查询'],
  ['SLH-XK-0005', '绿地占用和树木迁移砍伐'],
  ['SLH-XK-0008', '临时性户外广告设置的许可'],
  ['SLH-XK-0009', '对公园举办全园性活动的许可'],
];

export interface DemoAppointment {
  id: string;
  code: string;
  idNumber: string;
  name: string;
  phone: string;
  slotStart: number;
  slotEnd: number;
  itemCode: string | null;
  itemName: string | null;
}

/** Fills each slot to about 75% of capacity. Same day + seed → same bookings. */
export function demoAppointments(hall: HallConfig, day: string, seed = 1, fill = 0.75): DemoAppointment[] {
  const rng = new Rng(seed + Number(day.replace(/-/g, '')));
  const { open, close, slotMinutes, capacity } = hall.slots;
  const out: DemoAppointment[] = [];
  let seq = 0;
  for (let s = atHallTime(day, open); s < atHallTime(day, close); s += slotMinutes * 60_000) {
    const n = Math.min(capacity, Math.round(capacity * fill + rng.normal(0, 1)));
    for (let i = 0; i < n; i++) {
      seq++;
      const birth = `19${60 + Math.floor(rng.next() * 40)}${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}${String(1 + Math.floor(rng.next() * 28)).padStart(2, '0')}`;
      const first17 = `310104${birth}${String(Math.floor(rng.next() * 1000)).padStart(3, '0')}`;
      const [itemCode, itemName] = DEMO_BOOKED_ITEMS[Math.floor(rng.next() * DEMO_BOOKED_ITEMS.length)];
      out.push({
        id: `demo-${day}-${seq}`,
        code: `YY${day.replace(/-/g, '')}${String(seq).padStart(4, '0')}`,
        idNumber: first17 + mod11CheckChar(first17),
        name: SURNAMES[Math.floor(rng.next() * SURNAMES.length)] + GIVEN[Math.floor(rng.next() * GIVEN.length)],
        phone: `13${Math.floor(rng.next() * 10)}${String(Math.floor(rng.next() * 1e8)).padStart(8, '0')}`,
        slotStart: s,
        slotEnd: s + slotMinutes * 60_000,
        itemCode,
        itemName,
      });
    }
  }
  return out;
}
