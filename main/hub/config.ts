import { HallConfig } from './protocol';

/**
 * The demo hall: a district centre with 12 counters.
 *  1–8   综合窗口: appointments (Y), walk-ins (A), priority lane (V)
 *  9     长三角专窗: YRD stream (C) first, also Y/A/V
 *  10    企业专窗: enterprise stream (E) first, also Y/A/V
 *  11    帮办台 (assistance desk): assistance (B) and priority lane
 *  12    综合窗口 that also takes C and E, so the dedicated streams never depend on one counter
 */
export function demoHall(): HallConfig {
  const general = ['Y', 'A', 'V'];
  const counters = [
    ...Array.from({ length: 8 }, (_, i) => ({ number: i + 1, name: `${i + 1}号综合窗口`, streams: general, items: null, dedicatedStream: null, dedicationLabel: null })),
    { number: 9, name: '9号长三角专窗', streams: ['C', ...general], items: null, dedicatedStream: 'C', dedicationLabel: '长三角专窗' },
    { number: 10, name: '10号企业专窗', streams: ['E', ...general], items: null, dedicatedStream: 'E', dedicationLabel: '企业专窗' },
    { number: 11, name: '11号帮办台', streams: ['B', 'V'], items: null, dedicatedStream: 'B', dedicationLabel: '帮办' },
    { number: 12, name: '12号综合窗口', streams: [...general, 'C', 'E'], items: null, dedicatedStream: null, dedicationLabel: null },
  ];
  return HallConfig.parse({
    id: 'demo-district',
    name: '上海市松江区行政服务中心（演示）', // the same name as the workstation's demo hall (main/core/demo/seed.ts)
    streams: [
      { id: 'Y', prefix: 'Y', name: '预约', kind: 'appointment' },
      { id: 'A', prefix: 'A', name: '现场取号', kind: 'walkin' },
      { id: 'V', prefix: 'V', name: '绿色通道', kind: 'priority' },
      { id: 'B', prefix: 'B', name: '帮办', kind: 'assistance' },
      { id: 'C', prefix: 'C', name: '长三角通办', kind: 'walkin' },
      { id: 'E', prefix: 'E', name: '企业服务', kind: 'walkin' },
    ],
    counters,
    policy: {},
    checkIn: {},
    recall: {},
    supervisor: {},
    slots: {},
  });
}
