import { useMemo, useState } from 'preact/hooks';

import type { CampaignRow, Report } from './api';
import { BANK_COLUMNS, campaignName, type Column, COST_COLUMNS, METRIC_COLUMNS } from './columns';
import { DASH, formatCount, formatWindow } from './format';

/** Rows shown before "Show all": a bank may run hundreds of campaigns. */
const FIRST_ROWS = 50;

const COLUMNS = new Map([...METRIC_COLUMNS, ...COST_COLUMNS, ...BANK_COLUMNS].map((column) => [column.id, column]));

const influenceDays = (row: CampaignRow): number | null => row.influence_days ?? null;

const INFLUENCE: Column = {
  id: 'influence_days',
  label: 'Influence days',
  value: (row) => influenceDays(row as CampaignRow),
  format: (row) => formatCount(influenceDays(row as CampaignRow)),
  defaultVisible: true,
};

/** The table's metric columns in the bank seed's words, each a report field (docs/bank.md). */
const METRICS: { id: string; header: string; title: string }[] = [
  { id: 'reached_users', header: 'Reached', title: 'customers the campaign reached' },
  { id: 'opened_users', header: 'Opened', title: 'customers who opened the campaign' },
  { id: 'open_rate', header: 'Open rate', title: 'opened / reached' },
  { id: 'conversions', header: 'Products opened', title: 'conversions credited to the campaign' },
  { id: 'products_per_reached', header: 'Conversion rate', title: 'products opened / customers reached' },
  { id: 'direct_conversions', header: 'Direct', title: 'products the campaign promotes' },
  { id: 'related_conversions', header: 'Related', title: 'other products its customers opened' },
  { id: 'balance', header: 'Balance', title: 'month-end balance of the opening month' },
  { id: 'profit', header: 'Profit', title: 'month-end profit of the opening month' },
  { id: 'cost', header: 'Expenses', title: 'campaign expenses (cost)' },
  { id: 'profit_roi', header: 'ROI', title: 'profit / expenses' },
  { id: 'unvalued_conversions', header: 'Without snapshot', title: 'conversions without a month-end snapshot' },
];

/** Whether a cell shows a loss (red). */
function isNegative(id: string, row: CampaignRow): boolean {
  if (id === 'profit') return row.profit?.startsWith('-') ?? false;
  if (id === 'profit_roi') return (row.profit_roi ?? 0) < 0;
  return false;
}

/** The bank seed's campaign table: per campaign its promoted products and influence period,
 * the reach funnel, direct and related sales, balance, profit, expenses and ROI; sortable by
 * every column, searchable. */
export function BankTable({ report }: { report: Report }) {
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({ id: 'conversions', descending: true });
  const [search, setSearch] = useState('');
  const [all, setAll] = useState(false);

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = needle
      ? report.campaigns.filter(
          (row) =>
            campaignName(row).toLowerCase().includes(needle) ||
            row.campaign_id.toLowerCase().includes(needle) ||
            (row.promoted_products ?? []).some((product) => product.toLowerCase().includes(needle)),
        )
      : report.campaigns;
    const direction = sort.descending ? -1 : 1;
    if (sort.id === 'name' || sort.id === 'promoted_products') {
      const text = (row: CampaignRow) =>
        sort.id === 'name' ? campaignName(row) : (row.promoted_products ?? []).join(', ');
      return [...matching].sort(
        (left, right) =>
          direction * text(left).localeCompare(text(right)) || left.campaign_id.localeCompare(right.campaign_id),
      );
    }
    const column = sort.id === INFLUENCE.id ? INFLUENCE : COLUMNS.get(sort.id);
    return [...matching].sort((left, right) => {
      const a = column?.value(left) ?? null;
      const b = column?.value(right) ?? null;
      if (a === b) return left.campaign_id.localeCompare(right.campaign_id);
      if (a === null) return 1; // nulls last in both directions
      if (b === null) return -1;
      return direction * (a - b);
    });
  }, [report, sort, search]);
  const visible = all ? rows : rows.slice(0, FIRST_ROWS);

  const header = (id: string, label: string, numeric: boolean, title?: string) => {
    const active = sort.id === id;
    return (
      <th
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
  const windowText = formatWindow(report.window_s);

  return (
    <section class="card table-card" aria-label="Bank campaigns">
      <div class="table-tools">
        <h2>Campaigns</h2>
        <input
          type="search"
          name="bank-search"
          aria-label="Search campaigns or products"
          placeholder="Search campaigns or products"
          value={search}
          onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
        />
      </div>
      {rows.length === 0 ? (
        <p class="empty">
          {report.campaigns.length === 0 ? 'No campaign matches these filters.' : 'No campaign matches the search.'}
        </p>
      ) : (
        <div class="scroll">
          <table class="campaigns bank">
            <thead>
              <tr>
                {header('name', 'Campaign', false)}
                {header('promoted_products', 'Promoted products', false, 'its direct sales')}
                {header(INFLUENCE.id, 'Influence days', true, `a dash: the conversion's window (${windowText})`)}
                {METRICS.map((metric) => header(metric.id, metric.header, true, metric.title))}
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => {
                const products = row.promoted_products ?? [];
                return (
                  <tr data-campaign={row.campaign_id}>
                    <td>
                      <div class="name">{campaignName(row)}</div>
                      <div class="sub">
                        {row.campaign_id}
                        {row.channel && ` · ${row.channel.replace(/_/g, ' ')}`}
                      </div>
                    </td>
                    <td data-column="promoted_products">
                      {products.length === 0 ? (
                        <span class="muted" title="promotes no product: no direct or related sales">
                          {DASH}
                        </span>
                      ) : (
                        products.join(', ')
                      )}
                    </td>
                    <td
                      class="num"
                      data-column="influence_days"
                      title={influenceDays(row) === null ? `the conversion's window: ${windowText}` : undefined}
                    >
                      {INFLUENCE.format(row, report.currency)}
                    </td>
                    {METRICS.map((metric) => (
                      <td class={isNegative(metric.id, row) ? 'num negative' : 'num'} data-column={metric.id}>
                        {COLUMNS.get(metric.id)?.format(row, report.currency) ?? DASH}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <span class="hint">
          Influence days: a dash means the conversion's window ({windowText}). Direct and related: a dash for a campaign
          that promotes nothing.
        </span>
        <span>
          {visible.length} of {rows.length} campaign{rows.length === 1 ? '' : 's'}
        </span>
        {rows.length > visible.length && (
          <button type="button" class="secondary" onClick={() => setAll(true)}>
            Show all
          </button>
        )}
      </div>
    </section>
  );
}
