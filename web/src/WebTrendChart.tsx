import type { EChartsOption } from 'echarts';
import { useMemo } from 'preact/hooks';

import { Chart } from './Chart';
import { DASH, formatDay } from './format';
import { Legend } from './Legend';

/** One series of a Web view chart: a value per bucket, null where there is none (a gap). */
export interface TrendSeries {
  name: string;
  data: (number | null)[];
  color: string;
  kind: 'bar' | 'line';
  /** Bars of the same stack pile up. */
  stack?: string;
  dashed?: boolean;
  /** Drawn over the others (the campaign's line over the average it may equal). */
  front?: boolean;
}

/** A Web view chart over time: bars and (or) lines per bucket of the web funnel's series, an
 * HTML legend, values in the tooltip in `format`. */
export function WebTrendChart({
  starts,
  series,
  format,
  axisFormat,
  label,
  height = 240,
}: {
  /** The buckets' local starts (ISO). */
  starts: string[];
  series: TrendSeries[];
  format: (value: number) => string;
  axisFormat?: (value: number) => string;
  label: string;
  height?: number;
}) {
  const option = useMemo<EChartsOption>(() => {
    const oneYear = new Set(starts.map((start) => start.slice(0, 4))).size <= 1;
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: series.some((item) => item.kind === 'bar') ? 'shadow' : 'line' },
        valueFormatter: (value) => (typeof value === 'number' ? format(value) : DASH),
      },
      xAxis: { type: 'category', data: starts.map((start) => formatDay(start, !oneYear)) },
      yAxis: axisFormat
        ? { type: 'value', axisLabel: { formatter: (value: number) => axisFormat(value) } }
        : { type: 'value', minInterval: 1 },
      series: series.map((item) => ({
        name: item.name,
        type: item.kind,
        stack: item.stack,
        data: item.data,
        itemStyle: { color: item.color },
        lineStyle: item.kind === 'line' ? { width: 2, type: item.dashed ? 'dashed' : 'solid' } : undefined,
        // A lone point of a line is still seen.
        showSymbol: item.kind === 'line' && starts.length <= 40,
        connectNulls: false,
        z: item.front ? 3 : 2,
      })),
    };
  }, [starts, series, format, axisFormat]);
  return (
    <>
      <Legend items={series.map((item) => ({ label: item.name, colors: [item.color], line: item.kind === 'line' }))} />
      <Chart option={option} label={label} height={height} />
    </>
  );
}
