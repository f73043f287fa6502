// Browser test of the dashboard's Bank view (docs/bank.md; the bank seed's Campaign ROI
// dashboard): Debian's chromium driven by playwright-core against a real `payback serve` on a
// workspace holding the bank scenario (whose numbers are derived by hand in
// tests/scenarios/bank/script), then one holding the bank_seed scenario (the seed's worked
// examples: 22 / 5,731 = 0.38%, 13,100 / 57 = 22,982.46%), then the custom_metrics scenario,
// which is no bank workspace and so has no Bank tab.
//
// usage: node bank_test.mjs PAYBACK_BINARY OUTPUT_DIR
// Saves OUTPUT_DIR/bank.png and OUTPUT_DIR/bank_seed.png (screenshots) and exits non-zero on the
// first failure.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cliOf, expectUrl, launchChromium, root, scenarioWorkspace, serve as startServer, testArguments } from './harness.mjs';

const { payback, outputDir, scratch } = testArguments('bank_test.mjs');
const cli = cliOf(payback);
const viewerToken = (workspace) => cli('token', 'create', '-w', workspace, '--role', 'viewer').trim();
const reportOf = (workspace, ...args) => JSON.parse(cli('report', '-w', workspace, '--format', 'json', ...args));

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
const dollars = (amount) => {
  if (amount === null) return DASH;
  const negative = amount.startsWith('-');
  const [whole, fraction] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
};

// The Bank view's tiles, each a report field and its format.
const TILES = [
  ['Customers reached', 'reached_users', count],
  ['Opened', 'opened_users', count],
  ['Open rate', 'open_rate', percent],
  ['Products opened', 'conversions', count],
  ['Conversion rate', 'products_per_reached', percent],
  ['Direct sales', 'direct_conversions', count],
  ['Related sales', 'related_conversions', count],
  ['Total balance', 'balance', dollars],
  ['Total profit', 'profit', dollars],
  ['Campaign expenses', 'cost', dollars],
  ['ROI', 'profit_roi', percent],
  ['Conversions without a snapshot', 'unvalued_conversions', count],
];
// The campaign table's columns (data-column = the report field), in page order.
const COLUMNS = [
  ['influence_days', count],
  ['reached_users', count],
  ['opened_users', count],
  ['open_rate', percent],
  ['conversions', count],
  ['products_per_reached', percent],
  ['direct_conversions', count],
  ['related_conversions', count],
  ['balance', dollars],
  ['profit', dollars],
  ['cost', dollars],
  ['profit_roi', percent],
  ['unvalued_conversions', count],
];

async function text(locator) {
  return (await locator.textContent()).trim();
}

/** Every tile of the Bank view, label -> text. */
async function tilesOf(page) {
  return page.locator('.tiles [data-tile]').evaluateAll((tiles) =>
    Object.fromEntries(tiles.map((tile) => [tile.dataset.tile, tile.querySelector('.tile-value').textContent.trim()])),
  );
}

/** The tiles the CLI's report gives, formatted as the dashboard formats them. */
function expectedTiles(report) {
  return Object.fromEntries(TILES.map(([label, field, format]) => [label, format(report.tiles[field])]));
}

/** The campaign table as [campaign_id, promoted products text, {column: text}] rows in page order. */
async function tableOf(page) {
  return page.locator('table.bank tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = {};
      for (const cell of row.querySelectorAll('td.num[data-column]')) cells[cell.dataset.column] = cell.textContent.trim();
      return [row.dataset.campaign, row.querySelector('td[data-column=promoted_products]').textContent.trim(), cells];
    }),
  );
}

function expectedTable(report) {
  return report.campaigns.map((row) => [
    row.campaign_id,
    row.promoted_products.length === 0 ? DASH : row.promoted_products.join(', '),
    Object.fromEntries(COLUMNS.map(([field, format]) => [field, format(row[field])])),
  ]);
}

const rowOrder = (page) => page.locator('table.bank tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.campaign));
const cell = (page, campaign, column) => text(page.locator(`tr[data-campaign="${campaign}"] td[data-column="${column}"]`));
const funnelStep = (page, step, part) => text(page.locator(`.funnel li[data-step="${step}"] [${part}]`));

/** Opens `url` (a view with its filters in the query) and signs in with `token`. */
async function open(browser, url, token) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('.tiles');
  return page;
}

/** Waits until the Bank view shows the tiles of `report` (after a filter changed). */
async function waitForTiles(page, report) {
  const expected = expectedTiles(report);
  await page.waitForFunction(
    (tiles) =>
      Object.entries(tiles).every(
        ([label, value]) => document.querySelector(`[data-tile="${label}"] .tile-value`)?.textContent.trim() === value,
      ),
    expected,
  );
}

const browser = await launchChromium();

let failed = false;
try {
  // --- the bank scenario: three campaigns, seven customers reached, snapshots -----------------
  const bank = join(scratch, 'bank');
  const data = scenarioWorkspace(cli, 'bank', bank);
  cli('ingest', '-w', bank, 'snapshots', join(data, 'snapshots.csv'));
  const base = await serve(bank);
  const page = await open(browser, `${base}?view=bank`, viewerToken(bank));
  await page.waitForSelector('table.bank tbody tr');
  assert.equal(await page.locator('[role=tab][aria-selected=true]').getAttribute('data-view'), 'bank');
  await expectUrl(page, /view=bank/);

  // The tiles are the CLI's report, and the script's hand-derived numbers.
  const report = reportOf(bank);
  const tiles = await tilesOf(page);
  assert.deepEqual(tiles, expectedTiles(report));
  assert.deepEqual(tiles, {
    'Customers reached': '7',
    Opened: '6',
    'Open rate': '85.71%',
    'Products opened': '5',
    'Conversion rate': '71.43%',
    'Direct sales': '3',
    'Related sales': '2',
    'Total balance': '$1,750.00',
    'Total profit': '$22.25',
    'Campaign expenses': '$100.00',
    ROI: '22.25%',
    'Conversions without a snapshot': '2',
  });

  // The funnel: no sent event here (so no rate for Reached), 6 of 7 opened, 5 products for the 6
  // who opened, 5 per 7 reached.
  assert.deepEqual(
    await page.locator('.funnel li').evaluateAll((steps) => steps.map((step) => step.dataset.step)),
    ['sent', 'reached', 'opened', 'products'],
  );
  assert.equal(await funnelStep(page, 'sent', 'data-count'), count(report.tiles.sent));
  assert.equal(await funnelStep(page, 'sent', 'data-count'), '0');
  assert.equal(await funnelStep(page, 'reached', 'data-count'), '7');
  assert.equal(await funnelStep(page, 'reached', 'data-rate'), DASH);
  assert.equal(await funnelStep(page, 'opened', 'data-count'), '6');
  assert.equal(await funnelStep(page, 'opened', 'data-rate'), '85.71%');
  assert.equal(await funnelStep(page, 'products', 'data-count'), '5');
  assert.equal(await funnelStep(page, 'products', 'data-rate'), '83.33%');
  assert.equal(await funnelStep(page, 'products', 'data-extra-rate'), percent(report.tiles.products_per_reached));
  assert.match(await text(page.locator('[aria-label="Attribution funnel"] .hint')), /starts at Reached/);

  // Direct against related sales: a chart of the two campaigns that promote products; the
  // newsletter promotes nothing and the hint says so.
  const split = page.locator('[aria-label="Direct and related sales"]');
  assert.equal(await split.locator('canvas').count(), 1);
  assert.equal(await split.locator('[role=img]').getAttribute('aria-label'), 'Direct and related sales of 2 campaigns');
  assert.match(await text(split.locator('.hint')), /1 campaign promotes no product/);
  assert.equal(await page.locator('[aria-label="Products opened over time"] canvas').count(), 1);

  // The campaign table, cell by cell: the CLI's rows in its order (conversions, highest first).
  assert.deepEqual(await tableOf(page), expectedTable(report));
  assert.deepEqual(await rowOrder(page), ['chk', 'card', 'news']);
  // ... and the script's numbers: chk direct 2, related 2, profit 17.50 / 57 = 30.70%.
  assert.equal(await cell(page, 'chk', 'promoted_products'), 'checking');
  assert.equal(await cell(page, 'chk', 'influence_days'), '30');
  assert.equal(await cell(page, 'chk', 'reached_users'), '5');
  assert.equal(await cell(page, 'chk', 'opened_users'), '4');
  assert.equal(await cell(page, 'chk', 'open_rate'), '80.00%');
  assert.equal(await cell(page, 'chk', 'conversions'), '4');
  assert.equal(await cell(page, 'chk', 'products_per_reached'), '80.00%');
  assert.equal(await cell(page, 'chk', 'direct_conversions'), '2');
  assert.equal(await cell(page, 'chk', 'related_conversions'), '2');
  assert.equal(await cell(page, 'chk', 'balance'), '$1,500.00');
  assert.equal(await cell(page, 'chk', 'profit'), '$17.50');
  assert.equal(await cell(page, 'chk', 'cost'), '$57.00');
  assert.equal(await cell(page, 'chk', 'profit_roi'), '30.70%');
  assert.equal(await cell(page, 'chk', 'unvalued_conversions'), '2');
  // card keeps the definition's 14 days (a dash), promotes two products, 2.25 / 43 = 5.23%.
  assert.equal(await cell(page, 'card', 'promoted_products'), 'credit_card, balance_transfer');
  assert.equal(await cell(page, 'card', 'influence_days'), DASH);
  assert.match(
    await page.locator('tr[data-campaign="card"] td[data-column="influence_days"]').getAttribute('title'),
    /14 days/,
  );
  assert.equal(await cell(page, 'card', 'direct_conversions'), '1');
  assert.equal(await cell(page, 'card', 'related_conversions'), '1');
  assert.equal(await cell(page, 'card', 'profit'), '$2.25');
  assert.equal(await cell(page, 'card', 'profit_roi'), '5.23%');
  // news promotes nothing and reached no one: dashes where the report has null.
  for (const column of ['promoted_products', 'influence_days', 'open_rate', 'products_per_reached',
    'direct_conversions', 'related_conversions', 'profit_roi']) {
    assert.equal(await cell(page, 'news', column), DASH, column);
  }
  assert.equal(await cell(page, 'news', 'opened_users'), '1');
  assert.equal(await cell(page, 'news', 'profit'), '$0.00');
  // Column headers are buttons in th, with aria-sort.
  assert.equal(await page.locator('table.bank th[data-column=conversions]').getAttribute('aria-sort'), 'descending');
  await page.screenshot({ path: join(outputDir, 'bank.png'), fullPage: true });

  // Sorting: profit, highest first then lowest first; ROI with the null last both ways; influence
  // days; name.
  const sortBy = (column) => page.click(`table.bank th[data-column=${column}] button`);
  await sortBy('profit');
  assert.deepEqual(await rowOrder(page), ['chk', 'card', 'news']);
  assert.equal(await page.locator('table.bank th[data-column=profit]').getAttribute('aria-sort'), 'descending');
  await sortBy('profit');
  assert.deepEqual(await rowOrder(page), ['news', 'card', 'chk']);
  assert.equal(await page.locator('table.bank th[data-column=profit]').getAttribute('aria-sort'), 'ascending');
  await sortBy('profit_roi');
  assert.deepEqual(await rowOrder(page), ['chk', 'card', 'news']);
  await sortBy('profit_roi');
  assert.deepEqual(await rowOrder(page), ['card', 'chk', 'news']);
  await sortBy('influence_days');
  assert.equal((await rowOrder(page))[0], 'chk');
  await sortBy('name');
  assert.deepEqual(await rowOrder(page), ['card', 'chk', 'news']); // Card Launch, Checking Spring, Newsletter
  // The search finds a campaign by a product it promotes.
  await page.fill('input[name=bank-search]', 'balance_tr');
  assert.deepEqual(await rowOrder(page), ['card']);
  await page.fill('input[name=bank-search]', '');

  // The filter panel: channel direct_mail keeps card alone, and the tiles follow the selection
  // (script, --campaign card: 2 conversions, 1 direct, 1 related, reached 3, balance 250.00,
  // profit 2.25, cost 43.00, ROI 5.23%).
  await page.check('input[name=channel][value=direct_mail]');
  const mail = reportOf(bank, '--channel', 'direct_mail');
  await waitForTiles(page, mail);
  await expectUrl(page, /channel=direct_mail/);
  assert.equal(await page.locator('[role=tab][aria-selected=true]').getAttribute('data-view'), 'bank');
  const mailTiles = await tilesOf(page);
  assert.equal(mailTiles['Products opened'], '2');
  assert.equal(mailTiles['Direct sales'], '1');
  assert.equal(mailTiles['Related sales'], '1');
  assert.equal(mailTiles['Customers reached'], '3');
  assert.equal(mailTiles['Total balance'], '$250.00');
  assert.equal(mailTiles['Total profit'], '$2.25');
  assert.equal(mailTiles['Campaign expenses'], '$43.00');
  assert.equal(mailTiles.ROI, '5.23%');
  await page.waitForFunction(() => document.querySelectorAll('table.bank tbody tr').length === 1);
  assert.deepEqual(await tableOf(page), expectedTable(mail));
  assert.match(await text(page.locator('[aria-label="Direct and related sales"] .hint')), /^$/);
  await page.context().close();

  // The period: March 10 to 21 (local) holds u2's savings, u3's credit card, u6's and u7's
  // products; the reach of the early days is outside it.
  const periodPage = await open(browser, `${base}?view=bank&from=2026-03-10&to=2026-03-21`, viewerToken(bank));
  const period = reportOf(bank, '--from', '2026-03-10', '--to', '2026-03-21');
  await waitForTiles(periodPage, period);
  await periodPage.waitForSelector('table.bank tbody tr');
  assert.deepEqual(await tableOf(periodPage), expectedTable(period));
  assert.notEqual((await tilesOf(periodPage))['Products opened'], '5');

  // The performance view offers the bank metrics in its column chooser, hidden by default.
  await periodPage.click('[role=tab][data-view=performance]');
  await periodPage.waitForSelector('table.campaigns tbody tr');
  assert.equal(await periodPage.locator('table.campaigns th', { hasText: 'Direct sales' }).count(), 0);
  await periodPage.click('text=Columns');
  const choices = await periodPage.locator('.chooser label').allTextContents();
  for (const label of ['Reached users', 'Direct sales', 'Related sales', 'Balance', 'Profit', 'Profit ROI']) {
    assert.ok(choices.includes(label), label);
  }
  await periodPage.context().close();

  // The explain panel shows the rule behind each credit (docs/bank.md, "Audit trail"): u2's
  // savings account is credited to card (14 days, the definition's window; reached 03-05 09:00
  // Chicago = 15:00 UTC; card does not promote savings: related), and news, opened but never
  // reached, is left out; u1's checking account falls under chk's own 30 days, valued with A1's
  // March snapshot.
  const explainPage = await open(browser, `${base}?view=performance`, viewerToken(bank));
  await explainPage.fill('input[name=user]', 'u2');
  await explainPage.click('text=Explain');
  await explainPage.waitForSelector('[data-testid=explanation] table');
  assert.match(await text(explainPage.locator('[data-testid=explain-rule]')), /viewed touch of a campaign that also had a delivered event/);
  const u2Row = await explainPage.locator('[data-testid=explanation] tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(u2Row.slice(1, 5), ['card', '14 days (definition)', '2026-03-05T15:00:00Z', 'related']);
  assert.match(await text(explainPage.locator('[data-testid=explain-left-out]')), /campaign news: campaign never reached the user by then \(requires delivered\)/);
  assert.match(await text(explainPage.locator('[data-testid=explain-product]')), /product savings, account A2, 2026-03 month end: balance \$250\.00, profit \$4\.75/);
  await explainPage.fill('input[name=user]', 'u1');
  await explainPage.click('text=Explain');
  await explainPage.waitForFunction(() => document.querySelector('[data-testid=explanation]')?.textContent?.includes('A1'));
  const u1Row = await explainPage.locator('[data-testid=explanation] tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(u1Row.slice(1, 5), ['chk', '30 days (campaign)', '2026-03-02T15:00:00Z', 'direct']);
  assert.match(await text(explainPage.locator('[data-testid=explain-product]')), /balance \$1,500\.00, profit \$20\.00/);
  await explainPage.context().close();

  // --- the bank seed's worked examples: 22 products for 5,731 customers reached, $57 ----------
  const seed = join(scratch, 'bank_seed');
  const seedData = join(root, 'tests', 'scenarios', 'bank_seed');
  cli('init', seed);
  cli('config', 'apply', '-w', seed, join(seedData, 'settings.yaml'));
  cli('ingest', '-w', seed, 'campaigns', join(seedData, 'campaigns.csv'));
  // The events and snapshots of tests/scenarios/bank_seed/script (its awk lines).
  const events = ['user_id,ts,event,campaign_id,product,account_id'];
  const user = (number) => `c${String(number).padStart(4, '0')}`;
  for (let i = 1; i <= 5731; i++) events.push(`${user(i)},2026-10-01 09:00:00,reached,fall_checking,,`);
  for (let i = 1; i <= 1000; i++) events.push(`${user(i)},2026-10-02 18:00:00,opened,fall_checking,,`);
  for (let i = 1; i <= 22; i++) {
    const day = String(4 + i).padStart(2, '0');
    events.push(`${user(i * 40)},2026-10-${day} 12:00:00,product_opened,,${i <= 15 ? 'checking' : 'savings'},N${i}`);
  }
  for (let i = 1; i <= 10; i++) events.push(`${user(5000 + i)},2026-10-20 12:00:00,product_opened,,checking,X${i}`);
  const snapshots = ['account_id,month_end,balance,profit'];
  for (let i = 1; i <= 20; i++) snapshots.push(`N${i},2026-10-31,2500.00,600.00`);
  snapshots.push('N21,2026-10-31,0.00,600.00', 'N22,2026-10-31,1000.00,500.00');
  writeFileSync(join(scratch, 'seed_events.csv'), events.join('\n') + '\n');
  writeFileSync(join(scratch, 'seed_snapshots.csv'), snapshots.join('\n') + '\n');
  cli('ingest', '-w', seed, 'events', join(scratch, 'seed_events.csv'));
  cli('ingest', '-w', seed, 'snapshots', join(scratch, 'seed_snapshots.csv'));

  const seedBase = await serve(seed);
  const seedPage = await open(browser, `${seedBase}?view=bank`, viewerToken(seed));
  await seedPage.waitForSelector('table.bank tbody tr');
  const seedReport = reportOf(seed);
  const seedTiles = await tilesOf(seedPage);
  assert.deepEqual(seedTiles, expectedTiles(seedReport));
  assert.deepEqual(seedTiles, {
    'Customers reached': '5,731',
    Opened: '1,000',
    'Open rate': '17.45%',
    'Products opened': '22',
    'Conversion rate': '0.38%',
    'Direct sales': '15',
    'Related sales': '7',
    'Total balance': '$51,000.00',
    'Total profit': '$13,100.00',
    'Campaign expenses': '$57.00',
    ROI: '22,982.46%',
    'Conversions without a snapshot': '0',
  });
  assert.equal(await funnelStep(seedPage, 'reached', 'data-count'), '5,731');
  assert.equal(await funnelStep(seedPage, 'opened', 'data-rate'), '17.45%');
  assert.equal(await funnelStep(seedPage, 'products', 'data-count'), '22');
  assert.equal(await funnelStep(seedPage, 'products', 'data-rate'), '2.20%'); // 22 / 1,000
  assert.equal(await funnelStep(seedPage, 'products', 'data-extra-rate'), '0.38%');
  assert.deepEqual(await tableOf(seedPage), expectedTable(seedReport));
  assert.equal(await cell(seedPage, 'fall_checking', 'products_per_reached'), '0.38%');
  assert.equal(await cell(seedPage, 'fall_checking', 'profit_roi'), '22,982.46%');
  assert.equal(await cell(seedPage, 'fall_checking', 'direct_conversions'), '15');
  assert.equal(await cell(seedPage, 'fall_checking', 'related_conversions'), '7');
  assert.equal(await cell(seedPage, 'fall_checking', 'profit'), '$13,100.00');
  await seedPage.screenshot({ path: join(outputDir, 'bank_seed.png'), fullPage: true });
  await seedPage.context().close();

  // --- a workspace that is no bank: no Bank tab -------------------------------------------------
  const plain = join(scratch, 'plain');
  scenarioWorkspace(cli, 'custom_metrics', plain);
  assert.equal('reached_users' in reportOf(plain).tiles, false);
  const plainBase = await serve(plain);
  const plainPage = await open(browser, plainBase, viewerToken(plain));
  await plainPage.waitForSelector('table.campaigns tbody tr');
  assert.deepEqual(
    await plainPage.locator('[role=tab]').evaluateAll((tabs) => tabs.map((tab) => tab.dataset.view)),
    ['performance', 'roi', 'models'],
  );
  // A shared URL asking for it says why there is nothing to show.
  await plainPage.goto(`${plainBase}?view=bank`);
  await plainPage.waitForSelector('[data-testid=no-bank]');
  await plainPage.click('[role=tab][data-view=performance]');
  await plainPage.waitForSelector('table.campaigns tbody tr');
  assert.equal(await plainPage.locator('[role=tab][data-view=bank]').count(), 0);
  await plainPage.context().close();

  console.log(`Bank browser test passed; screenshots: ${join(outputDir, 'bank.png')}, ${join(outputDir, 'bank_seed.png')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  for (const server of servers) server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
