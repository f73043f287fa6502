import type { EChartsOption } from 'echarts';
import { useMemo } from 'preact/hooks';

import type { CampaignRow, Report } from './api';
import { Chart } from './Chart';
import { campaignName } from './columns';
import { escapeHtml, formatCount } from './format';
import { Legend } from './Legend';

const TOP = 12;
export const SALES_COLORS = { direct: '#2f9e77', related: '#3b6fd8' };

const salesOf = (row: CampaignRow) => (row.direct_conversions ?? 0) + (row.related_conversions ?? 0);

/** Direct against related sales per campaign (the bank seed): the products a campaign promotes
 * against the other products its customers opened, stacked, for the campaigns that promote
 * products and sold some (the most first). */
export function BankSplitChart({ report }: { report: Report }) {
  const promoting = useMemo(
    () => report.campaigns.filter((row) => row.direct_conversions !== null && row.direct_conversions !== undefined),
    [report],
  );
  const shown = useMemo(
    () =>
      promoting
        .filter((row) => salesOf(row) > 0)
        .sort((left, right) => salesOf(right) - salesOf(left) || left.campaign_id.localeCompare(right.campaign_id))
        .slice(0, TOP)
        .reverse(), // the first category is drawn at the bottom
    [promoting],
  );
  const selling = promoting.filter((row) => salesOf(row) > 0).length;
  const silent = report.campaigns.length - promoting.length;

  const option = useMemo<EChartsOption>(() => {
    const tooltip = (row: CampaignRow) =>
      [
        `<b>${escapeHtml(campaignName(row))}</b>`,
        `Direct: ${formatCount(row.direct_conversions)}`,
        `Related: ${formatCount(row.related_conversions)}`,
        `Promotes: ${escapeHtml((row.promoted_products ?? []).join(', '))}`,
      ].join('<br>');
    const label = { show: true, formatter: (item: { value: unknown }) => (item.value ? formatCount(item.value as number) : '') };
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: unknown) => {
          const first = (Array.isArray(items) ? items[0] : items) as { dataIndex: number };
          return tooltip(shown[first.dataIndex]);
        },
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: shown.map((row) => campaignName(row)),
        axisLabel: { width: 150, overflow: 'truncate' },
      },
      series: [
        {
          name: 'Direct',
          type: 'bar',
          stack: 'sales',
          data: shown.map((row) => row.direct_conversions ?? 0),
          itemStyle: { color: SALES_COLORS.direct },
          label: { ...label, color: '#fff' },
        },
        {
          name: 'Related',
          type: 'bar',
          stack: 'sales',
          data: shown.map((row) => row.related_conversions ?? 0),
          itemStyle: { color: SALES_COLORS.related },
          label: { ...label, color: '#fff' },
        },
      ],
    };
  }, [shown]);

  return (
    <section class="card" aria-label="Direct and related sales">
      <div class="chart-tools">
        <h2>Direct and related sales per campaign</h2>
      </div>
      {shown.length === 0 ? (
        <p class="empty">
          {promoting.length === 0
            ? 'No campaign in this selection promotes a product (promoted_products in the catalog).'
            : 'No product opened through a campaign that promotes products in this selection.'}
        </p>
      ) : (
        <>
          <Legend
            items={[
              { label: 'Direct: a promoted product', colors: [SALES_COLORS.direct] },
              { label: 'Related: another product', colors: [SALES_COLORS.related] },
            ]}
          />
          <Chart
            option={option}
            label={`Direct and related sales of ${shown.length} campaigns`}
            height={Math.max(160, shown.length * 32 + 40)}
          />
        </>
      )}
      <p class="hint">
        {selling > shown.length ? `The top ${shown.length} of ${selling} campaigns with sales. ` : ''}
        {silent > 0
          ? `${silent} campaign${silent === 1 ? '' : 's'} promote${silent === 1 ? 's' : ''} no product, so ${silent === 1 ? 'its' : 'their'} conversions are neither direct nor related.`
          : ''}
      </p>
    </section>
  );
}
