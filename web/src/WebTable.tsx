import { useMemo, useState } from 'preact/hooks';

import type { WebCampaign, WebFunnel } from './api';
import { formatCount, formatMoney, formatMultiple, formatPercent, moneyNumber } from './format';
import { goalTypeLabel, moneyInterval, NO_INTERVAL, webCampaignName } from './web';

interface Column {
  id: string;
  header: string;
  title: string;
  value: (row: WebCampaign) => number | null;
  format: (row: WebCampaign, currency: string) => string;
  negative?: (row: WebCampaign) => boolean;
}

const COLUMNS: Column[] = [
  {
    id: 'prospects',
    header: 'Prospects',
    title: 'visits eligible for the campaign',
    value: (row) => row.prospects,
    format: (row) => formatCount(row.prospects),
  },
  {
    id: 'exposures',
    header: 'Exposures',
    title: 'engagements displayed',
    value: (row) => row.exposures,
    format: (row) => formatCount(row.exposures),
  },
  {
    id: 'engagements',
    header: 'Engagements',
    title: 'chats and content clicks',
    value: (row) => row.engagements,
    format: (row) => formatCount(row.engagements),
  },
  {
    id: 'conversions',
    header: 'Conversions',
    title: 'conversions (goals reached, for an assisting goal) by exposed visitors',
    value: (row) => row.conversions,
    format: (row) => formatCount(row.conversions),
  },
  {
    id: 'exposed_conversion_rate',
    header: 'Exposed CR',
    title: 'conversion rate of the exposed visitors',
    value: (row) => row.groups.exposed.conversion_rate,
    format: (row) => formatPercent(row.groups.exposed.conversion_rate),
  },
  {
    id: 'control_conversion_rate',
    header: 'Control CR',
    title: 'conversion rate of the control group (a dash: no control group)',
    value: (row) => row.groups.control.conversion_rate,
    format: (row) => formatPercent(row.groups.control.conversion_rate),
  },
  {
    id: 'incremental_revenue',
    header: 'Incremental revenue',
    title: 'over the control group, with its 95% confidence interval',
    value: (row) => moneyNumber(row.lift?.incremental_revenue),
    format: (row, currency) => formatMoney(row.lift?.incremental_revenue, currency),
    negative: (row) => row.lift?.incremental_revenue?.startsWith('-') ?? false,
  },
  {
    id: 'incremental_roas',
    header: 'Incremental ROAS',
    title: 'incremental revenue / cost',
    value: (row) => row.lift?.incremental_roas ?? null,
    format: (row) => formatMultiple(row.lift?.incremental_roas),
    negative: (row) => (row.lift?.incremental_roas ?? 0) < 0,
  },
];

/** Every web campaign of the selection: the funnel, the exposed and control conversion rates,
 * the incremental revenue with its interval and the incremental ROAS; sortable by every column,
 * a campaign's name opens it above; the CSV export is GET /lift.csv with the same parameters. */
export function WebTable({
  funnel,
  selected,
  onSelect,
  onExport,
  exporting,
}: {
  funnel: WebFunnel;
  selected: string;
  onSelect: (campaignId: string) => void;
  onExport: () => void;
  exporting: boolean;
}) {
  // null: the server's order.
  const [sort, setSort] = useState<{ id: string; descending: boolean } | null>(null);
  const rows = useMemo(() => {
    if (sort === null) return funnel.campaigns;
    const direction = sort.descending ? -1 : 1;
    if (sort.id === 'name') {
      return [...funnel.campaigns].sort(
        (left, right) =>
          direction * webCampaignName(left).localeCompare(webCampaignName(right)) ||
          left.campaign_id.localeCompare(right.campaign_id),
      );
    }
    const column = COLUMNS.find((candidate) => candidate.id === sort.id);
    return [...funnel.campaigns].sort((left, right) => {
      const a = column?.value(left) ?? null;
      const b = column?.value(right) ?? null;
      if (a === b) return left.campaign_id.localeCompare(right.campaign_id);
      if (a === null) return 1; // nulls last in both directions
      if (b === null) return -1;
      return direction * (a - b);
    });
  }, [funnel, sort]);

  const header = (id: string, label: string, numeric: boolean, title?: string) => {
    const active = sort?.id === id;
    return (
      <th
        scope="col"
        class={numeric ? 'num' : undefined}
        data-column={id}
        title={title}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button type="button" onClick={() => setSort({ id, descending: active ? !sort.descending : numeric })}>
          {label}
          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };

  return (
    <section class="card table-card" aria-label="Web campaigns">
      <div class="table-tools">
        <h2>Web campaigns</h2>
        <button type="button" class="secondary" data-testid="lift-csv" onClick={onExport} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <div class="scroll">
        <table class="campaigns web">
          <thead>
            <tr>
              {header('name', 'Campaign', false)}
              <th scope="col" data-column="goal_type">Goal type</th>
              {COLUMNS.map((column) => header(column.id, column.header, true, column.title))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const interval = row.lift ? moneyInterval(row.lift.incremental_revenue_ci, funnel.currency) : null;
              return (
                <tr data-campaign={row.campaign_id} aria-current={row.campaign_id === selected ? 'true' : undefined}>
                  <td>
                    <button
                      type="button"
                      class="link name"
                      title="Show this campaign's dashboard"
                      onClick={() => onSelect(row.campaign_id)}
                    >
                      {webCampaignName(row)}
                    </button>
                    <div class="sub">{row.campaign_id}</div>
                  </td>
                  <td data-column="goal_type">{goalTypeLabel(row.goal_type)}</td>
                  {COLUMNS.map((column) => (
                    <td class={column.negative?.(row) ? 'num negative' : 'num'} data-column={column.id}>
                      <span data-value>{column.format(row, funnel.currency)}</span>
                      {column.id === 'incremental_revenue' && row.lift && row.lift.incremental_revenue !== null && (
                        <div
                          class="sub"
                          data-ci={interval ? '' : undefined}
                          data-no-ci={interval ? undefined : ''}
                          title={interval ? undefined : NO_INTERVAL}
                        >
                          {interval ?? 'no 95% interval'}
                        </div>
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="hint">
          A dash: no control group (control CR, incremental revenue), no cost (ROAS). Incremental revenue with its 95%
          confidence interval.
        </span>
        <span>
          {rows.length} campaign{rows.length === 1 ? '' : 's'}
        </span>
      </div>
    </section>
  );
}
