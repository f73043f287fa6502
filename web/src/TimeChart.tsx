import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'preact/hooks';

import type { TimeSeries } from './api';
import { Chart } from './Chart';
import { METRIC_COLUMNS, metricColumns } from './columns';
import type { Bucket } from './filters';
import { formatDay } from './format';

/** Performance over time: one metric (or custom KPI) per day, week or month. */
export function TimeChart({
  series,
  bucket,
  onBucket,
}: {
  series: TimeSeries;
  bucket: Bucket;
  onBucket: (bucket: Bucket) => void;
}) {
  const columns = useMemo(() => metricColumns(series.points[0]), [series]);
  const [metric, setMetric] = useState('conversions');
  const column = columns.find((candidate) => candidate.id === metric) ?? METRIC_COLUMNS[7];
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 56, right: 16, top: 24, bottom: 40 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (value === null || value === undefined ? '–' : String(value)),
      },
      xAxis: { type: 'category', data: series.points.map((point) => formatDay(point.start)) },
      yAxis: { type: 'value' },
      series: [
        {
          name: column.label,
          type: series.points.length > 40 ? 'line' : 'bar',
          data: series.points.map((point) => column.value(point)),
          itemStyle: { color: '#3b6fd8' },
          showSymbol: false,
        },
      ],
    }),
    [series, column],
  );

  return (
    <section class="card" aria-label="Performance over time">
      <div class="chart-tools">
        <h2>Performance over time</h2>
        <select name="chart-metric" value={column.id} onChange={(event) => setMetric((event.target as HTMLSelectElement).value)}>
          {columns.map((candidate) => (
            <option value={candidate.id}>{candidate.label}</option>
          ))}
        </select>
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
        <Chart option={option} label={`${column.label} per ${bucket}`} />
      )}
    </section>
  );
}
