import { describe, expect, it } from 'vitest';
import { classifyBarcode } from '../../../common/barcode/classify';
import { DEMO_HALL } from '../../../common/demo-hall';
import { DeskError, ERROR_CODES, errorMessage } from '../../../common/errors';
import { atHallTime, hallClock, hallDateTime, hallDay } from '../../../common/hall-time';
import { APPOINTMENT_CODE_MAX } from '../../../common/queue/appointment';
import { policyParamsSchema } from '../../../common/queue/params';
import { DEFAULT_POLICY } from '../../../common/queue/types';
import { CheckInRequest, HallConfig } from '../../../main/hub/protocol';
import { demoHall } from '../../../main/hub/config';
import { checkInInputSchema } from '../../../preload/contract/queue';

describe('hall time', () => {
  it('reckons the hall day and clock in UTC+8 whatever the instant', () => {
    const lateEvening = Date.parse('2026-03-01T23:30:00+08:00'); // 15:30 UTC the same date
    const afterMidnight = Date.parse('2026-03-02T00:10:00+08:00'); // 16:10 UTC the day before
    expect(hallDay(lateEvening)).toBe('2026-03-01');
    expect(hallDay(afterMidnight)).toBe('2026-03-02');
    expect(hallDay(new Date(afterMidnight))).toBe('2026-03-02');
    expect(hallClock(afterMidnight)).toBe('00:10');
    expect(hallClock(afterMidnight + 7_000, { seconds: true })).toBe('00:10:07');
    expect(atHallTime('2026-03-02', '00:10')).toBe(afterMidnight);
    expect(hallDateTime(new Date(afterMidnight).toISOString())).toBe('2026-03-02 00:10:00');
  });
});

describe('error registry', () => {
  it('has a Chinese message for every shared code and never leaks an unknown code', () => {
    for (const code of ERROR_CODES) expect(errorMessage(code)).toMatch(/[\u4e00-\u9fff]/);
    expect(errorMessage('NO_SUCH_CODE')).toBe(errorMessage('INTERNAL'));
    expect(errorMessage('toString')).toBe(errorMessage('INTERNAL'));
    const e = new DeskError('FORBIDDEN', errorMessage('FORBIDDEN'));
    expect([e.code, e.message, e.name]).toEqual(['FORBIDDEN', '当前角色无权进行此操作。', 'DeskError']);
  });
});

describe('appointment code', () => {
  const code = (n: number) => 'Y'.repeat(n);
  it('has one length at the hub, in the contract and in the WD-APPT barcode', () => {
    for (const n of [4, APPOINTMENT_CODE_MAX]) {
      expect(CheckInRequest.safeParse({ by: 'code', code: code(n) }).success).toBe(true);
      expect(checkInInputSchema.safeParse({ by: 'code', code: code(n) }).success).toBe(true);
      expect(classifyBarcode(`WD-APPT:${code(n)}`)).toEqual({ kind: 'appointment', code: code(n) });
    }
    for (const n of [3, APPOINTMENT_CODE_MAX + 1]) {
      expect(CheckInRequest.safeParse({ by: 'code', code: code(n) }).success).toBe(false);
      expect(checkInInputSchema.safeParse({ by: 'code', code: code(n) }).success).toBe(false);
      expect(classifyBarcode(`WD-APPT:${code(n)}`).kind).toBe('unknown');
    }
  });
});

describe('queue policy defaults', () => {
  it('are the policy’s own wherever a hall leaves them out', () => {
    expect(policyParamsSchema.parse({})).toEqual(DEFAULT_POLICY);
    const hall = HallConfig.parse({ ...demoHall(), policy: {} });
    expect(hall.policy).toEqual(DEFAULT_POLICY);
    expect(policyParamsSchema.parse({ walkinCapMinutes: 90 })).toEqual({ ...DEFAULT_POLICY, walkinCapMinutes: 90 });
  });
});

describe('demo hall', () => {
  it('is what the hub configures', () => {
    const hub = demoHall();
    expect(hub.name).toBe(DEMO_HALL.name);
    expect(hub.counters.map((c) => [c.number, c.name, c.dedicationLabel])).toEqual(DEMO_HALL.counters.map((c) => [c.number, c.name, c.dedicationLabel]));
    expect(hub.streams.map((s) => s.id)).toEqual(DEMO_HALL.streams.map((s) => s.id));
  });
});
