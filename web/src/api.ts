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

// --- response shapes (data.md "Reports", docs/api.md) --------------------------------------

export type CustomValue = number | null;
export type CustomValues = Record<string, CustomValue | CustomValue[]>;

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
  custom: CustomValues;
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
  in_catalog: boolean;
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

export interface Explanation {
  user_id: string;
  conversion: string;
  model: string;
  window_s: number;
  currency: string;
  filtered_out: number;
  conversions: {
    ts: string;
    event: string;
    value: string | null;
    attributed: boolean;
    candidates: {
      ts: string;
      event: string;
      campaign_id: string;
      message_id: string | null;
      weight: number;
      revenue: string | null;
    }[];
  }[];
}
