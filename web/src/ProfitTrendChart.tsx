import type { EChartsOption } from 'echarts';
import { useMemo } from 'preact/hooks';

import type { TimeSeries } from './api';
import { Chart } from './Chart';
import type { Bucket } from './filters';
import { formatDay, formatMoneyNumber, formatMoneyShort, moneyNumber } from './format';
import { Legend } from './Legend';
import { PROFIT_COLORS } from './ProfitChart';

const CUMULATIVE_COLOR = '#1d2430';

/** Revenue and cost per day, week or month, and the cumulative net return: when the selection
 * earned its cost back. */
export function ProfitTrendChart({
  series,
  bucket,
  onBucket,
}: {
  series: TimeSeries;
  bucket: Bucket;
  onBucket: (bucket: Bucket) => void;
}) {
  const option = useMemo<EChartsOption>(() => {
    const currency = series.currency;
    // Cumulated in cents, so that the line ends on the period's net return exactly.
    let cents = 0;
    const cumulative = series.points.map((point) => {
      cents += Math.round((moneyNumber(point.net_return) ?? 0) * 100);
      return cents / 100;
    });
    const many = series.points.length > 40;
    const oneYear = new Set(series.points.map((point) => point.start.slice(0, 4))).size <= 1;
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => formatMoneyNumber(typeof value === 'number' ? value : null, currency),
      },
      xAxis: { type: 'category', data: series.points.map((point) => formatDay(point.start, !oneYear)) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatMoneyShort(value, currency) } },
      series: [
        {
          name: 'Revenue',
          type: many ? 'line' : 'bar',
          data: series.points.map((point) => moneyNumber(point.revenue) ?? 0),
          itemStyle: { color: PROFIT_COLORS.revenue },
          showSymbol: false,
        },
        {
          name: 'Cost',
          type: many ? 'line' : 'bar',
          data: series.points.map((point) => moneyNumber(point.cost) ?? 0),
          itemStyle: { color: PROFIT_COLORS.cost },
          showSymbol: false,
        },
        {
          name: 'Cumulative net return',
          type: 'line',
          data: cumulative,
          itemStyle: { color: CUMULATIVE_COLOR },
          lineStyle: { width: 2 },
          showSymbol: false,
        },
      ],
    };
  }, [series]);

  return (
    <section class="card" aria-label="Revenue and cost over time">
      <div class="chart-tools">
        <h2>Revenue and cost over time</h2>
        <div class="segmented" role="group" aria-label="Bucket">
          {(['day', 'week', 'month'] as Bucket[]).map((value) => (
            <button type="button" aria-pressed={bucket === value} onClick={() => onBucket(value)}>
              {value}
            </button>
          ))}
        </div>
      </div>
      {series.points.length === 0 ? (
        <p class="empty">No data in this period.</p>
      ) : (
        <>
          <Legend
            items={[
              { label: 'Revenue', colors: [PROFIT_COLORS.revenue] },
              { label: 'Cost', colors: [PROFIT_COLORS.cost] },
              { label: 'Cumulative net return', colors: [CUMULATIVE_COLOR], line: true },
            ]}
          />
          <Chart option={option} label={`Revenue, cost and cumulative net return per ${bucket}`} height={260} />
        </>
      )}
    </section>
  );
}
