// The warm variants of payback's benchmark in DuckDB, next to the full report of report.mjs:
// the report under a campaign filter (--channel), the report over a period (--from/--to) and
// one user's explain, each as SQL on the loaded `events` and `campaigns` tables, and the
// comparison of each with payback's JSON (report.mjs runs and times them).
//
// The definitions are those of ../shared/spec/metrics.md for the default conversion (Purchase,
// last touch, 7 days), as in report.mjs:
// - Filters choose the rows shown; attribution stays global (a conversion whose last touch is a
//   campaign of another channel is credited to that campaign, not to the next-best selected one).
//   The tiles are the sums over the selected campaigns, except unique_conversions (distinct
//   users credited by any selected campaign), ctr and conversion_rate (recomputed from the
//   summed numerators and denominators) and unattributed_conversions (every conversion of the
//   period without a candidate, whatever the filter).
// - The period [from, to) is cut in the workspace time zone (a date is local midnight). Engagement
//   metrics count the events whose own ts lies in the period; the conversions are those in the
//   period; their candidate touches may lie before `from` (attribution looks back), never at or
//   after `to` (a touch is at or before its conversion).

// ---- time ---------------------------------------------------------------------------------------

// Offset (ms, local - UTC) of an IANA time zone at a UTC instant, from Node's ICU.
function zoneOffsetMs(timeZone, utcMs) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type) => Number(parts.find((part) => part.type === type).value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'),
                         get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

// A local wall time (as if it were UTC, in ms) in timeZone -> the UTC instant, as payback reads
// it (docs/metrics.md): an ambiguous time (fall back) is the earlier instant; a time in the
// spring-forward gap is read with the offset before the gap (02:30 in a one-hour gap is 03:30).
function localToUtcMs(localMs, timeZone) {
  const dayMs = 86_400_000;
  const before = zoneOffsetMs(timeZone, localMs - dayMs);
  const after = zoneOffsetMs(timeZone, localMs + dayMs);
  const valid = [...new Set([before, after, zoneOffsetMs(timeZone, localMs)])]
      .map((offset) => localMs - offset)
      .filter((utc) => localMs - zoneOffsetMs(timeZone, utc) === utc)
      .sort((lhs, rhs) => lhs - rhs);
  return valid.length > 0 ? valid[0] : localMs - before;
}

/// `--from`/`--to` as payback reads them: a date (local midnight) or an ISO timestamp (with `Z`
/// or an offset, or without one = workspace time zone; a space may replace `T`). Returns the UTC
/// instant as microseconds since the epoch (a BigInt: exact for fractional seconds).
export function parseInstant(text, timeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
      .exec(text.trim());
  if (!match) throw new Error(`not a date or ISO timestamp: ${text}`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const wallMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute),
                          Number(second));
  const check = new Date(wallMs);
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) ||
      check.getUTCHours() !== Number(hour) || check.getUTCMinutes() !== Number(minute) ||
      check.getUTCSeconds() !== Number(second)) {
    throw new Error(`not a valid date or time: ${text}`);
  }
  let utcMs;
  if (zone === undefined) {
    utcMs = localToUtcMs(wallMs, timeZone);
  } else if (zone.toUpperCase() === 'Z') {
    utcMs = wallMs;
  } else {
    const digits = zone.replace(':', '');
    const offsetMin = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    utcMs = wallMs - (digits[0] === '-' ? -offsetMin : offsetMin) * 60_000;
  }
  return BigInt(utcMs) * 1000n + BigInt(fraction.padEnd(6, '0') || '0');
}

/// Microseconds since the epoch -> "2026-03-01T05:00:00Z" (fraction only when not zero).
export function isoFromMicros(micros) {
  const ms = Number(micros / 1000n);
  const fraction = micros % 1_000_000n;
  const whole = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return fraction === 0n ? `${whole}Z`
                         : `${whole}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}Z`;
}

// A UTC instant as a DuckDB TIMESTAMP literal (the table's ts is the UTC wall time).
const sqlTimestamp = (micros) => `TIMESTAMP '${isoFromMicros(micros).replace('T', ' ').replace('Z', '')}'`;

/// The workspace time zone of a settings.yaml (`timezone: NAME`; UTC when absent).
export function timeZoneOfSettings(text) {
  const match = /^timezone:\s*["']?([^"'\s#]+)["']?/m.exec(text);
  return match ? match[1] : 'UTC';
}

/// Throws when Node's ICU does not know the zone.
export function checkTimeZone(timeZone) {
  new Intl.DateTimeFormat('en-US', { timeZone });
  return timeZone;
}

// ---- SQL ----------------------------------------------------------------------------------------

const sqlString = (text) => `'${text.replaceAll("'", "''")}'`;

/// The campaigns table, every column as text (only campaign_id and the filter columns are used).
export const campaignsCsv = (path) => `read_csv(${sqlString(path)}, header = true, delim = ',',
    quote = '"', escape = '"', all_varchar = true)`;

export const ENGAGEMENT_EVENTS = `('Notification Sent', 'Notification Delivered', 'Push Impressions',
                    'Notification Viewed', 'Notification Clicked')`;
const PURCHASE = `event = 'Charged' AND amount > 0 AND (category IS NULL OR category <> 'Gift Card')`;

// Per-campaign engagement (the `eng` CTE) of the events that pass `where`: the CleverTap export
// names of metrics.md's default aliases. A message is (campaign, user, message_id), a missing

// A report row's columns from the engagement (e) and credit (r) sides of a campaign.
export const ROW_COLUMNS = `
       coalesce(e.sent, 0) AS sent, coalesce(e.delivered, 0) AS delivered,
       coalesce(e.viewed, 0) AS viewed, coalesce(e.clicked, 0) AS clicked,
       coalesce(e.delivered_messages, 0) AS delivered_messages,
       coalesce(e.clicked_messages, 0) AS clicked_messages,
       coalesce(r.conversions, 0) AS conversions,
       coalesce(r.unique_conversions, 0) AS unique_conversions,
       coalesce(r.converted_messages, 0) AS converted_messages,
       coalesce(r.revenue, 0)::DECIMAL(18,2)::VARCHAR AS revenue`;

// message_id counting as one message per campaign and user.
export function engagementCte(where) {
  return `
  eng AS (
    SELECT campaign_id,
           count(*) FILTER (WHERE event = 'Notification Sent') AS sent,
           count(*) FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered,
           count(*) FILTER (WHERE event = 'Notification Viewed') AS viewed,
           count(*) FILTER (WHERE event = 'Notification Clicked') AS clicked,
           count(DISTINCT (user_id, message_id))
             FILTER (WHERE event IN ('Notification Delivered', 'Push Impressions')) AS delivered_messages,
           count(DISTINCT (user_id, message_id))
             FILTER (WHERE event = 'Notification Clicked') AS clicked_messages
    FROM src
    WHERE ${where}
    GROUP BY campaign_id)`;
}

// The period's conditions on ts: the events of [from, to) (either bound may be absent), and the
// touches that can be candidates of its conversions, [from - 7 days, to): a touch is at most 7
// days before its conversion and never after it.
function periodConditions(period) {
  const bound = (field, op, shift = '') => (period?.[field] == null ? ''
      : ` AND ts ${op} ${sqlTimestamp(period[field])}${shift}`);
  return {
    inPeriod: `${bound('from', '>=')}${bound('to', '<')}`,
    touchRange: `${bound('from', '>=', ' - INTERVAL 7 DAY')}${bound('to', '<')}`,
  };
}

/// The report of the default conversion with a campaign filter (channels) and/or a period
/// ({from, to} in UTC microseconds), the ASOF strategy of report.mjs. One statement; its rows:
/// one per selected campaign with its numbers (kind 'campaign'), and one (kind 'total') with the
/// tiles that are not sums of rows: unique_conversions over the selected campaigns and the
/// unattributed conversions of the period.
export function variantSql({ channels = null, period = null, source = 'events' } = {}) {
  const { inPeriod, touchRange } = periodConditions(period);
  const selectedCampaign = channels
      ? `campaign_id IN (SELECT campaign_id FROM campaigns
                        WHERE channel IN (${channels.map(sqlString).join(', ')}))`
      : 'campaign_id IS NOT NULL';
  return `
WITH src AS NOT MATERIALIZED (SELECT * FROM ${source}),
${engagementCte(`${selectedCampaign} AND event IN ${ENGAGEMENT_EVENTS} ${inPeriod}`)},
  conv AS (SELECT user_id, ts, amount FROM src WHERE ${PURCHASE} ${inPeriod}),
  clicks AS (
    SELECT user_id, ts,
           max({'campaign_id': campaign_id, 'message_id': coalesce(message_id, '')}) AS touch
    FROM src WHERE event = 'Notification Clicked' AND campaign_id IS NOT NULL ${touchRange}
    GROUP BY user_id, ts),
  att AS (
    SELECT c.user_id, c.amount,
           CASE WHEN k.ts >= c.ts - INTERVAL 7 DAY THEN k.touch.campaign_id END AS campaign_id,
           CASE WHEN k.ts >= c.ts - INTERVAL 7 DAY THEN k.touch.message_id END AS message_id
    FROM conv c ASOF LEFT JOIN clicks k ON c.user_id = k.user_id AND c.ts >= k.ts),
  credit AS (
    SELECT campaign_id, grouping(campaign_id) AS is_total,
           count(*) FILTER (WHERE selected) AS conversions,
           count(DISTINCT user_id) FILTER (WHERE selected) AS unique_conversions,
           count(DISTINCT (user_id, message_id)) FILTER (WHERE selected) AS converted_messages,
           sum(amount) FILTER (WHERE selected) AS revenue,
           count(*) FILTER (WHERE campaign_id IS NULL) AS unattributed
    FROM (SELECT *, coalesce(${selectedCampaign}, false) AS selected FROM att)
    GROUP BY GROUPING SETS ((campaign_id), ()))
SELECT CASE WHEN r.is_total = 1 THEN 'total' ELSE 'campaign' END AS kind,
       coalesce(e.campaign_id, r.campaign_id) AS campaign_id,
${ROW_COLUMNS},
       coalesce(r.unattributed, 0) AS unattributed
FROM eng e
FULL OUTER JOIN (SELECT * FROM credit
                 WHERE is_total = 1 OR (campaign_id IS NOT NULL AND conversions > 0)) r
  ON e.campaign_id = r.campaign_id AND r.is_total = 0
ORDER BY kind, campaign_id`;
}

/// One user's conversions of the default definition in the period (all time without one), each
/// with its candidate touches in tie-break order (the last is the winner under last touch), and
/// the user's conversion-type events the `where` filter left out (in the period).
export function explainSql(user, { period = null, source = 'events' } = {}) {
  // Everything needed lies in [from - 7 days, to): the table's min/max of ts per row group then
  // lets the scan skip most of the table (the events are loaded in time order).
  const { inPeriod, touchRange } = periodConditions(period);
  return `
WITH mine AS MATERIALIZED (
    SELECT ts, event, campaign_id, coalesce(message_id, '') AS message_id, amount, category
    FROM ${source}
    WHERE user_id = ${sqlString(user)} ${touchRange}
      AND (event = 'Charged' OR (event = 'Notification Clicked' AND campaign_id IS NOT NULL))),
  conv AS (
    SELECT row_number() OVER (ORDER BY ts, amount) AS n, ts, amount, event FROM mine
    WHERE ${PURCHASE} ${inPeriod}),
  cand AS (
    SELECT c.n, k.ts, k.event, k.campaign_id, k.message_id
    FROM conv c JOIN mine k
      ON k.event = 'Notification Clicked' AND k.ts BETWEEN c.ts - INTERVAL 7 DAY AND c.ts),
  per_conv AS (
    SELECT c.n, c.ts, c.event, c.amount::VARCHAR AS value,
           list({'ts': k.ts, 'event': k.event, 'campaign_id': k.campaign_id,
                 'message_id': k.message_id} ORDER BY k.ts, k.campaign_id, k.message_id)
             FILTER (WHERE k.n IS NOT NULL) AS candidates
    FROM conv c LEFT JOIN cand k ON k.n = c.n
    GROUP BY c.n, c.ts, c.event, c.amount)
SELECT (SELECT count(*) FROM mine
        WHERE event = 'Charged' AND NOT coalesce(${PURCHASE}, false) ${inPeriod}) AS filtered_out,
       (SELECT list({'ts': ts, 'event': event, 'value': value, 'candidates': candidates} ORDER BY n)
        FROM per_conv) AS conversions`;
}

// ---- results ------------------------------------------------------------------------------------

const COUNTS = ['sent', 'delivered', 'viewed', 'clicked', 'delivered_messages', 'clicked_messages',
                'conversions', 'unique_conversions', 'converted_messages'];
export const ROW_FIELDS = [...COUNTS, 'ctr', 'conversion_rate', 'revenue'];
export const TILE_FIELDS = [...ROW_FIELDS, 'unattributed_conversions'];
const RATIOS = new Set(['ctr', 'conversion_rate']);

const ratio = (numerator, denominator) => (denominator === 0 ? null : numerator / denominator);

// "1234.5", "1234.50", 1234.5 -> 123450n (exact: no binary floating point for money).
export function cents(value) {
  if (value === null || value === undefined) return 0n;
  const text = String(value).trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new Error(`not a money amount: ${text}`);
  const fraction = (match[3] ?? '').padEnd(2, '0');
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    throw new Error(`money with more than 2 decimals: ${text}`);
  }
  const magnitude = BigInt(match[2] || '0') * 100n + BigInt(fraction.slice(0, 2) || '0');
  return match[1] === '-' ? -magnitude : magnitude;
}

export const money = (centsValue) => {
  const sign = centsValue < 0n ? '-' : '';
  const magnitude = centsValue < 0n ? -centsValue : centsValue;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
};

/// The rows of variantSql -> { campaigns: [...], tiles: {...} } with the ratios and the tiles
/// as payback's JSON has them.
export function variantResult(reader) {
  const campaigns = [];
  let total = null;
  for (const row of reader.getRowObjectsJson()) {
    const out = { campaign_id: row.campaign_id };
    for (const field of COUNTS) out[field] = Number(row[field]);
    out.revenue = row.revenue;
    if (row.kind === 'total') {
      total = { unique_conversions: out.unique_conversions, unattributed: Number(row.unattributed) };
      continue;
    }
    out.ctr = ratio(out.clicked_messages, out.delivered_messages);
    out.conversion_rate = ratio(out.converted_messages, out.delivered_messages);
    campaigns.push(out);
  }
  const sum = (field) => campaigns.reduce((acc, row) => acc + row[field], 0);
  const tiles = {};
  for (const field of COUNTS) tiles[field] = sum(field);
  tiles.unique_conversions = total?.unique_conversions ?? 0;
  tiles.ctr = ratio(tiles.clicked_messages, tiles.delivered_messages);
  tiles.conversion_rate = ratio(tiles.converted_messages, tiles.delivered_messages);
  tiles.revenue = money(campaigns.reduce((acc, row) => acc + cents(row.revenue), 0n));
  tiles.unattributed_conversions = total?.unattributed ?? 0;
  return { campaigns, tiles };
}

// DuckDB's TIMESTAMP as JSON ("2026-03-04 05:04:30" or with a fraction) -> "...Z" ISO.
const isoFromDuck = (text) => isoFromMicros(parseInstant(`${text}Z`, 'UTC'));

/// The rows of explainSql -> the conversions with their candidates and credit (last touch: the
/// last candidate gets weight 1 and the conversion's value).
export function explainResult(user, reader) {
  const [row0] = reader.getRowObjectsJson();
  const conversions = (row0?.conversions ?? []).map((row) => {
    const candidates = (row.candidates ?? []).map((touch, index, all) => {
      const winner = index === all.length - 1;
      return { ts: isoFromDuck(touch.ts), event: touch.event, campaign_id: touch.campaign_id,
               message_id: touch.message_id === '' ? null : touch.message_id,
               weight: winner ? 1 : 0, revenue: winner ? row.value : '0.00' };
    });
    const winner = candidates.at(-1);
    return { ts: isoFromDuck(row.ts), event: row.event, value: row.value,
             attributed: candidates.length > 0,
             credited: winner ? { campaign_id: winner.campaign_id, message_id: winner.message_id }
                              : null,
             candidates };
  });
  return { user_id: user, filtered_out: Number(row0?.filtered_out ?? 0), conversions };
}

// ---- comparison ---------------------------------------------------------------------------------

function same(field, lhs, rhs) {
  if (field === 'revenue' || field === 'value') return cents(lhs) === cents(rhs);
  if (RATIOS.has(field) || field === 'weight') {
    if (lhs === null || lhs === undefined || rhs === null || rhs === undefined) {
      return (lhs ?? null) === (rhs ?? null);
    }
    return Math.abs(Number(lhs) - Number(rhs)) <= 1e-9;
  }
  if (field === 'ts') return Date.parse(lhs) === Date.parse(rhs);
  if (COUNTS.includes(field) || field === 'unattributed_conversions' || field === 'filtered_out') {
    return Number(lhs ?? 0) === Number(rhs ?? 0);
  }
  return (lhs ?? null) === (rhs ?? null);
}

/// A DuckDB variant report against payback's JSON: every campaign in either (a missing row counts
/// as all zeros; a ratio of a missing row as null), then the tiles, then the period bounds.
export function compareReport(duck, payback, { period = null } = {}) {
  const missing = ROW_FIELDS.filter((field) => (payback.campaigns ?? []).some((row) => !(field in row)));
  if (!Array.isArray(payback.campaigns) || !payback.tiles || missing.length > 0) {
    return { comparable: false,
             reason: `payback's report lacks ${missing.length ? missing.join(', ') : 'campaigns or tiles'}` };
  }
  const zero = Object.fromEntries(ROW_FIELDS.map((field) => [field, RATIOS.has(field) ? null : 0]));
  const byId = (rows) => new Map(rows.map((row) => [row.campaign_id, row]));
  const left = byId(duck.campaigns);
  const right = byId(payback.campaigns);
  const ids = [...new Set([...left.keys(), ...right.keys()])].sort();
  const differences = [];
  for (const id of ids) {
    const lhs = left.get(id) ?? zero;
    const rhs = right.get(id) ?? zero;
    for (const field of ROW_FIELDS) {
      if (!same(field, lhs[field], rhs[field])) {
        differences.push({ where: `campaign ${id}`, field, duckdb: lhs[field], payback: rhs[field] });
      }
    }
  }
  for (const field of TILE_FIELDS) {
    if (!same(field, duck.tiles[field], payback.tiles[field])) {
      differences.push({ where: 'tiles', field, duckdb: duck.tiles[field],
                         payback: payback.tiles[field] });
    }
  }
  const iso = (micros) => (micros == null ? null : isoFromMicros(micros));
  const bounds = { from: iso(period?.from), to: iso(period?.to) };
  for (const field of ['from', 'to']) {
    const ok = bounds[field] === null ? payback[field] == null
                                      : Date.parse(bounds[field]) === Date.parse(payback[field]);
    if (!ok) differences.push({ where: 'period', field, duckdb: bounds[field], payback: payback[field] });
  }
  return { comparable: true, differences, campaigns: ids.length };
}

/// DuckDB's explain against payback's explain JSON (conversions in order of time).
export function compareExplain(duck, payback) {
  if (!Array.isArray(payback.conversions)) {
    return { comparable: false, reason: "payback's explain lacks conversions" };
  }
  const differences = [];
  const push = (where, field, lhs, rhs) => {
    if (!same(field, lhs, rhs)) differences.push({ where, field, duckdb: lhs, payback: rhs });
  };
  push('user', 'user_id', duck.user_id, payback.user_id);
  push('user', 'filtered_out', duck.filtered_out, payback.filtered_out);
  push('user', 'conversions', duck.conversions.length, payback.conversions.length);
  const order = (list) => [...list].sort((lhs, rhs) =>
      Date.parse(lhs.ts) - Date.parse(rhs.ts) || Number(cents(lhs.value) - cents(rhs.value)));
  const left = order(duck.conversions);
  const right = order(payback.conversions);
  for (let index = 0; index < Math.min(left.length, right.length); ++index) {
    const lhs = left[index];
    const rhs = right[index];
    const where = `conversion ${lhs.ts}`;
    for (const field of ['ts', 'event', 'value', 'attributed']) push(where, field, lhs[field], rhs[field]);
    const candidates = rhs.candidates ?? [];
    push(where, 'candidates', lhs.candidates.length, candidates.length);
    for (let k = 0; k < Math.min(lhs.candidates.length, candidates.length); ++k) {
      for (const field of ['ts', 'event', 'campaign_id', 'message_id', 'weight', 'revenue']) {
        push(`${where} candidate ${k + 1}`, field, lhs.candidates[k][field], candidates[k][field]);
      }
    }
  }
  return { comparable: true, differences, conversions: Math.max(left.length, right.length) };
}
