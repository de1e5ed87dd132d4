// The demo hall, once: the hub's demo configuration (main/hub/config.ts) and the workstation's demo
// seed (main/core/demo/seed.ts) both build from it, so names and counter numbers agree on both sides.
// Demo data only: a real hall is configured by its administrator.
//
// A district centre with 12 counters:
//  1–8   综合窗口: appointments (Y), walk-ins (A), priority lane (V)
//  9     长三角专窗: YRD stream (C) first, also Y/A/V
//  10    企业专窗: enterprise stream (E) first, also Y/A/V
//  11    帮办台 (assistance desk): assistance (B) and priority lane
//  12    综合窗口 that also takes C and E, so the dedicated streams never depend on one counter
import type { StreamKind } from './queue/types';

export interface DemoStream {
  id: string;
  prefix: string;
  name: string;
  kind: StreamKind;
}

export interface DemoCounter {
  number: number;
  name: string;
  streams: string[];
  dedicatedStream: string | null;
  /** What the counter is dedicated to (专窗), as the workstation shows it. */
  dedicationLabel: string | null;
}

const GENERAL = ['Y', 'A', 'V'];

export const DEMO_HALL = {
  id: 'demo-district',
  name: '上海市松江区行政服务中心（演示）',
  district: '松江区',
  streams: [
    { id: 'Y', prefix: 'Y', name: '预约', kind: 'appointment' },
    { id: 'A', prefix: 'A', name: '现场取号', kind: 'walkin' },
    { id: 'V', prefix: 'V', name: '绿色通道', kind: 'priority' },
    { id: 'B', prefix: 'B', name: '帮办', kind: 'assistance' },
    { id: 'C', prefix: 'C', name: '长三角通办', kind: 'walkin' },
    { id: 'E', prefix: 'E', name: '企业服务', kind: 'walkin' },
  ] as readonly DemoStream[],
  counters: [
    ...Array.from({ length: 8 }, (_, i): DemoCounter => ({ number: i + 1, name: `${i + 1}号综合窗口`, streams: GENERAL, dedicatedStream: null, dedicationLabel: null })),
    { number: 9, name: '9号长三角专窗', streams: ['C', ...GENERAL], dedicatedStream: 'C', dedicationLabel: '长三角专窗' },
    { number: 10, name: '10号企业专窗', streams: ['E', ...GENERAL], dedicatedStream: 'E', dedicationLabel: '企业专窗' },
    { number: 11, name: '11号帮办台', streams: ['B', 'V'], dedicatedStream: 'B', dedicationLabel: '帮办' },
    { number: 12, name: '12号综合窗口', streams: [...GENERAL, 'C', 'E'], dedicatedStream: null, dedicationLabel: null },
  ] as readonly DemoCounter[],
} as const;
