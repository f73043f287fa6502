// The HTTP API of payback serve (docs/api.md): bearer token from the browser session, JSON in
// and out, errors as ApiError with the server's stable code.

const TOKEN_KEY = 'payback.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly location?: { file?: string; line?: number; field?: string; column?: number },
  ) {
    super(message);
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export type Params = Record<string, string | string[] | undefined>;

export function queryString(params: Params): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, item);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

async function request(method: string, path: string, body?: string, type?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = storedToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (type) headers['Content-Type'] = type;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body });
  } catch {
    throw new ApiError(0, 'network', 'The payback server cannot be reached. Is `payback serve` running?');
  }
  if (!response.ok) {
    let code = 'http_' + response.status;
    let message = response.statusText;
    let location;
    try {
      const parsed = await response.json();
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? message;
      location = parsed.error?.location;
    } catch {
      // not a JSON error body: keep the HTTP status text
    }
    throw new ApiError(response.status, code, message, location);
  }
  return response;
}

export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const response = await request('GET', path + queryString(params));
  return (await response.json()) as T;
}

export async function getText(path: string, params: Params = {}): Promise<string> {
  const response = await request('GET', path + queryString(params));
  return response.text();
}

export async function sendJson<T>(method: string, path: string, body: unknown): Promise<T> {
  const response = await request(method, path, JSON.stringify(body), 'application/json');
  return (await response.json()) as T;
}

/** A value being fetched: kept while a newer one loads, so views do not flicker. */
export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; value: T };

export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, 'internal', String(caught));
}

// --- response shapes (data.md "Reports", docs/api.md) --------------------------------------

export type CustomValue = number | null;
export type CustomValues = Record<string, CustomValue | CustomValue[]>;

/** The cost lines of docs/costs.md, each an exact money string. */
export interface CostBreakdown {
  expenses: string;
  message: string;
  carrier_fee: string;
  platform_fee: string;
  call: string;
  agent_hour: string;
  commission: string;
}

export interface Metrics {
  sent: number;
  delivered: number;
  viewed: number;
  clicked: number;
  delivered_messages: number;
  clicked_messages: number;
  ctr: number | null;
  conversions: number;
  unique_conversions: number;
  converted_messages: number;
  conversion_rate: number | null;
  revenue: string | null;
  // The cost metrics (docs/costs.md): all null when the workspace has no cost line and no
  // campaign expenses. Money as exact strings, roi and roas as fractions and multiples.
  cost: string | null;
  net_return: string | null;
  roi: number | null;
  roas: number | null;
  cpa: string | null;
  aov: string | null;
  cost_breakdown: CostBreakdown | null;
  custom: CustomValues;
  // The bank metrics (docs/bank.md): only in the reports of a bank workspace (account snapshots
  // or a campaign with promoted products); other reports leave the keys out.
  reached_users?: number;
  opened_users?: number;
  open_rate?: number | null;
  products_per_reached?: number | null;
  /** null for a campaign that promotes nothing. */
  direct_conversions?: number | null;
  related_conversions?: number | null;
  /** Money strings; null when the workspace has no snapshot at all. */
  balance?: string | null;
  profit?: string | null;
  unvalued_conversions?: number | null;
  /** profit / cost, a fraction; null without cost or without snapshots. */
  profit_roi?: number | null;
}

export interface CampaignRow extends Metrics {
  campaign_id: string;
  name: string | null;
  status: string | null;
  created_by: string | null;
  labels: string[];
  journey_id: string | null;
  channel: string | null;
  delivery_type: string | null;
  kind: string | null;
  in_catalog: boolean;
  /** revenue / message cost, for rows of kind broadcast or experience only. */
  messaging_roas: number | null;
  /** Bank workspaces only: the products the campaign promotes (its direct sales). */
  promoted_products?: string[];
  /** Bank workspaces only: the campaign's influence period in days; null when it keeps the
   * conversion's window. */
  influence_days?: number | null;
}

export interface Report {
  conversion: string;
  model: string;
  window_s: number;
  from: string | null;
  to: string | null;
  timezone: string;
  currency: string;
  tiles: Metrics & { unattributed_conversions: number };
  campaigns: CampaignRow[];
}

export interface TimeSeriesPoint extends Metrics {
  start: string;
  end: string;
  unattributed_conversions: number;
}

export interface TimeSeries {
  bucket: string;
  timezone: string;
  currency: string;
  points: TimeSeriesPoint[];
}

/** One model's numbers in GET /compare-models: revenue is null when the conversion has no value. */
export interface ModelCredit {
  conversions: number;
  revenue: string | null;
}

/** GET /compare-models: the report's conversions and revenue under every attribution model of
 * the registry (custom_position only when the definition has weights), side by side. Rows come
 * ordered by conversions under the definition's own model (`model`). */
export interface ModelComparison {
  conversion: string;
  model: string;
  window_s: number;
  from: string | null;
  to: string | null;
  currency: string;
  models: string[];
  tiles: Record<string, ModelCredit & { unattributed_conversions: number }>;
  campaigns: { campaign_id: string; name: string | null; channel: string | null; models: Record<string, ModelCredit> }[];
}

/** GET /agents: the call-center agent ranking (docs/costs.md "Agent ranking"). */
export interface AgentStats {
  calls: number;
  sales: number;
  revenue: string | null; // null when the conversion has no value
  hours: number;
  labor_cost: string;
  commission: string;
  revenue_per_hour: number | null;
  efficiency: number | null;
}

export interface AgentRanking {
  conversion: string;
  from: string | null;
  to: string | null;
  currency: string;
  agents: (AgentStats & { agent_id: string })[];
  totals: AgentStats;
}

export type GoalStatus = 'green' | 'amber' | 'red';

/** One monthly target (docs/costs.md "Targets and projection"): the workspace's when
 * campaign_id is null. Fields of a goal that was not set are null. */
export interface Goal {
  campaign_id: string | null;
  name: string | null;
  revenue_target: string | null;
  revenue: string | null;
  revenue_expected: string | null;
  revenue_progress: number | null;
  revenue_status: GoalStatus | null;
  projected_revenue: string | null;
  roi_target: number | null;
  roi: number | null;
  roi_progress: number | null;
  roi_status: GoalStatus | null;
}

export interface Goals {
  month: string; // YYYY-MM
  today: string; // YYYY-MM-DD
  days_elapsed: number;
  days_in_month: number;
  conversion: string;
  currency: string;
  goals: Goal[];
}

export interface Options {
  timezone: string;
  currency: string;
  conversions: { name: string; event: string; model: string; window_s: number; has_value: boolean }[];
  models: string[];
  custom_metrics: { name: string; formula: string }[];
  labels: string[];
  channels: string[];
  created_by: string[];
  statuses: string[];
  delivery_types: string[];
  first_event: string | null;
  last_event: string | null;
  role: 'viewer' | 'editor' | 'admin';
}

/** A touch of an explained conversion: a candidate, or one left out (with its reason). */
export interface ExplainedTouch {
  ts: string;
  event: string;
  campaign_id: string;
  message_id: string | null;
  /** The look-back window the touch fell under, and where it came from (null under direct). */
  window_s?: number | null;
  window_from?: string | null;
  /** When the campaign reached the user (definitions with `requires`). */
  reached_at?: string | null;
  /** Bank workspaces: the sale type for this campaign (null when it promotes nothing). */
  sale?: string | null;
}

export interface Explanation {
  user_id: string;
  conversion: string;
  model: string;
  window_s: number;
  touch?: string;
  requires?: string | null;
  currency: string;
  filtered_out: number;
  conversions: {
    ts: string;
    event: string;
    value: string | null;
    attributed: boolean;
    product?: string | null;
    account_id?: string | null;
    snapshot_month?: string | null;
    balance?: string | null;
    profit?: string | null;
    valuation?: string | null;
    candidates: (ExplainedTouch & { weight: number; revenue: string | null })[];
    excluded?: (ExplainedTouch & { reason: string })[];
  }[];
}

/** One group of a web campaign (docs/web.md "Groups and their rates"): users who entered it, those
 * who converted within the window, their conversions and revenue (null when the conversion has
 * no value). */
export interface WebGroup {
  users: number;
  converters: number;
  conversions: number;
  revenue: string | null;
  /** converters / users; null without users. */
  conversion_rate: number | null;
  /** revenue / conversions; null without conversions or value. */
  aov: string | null;
}

/** The lift over the control group (docs/web.md "Lift over the control group"), with Welch's 95%
 * intervals; an interval is null when a group has fewer than 2 users. */
export interface WebLift {
  audience: number;
  actual_conversions: number;
  baseline_conversions: number;
  incremental_conversions: number;
  incremental_conversions_ci: [number, number] | null;
  actual_revenue: string | null;
  baseline_revenue: string | null;
  incremental_revenue: string | null;
  incremental_revenue_ci: [string, string] | null;
  revenue_ci_degrees_of_freedom: number | null;
  /** incremental revenue / cost; null without cost or value. */
  incremental_roas: number | null;
}

export type WebGroupName = 'exposed' | 'chat' | 'content_click' | 'treatment' | 'control';

/** One web campaign of GET /lift: the seed's data bar, the groups, the lift (null without a
 * control group), the goal type's pooled rate and the other goals its exposed visitors reached. */
export interface WebCampaign {
  campaign_id: string;
  name: string | null;
  channel: string | null;
  /** "business" (conversions) or "assisting" (goals reached). */
  goal_type: string | null;
  prospects: number;
  prospect_users: number;
  exposures: number;
  engagements: number;
  chat_engagements: number;
  content_engagements: number;
  conversions: number;
  revenue: string | null;
  cost: string | null;
  groups: Record<WebGroupName, WebGroup>;
  lift: WebLift | null;
  goal_type_conversion_rate: number | null;
  other_goals: { conversion: string; goals_reached: number; users: number }[];
}

/** GET /lift: the web funnel of every web campaign with events in the period (docs/web.md). */
export interface WebFunnel {
  conversion: string;
  model: string;
  window_s: number;
  from: string | null;
  to: string | null;
  timezone: string;
  currency: string;
  campaigns: WebCampaign[];
}

/** GET /lift/timeseries: per bucket its local start and end and the /lift JSON of that bucket
 * (a campaign without web events in the bucket has no row there). */
export interface WebFunnelSeries {
  bucket: string;
  timezone: string;
  points: (WebFunnel & { start: string; end: string })[];
}
