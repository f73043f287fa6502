import type { Report } from './api';
import { customColumns, hasCosts } from './columns';
import { formatCount, formatMoney, formatMultiple, formatPercent } from './format';

interface Cell {
  label: string;
  value: string;
  title?: string;
  /** A loss: shown in red. */
  negative?: boolean;
}

/** The cost tiles (docs/costs.md "The ROI metrics"), when the report has costs. */
function costCells(report: Report): Cell[] {
  const tiles = report.tiles;
  if (!hasCosts(tiles)) return [];
  return [
    { label: 'Cost', value: formatMoney(tiles.cost, report.currency), title: 'the sum of the cost lines in the period' },
    {
      label: 'Net return',
      value: formatMoney(tiles.net_return, report.currency),
      title: 'revenue - cost',
      negative: tiles.net_return?.startsWith('-'),
    },
    {
      label: 'ROI',
      value: formatPercent(tiles.roi),
      title: '(revenue - cost) / cost',
      negative: tiles.roi !== null && tiles.roi < 0,
    },
    { label: 'ROAS', value: formatMultiple(tiles.roas), title: 'revenue / cost' },
    { label: 'CPA', value: formatMoney(tiles.cpa, report.currency), title: 'cost per acquisition: cost / conversions' },
    { label: 'AOV', value: formatMoney(tiles.aov, report.currency), title: 'average order value: revenue / conversions' },
  ];
}

/** The metric tiles over the selected campaigns (metrics.md, "Tiles"). `focus` "roi" keeps the
 * money tiles of the ROI view; "all" shows the engagement tiles too. */
export function Tiles({ report, focus = 'all' }: { report: Report; focus?: 'all' | 'roi' }) {
  const tiles = report.tiles;
  const conversions: Cell = { label: 'Conversions', value: formatCount(tiles.conversions) };
  const revenue: Cell = { label: 'Revenue', value: formatMoney(tiles.revenue, report.currency) };
  const unattributed: Cell = {
    label: 'Unattributed',
    value: formatCount(tiles.unattributed_conversions),
    title: 'conversions no campaign touch preceded within the window',
  };
  const cells: Cell[] =
    focus === 'roi'
      ? [revenue, ...costCells(report), conversions]
      : [
          { label: 'Sent', value: formatCount(tiles.sent) },
          { label: 'Delivered', value: formatCount(tiles.delivered) },
          { label: 'Clicked', value: formatCount(tiles.clicked) },
          { label: 'CTR', value: formatPercent(tiles.ctr), title: 'clicked messages / delivered messages' },
          conversions,
          {
            label: 'Unique conversions',
            value: formatCount(tiles.unique_conversions),
            title: 'distinct users who converted through a selected campaign',
          },
          {
            label: 'Conversion rate',
            value: formatPercent(tiles.conversion_rate),
            title: 'converted messages / delivered messages',
          },
          revenue,
          ...costCells(report),
          unattributed,
        ];
  for (const column of customColumns(tiles.custom)) {
    cells.push({ label: column.label, value: column.format(tiles, report.currency), title: 'custom KPI' });
  }
  return (
    <section class="tiles" aria-label="Metric tiles">
      {cells.map((cell) => (
        <div class={cell.negative ? 'tile negative' : 'tile'} title={cell.title} data-tile={cell.label}>
          <div class="tile-label">{cell.label}</div>
          <div class="tile-value">{cell.value}</div>
        </div>
      ))}
    </section>
  );
}
