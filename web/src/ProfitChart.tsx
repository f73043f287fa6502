import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'preact/hooks';

import type { CampaignRow, Report } from './api';
import { Chart } from './Chart';
import { campaignName } from './columns';
import { escapeHtml, formatMoney, formatMoneyShort, formatPercent, moneyNumber } from './format';
import { Legend } from './Legend';

const TOP = 12;
export const PROFIT_COLORS = { revenue: '#3b6fd8', cost: '#f0a43a', profit: '#2f9e77', loss: '#c9483b' };

/** Profitability per campaign on one chart (the call-center seed): revenue, cost and net return
 * side by side, the net return green for a profit and red for a loss, the ROI under each name.
 * Shows the most (or least) profitable campaigns when there are many. */
export function ProfitChart({ report }: { report: Report }) {
  const [worst, setWorst] = useState(false);
  const rows = useMemo(() => report.campaigns.filter((row) => row.cost !== null), [report]);
  const shown = useMemo(() => {
    const direction = worst ? 1 : -1;
    return [...rows]
      .sort(
        (left, right) =>
          direction * ((moneyNumber(left.net_return) ?? 0) - (moneyNumber(right.net_return) ?? 0)) ||
          left.campaign_id.localeCompare(right.campaign_id),
      )
      .slice(0, TOP)
      .reverse(); // the first category is drawn at the bottom
  }, [rows, worst]);

  const option = useMemo<EChartsOption>(() => {
    const currency = report.currency;
    const tooltip = (row: CampaignRow) =>
      [
        `<b>${escapeHtml(campaignName(row))}</b>`,
        `Revenue: ${formatMoney(row.revenue, currency)}`,
        `Cost: ${formatMoney(row.cost, currency)}`,
        `Net return: ${formatMoney(row.net_return, currency)}`,
        `ROI: ${formatPercent(row.roi)}`,
      ].join('<br>');
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
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => formatMoneyShort(value, currency) },
      },
      yAxis: {
        type: 'category',
        data: shown.map((row) => campaignName(row)),
        axisLabel: {
          formatter: (name: string, index: number) => {
            const roi = shown[index]?.roi ?? null;
            const style = roi === null ? 'muted' : roi < 0 ? 'loss' : 'profit';
            return `{name|${name}}\n{${style}|ROI ${formatPercent(roi)}}`;
          },
          rich: {
            name: { width: 150, overflow: 'truncate', align: 'right', color: '#1d2430', lineHeight: 16 },
            profit: { align: 'right', color: PROFIT_COLORS.profit, fontSize: 11, lineHeight: 14 },
            loss: { align: 'right', color: PROFIT_COLORS.loss, fontSize: 11, lineHeight: 14 },
            muted: { align: 'right', color: '#5f6b7a', fontSize: 11, lineHeight: 14 },
          },
        },
      },
      series: [
        {
          name: 'Revenue',
          type: 'bar',
          data: shown.map((row) => moneyNumber(row.revenue) ?? 0),
          itemStyle: { color: PROFIT_COLORS.revenue },
        },
        {
          name: 'Cost',
          type: 'bar',
          data: shown.map((row) => moneyNumber(row.cost) ?? 0),
          itemStyle: { color: PROFIT_COLORS.cost },
        },
        {
          name: 'Net return',
          type: 'bar',
          data: shown.map((row) => {
            const value = moneyNumber(row.net_return) ?? 0;
            return { value, itemStyle: { color: value < 0 ? PROFIT_COLORS.loss : PROFIT_COLORS.profit } };
          }),
        },
      ],
    };
  }, [shown, report.currency]);

  const losses = rows.filter((row) => (moneyNumber(row.net_return) ?? 0) < 0).length;
  return (
    <section class="card" aria-label="Profitability per campaign">
      <div class="chart-tools">
        <h2>Profitability per campaign</h2>
        {rows.length > TOP && (
          <div class="segmented" role="group" aria-label="Campaigns shown">
            <button type="button" aria-pressed={!worst} onClick={() => setWorst(false)}>Most profitable</button>
            <button type="button" aria-pressed={worst} onClick={() => setWorst(true)}>Least profitable</button>
          </div>
        )}
      </div>
      {shown.length === 0 ? (
        <p class="empty">No campaign in this selection.</p>
      ) : (
        <>
          <Legend
            items={[
              { label: 'Revenue', colors: [PROFIT_COLORS.revenue] },
              { label: 'Cost', colors: [PROFIT_COLORS.cost] },
              { label: 'Net return (profit / loss)', colors: [PROFIT_COLORS.profit, PROFIT_COLORS.loss] },
            ]}
          />
          <Chart
            option={option}
            label={`Revenue, cost and net return of ${shown.length} campaigns`}
            height={Math.max(180, shown.length * 56 + 40)}
          />
          <p class="hint">
            {rows.length > TOP ? `${shown.length} of ${rows.length} campaigns. ` : ''}
            {losses === 0
              ? 'Every campaign earned its cost back.'
              : `${losses} campaign${losses === 1 ? '' : 's'} at a loss in this period.`}
          </p>
        </>
      )}
    </section>
  );
}
