import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

// Only what the dashboard draws (bars, lines, axes, tooltips): a third of the full bundle.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** An Apache ECharts chart that follows its options and its container's size. */
export function Chart({
  option,
  label,
  height = 280,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return undefined;
    chart.current = echarts.init(element.current, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} class="chart" role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
