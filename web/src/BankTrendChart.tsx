import type { EChartsOption } from 'echarts';
import { useMemo } from 'preact/hooks';

import type { TimeSeries } from './api';
import { SALES_COLORS } from './BankSplitChart';
import { Chart } from './Chart';
import type { Bucket } from './filters';
import { formatCount, formatDay } from './format';
import { Legend } from './Legend';

const OTHER_COLOR = '#a3acb9';

/** Products opened per day, week or month, split into direct, related and other sales (through
 * campaigns that promote nothing). */
export function BankTrendChart({
  series,
  bucket,
  onBucket,
}: {
  series: TimeSeries;
  bucket: Bucket;
  onBucket: (bucket: Bucket) => void;
}) {
  const points = series.points;
  const other = useMemo(
    () =>
      points.map((point) =>
        Math.max(0, point.conversions - (point.direct_conversions ?? 0) - (point.related_conversions ?? 0)),
      ),
    [points],
  );
  const hasOther = other.some((value) => value > 1e-9);

  const option = useMemo<EChartsOption>(() => {
    const oneYear = new Set(points.map((point) => point.start.slice(0, 4))).size <= 1;
    const bars = (name: string, data: number[], color: string) => ({
      name,
      type: 'bar' as const,
      stack: 'products',
      data,
      itemStyle: { color },
      tooltip: { valueFormatter: (value: unknown) => formatCount(value as number) },
    });
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: points.map((point) => formatDay(point.start, !oneYear)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        bars('Direct', points.map((point) => point.direct_conversions ?? 0), SALES_COLORS.direct),
        bars('Related', points.map((point) => point.related_conversions ?? 0), SALES_COLORS.related),
        ...(hasOther ? [bars('Other', other, OTHER_COLOR)] : []),
      ],
    };
  }, [points, other, hasOther]);

  return (
    <section class="card" aria-label="Products opened over time">
      <div class="chart-tools">
        <h2>Products opened over time</h2>
        <div class="segmented" role="group" aria-label="Bucket">
          {(['day', 'week', 'month'] as Bucket[]).map((value) => (
            <button type="button" aria-pressed={bucket === value} onClick={() => onBucket(value)}>
              {value}
            </button>
          ))}
        </div>
      </div>
      {points.length === 0 ? (
        <p class="empty">No data in this period.</p>
      ) : (
        <>
          <Legend
            items={[
              { label: 'Direct', colors: [SALES_COLORS.direct] },
              { label: 'Related', colors: [SALES_COLORS.related] },
              ...(hasOther ? [{ label: 'Other (campaigns that promote nothing)', colors: [OTHER_COLOR] }] : []),
            ]}
          />
          <Chart option={option} label={`Direct, related and other products opened per ${bucket}`} height={260} />
        </>
      )}
    </section>
  );
}
