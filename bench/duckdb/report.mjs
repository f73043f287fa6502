// The DuckDB half of payback's benchmark: the per-campaign report of the default Purchase
// conversion (last touch, 7-day window) in SQL on the same events.csv, timed, and compared with
// payback's JSON report; optionally the warm variants of variants.mjs: the report under a channel
// filter, the report over a period, and one user's explain.
//
//   node report.mjs --events FILE [--payback-json FILE] [--payback-ms MS] [--runs N]
//                   [--threads N] [--out FILE] [--explain STRATEGY|filter|period|explain]
//                   [--campaigns FILE] [--filter-channel C]... [--from T] [--to T]
//                   [--timezone TZ | --settings FILE] [--explain-user ID]
//                   [--payback-filter-json FILE] [--payback-period-json FILE]
//                   [--payback-explain-json FILE] [--payback-filter-ms MS]
//                   [--payback-period-ms MS] [--payback-explain-ms MS]
//
// Prints the load time, each attribution strategy's query time (best of --runs warm runs on the
// loaded table), the end-to-end time straight from the CSV, then, with --payback-json, the
// per-campaign comparison and, with --payback-ms, the ratio payback cold report / DuckDB best query.
//
// The variants, each one statement on the loaded tables, timed like the strategies (best of --runs
// warm runs, and the first run), after them:
// - --filter-channel C (repeatable, values OR-ed): the report of all time with only the campaigns
//   of that channel (campaigns.csv, --campaigns FILE, loaded into a table `campaigns`; default:
//   campaigns.csv next to the events file), as `payback report --channel C`;
// - --from T / --to T (a date = local midnight, or an ISO timestamp; the workspace time zone from
//   --timezone, else the `timezone:` of --settings FILE, else of settings.yaml next to the events
//   file, else UTC): the report of all campaigns over [from, to), as `payback report --from --to`;
// - --explain-user ID: that user's conversions (in the period when --from/--to are given) with
//   their candidate touches and the credited one, as `payback explain --user ID [--from --to]`.
// With --payback-filter-json / --payback-period-json / --payback-explain-json each is compared
// with payback's JSON (counts and cents exact, ratios within 1e-9), and with the --payback-*-ms
// options its time is set against payback's.
// Exit status: 0 when the numbers are identical (or nothing was compared), 1 when they differ or
// the strategies disagree among themselves, 2 on wrong usage.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  campaignsCsv, cents, checkTimeZone, compareExplain, compareReport, ENGAGEMENT_EVENTS,
  engagementCte, explainResult, explainSql, isoFromMicros, parseInstant, ROW_COLUMNS, ROW_FIELDS,
  TILE_FIELDS, timeZoneOfSettings, variantResult, variantSql,
} from './variants.mjs';

function parseArgs(argv) {
  const args = { runs: 3, threads: null, events: null, paybackJson: null, paybackMs: null, out: null,
                 explain: null, campaigns: null, channels: [], from: null, to: null, timezone: null,
                 settings: null, explainUser: null, paybackFilterJson: null,
                 paybackPeriodJson: null, paybackExplainJson: null, paybackFilterMs: null,
                 paybackPeriodMs: null, paybackExplainMs: null };
  for (let idx = 0; idx < argv.length; ++idx) {
    const flag = argv[idx];
    const value = () => {
      if (idx + 1 >= argv.length) usage(`${flag} needs a value`);
      return argv[++idx];
    };
    switch (flag) {
      case '--events': args.events = value(); break;
      case '--payback-json': args.paybackJson = value(); break;
      case '--payback-ms': args.paybackMs = Number(value()); break;
      case '--runs': args.runs = Math.max(1, Number.parseInt(value(), 10)); break;
      case '--threads': args.threads = Number.parseInt(value(), 10); break;
      case '--out': args.out = value(); break;
      case '--explain': args.explain = value(); break;
      case '--campaigns': args.campaigns = value(); break;
      case '--filter-channel': args.channels.push(value()); break;
      case '--from': args.from = value(); break;
      case '--to': args.to = value(); break;
      case '--timezone': args.timezone = value(); break;
      case '--settings': args.settings = value(); break;
      case '--explain-user': args.explainUser = value(); break;
      case '--payback-filter-json': args.paybackFilterJson = value(); break;
      case '--payback-period-json': args.paybackPeriodJson = value(); break;
      case '--payback-explain-json': args.paybackExplainJson = value(); break;
      case '--payback-filter-ms': args.paybackFilterMs = Number(value()); break;
      case '--payback-period-ms': args.paybackPeriodMs = Number(value()); break;
      case '--payback-explain-ms': args.paybackExplainMs = Number(value()); break;
      case '-h': case '--help': usage(null); break;
      default: usage(`unknown option ${flag}`);
    }
  }
  if (!args.events) usage('--events FILE is required');
  if (args.paybackFilterJson && args.channels.length === 0) {
    usage('--payback-filter-json needs --filter-channel');
  }
  if (args.paybackPeriodJson && !args.from && !args.to) usage('--payback-period-json needs --from/--to');
  if (args.paybackExplainJson && !args.explainUser) usage('--payback-explain-json needs --explain-user');
  const beside = (name) => join(dirname(args.events), name);
  if (args.channels.length > 0 && !args.campaigns) {
    if (!existsSync(beside('campaigns.csv'))) usage('--filter-channel needs --campaigns FILE');
    args.campaigns = beside('campaigns.csv');
  }
  if (args.from || args.to) {
    if (!args.timezone && !args.settings && existsSync(beside('settings.yaml'))) {
      args.settings = beside('settings.yaml');
    }
    try {
      args.timezoneSource = args.timezone ? '--timezone' : args.settings ?? 'default';
      args.timezone = checkTimeZone(args.timezone ??
          (args.settings ? timeZoneOfSettings(readFileSync(args.settings, 'utf8')) : 'UTC'));
      args.period = { from: args.from ? parseInstant(args.from, args.timezone) : null,
                      to: args.to ? parseInstant(args.to, args.timezone) : null };
    } catch (error) {
      usage(error.message);
    }
  }
  return args;
}

function usage(message) {
  if (message) console.error(`report.mjs: ${message}`);
  console.error('usage: node report.mjs --events FILE [--payback-json FILE] [--payback-ms MS] ' +
                '[--runs N] [--threads N] [--out FILE]\n' +
                '         [--explain asof|range_argmax|window_last|filter|period|explain]\n' +
                '         [--campaigns FILE] [--filter-channel C]... [--from T] [--to T] ' +
                '[--timezone TZ | --settings FILE] [--explain-user ID]\n' +
                '         [--payback-filter-json FILE] [--payback-period-json FILE] ' +
                '[--payback-explain-json FILE]\n' +
                '         [--payback-filter-ms MS] [--payback-period-ms MS] [--payback-explain-ms MS]');
  process.exit(message ? 2 : 0);
}

const sqlString = (text) => `'${text.replaceAll("'", "''")}'`;

// The CSV exactly as payback reads it: explicit types, ts in the Z form read as a UTC TIMESTAMP
// (no time zone arithmetic is needed: every instant is UTC), money as exact DECIMAL(18,2).
const readCsv = (path) => `read_csv(${sqlString(path)}, header = true, delim = ',', quote = '"',
    escape = '"', columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'event': 'VARCHAR',
    'campaign_id': 'VARCHAR', 'message_id': 'VARCHAR', 'amount': 'DECIMAL(18,2)',
    'category': 'VARCHAR'})`;

// Per-campaign engagement over every event that names a campaign. (Grouping by message first,
// then by campaign, gives the same numbers and took about a third more CPU here.)
const ENGAGEMENT = engagementCte(`campaign_id IS NOT NULL AND event IN ${ENGAGEMENT_EVENTS}`);

// The Purchase definition: event Charged, where "amount > 0 and category != 'Gift Card'" (a missing
// category is "not a Gift Card"), value amount.
const CONVERSIONS = `
  conv AS (
    SELECT user_id, ts, amount FROM src
    WHERE event = 'Charged' AND amount > 0 AND (category IS NULL OR category <> 'Gift Card'))`;

// Candidate touches: clicks of the user that carry a campaign, conv.ts - 7 days <= click.ts <=
// conv.ts. Winner: greatest ts, then greatest campaign_id, then greatest message_id (byte order).
// Each strategy yields att(user_id, amount, campaign_id, message_id), campaign_id NULL when the
// conversion is unattributed.
const STRATEGIES = {
  // ASOF join: the latest click at or before the conversion; if that one is older than the window,
  // every earlier click is too. Clicks of one user in the same second are first reduced to the
  // tie-break winner, because ASOF picks an arbitrary one among equal keys.
  asof: `
  clicks AS (
    SELECT user_id, ts,
           max({'campaign_id': campaign_id, 'message_id': coalesce(message_id, '')}) AS touch
    FROM src WHERE event = 'Notification Clicked' AND campaign_id IS NOT NULL
    GROUP BY user_id, ts),
  att AS (
    SELECT c.user_id, c.amount,
           CASE WHEN k.ts >= c.ts - INTERVAL 7 DAY THEN k.touch.campaign_id END AS campaign_id,
           CASE WHEN k.ts >= c.ts - INTERVAL 7 DAY THEN k.touch.message_id END AS message_id
    FROM conv c ASOF LEFT JOIN clicks k ON c.user_id = k.user_id AND c.ts >= k.ts)`,

  // Range join: every candidate in the window, the winner by arg_max over (ts, campaign, message).
  range_argmax: `
  conv_numbered AS (SELECT row_number() OVER () AS conv_id, * FROM conv),
  clicks AS (
    SELECT user_id, ts, campaign_id, coalesce(message_id, '') AS message_id
    FROM src WHERE event = 'Notification Clicked' AND campaign_id IS NOT NULL),
  winners AS (
    SELECT c.conv_id, any_value(c.user_id) AS user_id, any_value(c.amount) AS amount,
           arg_max({'campaign_id': k.campaign_id, 'message_id': k.message_id},
                   {'ts': k.ts, 'campaign_id': k.campaign_id, 'message_id': k.message_id}) AS touch
    FROM conv_numbered c
    LEFT JOIN clicks k
      ON k.user_id = c.user_id AND k.ts BETWEEN c.ts - INTERVAL 7 DAY AND c.ts
    GROUP BY c.conv_id),
  att AS (
    SELECT user_id, amount, touch.campaign_id AS campaign_id, touch.message_id AS message_id
    FROM winners)`,

  // Window: conversions and clicks of a user in one ordered stream; the last click at or before
  // each conversion is a running "last non-null" (clicks sort before a conversion of the same
  // second, and among themselves by the tie-break, so the last is the winner).
  window_last: `
  stream AS (
    SELECT user_id, ts, 0 AS is_conv, campaign_id, coalesce(message_id, '') AS message_id,
           NULL::DECIMAL(18,2) AS amount
    FROM src WHERE event = 'Notification Clicked' AND campaign_id IS NOT NULL
    UNION ALL
    SELECT user_id, ts, 1, NULL, NULL, amount FROM conv),
  ordered AS (
    SELECT is_conv, user_id, ts, amount,
           last_value(CASE WHEN is_conv = 0 THEN {'ts': ts, 'campaign_id': campaign_id,
                                                  'message_id': message_id} END IGNORE NULLS)
             OVER (PARTITION BY user_id ORDER BY ts, is_conv, campaign_id, message_id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS touch
    FROM stream),
  att AS (
    SELECT user_id, amount,
           CASE WHEN touch.ts >= ts - INTERVAL 7 DAY THEN touch.campaign_id END AS campaign_id,
           CASE WHEN touch.ts >= ts - INTERVAL 7 DAY THEN touch.message_id END AS message_id
    FROM ordered WHERE is_conv = 1)`,
};

// Per campaign; the row with a NULL campaign_id counts the unattributed conversions.
const FINAL = `
  credit AS (
    SELECT campaign_id, count(*) AS conversions, count(DISTINCT user_id) AS unique_conversions,
           count(DISTINCT (user_id, message_id)) AS converted_messages,
           sum(amount) AS revenue
    FROM att GROUP BY campaign_id)
SELECT coalesce(e.campaign_id, r.campaign_id) AS campaign_id,
${ROW_COLUMNS}
FROM eng e FULL OUTER JOIN credit r ON e.campaign_id = r.campaign_id
ORDER BY campaign_id NULLS FIRST`;

// `src` is referenced by several parts: NOT MATERIALIZED lets each part scan (and filter) the
// table itself instead of copying every row into a temporary result first.
const reportSql = (source, strategy, materialized = false) =>
  `WITH src AS ${materialized ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (SELECT * FROM ${source}),` +
  `${ENGAGEMENT},${CONVERSIONS},${STRATEGIES[strategy]},${FINAL}`;

const FIELDS = ['sent', 'delivered', 'viewed', 'clicked', 'delivered_messages', 'clicked_messages',
                'conversions', 'unique_conversions', 'converted_messages', 'revenue'];

// Wall time, and the CPU time of the whole process (DuckDB's worker threads included): on a busy
// machine the CPU time says more about the work than the wall time does.
async function timed(fn) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

function rowsOf(reader) {
  return reader.getRowObjectsJson().map((row) => {
    const out = { campaign_id: row.campaign_id };
    for (const field of FIELDS) out[field] = field === 'revenue' ? row[field] : Number(row[field]);
    return out;
  });
}

function same(field, lhs, rhs) {
  if (field === 'revenue') return cents(lhs) === cents(rhs);
  return Number(lhs ?? 0) === Number(rhs ?? 0);
}

/// Differences between two per-campaign row sets (a missing row counts as all zeros).
function diff(expected, actual, fields) {
  const byId = (rows) => new Map(rows.map((row) => [row.campaign_id, row]));
  const left = byId(expected);
  const right = byId(actual);
  const ids = [...new Set([...left.keys(), ...right.keys()])].sort();
  const differences = [];
  for (const id of ids) {
    const lhs = left.get(id) ?? {};
    const rhs = right.get(id) ?? {};
    for (const field of fields) {
      if (!same(field, lhs[field], rhs[field])) {
        differences.push({ campaign_id: id, field, duckdb: lhs[field] ?? 0, payback: rhs[field] ?? 0 });
      }
    }
  }
  return { differences, campaigns: ids.length };
}

const fmtMs = (ms) => `${ms.toFixed(0).padStart(8)} ms`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options = args.threads ? { threads: String(args.threads) } : {};
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  const info = (await connection.runAndReadAll(
      "SELECT version() AS version, current_setting('threads') AS threads")).getRowObjectsJson()[0];
  console.log(`DuckDB ${info.version}, ${info.threads} threads, events: ${args.events}`);

  const load = await timed(() => connection.run(
      `CREATE OR REPLACE TABLE events AS SELECT * FROM ${readCsv(args.events)}`));
  const count = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM events'))
      .getRowObjectsJson()[0].n);
  console.log(`load CSV into a table          ${fmtMs(load.ms)}  cpu ${fmtMs(load.cpuMs)}  ` +
              `${count} rows, ${Math.round(count / (load.ms / 1000)).toLocaleString('en-US')} rows/s`);
  let campaignsLoad = null;
  if (args.campaigns) {
    campaignsLoad = await timed(() => connection.run(
        `CREATE OR REPLACE TABLE campaigns AS SELECT * FROM ${campaignsCsv(args.campaigns)}`));
    const campaignCount = Number((await connection.runAndReadAll(
        'SELECT count(*) AS n FROM campaigns')).getRowObjectsJson()[0].n);
    console.log(`load campaigns into a table    ${fmtMs(campaignsLoad.ms)}  ${campaignCount} campaigns ` +
                `(${args.campaigns})`);
  }

  const variants = variantsOf(args);
  if (args.explain) {  // the query plan with per-operator timings, for tuning the SQL
    const sql = args.explain in STRATEGIES ? reportSql('events', args.explain)
                                           : variants.find((v) => v.key === args.explain)?.sql;
    if (!sql) usage(`unknown strategy ${args.explain} (or its variant's options are missing)`);
    const plan = await connection.runAndReadAll(`EXPLAIN ANALYZE ${sql}`);
    for (const row of plan.getRows()) console.log(String(row[1]));
    return;
  }

  const results = {};
  const timings = {};
  for (const strategy of Object.keys(STRATEGIES)) {
    const sql = reportSql('events', strategy);
    const runs = [];
    for (let run = 0; run < args.runs; ++run) {
      const { ms, cpuMs, value } = await timed(() => connection.runAndReadAll(sql));
      runs.push({ ms, cpuMs });
      if (run === 0) results[strategy] = rowsOf(value);
    }
    const fastest = runs.reduce((lhs, rhs) => (lhs.ms <= rhs.ms ? lhs : rhs));
    timings[strategy] = fastest.ms;
    console.log(`query, ${strategy.padEnd(13)} (table) ${fmtMs(fastest.ms)}  cpu ` +
                `${fmtMs(fastest.cpuMs)}  best of ${args.runs} (first ${runs[0].ms.toFixed(0)} ms)`);
  }
  const best = Object.keys(timings).reduce((lhs, rhs) => (timings[lhs] <= timings[rhs] ? lhs : rhs));

  // The strategies must agree with each other before anything is compared with payback.
  let status = 0;
  for (const strategy of Object.keys(STRATEGIES)) {
    const { differences } = diff(results[best], results[strategy], FIELDS);
    if (differences.length > 0) {
      console.log(`strategy ${strategy} disagrees with ${best}: ${JSON.stringify(differences[0])}`);
      status = 1;
    }
  }

  const endToEnd = await timed(() =>
      connection.runAndReadAll(reportSql(readCsv(args.events), best)));
  console.log(`end to end from the CSV       ${fmtMs(endToEnd.ms)}  cpu ${fmtMs(endToEnd.cpuMs)}  ` +
              `one statement (${best}) reading the CSV`);
  console.log(`best query: ${best}, ${timings[best].toFixed(0)} ms (load + best query = ` +
              `${(load.ms + timings[best]).toFixed(0)} ms)`);

  const rows = results[best];
  const unattributed = rows.find((row) => row.campaign_id === null)?.conversions ?? 0;
  const campaignRows = rows.filter((row) => row.campaign_id !== null);
  const total = (field) => campaignRows.reduce((sum, row) => sum + row[field], 0);
  const revenue = campaignRows.reduce((sum, row) => sum + cents(row.revenue), 0n);
  console.log(`DuckDB totals: ${campaignRows.length} campaigns with events, sent ${total('sent')}, ` +
              `clicked ${total('clicked')}, conversions ${total('conversions')}, revenue ` +
              `${revenue / 100n}.${String(revenue % 100n).padStart(2, '0')}, ` +
              `unattributed ${unattributed}`);

  const output = {
    duckdb: info.version, threads: Number(info.threads), rows: count,
    load_ms: load.ms, query_ms: timings, best, end_to_end_ms: endToEnd.ms,
    unattributed_conversions: unattributed, campaigns: campaignRows,
  };
  if (args.out) writeFileSync(args.out, JSON.stringify(output, null, 1));

  if (args.paybackJson) {
    const report = JSON.parse(readFileSync(args.paybackJson, 'utf8'));
    const paybackRows = report.campaigns ?? [];
    // A field missing from payback's rows would otherwise compare as 0 = 0.
    const missing = FIELDS.filter((field) => paybackRows.some((row) => !(field in row)));
    if (!Array.isArray(report.campaigns) || missing.length > 0 || !report.tiles) {
      console.log(`per-campaign numbers: NOT COMPARABLE (payback's report lacks ` +
                  `${missing.length ? missing.join(', ') : 'campaigns or tiles'})`);
      if (variants.length === 0) process.exit(1);
      status = 1;  // the variants still run
    } else {
      const { differences, campaigns } = diff(campaignRows, paybackRows, FIELDS);
      // With no filter the tiles are the sums over all campaigns, plus the unattributed count.
      const tiles = { campaign_id: '(tiles)', unattributed_conversions: unattributed,
                      revenue: `${revenue / 100n}.${String(revenue % 100n).padStart(2, '0')}` };
      for (const field of FIELDS.filter((f) => f !== 'revenue' && !f.startsWith('unique'))) {
        tiles[field] = total(field);
      }
      const tileFields = Object.keys(tiles).filter((field) => field !== 'campaign_id');
      const tileDifferences = diff([tiles], [{ ...report.tiles, campaign_id: '(tiles)' }],
                                   tileFields).differences;
      differences.push(...tileDifferences);
      if (differences.length === 0) {
        console.log(`per-campaign numbers: IDENTICAL (${campaigns} campaigns; ${FIELDS.join(', ')}; ` +
                    `tiles: ${tileFields.join(', ')})`);
      } else {
        status = 1;
        console.log(`per-campaign numbers: DIFFERENT (${differences.length} differences)`);
        for (const difference of differences.slice(0, 15)) {
          console.log(`  campaign ${difference.campaign_id} ${difference.field}: duckdb ` +
                      `${difference.duckdb}, payback ${difference.payback}`);
        }
      }
    }
  }
  if (args.paybackMs !== null && Number.isFinite(args.paybackMs)) {
    const ratio = args.paybackMs / timings[best];
    console.log(`payback cold report / DuckDB best query: ${args.paybackMs.toFixed(0)} ms / ` +
                `${timings[best].toFixed(0)} ms = ${ratio.toFixed(2)}x` +
                (ratio < 1 ? ` (payback ${(1 / ratio).toFixed(1)}x faster)` : ''));
  }

  if (variants.length > 0) {
    if (campaignsLoad) output.campaigns_load_ms = campaignsLoad.ms;
    status = Math.max(status, await runVariants(connection, args, variants, output));
    if (args.out) writeFileSync(args.out, JSON.stringify(output, null, 1));
  }
  connection.closeSync();
  process.exitCode = status;
}

// ---- the warm variants (variants.mjs) -------------------------------------------------------------

const periodTextOf = (period) =>
  `[${period.from == null ? '-inf' : isoFromMicros(period.from)}, ` +
  `${period.to == null ? '+inf' : isoFromMicros(period.to)})`;

/// The variants the options ask for: key (as in the --out JSON), label, SQL, how to read the
/// result, payback's JSON and time to compare with.
function variantsOf(args) {
  const variants = [];
  if (args.channels.length > 0) {
    variants.push({
      key: 'filter', label: `report, --channel ${args.channels.join(',')}`,
      sql: variantSql({ channels: args.channels }), read: variantResult,
      compare: (duck, payback) => compareReport(duck, payback),
      paybackJson: args.paybackFilterJson, paybackMs: args.paybackFilterMs,
      describe: { channels: args.channels },
    });
  }
  if (args.period) {
    variants.push({
      key: 'period', label: 'report, period',
      sql: variantSql({ period: args.period }), read: variantResult,
      compare: (duck, payback) => compareReport(duck, payback, { period: args.period }),
      paybackJson: args.paybackPeriodJson, paybackMs: args.paybackPeriodMs,
      describe: { from: args.period.from == null ? null : isoFromMicros(args.period.from),
                  to: args.period.to == null ? null : isoFromMicros(args.period.to),
                  time_zone: args.timezone, from_arg: args.from, to_arg: args.to },
    });
  }
  if (args.explainUser) {
    variants.push({
      key: 'explain', label: `explain, user ${args.explainUser}`,
      sql: explainSql(args.explainUser, { period: args.period ?? null }),
      read: (reader) => explainResult(args.explainUser, reader),
      compare: compareExplain,
      paybackJson: args.paybackExplainJson, paybackMs: args.paybackExplainMs,
      describe: { user_id: args.explainUser,
                  from: args.period?.from == null ? null : isoFromMicros(args.period.from),
                  to: args.period?.to == null ? null : isoFromMicros(args.period.to) },
    });
  }
  return variants;
}

/// Times each variant (best of --runs, and the first run), prints its result in short, compares it
/// with payback's JSON and adds both to `output` (<key>_ms and <key>). Returns the exit status.
async function runVariants(connection, args, variants, output) {
  if (args.period) {
    console.log(`period: --from ${args.from ?? '(none)'} --to ${args.to ?? '(none)'} in ` +
                `${args.timezone} (from ${args.timezoneSource}) = ${periodTextOf(args.period)}` +
                (args.explainUser ? ' (the report and the explain)' : ''));
  }
  const results = {};
  for (const variant of variants) {
    const runs = [];
    for (let run = 0; run < args.runs; ++run) {
      const { ms, cpuMs, value } = await timed(async () => variant.read(
          await connection.runAndReadAll(variant.sql)));
      runs.push({ ms, cpuMs });
      if (run === 0) results[variant.key] = value;
    }
    const fastest = runs.reduce((lhs, rhs) => (lhs.ms <= rhs.ms ? lhs : rhs));
    output[`${variant.key}_ms`] = { first: runs[0].ms, best: fastest.ms, best_cpu: fastest.cpuMs,
                                    runs: args.runs };
    console.log(`${variant.label.padEnd(29)} ${fmtMs(fastest.ms)}  cpu ${fmtMs(fastest.cpuMs)}  ` +
                `best of ${args.runs} (first ${runs[0].ms.toFixed(0)} ms)`);
  }

  let status = 0;
  for (const variant of variants) {
    const result = results[variant.key];
    const summary = variant.key === 'explain' ? explainSummary(result) : reportSummary(result);
    console.log(`${variant.key}: ${summary}`);
    const entry = { ...variant.describe, ...result, check: null };
    if (variant.paybackJson) {
      const payback = JSON.parse(readFileSync(variant.paybackJson, 'utf8'));
      const comparison = variant.compare(result, payback);
      const fields = variant.key === 'explain'
          ? 'filtered_out; per conversion ts, event, value, attributed; per candidate ts, event, ' +
            'campaign_id, message_id, weight, revenue'
          : `${comparison.campaigns} campaigns; ${ROW_FIELDS.join(', ')}; tiles: ` +
            `${TILE_FIELDS.join(', ')}` + (variant.key === 'period' ? '; from, to' : '');
      if (!comparison.comparable) {
        entry.check = 'NOT COMPARABLE';
        status = 1;
        console.log(`  ${variant.key} vs payback: NOT COMPARABLE (${comparison.reason})`);
      } else if (comparison.differences.length === 0) {
        entry.check = 'IDENTICAL';
        console.log(`  ${variant.key} vs payback: IDENTICAL (${fields})`);
      } else {
        entry.check = 'DIFFERENT';
        status = 1;
        console.log(`  ${variant.key} vs payback: DIFFERENT (${comparison.differences.length} ` +
                    `differences)`);
        for (const difference of comparison.differences.slice(0, 15)) {
          console.log(`    ${difference.where} ${difference.field}: duckdb ` +
                      `${JSON.stringify(difference.duckdb)}, payback ${JSON.stringify(difference.payback)}`);
        }
      }
    }
    if (variant.paybackMs !== null && Number.isFinite(variant.paybackMs)) {
      const best = output[`${variant.key}_ms`].best;
      const ratio = variant.paybackMs / best;
      console.log(`  payback ${variant.label} / DuckDB best: ${variant.paybackMs.toFixed(0)} ms / ` +
                  `${best.toFixed(0)} ms = ${ratio.toFixed(2)}x` +
                  (ratio < 1 ? ` (payback ${(1 / ratio).toFixed(1)}x faster)` : ''));
    }
    output[variant.key] = entry;
  }
  return status;
}

function reportSummary({ campaigns, tiles }) {
  return `${campaigns.length} campaigns with numbers; tiles: sent ${tiles.sent}, delivered ` +
         `${tiles.delivered}, clicked ${tiles.clicked}, conversions ${tiles.conversions}, unique ` +
         `${tiles.unique_conversions}, revenue ${tiles.revenue}, unattributed ` +
         `${tiles.unattributed_conversions}`;
}

function explainSummary({ user_id: user, conversions, filtered_out: filteredOut }) {
  const attributed = conversions.filter((conversion) => conversion.attributed).length;
  const candidates = conversions.reduce((sum, conversion) => sum + conversion.candidates.length, 0);
  const credited = conversions.map((conversion) => (conversion.credited
      ? `${conversion.credited.campaign_id}/${conversion.credited.message_id ?? '-'}` : '-'));
  return `user ${user}: ${conversions.length} conversions (${attributed} attributed` +
         (attributed > 0 ? `, credited campaign/message ${credited.join(' ')}` : '') +
         `), ${candidates} candidates, ${filteredOut} left out by the definition's filter`;
}

await main();
