import type { EChartsOption } from 'echarts';
import { useMemo } from 'preact/hooks';

import type { ModelComparison } from './api';
import { Chart } from './Chart';
import { type CreditMetric, creditValue } from './columns';
import { escapeHtml, formatCount, formatModel, formatMoneyNumber, formatMoneyShort } from './format';
import { Legend } from './Legend';

const TOP = 6;
const COLORS = ['#3b6fd8', '#f0a43a', '#2f9e77', '#c9483b', '#8e6cc9', '#4bb3c9'];

type Row = ModelComparison['campaigns'][number];

/** How credit moves between campaigns from one model to the next: a group of bars per model, a
 * bar per campaign, for the top campaigns under the definition's own model (those with credit
 * under some model). */
export function ModelsChart({ comparison, metric }: { comparison: ModelComparison; metric: CreditMetric }) {
  const { models, model: own, currency } = comparison;
  const credited = useMemo(
    () => comparison.campaigns.filter((row) => models.some((model) => creditValue(row.models[model], metric) !== 0)),
    [comparison, models, metric],
  );
  // Top by the definition's model, then by the credit over every model (so that a campaign the
  // own model ignores, such as a call under last touch, still ranks), then the server's order.
  const top = useMemo(() => {
    const total = (row: Row) => models.reduce((sum, model) => sum + creditValue(row.models[model], metric), 0);
    return [...credited]
      .sort(
        (left, right) =>
          creditValue(right.models[own], metric) - creditValue(left.models[own], metric) || total(right) - total(left),
      )
      .slice(0, TOP);
  }, [credited, models, own, metric]);

  const option = useMemo<EChartsOption>(() => {
    const format = (value: number) =>
      metric === 'revenue' ? formatMoneyNumber(value, currency) : formatCount(Math.round(value * 100) / 100);
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: unknown) => {
          const list = (Array.isArray(items) ? items : [items]) as {
            axisValueLabel: string;
            seriesName: string;
            marker: string;
            value: number;
          }[];
          const lines = list.map((item) => `${item.marker}${escapeHtml(item.seriesName)}: ${format(item.value)}`);
          return [`<b>${escapeHtml(list[0]?.axisValueLabel ?? '')}</b>`, ...lines].join('<br>');
        },
      },
      xAxis: {
        type: 'category',
        data: models.map((model) => formatModel(model)),
        axisLabel: {
          interval: 0,
          formatter: (label: string, index: number) => (models[index] === own ? `{own|${label}}\n{note|configured}` : label),
          rich: {
            own: { fontWeight: 'bold', color: '#3b6fd8', lineHeight: 16 },
            note: { color: '#5f6b7a', fontSize: 10, lineHeight: 12 },
          },
        },
      },
      yAxis: {
        type: 'value',
        axisLabel: {
          formatter: (value: number) => (metric === 'revenue' ? formatMoneyShort(value, currency) : String(value)),
        },
      },
      series: top.map((row, index) => ({
        name: row.name ?? row.campaign_id,
        type: 'bar',
        barMaxWidth: 22,
        data: models.map((model) => creditValue(row.models[model], metric)),
        itemStyle: { color: COLORS[index % COLORS.length] },
      })),
    };
  }, [top, models, own, metric, currency]);

  const noun = metric === 'revenue' ? 'Revenue' : 'Conversions';
  return (
    <section class="card" aria-label="Credit by model">
      <div class="chart-tools">
        <h2>{noun} of the top campaigns under each model</h2>
      </div>
      {top.length === 0 ? (
        <p class="empty">No campaign gets credit under any model in this selection.</p>
      ) : (
        <>
          <Legend items={top.map((row, index) => ({ label: row.name ?? row.campaign_id, colors: [COLORS[index % COLORS.length]] }))} />
          <Chart option={option} label={`${noun} of ${top.length} campaigns under ${models.length} attribution models`} />
          <p class="hint">
            {credited.length > top.length
              ? `The top ${top.length} of ${credited.length} campaigns with credit, ranked by ${formatModel(own).toLowerCase()} (the configured model).`
              : 'Every campaign with credit under some model.'}
          </p>
        </>
      )}
    </section>
  );
}
