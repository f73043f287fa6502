// The metric columns of the tiles and the campaign table, with their formats.

import type { CampaignRow, CustomValues, Metrics, ModelCredit } from './api';
import { formatCount, formatCustom, formatMoney, formatMultiple, formatPercent, moneyNumber } from './format';

export interface Column {
  id: string;
  label: string;
  /** The value for sorting and charts (null sorts last). */
  value: (row: Metrics) => number | null;
  format: (row: Metrics, currency: string) => string;
  defaultVisible: boolean;
}

const count = (id: keyof Metrics, label: string, defaultVisible = true): Column => ({
  id,
  label,
  value: (row) => row[id] as number,
  format: (row) => formatCount(row[id] as number),
  defaultVisible,
});

const ratio = (id: 'ctr' | 'conversion_rate', label: string): Column => ({
  id,
  label,
  value: (row) => row[id],
  format: (row) => formatPercent(row[id]),
  defaultVisible: true,
});

export const METRIC_COLUMNS: Column[] = [
  count('sent', 'Sent'),
  count('delivered', 'Delivered'),
  count('viewed', 'Viewed', false),
  count('clicked', 'Clicked'),
  count('delivered_messages', 'Delivered messages', false),
  count('clicked_messages', 'Clicked messages', false),
  ratio('ctr', 'CTR'),
  count('conversions', 'Conversions'),
  count('unique_conversions', 'Unique conversions'),
  count('converted_messages', 'Converted messages', false),
  ratio('conversion_rate', 'Conversion rate'),
  {
    id: 'revenue',
    label: 'Revenue',
    value: (row) => moneyNumber(row.revenue),
    format: (row, currency) => formatMoney(row.revenue, currency),
    defaultVisible: true,
  },
];

const money = (id: 'cost' | 'net_return' | 'cpa' | 'aov', label: string): Column => ({
  id,
  label,
  value: (row) => moneyNumber(row[id]),
  format: (row, currency) => formatMoney(row[id], currency),
  defaultVisible: true,
});

const messagingRoas = (row: Metrics): number | null => (row as Partial<CampaignRow>).messaging_roas ?? null;

/** The cost metrics (docs/costs.md "The ROI metrics"): only offered when the report has costs,
 * since they are all null otherwise. */
export const COST_COLUMNS: Column[] = [
  money('cost', 'Cost'),
  money('net_return', 'Net return'),
  { id: 'roi', label: 'ROI', value: (row) => row.roi, format: (row) => formatPercent(row.roi), defaultVisible: true },
  {
    id: 'roas',
    label: 'ROAS',
    value: (row) => row.roas,
    format: (row) => formatMultiple(row.roas),
    defaultVisible: true,
  },
  money('cpa', 'CPA'),
  money('aov', 'AOV'),
];

/** revenue / message cost, for broadcast and experience rows (the SMS seed's campaign ROI). */
export const MESSAGING_ROAS_COLUMN: Column = {
  id: 'messaging_roas',
  label: 'Messaging ROAS',
  value: messagingRoas,
  format: (row) => formatMultiple(messagingRoas(row)),
  defaultVisible: true,
};

type BankCount = 'reached_users' | 'opened_users' | 'direct_conversions' | 'related_conversions' | 'unvalued_conversions';
type BankRatio = 'open_rate' | 'products_per_reached' | 'profit_roi';

const bankCount = (id: BankCount, label: string): Column => ({
  id,
  label,
  value: (row) => row[id] ?? null,
  format: (row) => formatCount(row[id]),
  defaultVisible: false,
});
const bankRatio = (id: BankRatio, label: string): Column => ({
  id,
  label,
  value: (row) => row[id] ?? null,
  format: (row) => formatPercent(row[id]),
  defaultVisible: false,
});
const bankMoney = (id: 'balance' | 'profit', label: string): Column => ({
  id,
  label,
  value: (row) => moneyNumber(row[id]),
  format: (row, currency) => formatMoney(row[id], currency),
  defaultVisible: false,
});

/** The bank metrics (docs/bank.md), named as the report table names them: in the reports of bank
 * workspaces only. The Bank view shows them all; the performance table offers them, hidden. */
export const BANK_COLUMNS: Column[] = [
  bankCount('reached_users', 'Reached users'),
  bankCount('opened_users', 'Opened users'),
  bankRatio('open_rate', 'Open rate'),
  bankRatio('products_per_reached', 'Products per reached'),
  bankCount('direct_conversions', 'Direct sales'),
  bankCount('related_conversions', 'Related sales'),
  bankMoney('balance', 'Balance'),
  bankMoney('profit', 'Profit'),
  bankCount('unvalued_conversions', 'Unvalued conversions'),
  bankRatio('profit_roi', 'Profit ROI'),
];

/** Whether these numbers are a bank workspace's: its reports carry the bank metrics' keys. */
export function hasBankMetrics(metrics: Metrics | undefined): boolean {
  return metrics !== undefined && 'reached_users' in metrics;
}

/** Whether these numbers carry costs: the cost metrics are null without cost lines. */
export function hasCosts(metrics: Metrics | undefined): boolean {
  return metrics !== undefined && metrics.cost !== null && metrics.cost !== undefined;
}

/** The metric columns a report offers: the base metrics, the cost metrics when it has costs
 * (Messaging ROAS when a row is a broadcast or an experience), the bank metrics in a bank
 * workspace, then its custom KPIs. */
export function metricColumns(totals: Metrics | undefined, rows: CampaignRow[] = []): Column[] {
  const columns = [...METRIC_COLUMNS];
  if (hasCosts(totals)) {
    columns.push(...COST_COLUMNS);
    if (rows.some((row) => row.kind === 'broadcast' || row.kind === 'experience')) {
      columns.push(MESSAGING_ROAS_COLUMN);
    }
  }
  if (hasBankMetrics(totals)) columns.push(...BANK_COLUMNS);
  return [...columns, ...customColumns(totals?.custom ?? {})];
}

/** One column per custom KPI value: "Name", or "Name (k)" for a metric of several formulas. */
export function customColumns(custom: CustomValues): Column[] {
  const columns: Column[] = [];
  for (const [name, value] of Object.entries(custom)) {
    const pick = (row: Metrics, index: number | null): number | null => {
      const entry = row.custom?.[name];
      if (entry === undefined) return null;
      return index === null ? (entry as number | null) : ((entry as (number | null)[])[index] ?? null);
    };
    const indices = Array.isArray(value) ? value.map((_, index) => index) : [null];
    for (const index of indices) {
      columns.push({
        id: `custom:${name}:${index ?? ''}`,
        label: index === null ? name : `${name} (${index + 1})`,
        value: (row) => pick(row, index),
        format: (row) => formatCustom(pick(row, index)),
        defaultVisible: true,
      });
    }
  }
  return columns;
}

export function campaignName(row: CampaignRow): string {
  return row.name ?? row.campaign_id;
}

/** The number a model comparison (GET /compare-models) is read by: credited conversions or
 * revenue. */
export type CreditMetric = 'conversions' | 'revenue';

/** A campaign's (or the tiles') credit under one model as a number for sorting and charts: 0
 * when the model gave it nothing, null revenue included. */
export function creditValue(credit: ModelCredit | undefined, metric: CreditMetric): number {
  if (credit === undefined) return 0;
  return metric === 'revenue' ? (moneyNumber(credit.revenue) ?? 0) : credit.conversions;
}
