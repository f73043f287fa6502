import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'preact/hooks';

import type { Report } from './api';
import { Chart } from './Chart';
import { campaignName, METRIC_COLUMNS, metricColumns } from './columns';

const TOP = 10;

/** Campaign comparison: the top campaigns by one metric, side by side. */
export function CompareChart({ report }: { report: Report }) {
  const columns = useMemo(() => metricColumns(report.tiles, report.campaigns), [report]);
  const [metric, setMetric] = useState('revenue');
  const column = columns.find((candidate) => candidate.id === metric) ?? METRIC_COLUMNS[0];
  const top = useMemo(
    () =>
      report.campaigns
        .filter((row) => {
          const value = column.value(row);
          return value !== null && value !== 0;
        })
        .sort((left, right) => (column.value(right) ?? 0) - (column.value(left) ?? 0))
        .slice(0, TOP)
        .reverse(),
    [report, column],
  );
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 160, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: top.map((row) => campaignName(row)),
        axisLabel: { width: 150, overflow: 'truncate' },
      },
      series: [
        {
          name: column.label,
          type: 'bar',
          data: top.map((row) => column.value(row)),
          itemStyle: { color: '#2f9e77' },
        },
      ],
    }),
    [top, column],
  );
  return (
    <section class="card" aria-label="Campaign comparison">
      <div class="chart-tools">
        <h2>Top campaigns</h2>
        <select name="compare-metric" value={column.id} onChange={(event) => setMetric((event.target as HTMLSelectElement).value)}>
          {columns.map((candidate) => (
            <option value={candidate.id}>{candidate.label}</option>
          ))}
        </select>
      </div>
      {top.length === 0 ? (
        <p class="empty">No campaign has a value for {column.label}.</p>
      ) : (
        <Chart option={option} label={`Top ${top.length} campaigns by ${column.label}`} height={Math.max(160, top.length * 28 + 40)} />
      )}
    </section>
  );
}
