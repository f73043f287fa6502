// The metric columns of the tiles and the campaign table, with their formats.

import type { CampaignRow, CustomValues, Metrics } from './api';
import { formatCount, formatCustom, formatMoney, formatPercent, moneyNumber } from './format';

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
