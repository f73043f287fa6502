import type { Report } from './api';
import { customColumns } from './columns';
import { formatCount, formatMoney, formatPercent } from './format';

/** The metric tiles over the selected campaigns (metrics.md, "Tiles"). */
export function Tiles({ report }: { report: Report }) {
  const tiles = report.tiles;
  const cells: { label: string; value: string; title?: string }[] = [
    { label: 'Sent', value: formatCount(tiles.sent) },
    { label: 'Delivered', value: formatCount(tiles.delivered) },
    { label: 'Clicked', value: formatCount(tiles.clicked) },
    { label: 'CTR', value: formatPercent(tiles.ctr), title: 'clicked messages / delivered messages' },
    { label: 'Conversions', value: formatCount(tiles.conversions) },
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
    { label: 'Revenue', value: formatMoney(tiles.revenue, report.currency) },
    {
      label: 'Unattributed',
      value: formatCount(tiles.unattributed_conversions),
      title: 'conversions no campaign touch preceded within the window',
    },
  ];
  for (const column of customColumns(tiles.custom)) {
    cells.push({ label: column.label, value: column.format(tiles, report.currency), title: 'custom KPI' });
  }
  return (
    <section class="tiles" aria-label="Metric tiles">
      {cells.map((cell) => (
        <div class="tile" title={cell.title} data-tile={cell.label}>
          <div class="tile-label">{cell.label}</div>
          <div class="tile-value">{cell.value}</div>
        </div>
      ))}
    </section>
  );
}
