import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CitizenView } from '../../../preload/contract/citizen';
import { CitizenDisplay, FINISHED_SECONDS } from '../../../main/core/citizen';
import { EventBus } from '../../../main/core/events';
import type { HallService } from '../../../main/core/hall/service';

const hall = {
  hall: () => ({ id: 'h1', name: '上海市松江区行政服务中心（演示）' }),
  counter: (id: string) => (id === 'counter-3' ? { id, number: 3, name: '3号综合窗口' } : undefined),
} as unknown as HallService;

function screen() {
  const bus = new EventBus();
  const shown: CitizenView[] = [];
  bus.subscribe((d) => d.name === 'citizen.view' && shown.push(d.payload as CitizenView));
  return { d: new CitizenDisplay(bus, hall), shown };
}

afterEach(() => vi.useRealTimers());

describe('the citizen screen follows the service', () => {
  it('welcome (hall, clerk) → serving (name and 工号) → finished → welcome after the thank-you', () => {
    vi.useFakeTimers();
    const { d, shown } = screen();
    d.setClerk('counter-3', { name: '王敏', staffNo: '1001' });
    expect(d.current('counter-3')).toEqual({ mode: 'welcome', counterNumber: 3, clerkName: '王敏', hallName: '上海市松江区行政服务中心（演示）' });
    d.show('counter-3', { mode: 'called', counterNumber: 3, ticketNumber: 'A012' });
    d.serving('counter-3', 'A012');
    expect(d.current('counter-3')).toEqual({ mode: 'serving', counterNumber: 3, ticketNumber: 'A012', clerkName: '王敏', staffNo: '1001' });
    d.finished('counter-3', 'A012');
    expect(d.current('counter-3').mode).toBe('finished');
    vi.advanceTimersByTime(FINISHED_SECONDS * 1000 - 1);
    expect(d.current('counter-3').mode).toBe('finished');
    vi.advanceTimersByTime(1);
    expect(d.current('counter-3')).toMatchObject({ mode: 'welcome', clerkName: '王敏' });
    expect(shown.map((v) => v.mode)).toEqual(['welcome', 'called', 'serving', 'finished', 'welcome']);
  });

  it('a call during the thank-you is not overwritten by the return to the welcome; logout forgets the clerk', () => {
    vi.useFakeTimers();
    const { d } = screen();
    d.setClerk('counter-3', { name: '王敏', staffNo: '1001' });
    d.finished('counter-3', 'A012');
    d.show('counter-3', { mode: 'called', counterNumber: 3, ticketNumber: 'A013' });
    vi.advanceTimersByTime(FINISHED_SECONDS * 1000);
    expect(d.current('counter-3')).toMatchObject({ mode: 'called', ticketNumber: 'A013' });
    d.setClerk('counter-3', null);
    expect(d.current('counter-3')).toMatchObject({ mode: 'welcome', clerkName: null });
  });
});
