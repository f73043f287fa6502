// The dashboard's filters and their place in the URL, so that a view can be shared: the same
// names as the API's report parameters (docs/api.md), plus the period preset, the chart
// bucket, the view (performance, ROI, models, bank or web), the day the targets are measured at
// and the campaign the Web view shows.

import type { Params } from './api';

export type Preset = 'all' | 'last7' | 'last30' | 'this_month' | 'last_month' | 'custom';
export type Bucket = 'day' | 'week' | 'month';
export type View = 'performance' | 'roi' | 'models' | 'bank' | 'web';

/** The views; the app offers Bank only for a bank workspace (docs/bank.md), Web only when the
 * selection has web campaigns (docs/web.md). */
export const VIEWS: { value: View; label: string }[] = [
  { value: 'performance', label: 'Performance' },
  { value: 'roi', label: 'ROI' },
  { value: 'models', label: 'Models' },
  { value: 'bank', label: 'Bank' },
  { value: 'web', label: 'Web' },
];

export interface Filters {
  conversion: string;
  model: string;
  preset: Preset;
  from: string; // YYYY-MM-DD, custom range only
  to: string; // YYYY-MM-DD, exclusive
  label: string[];
  channel: string[];
  created_by: string[];
  status: string[];
  delivery_type: string[];
  bucket: Bucket;
  view: View;
  today: string; // YYYY-MM-DD: the targets' day; '' = today in the workspace time zone
  webCampaign: string; // the Web view's campaign; '' = the first web campaign
}

export const LIST_FILTERS = ['label', 'channel', 'created_by', 'status', 'delivery_type'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const PRESETS: { value: Preset; label: string }[] = [
  { value: 'all', label: 'All time' },
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'this_month', label: 'This month' },
  { value: 'last_month', label: 'Last month' },
  { value: 'custom', label: 'Custom range' },
];

export function emptyFilters(): Filters {
  return {
    conversion: '',
    model: '',
    preset: 'all',
    from: '',
    to: '',
    label: [],
    channel: [],
    created_by: [],
    status: [],
    delivery_type: [],
    bucket: 'day',
    view: 'performance',
    today: '',
    webCampaign: '',
  };
}

export function filtersFromUrl(search: string): Filters {
  const query = new URLSearchParams(search);
  const filters = emptyFilters();
  filters.conversion = query.get('conversion') ?? '';
  filters.model = query.get('model') ?? '';
  const preset = query.get('preset') as Preset | null;
  if (preset && PRESETS.some((item) => item.value === preset)) filters.preset = preset;
  filters.from = query.get('from') ?? '';
  filters.to = query.get('to') ?? '';
  if ((filters.from || filters.to) && !preset) filters.preset = 'custom';
  for (const name of LIST_FILTERS) filters[name] = query.getAll(name);
  const bucket = query.get('bucket');
  if (bucket === 'week' || bucket === 'month') filters.bucket = bucket;
  const view = VIEWS.find((item) => item.value === query.get('view'));
  if (view) filters.view = view.value;
  const today = query.get('today') ?? '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(today)) filters.today = today;
  filters.webCampaign = query.get('web_campaign') ?? '';
  return filters;
}

export function filtersToUrl(filters: Filters): string {
  const query = new URLSearchParams();
  if (filters.conversion) query.set('conversion', filters.conversion);
  if (filters.model) query.set('model', filters.model);
  if (filters.preset !== 'all') query.set('preset', filters.preset);
  if (filters.preset === 'custom') {
    if (filters.from) query.set('from', filters.from);
    if (filters.to) query.set('to', filters.to);
  }
  for (const name of LIST_FILTERS) for (const value of filters[name]) query.append(name, value);
  if (filters.bucket !== 'day') query.set('bucket', filters.bucket);
  if (filters.view !== 'performance') query.set('view', filters.view);
  if (filters.today) query.set('today', filters.today);
  if (filters.webCampaign) query.set('web_campaign', filters.webCampaign);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function isoDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The [from, to) dates of a preset, relative to `today` (the browser's date). */
export function periodOf(filters: Filters, today: Date = new Date()): { from?: string; to?: string } {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const tomorrow = new Date(day);
  tomorrow.setDate(day.getDate() + 1);
  switch (filters.preset) {
    case 'all':
      return {};
    case 'last7':
    case 'last30': {
      const start = new Date(day);
      start.setDate(day.getDate() - (filters.preset === 'last7' ? 6 : 29));
      return { from: isoDate(start), to: isoDate(tomorrow) };
    }
    case 'this_month':
      return {
        from: isoDate(new Date(day.getFullYear(), day.getMonth(), 1)),
        to: isoDate(new Date(day.getFullYear(), day.getMonth() + 1, 1)),
      };
    case 'last_month':
      return {
        from: isoDate(new Date(day.getFullYear(), day.getMonth() - 1, 1)),
        to: isoDate(new Date(day.getFullYear(), day.getMonth(), 1)),
      };
    case 'custom':
      return { from: filters.from || undefined, to: filters.to || undefined };
  }
}

/** Whether a campaign filter (labels, channels, ...) narrows the report. */
export function hasCampaignFilters(filters: Filters): boolean {
  return LIST_FILTERS.some((name) => filters[name].length > 0);
}

/** The API parameters of a report for these filters. */
export function reportParams(filters: Filters): Params {
  const period = periodOf(filters);
  const params: Params = {
    conversion: filters.conversion || undefined,
    model: filters.model || undefined,
    from: period.from,
    to: period.to,
  };
  for (const name of LIST_FILTERS) params[name] = filters[name];
  return params;
}

/** The API parameters of GET /compare-models: the report's, without the model (every model is
 * compared). */
export function compareParams(filters: Filters): Params {
  return { ...reportParams(filters), model: undefined };
}
