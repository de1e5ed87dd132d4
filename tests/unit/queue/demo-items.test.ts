import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoHall } from '../../../main/hub/config';
import { DEMO_BOOKED_ITEMS, demoAppointments } from '../../../main/hub/demo';

const catalog = JSON.parse(readFileSync(join(__dirname, '../../../resources/catalog/demo-catalog.json'), 'utf8')) as { items: { code: string; name: string; scenarios: unknown[] }[] };
const byCode = new Map(catalog.items.map((i) => [i.code, i]));

describe('demo bookings and the demo catalog', () => {
  it('every item a demo booking can carry is an item of the demo catalog, under the same name', () => {
    for (const [code, name] of DEMO_BOOKED_ITEMS) {
      expect(byCode.get(code)?.name, code).toBe(name);
      expect(byCode.get(code)!.scenarios.length, code).toBeGreaterThan(0);
    }
  });

  it("a week of demo bookings only books items that open in 受理", () => {
    const hall = demoHall();
    let n = 0;
    for (const day of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']) {
      for (const a of demoAppointments(hall, day)) {
        n++;
        expect(a.itemCode, a.code).not.toBeNull();
        expect(byCode.get(a.itemCode!)?.name, a.code).toBe(a.itemName);
      }
    }
    expect(n).toBeGreaterThan(50);
  });
});
