import { BarChart as EBar } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([EBar, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  values: (number | null)[];
  color: string;
}

/** Grouped bars (e.g. plan beside actual per level); a click on a category hands its index to the page for drill-down. */
export function BarChart({ categories, series, label, onSelect, height = 300 }: { categories: string[]; series: BarSeries[]; label: string; onSelect?: (index: number) => void; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);

  useEffect(() => {
    const c = chart.current!;
    c.setOption(
      {
        aria: { enabled: true, label: { description: label } },
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 40, bottom: 30 },
        // Every level named under its bar: ECharts would otherwise drop labels that do not fit side by side.
        xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, width: 110, overflow: 'break' } },
        yAxis: { type: 'value', minInterval: 1 },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.color }, label: { show: true, position: 'top' } })),
      },
      true,
    );
    c.off('click');
    if (onSelect) c.on('click', (p) => onSelect(p.dataIndex));
  }, [categories, series, label, onSelect]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}
