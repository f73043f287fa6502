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

/** The bank seed's tiles (docs/bank.md), in its words: each conversion counts once, a customer
 * reached by two campaigns is one customer reached. */
function bankCells(report: Report): Cell[] {
  const tiles = report.tiles;
  const negative = (amount: string | null | undefined) => amount?.startsWith('-') ?? false;
  return [
    {
      label: 'Customers reached',
      value: formatCount(tiles.reached_users),
      title: 'distinct customers the selected campaigns reached (delivered) in the period',
    },
    {
      label: 'Opened',
      value: formatCount(tiles.opened_users),
      title: 'distinct customers who opened a selected campaign (viewed)',
    },
    { label: 'Open rate', value: formatPercent(tiles.open_rate), title: 'opened / customers reached' },
    {
      label: 'Products opened',
      value: formatCount(tiles.conversions),
      title: 'conversions: products opened in the influence period by customers reached who opened the campaign',
    },
    {
      label: 'Conversion rate',
      value: formatPercent(tiles.products_per_reached),
      title: 'products opened / customers reached',
    },
    {
      label: 'Direct sales',
      value: formatCount(tiles.direct_conversions),
      title: 'products opened that a selected campaign crediting them promotes',
    },
    {
      label: 'Related sales',
      value: formatCount(tiles.related_conversions),
      title: 'other products opened by the customers of campaigns that promote products (cross-sell)',
    },
    {
      label: 'Total balance',
      value: formatMoney(tiles.balance, report.currency),
      title: 'month-end balance of the month each product was opened',
      negative: negative(tiles.balance),
    },
    {
      label: 'Total profit',
      value: formatMoney(tiles.profit, report.currency),
      title: 'month-end profit of the month each product was opened',
      negative: negative(tiles.profit),
    },
    {
      label: 'Campaign expenses',
      value: formatMoney(tiles.cost, report.currency),
      title: "the cost of the selection: the campaigns' expenses and any other cost line",
    },
    {
      label: 'ROI',
      value: formatPercent(tiles.profit_roi),
      title: 'total profit / campaign expenses',
      negative: (tiles.profit_roi ?? 0) < 0,
    },
    {
      label: 'Conversions without a snapshot',
      value: formatCount(tiles.unvalued_conversions),
      title: 'products opened without an account id or a month-end snapshot of their month: counted, not valued',
    },
  ];
}

/** The metric tiles over the selected campaigns (metrics.md, "Tiles"). `focus` "roi" keeps the
 * money tiles of the ROI view, "bank" the bank seed's tiles (docs/bank.md); "all" shows the
 * engagement tiles too. */
export function Tiles({ report, focus = 'all' }: { report: Report; focus?: 'all' | 'roi' | 'bank' }) {
  const tiles = report.tiles;
  const conversions: Cell = { label: 'Conversions', value: formatCount(tiles.conversions) };
  const revenue: Cell = { label: 'Revenue', value: formatMoney(tiles.revenue, report.currency) };
  const unattributed: Cell = {
    label: 'Unattributed',
    value: formatCount(tiles.unattributed_conversions),
    title: 'conversions no campaign touch preceded within the window',
  };
  const cells: Cell[] =
    focus === 'bank'
      ? bankCells(report)
      : focus === 'roi'
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
    <section class={focus === 'bank' ? 'tiles bank-tiles' : 'tiles'} aria-label="Metric tiles">
      {cells.map((cell) => (
        <div class={cell.negative ? 'tile negative' : 'tile'} title={cell.title} data-tile={cell.label}>
          <div class="tile-label">{cell.label}</div>
          <div class="tile-value">{cell.value}</div>
        </div>
      ))}
    </section>
  );
}
