// Browser test of the dashboard's Web view (docs/web.md; the web engagement seed's campaign data
// bar and dashboard): Debian's chromium driven by playwright-core against a real `payback serve`
// on a workspace holding the web_coat_sale scenario (the seed's coat sale, whose numbers are
// derived by hand in tests/scenarios/web_coat_sale/script), then one holding web_edges (zero
// control conversions, no control group, one control user), then custom_metrics, which has no
// web campaign and so no Web tab. Last, the Models view's CSV export on the models scenario,
// against `payback report --compare-models --format csv`.
//
// usage: node web_test.mjs PAYBACK_BINARY OUTPUT_DIR
// Saves OUTPUT_DIR/web.png and OUTPUT_DIR/web_edges.png (screenshots) and exits non-zero on the
// first failure.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cliOf, launchChromium, root, scenarioWorkspace, serve as startServer, testArguments } from './harness.mjs';

const { payback, outputDir, scratch } = testArguments('web_test.mjs');
const cli = cliOf(payback);
const viewerToken = (workspace) => cli('token', 'create', '-w', workspace, '--role', 'viewer').trim();
const liftOf = (workspace, ...args) => JSON.parse(cli('lift', '-w', workspace, '--format', 'json', ...args));

const servers = [];
async function serve(workspace) {
  const { server, base } = await startServer(payback, workspace);
  servers.push(server);
  return base;
}

// The dashboard's formats (web/src/format.ts), applied to the CLI's JSON; null is a dash.
const DASH = '–';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const grouped2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (value) => (value === null ? DASH : (Number.isInteger(value) ? integer : decimal).format(value));
const percent = (fraction) => (fraction === null ? DASH : `${grouped2.format(fraction * 100)}%`);
const multiple = (value) => (value === null ? DASH : `${grouped2.format(value)}x`);
const dollars = (amount) => {
  if (amount === null) return DASH;
  const negative = amount.startsWith('-');
  const [whole, fraction] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
};
const countCi = (ci) => `(95% CI ${count(ci[0])} to ${count(ci[1])})`;
const moneyCi = (ci) => `(95% CI ${dollars(ci[0])} to ${dollars(ci[1])})`;

async function text(locator) {
  return (await locator.textContent()).trim();
}

/** The data bar: tile name -> [value, second line or null]. */
async function dataBarOf(page) {
  return page.locator('[aria-label="Campaign data bar"] [data-tile]').evaluateAll((tiles) =>
    Object.fromEntries(
      tiles.map((tile) => [
        tile.dataset.tile,
        [tile.querySelector('.tile-value').textContent.trim(), tile.querySelector('.tile-sub')?.textContent.trim() ?? null],
      ]),
    ),
  );
}

/** The data bar the CLI's row gives, formatted as the dashboard formats it (values only). */
function expectedDataBar(row) {
  const words = row.goal_type === 'assisting' ? ['Goals reached', 'Incremental goals reached'] : ['Conversions', 'Incremental conversions'];
  return {
    Prospects: count(row.prospects),
    Exposures: count(row.exposures),
    Engagements: count(row.engagements),
    [words[0]]: count(row.conversions),
    [words[1]]: count(row.lift?.incremental_conversions ?? null),
    'Incremental revenue': dollars(row.lift?.incremental_revenue ?? null),
    'Incremental ROAS': multiple(row.lift?.incremental_roas ?? null),
  };
}
const valuesOf = (bar) => Object.fromEntries(Object.entries(bar).map(([name, [value]]) => [name, value]));

/** The rates by channel: group -> [visitors, converters, rate]. */
async function ratesOf(page) {
  return page.locator('table.web-rates tbody tr').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => [row.dataset.group, [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim())]),
    ),
  );
}
function expectedRates(row) {
  return Object.fromEntries(
    ['chat', 'exposed', 'content_click', 'control'].map((group) => {
      const value = row.groups[group];
      return [group, [count(value.users), count(value.converters), percent(value.conversion_rate)]];
    }),
  );
}

/** The lift table: row id -> [treatment, control, total]. */
async function liftTableOf(page) {
  return page.locator('table.web-lift tbody tr').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.dataset.row,
        ['treatment', 'control', 'total'].map((cell) => row.querySelector(`[data-cell=${cell}]`).textContent.trim()),
      ]),
    ),
  );
}

/** The overview table as [campaign_id, {column: text}] rows in page order. */
async function overviewOf(page) {
  return page.locator('table.web tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = {};
      for (const cell of row.querySelectorAll('td[data-column]')) {
        cells[cell.dataset.column] = (cell.querySelector('[data-value]') ?? cell).textContent.trim();
      }
      return [row.dataset.campaign, cells];
    }),
  );
}
function expectedOverview(lift) {
  return lift.campaigns.map((row) => [
    row.campaign_id,
    {
      goal_type: row.goal_type ? row.goal_type.charAt(0).toUpperCase() + row.goal_type.slice(1) : DASH,
      prospects: count(row.prospects),
      exposures: count(row.exposures),
      engagements: count(row.engagements),
      conversions: count(row.conversions),
      exposed_conversion_rate: percent(row.groups.exposed.conversion_rate),
      control_conversion_rate: percent(row.groups.control.conversion_rate),
      incremental_revenue: dollars(row.lift?.incremental_revenue ?? null),
      incremental_roas: multiple(row.lift?.incremental_roas ?? null),
    },
  ]);
}
const rowOrder = (page) => page.locator('table.web tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.campaign));

/** Opens `url` and signs in with `token`; resolves once GET /lift answered. */
async function open(browser, url, token) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('input[name=token]', token);
  const lift = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/lift');
  await page.click('button[type=submit]');
  await lift;
  return page;
}
const tabsOf = (page) => page.locator('[role=tab]').evaluateAll((tabs) => tabs.map((tab) => tab.dataset.view));

/** Waits until the data bar shows campaign `row`'s numbers. */
async function waitForDataBar(page, row) {
  await page.waitForFunction(
    (bar) =>
      Object.entries(bar).every(
        ([name, value]) =>
          document.querySelector(`[aria-label="Campaign data bar"] [data-tile="${name}"] .tile-value`)?.textContent.trim() ===
          value,
      ),
    expectedDataBar(row),
  );
}

const browser = await launchChromium();

let failed = false;
try {
  // --- the seed's coat sale: 1,000 visitors, 100 in control, and a chatbot without control ----
  const coat = join(scratch, 'coat');
  const coatData = join(root, 'tests', 'scenarios', 'web_coat_sale');
  cli('init', coat);
  cli('config', 'apply', '-w', coat, join(coatData, 'settings.yaml'));
  cli('ingest', '-w', coat, 'campaigns', join(coatData, 'campaigns.csv'));
  // The events of tests/scenarios/web_coat_sale/script (its awk line).
  const events = ['user_id,ts,event,campaign_id,group,type,amount'];
  for (let i = 1; i <= 1000; i++) {
    const user = `v${String(i).padStart(4, '0')}`;
    events.push(`${user},2026-02-23T10:00:00Z,eligible,coat,,,`);
    if (i <= 100) {
      events.push(`${user},2026-02-23T10:00:00Z,assignment,coat,control,,`);
    } else {
      events.push(`${user},2026-02-23T10:00:00Z,assignment,coat,treatment,,`);
      events.push(`${user},2026-02-23T10:01:00Z,exposure,coat,,,`);
    }
    if (i >= 101 && i <= 150) events.push(`${user},2026-02-23T10:05:00Z,engagement,coat,,chat,`);
    if (i >= 301 && i <= 500) events.push(`${user},2026-02-23T10:05:00Z,engagement,coat,,content,`);
    if (i <= 10) events.push(`${user},2026-02-24T12:00:00Z,purchase,,,,100`);
    if (i >= 131 && i <= 400) events.push(`${user},2026-02-25T12:00:00Z,purchase,,,,150`);
    if ((i >= 501 && i <= 530) || (i >= 11 && i <= 15)) events.push(`${user},2026-02-26T12:00:00Z,signup,,,,`);
    if (i >= 601 && i <= 700) events.push(`${user},2026-02-23T12:00:00Z,exposure,chatbot,,,`);
    if (i >= 601 && i <= 620) events.push(`${user},2026-02-23T12:05:00Z,engagement,chatbot,,chat,`);
  }
  writeFileSync(join(scratch, 'coat_events.csv'), events.join('\n') + '\n');
  cli('ingest', '-w', coat, 'events', join(scratch, 'coat_events.csv'));
  const lift = liftOf(coat);
  assert.deepEqual(
    lift.campaigns.map((row) => row.campaign_id),
    ['coat', 'chatbot'],
  );
  const [coatRow, chatbotRow] = lift.campaigns;

  const base = await serve(coat);
  const page = await open(browser, base, viewerToken(coat));
  // The selection has web campaigns: the Web tab is offered.
  await page.waitForSelector('[role=tab][data-view=web]');
  assert.deepEqual(await tabsOf(page), ['performance', 'roi', 'models', 'web']);
  await page.click('[role=tab][data-view=web]');
  await page.waitForSelector('[aria-label="Campaign data bar"]');
  await page.waitForURL(/view=web/); // the URL follows the filters after the render
  assert.equal(await page.locator('[role=tab][aria-selected=true]').getAttribute('data-view'), 'web');

  // The picker lists the web campaigns, the first (coat) chosen.
  assert.equal(await page.locator('select[name=web-campaign]').inputValue(), 'coat');
  assert.deepEqual(
    await page.locator('select[name=web-campaign] option').evaluateAll((options) => options.map((option) => option.value)),
    ['coat', 'chatbot'],
  );
  assert.match(await text(page.locator('[data-testid=goal-type]')), /^Business goal · conversions$/);

  // The data bar: the CLI's numbers, and the script's hand-derived ones.
  const bar = await dataBarOf(page);
  assert.deepEqual(valuesOf(bar), expectedDataBar(coatRow));
  assert.deepEqual(bar, {
    Prospects: ['1,000', '1,000 visitors'],
    Exposures: ['900', '900 visitors'],
    Engagements: ['250', 'chat 50 · content 200'],
    Conversions: ['270', '30.00% of exposed visitors'],
    'Incremental conversions': ['180', '(95% CI 119.9 to 240.1)'],
    'Incremental revenue': ['$31,500.00', '(95% CI $24,784.43 to $38,215.57)'],
    'Incremental ROAS': ['15.75x', 'on $2,000.00 of cost'],
  });
  assert.equal(bar['Incremental conversions'][1], countCi(coatRow.lift.incremental_conversions_ci));
  assert.equal(bar['Incremental revenue'][1], moneyCi(coatRow.lift.incremental_revenue_ci));
  assert.equal(await page.locator('[data-tile="Incremental revenue"] [data-ci]').count(), 1);
  // The seed's example, as one line.
  assert.equal(
    `${bar['Incremental revenue'][0]} ${bar['Incremental revenue'][1]}`,
    '$31,500.00 (95% CI $24,784.43 to $38,215.57)',
  );

  // Rates by channel: chat 20 / 50, view-through 270 / 900, click-through 100 / 200, control 10 / 100.
  const rates = await ratesOf(page);
  assert.deepEqual(rates, expectedRates(coatRow));
  assert.deepEqual(rates, {
    chat: ['50', '20', '40.00%'],
    exposed: ['900', '270', '30.00%'],
    content_click: ['200', '100', '50.00%'],
    control: ['100', '10', '10.00%'],
  });
  // Campaign vs goal type: 270 / 900 against the business campaigns' pooled 270 / 900.
  assert.equal(await text(page.locator('[data-rate=campaign] strong')), '30.00%');
  assert.equal(await text(page.locator('[data-rate=goal_type] strong')), percent(coatRow.goal_type_conversion_rate));
  assert.match(await text(page.locator('[data-rate=goal_type]')), /Business campaigns 30\.00%/);
  // After chats or content clicks: 20 purchases ($3,000.00) and 100 ($15,000.00).
  const after = (group, field) => text(page.locator(`table.web-after tr[data-group=${group}] [data-field=${field}]`));
  assert.equal(await after('chat', 'conversions'), '20');
  assert.equal(await after('chat', 'revenue'), dollars(coatRow.groups.chat.revenue));
  assert.equal(await after('chat', 'revenue'), '$3,000.00');
  assert.equal(await after('content_click', 'conversions'), '100');
  assert.equal(await after('content_click', 'revenue'), '$15,000.00');
  // Contribution to goals: the campaign's own 270 purchases, Newsletter signup reached 30 times.
  const goal = (name, part) => text(page.locator(`.web-goals li[data-goal="${name}"] [${part}]`));
  assert.deepEqual(
    await page.locator('.web-goals li').evaluateAll((items) => items.map((item) => item.dataset.goal)),
    ['Purchase', 'Newsletter signup'],
  );
  assert.equal(await goal('Purchase', 'data-count'), '270');
  assert.equal(await goal('Newsletter signup', 'data-count'), count(coatRow.other_goals[0].goals_reached));
  assert.equal(await goal('Newsletter signup', 'data-count'), '30');
  assert.equal(await goal('Newsletter signup', 'data-users'), '30 visitors');
  // AOV exposed vs control: $150.00 against $100.00.
  assert.equal(await text(page.locator('.web-aov [data-aov=exposed] [data-value]')), '$150.00');
  assert.equal(await text(page.locator('.web-aov [data-aov=control] [data-value]')), '$100.00');
  assert.match(await text(page.locator('[data-aov-verdict]')), /50\.00% more per order/);
  // The lift, as the seed's table: 900 + 100 visitors, 270 + 10 buyers, $40,500 + $1,000 actual,
  // $9,000 + $1,000 without the campaign, $31,500 more.
  assert.deepEqual(await liftTableOf(page), {
    users: ['900', '100', '1,000'],
    converters: ['270', '10', '280'],
    conversion_rate: ['30.00%', '10.00%', '28.00%'],
    aov: ['$150.00', '$100.00', ''],
    actual_revenue: ['$40,500.00', '$1,000.00', dollars(coatRow.lift.actual_revenue)],
    baseline_conversions: ['90', '10', count(coatRow.lift.baseline_conversions)],
    baseline_revenue: ['$9,000.00', '$1,000.00', dollars(coatRow.lift.baseline_revenue)],
  });
  const footer = (id) => text(page.locator(`table.web-lift tfoot tr[data-row=${id}] td`));
  assert.equal(await footer('incremental_conversions'), '180 (95% CI 119.9 to 240.1)');
  assert.equal(await footer('incremental_revenue'), '$31,500.00 (95% CI $24,784.43 to $38,215.57)');
  assert.match(await text(page.locator('[data-testid=baseline]')), /audience of 1,000 .* 10\.00% gives 100 conversions/);
  assert.match(await text(page.locator('[data-testid=baseline]')), /\$10\.00 of revenue per visitor \$10,000\.00/);
  assert.equal(await page.locator('[data-testid=no-control]').count(), 0);

  // The charts: performance, rates, campaign vs goal type, conversions and revenue after chats.
  for (const [card, charts] of [
    ['Performance', 1],
    ['Rates by channel', 1],
    ['Campaign vs goal type', 1],
    ['After chats or content clicks', 2],
  ]) {
    await page.waitForSelector(`[aria-label="${card}"] canvas`);
    assert.equal(await page.locator(`[aria-label="${card}"] canvas`).count(), charts, card);
  }
  assert.equal(
    await page.locator('[aria-label="Performance"] [role=img]').getAttribute('aria-label'),
    'Exposures, engagements and conversions per day',
  );
  assert.deepEqual(
    await page.locator('[aria-label="Rates by channel"] .legend-item').allTextContents(),
    ['Chat', 'Content view-through', 'Content click-through', 'Control group'],
  );
  assert.deepEqual(
    await page.locator('[aria-label="Campaign vs goal type"] .legend-item').allTextContents(),
    ['This campaign', 'Average of business campaigns'],
  );
  // Week buckets: the series is asked again, the URL keeps the bucket; Feb 23 to Mar 1 holds it all.
  const weekly = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/v1/lift/timeseries' && /bucket=week/.test(response.url()),
  );
  await page.click('[aria-label="Web campaign"] [aria-label=Bucket] button:text("week")');
  const week = await (await weekly).json();
  await page.waitForURL(/bucket=week/);
  assert.equal(week.points.length, 1);
  assert.equal(week.points[0].campaigns.find((row) => row.campaign_id === 'coat').conversions, 270);
  await page.waitForFunction(() =>
    document.querySelector('[aria-label="Performance"] [role=img]')?.getAttribute('aria-label').endsWith('per week'),
  );

  // The overview table: the CLI's rows in its order, cell by cell.
  assert.deepEqual(await overviewOf(page), expectedOverview(lift));
  assert.equal(await text(page.locator('tr[data-campaign=coat] td[data-column=incremental_revenue] [data-ci]')), '95% CI $24,784.43 to $38,215.57');
  assert.equal(await page.locator('tr[data-campaign=chatbot] td[data-column=incremental_revenue] [data-ci]').count(), 0);
  assert.equal(await page.locator('table.web tr[aria-current=true]').getAttribute('data-campaign'), 'coat');
  await page.waitForTimeout(1200); // the charts' bars grow for a second
  await page.screenshot({ path: join(outputDir, 'web.png'), fullPage: true });

  // Sorting: exposures lowest first, then highest; control CR keeps the chatbot's dash last.
  const sortBy = (column) => page.click(`table.web th[data-column=${column}] button`);
  await sortBy('exposures');
  assert.equal(await page.locator('table.web th[data-column=exposures]').getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await rowOrder(page), ['coat', 'chatbot']);
  await sortBy('exposures');
  assert.equal(await page.locator('table.web th[data-column=exposures]').getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await rowOrder(page), ['chatbot', 'coat']);
  await sortBy('control_conversion_rate');
  assert.deepEqual(await rowOrder(page), ['coat', 'chatbot']);
  await sortBy('control_conversion_rate');
  assert.deepEqual(await rowOrder(page), ['coat', 'chatbot']); // nulls last both ways
  await sortBy('name');
  assert.deepEqual(await rowOrder(page), ['chatbot', 'coat']); // Help chat, Winter coat sale

  // The CSV export: GET /lift.csv with the same parameters, the CLI's CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=lift-csv]')]);
  assert.equal(download.suggestedFilename(), 'payback-lift.csv');
  assert.equal(readFileSync(await download.path(), 'utf8'), cli('lift', '-w', coat, '--format', 'csv'));

  // The chatbot (an assisting goal, no control group): goals reached, no lift, no AOV.
  await page.click('tr[data-campaign=chatbot] button.name');
  await waitForDataBar(page, chatbotRow);
  await page.waitForURL(/web_campaign=chatbot/);
  assert.equal(await page.locator('select[name=web-campaign]').inputValue(), 'chatbot');
  assert.match(await text(page.locator('[data-testid=goal-type]')), /^Assisting goal · goals reached$/);
  const chatbotBar = await dataBarOf(page);
  assert.deepEqual(valuesOf(chatbotBar), expectedDataBar(chatbotRow));
  assert.deepEqual(chatbotBar, {
    Prospects: ['0', '0 visitors'],
    Exposures: ['100', '100 visitors'],
    Engagements: ['20', 'chat 20 · content 0'],
    'Goals reached': ['0', '0.00% of exposed visitors'],
    'Incremental goals reached': [DASH, 'no control group'],
    'Incremental revenue': [DASH, 'no control group'],
    'Incremental ROAS': [DASH, 'no control group'],
  });
  assert.equal(await page.locator('[data-tile=Conversions]').count(), 0);
  await page.waitForSelector('[data-testid=no-control]');
  assert.match(await text(page.locator('[data-testid=no-control]')), /No control group/);
  assert.equal(await page.locator('table.web-lift').count(), 0);
  assert.equal(await page.locator('[aria-label="Average order value"]').count(), 0);
  assert.deepEqual(await ratesOf(page), expectedRates(chatbotRow));
  assert.equal((await ratesOf(page)).control[2], DASH);
  assert.match(await text(page.locator('[aria-label="Rates by channel"] h2')), /^Goal reached rates by channel$/);
  // Only the channel it offers: chats.
  assert.deepEqual(
    await page.locator('table.web-after tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.group)),
    ['chat'],
  );
  assert.equal(await text(page.locator('[data-rate=goal_type]')), 'Assisting campaigns 0.00%');
  assert.equal(await page.locator('table.web tr[aria-current=true]').getAttribute('data-campaign'), 'chatbot');
  // The picker goes back to the coat sale.
  await page.selectOption('select[name=web-campaign]', 'coat');
  await waitForDataBar(page, coatRow);
  await page.waitForURL(/web_campaign=coat/);

  // The filters apply: another period has no web campaign; the view says so and, once left,
  // the Web tab is gone.
  await page.goto(`${base}?view=web&from=2027-01-01&to=2027-02-01`);
  await page.waitForSelector('[data-testid=no-web]');
  assert.equal(await page.locator('[role=tab][data-view=web]').count(), 1); // the view shown
  await page.click('[role=tab][data-view=performance]');
  await page.waitForSelector('table.campaigns tbody tr, .card.empty');
  await page.waitForFunction(() => !document.querySelector('[role=tab][data-view=web]'));
  await page.context().close();

  // --- web_edges: zero control conversions, no control group, one control user ------------------
  const edges = join(scratch, 'edges');
  scenarioWorkspace(cli, 'web_edges', edges);
  const edgesLift = liftOf(edges);
  const edgeRow = (id) => edgesLift.campaigns.find((row) => row.campaign_id === id);
  const edgesBase = await serve(edges);
  const edgesPage = await open(browser, `${edgesBase}?view=web&web_campaign=zc`, viewerToken(edges));
  await edgesPage.waitForSelector('[aria-label="Campaign data bar"]');
  assert.deepEqual(await overviewOf(edgesPage), expectedOverview(edgesLift));

  // zc: the control bought nothing, so the baseline is 0 and the interval rests on the
  // treatment's spread: 2 (95% CI -1.67 to 5.67), $40.00 (95% CI -$50.01 to $130.01).
  const zc = edgeRow('zc');
  await waitForDataBar(edgesPage, zc);
  const zcBar = await dataBarOf(edgesPage);
  assert.deepEqual(zcBar['Incremental conversions'], ['2', '(95% CI -1.67 to 5.67)']);
  assert.deepEqual(zcBar['Incremental conversions'], ['2', countCi(zc.lift.incremental_conversions_ci)]);
  assert.deepEqual(zcBar['Incremental revenue'], ['$40.00', '(95% CI -$50.01 to $130.01)']);
  assert.deepEqual(zcBar['Incremental ROAS'], [DASH, 'no cost recorded']);
  assert.equal((await ratesOf(edgesPage)).control[2], '0.00%');
  const zcTable = await liftTableOf(edgesPage);
  assert.deepEqual(zcTable.baseline_conversions, ['0', '0', '0']);
  assert.deepEqual(zcTable.baseline_revenue, ['$0.00', '$0.00', '$0.00']);
  // A control group and revenue: the AOV is shown, the control's a dash.
  assert.equal(await text(edgesPage.locator('.web-aov [data-aov=exposed] [data-value]')), '$20.00');
  assert.equal(await text(edgesPage.locator('.web-aov [data-aov=control] [data-value]')), DASH);
  assert.match(await text(edgesPage.locator('[data-aov-verdict]')), /bought nothing/);

  // oc: one control user, who bought: baseline 4 x 100%, incremental -2 and $35.00, no interval.
  await edgesPage.selectOption('select[name=web-campaign]', 'oc');
  const oc = edgeRow('oc');
  await waitForDataBar(edgesPage, oc);
  const ocBar = await dataBarOf(edgesPage);
  assert.deepEqual(ocBar['Incremental conversions'], ['-2', 'no 95% interval: a group has fewer than 2 users']);
  assert.deepEqual(ocBar['Incremental revenue'], ['$35.00', 'no 95% interval: a group has fewer than 2 users']);
  assert.equal(await edgesPage.locator('[aria-label="Campaign data bar"] [data-ci]').count(), 0);
  assert.equal(await edgesPage.locator('[aria-label="Campaign data bar"] [data-no-ci]').count(), 2);
  assert.match(await edgesPage.locator('[data-tile="Incremental conversions"]').getAttribute('class'), /negative/);
  assert.equal((await ratesOf(edgesPage)).control[2], '100.00%');
  const ocTable = await liftTableOf(edgesPage);
  assert.deepEqual(ocTable.users, ['3', '1', '4']);
  assert.deepEqual(ocTable.baseline_conversions, ['3', '1', '4']);
  assert.deepEqual(ocTable.baseline_revenue, ['$15.00', '$5.00', '$20.00']);
  assert.deepEqual(ocTable.actual_revenue, ['$50.00', '$5.00', '$55.00']);
  assert.equal(await edgesPage.locator('table.web-lift tfoot [data-ci]').count(), 0);
  assert.equal(await edgesPage.locator('table.web-lift tfoot [data-no-ci]').count(), 2);
  assert.equal(await edgesPage.locator('tr[data-campaign=oc] td[data-column=incremental_revenue] [data-no-ci]').count(), 1);
  await edgesPage.waitForTimeout(1200);
  await edgesPage.screenshot({ path: join(outputDir, 'web_edges.png'), fullPage: true });

  // nc: no control group: lift null.
  await edgesPage.selectOption('select[name=web-campaign]', 'nc');
  await waitForDataBar(edgesPage, edgeRow('nc'));
  await edgesPage.waitForSelector('[data-testid=no-control]');
  assert.equal(await edgesPage.locator('[aria-label="Average order value"]').count(), 0);
  await edgesPage.context().close();

  // --- a workspace without web campaigns: no Web tab ---------------------------------------------
  const plain = join(scratch, 'plain');
  scenarioWorkspace(cli, 'custom_metrics', plain);
  assert.deepEqual(liftOf(plain).campaigns, []);
  const plainBase = await serve(plain);
  const plainPage = await open(browser, plainBase, viewerToken(plain));
  await plainPage.waitForSelector('table.campaigns tbody tr');
  assert.deepEqual(await tabsOf(plainPage), ['performance', 'roi', 'models']);
  // A shared URL asking for it says why there is nothing to show.
  await plainPage.goto(`${plainBase}?view=web`);
  await plainPage.waitForSelector('[data-testid=no-web]');
  await plainPage.context().close();

  // --- the Models view's CSV export, built in the browser ----------------------------------------
  const models = join(scratch, 'models');
  scenarioWorkspace(cli, 'models', models);
  const modelsBase = await serve(models);
  const modelsPage = await open(browser, `${modelsBase}?view=models`, viewerToken(models));
  await modelsPage.waitForSelector('table.models tbody tr');
  const exportModels = async () => {
    const [file] = await Promise.all([modelsPage.waitForEvent('download'), modelsPage.click('[data-testid=models-csv]')]);
    assert.equal(file.suggestedFilename(), 'payback-compare-models.csv');
    return readFileSync(await file.path(), 'utf8');
  };
  const modelsCsv = await exportModels();
  const cliCsv = cli('report', '-w', models, '--compare-models', '--format', 'csv');
  assert.equal(modelsCsv, cliCsv);
  assert.match(modelsCsv, /^campaign_id,name,channel,last_touch_conversions,last_touch_revenue,/);
  assert.match(modelsCsv, /0\.333333/); // linear's thirds, as the CLI writes them
  // Sorting the table does not change the export (the server's order); the filters do.
  await modelsPage.click('table.models th[data-model=first_touch] button');
  assert.equal(await exportModels(), cliCsv);
  await modelsPage.check('input[name=channel][value=sms]');
  await modelsPage.waitForFunction(() => document.querySelectorAll('table.models tbody tr').length === 1);
  assert.equal(await exportModels(), cli('report', '-w', models, '--compare-models', '--channel', 'sms', '--format', 'csv'));
  await modelsPage.context().close();

  console.log(`Web browser test passed; screenshots: ${join(outputDir, 'web.png')}, ${join(outputDir, 'web_edges.png')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  for (const server of servers) server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
