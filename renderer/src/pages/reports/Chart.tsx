import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the reports draw, so the bundle carries no more of ECharts than it uses.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart. The canvas says nothing to a screen reader, so the caller's `label` states the
 * figures in words (role img); `onPick` gets the category clicked (the drill-down).
 */
export function Chart({ option, label, testId, onPick, height = 280 }: { option: ChartOption; label: string; testId: string; onPick?: (name: string) => void; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption({ textStyle: { fontFamily: 'Noto Sans SC, sans-serif' }, animation: false, ...option }, true);
    c.off('click');
    if (onPick) c.on('click', (p: { name?: string }) => {
      if (p.name) onPick(p.name);
    });
  }, [option, onPick]);
  return <div ref={el} className="report-chart" role="img" aria-label={label} data-testid={testId} style={{ height }} />;
}
