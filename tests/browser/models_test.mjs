// Browser test of the dashboard's Models view (GET /api/v1/compare-models): Debian's chromium
// driven by playwright-core against a real `payback serve` on a workspace holding the models
// scenario (one journey c1 -> c2 -> c3 and a Charged of 100.01 naming the call campaign c4),
// whose numbers under every attribution model are derived by hand in
// tests/scenarios/models/script.
//
// usage: node models_test.mjs PAYBACK_BINARY OUTPUT_DIR
// Saves OUTPUT_DIR/models.png (a screenshot) and exits non-zero on the first failure.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { cliOf, expectUrl, launchChromium, scenarioWorkspace, serve, testArguments } from './harness.mjs';

const { payback, outputDir, scratch } = testArguments('models_test.mjs');
const cli = cliOf(payback);
const workspace = join(scratch, 'ws');
scenarioWorkspace(cli, 'models', workspace);
const token = cli('token', 'create', '-w', workspace, '--role', 'viewer').trim();
const { server, base } = await serve(payback, workspace);

// The dashboard's formats (web/src/format.ts), applied to the CLI's JSON.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const count = (value) => (Number.isInteger(value) ? integer : decimal).format(value);
const dollars = (amount) => {
  const [whole, fraction] = amount.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
};

async function text(locator) {
  return (await locator.textContent()).trim();
}

/** The table as [campaign_id, {model: [conversions text, revenue text]}] rows, in page order; a
 * number the cells do not show is null. */
async function tableOf(page) {
  return page.locator('table.models tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = {};
      for (const cell of row.querySelectorAll('td[data-model]')) {
        const part = (kind) => cell.querySelector(`[data-credit=${kind}]`)?.textContent.trim() ?? null;
        cells[cell.dataset.model] = [part('conversions'), part('revenue')];
      }
      return [row.dataset.campaign, cells];
    }),
  );
}

/** The same table computed from `payback report --compare-models --format json`. */
function expectedTable(comparison, shown) {
  return comparison.campaigns.map((row) => {
    const cells = {};
    for (const model of comparison.models) {
      const credit = row.models[model];
      cells[model] = [
        shown === 'revenue' ? null : count(credit.conversions),
        shown === 'conversions' ? null : dollars(credit.revenue),
      ];
    }
    return [row.campaign_id, cells];
  });
}

const cell = (page, campaign, model, kind) =>
  page.locator(`tr[data-campaign="${campaign}"] td[data-model="${model}"] [data-credit=${kind}]`);

const browser = await launchChromium();

let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}?view=models`);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('table.models tbody tr');
  assert.equal(await page.locator('[role=tab][aria-selected=true]').getAttribute('data-view'), 'models');
  await expectUrl(page, /view=models/);
  // Every model is shown, so the model filter does not apply here.
  assert.equal(await page.locator('select[name=model]').isDisabled(), true);
  // One line under the title says what any_touch and direct mean.
  const note = await text(page.locator('[data-testid=models-note]'));
  assert.match(note, /Any touch .* more than the total/);
  assert.match(note, /direct credits only the campaign the conversion event itself names/);

  // The columns are the CLI's models, in its order; the definition's own (last_touch) is the
  // highlighted one, its tile too.
  const comparison = JSON.parse(cli('report', '-w', workspace, '--compare-models', '--format', 'json'));
  assert.equal(comparison.model, 'last_touch');
  const headers = await page.locator('table.models th[data-model]').evaluateAll((cells) => cells.map((th) => th.dataset.model));
  assert.deepEqual(headers, comparison.models);
  assert.equal(headers.length, 9); // no custom_position: the definition has no weights
  assert.deepEqual(
    await page.locator('table.models th.own').evaluateAll((cells) => cells.map((th) => th.dataset.model)),
    ['last_touch'],
  );
  assert.equal(await page.locator('table.models td.own').count(), comparison.campaigns.length);
  assert.equal(await page.locator('[data-model-tile].own').getAttribute('data-model-tile'), 'last_touch');
  assert.equal(await page.locator('table.models th.own').getAttribute('aria-sort'), 'descending');

  // Conversions (the default): the table is the CLI's, rows in its order (c3, c1, c2, c4).
  assert.deepEqual(await tableOf(page), expectedTable(comparison, 'conversions'));
  assert.deepEqual(
    comparison.campaigns.map((row) => row.campaign_id),
    ['c3', 'c1', 'c2', 'c4'],
  );
  assert.equal(await text(cell(page, 'c3', 'last_touch', 'conversions')), '1');
  assert.equal(await text(cell(page, 'c3', 'first_touch', 'conversions')), '0');
  assert.equal(await text(cell(page, 'c3', 'linear', 'conversions')), '0.33');
  assert.equal(await text(cell(page, 'c3', 'time_decay', 'conversions')), '0.57');
  assert.equal(await text(cell(page, 'c1', 'inverse_j', 'conversions')), '0.6');
  assert.equal(await text(cell(page, 'c2', 'any_touch', 'conversions')), '1');
  // Call Center (c4) gets credit under direct only: every other cell of its row is a muted 0.
  const callCenter = await page
    .locator('tr[data-campaign="c4"] td[data-model]')
    .evaluateAll((cells) =>
      cells.filter((td) => !td.querySelector('[data-credit]').classList.contains('zero')).map((td) => td.dataset.model),
    );
  assert.deepEqual(callCenter, ['direct']);
  assert.equal(await text(page.locator('tr[data-campaign="c4"] td:first-child .name')), 'Call Center');
  // The tiles: one per model, each the CLI's total (every one 1 conversion here).
  for (const model of comparison.models) {
    assert.equal(
      await text(page.locator(`[data-model-tile="${model}"] [data-credit=conversions]`)),
      count(comparison.tiles[model].conversions),
    );
  }
  // The chart: the top campaigns' credit under each model.
  assert.equal(await page.locator('[aria-label="Credit by model"] canvas').count(), 1);
  assert.deepEqual(
    await page.locator('[aria-label="Credit by model"] .legend-item').allTextContents(),
    ['Last', 'First', 'Middle', 'Call Center'],
  );

  // Revenue: the cells change to the CLI's money.
  await page.click('[aria-label="Numbers shown"] button[data-shown=revenue]');
  await page.waitForSelector('table.models [data-credit=revenue]');
  assert.equal(await page.locator('table.models [data-credit=conversions]').count(), 0);
  assert.deepEqual(await tableOf(page), expectedTable(comparison, 'revenue'));
  assert.equal(await text(cell(page, 'c3', 'last_touch', 'revenue')), '$100.01');
  assert.equal(await text(cell(page, 'c3', 'linear', 'revenue')), '$33.34');
  assert.equal(await text(cell(page, 'c3', 'time_decay', 'revenue')), '$57.15');
  assert.equal(await text(cell(page, 'c4', 'direct', 'revenue')), '$100.01');
  assert.equal(await text(cell(page, 'c4', 'linear', 'revenue')), '$0.00');
  assert.equal(await text(page.locator('[data-model-tile="any_touch"] [data-credit=revenue]')), '$100.01');
  assert.match(await text(page.locator('[aria-label="Credit by model"] h2')), /^Revenue/);

  // Both: conversions over revenue in every cell ("Last" 1 / $100.01 under last_touch).
  await page.click('[aria-label="Numbers shown"] button[data-shown=both]');
  await page.waitForSelector('table.models [data-credit=conversions]');
  assert.deepEqual(await tableOf(page), expectedTable(comparison, 'both'));
  assert.deepEqual(await tableOf(page).then((rows) => rows[0][1].last_touch), ['1', '$100.01']);
  await page.waitForTimeout(1500); // the chart's bars grow for a second
  await page.screenshot({ path: join(outputDir, 'models.png'), fullPage: true });

  // Sorting by first_touch, highest first, puts "First" first; again, lowest first, puts it
  // last (the ties keep the last_touch order).
  const order = async () => page.locator('table.models tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.campaign));
  await page.click('table.models th[data-model=first_touch] button');
  assert.equal(await page.locator('table.models th[data-model=first_touch]').getAttribute('aria-sort'), 'descending');
  assert.equal(await text(page.locator('table.models tbody tr:first-child .name')), 'First');
  assert.deepEqual(await order(), ['c1', 'c3', 'c2', 'c4']);
  await page.click('table.models th[data-model=first_touch] button');
  assert.deepEqual(await order(), ['c3', 'c2', 'c4', 'c1']);
  // By direct: the call center first.
  await page.click('table.models th[data-model=direct] button');
  assert.equal(await order().then((rows) => rows[0]), 'c4');

  // The campaign filters apply: channel sms leaves "Last" alone, with the CLI's numbers.
  await page.check('input[name=channel][value=sms]');
  await page.waitForFunction(() => document.querySelectorAll('table.models tbody tr').length === 1);
  await expectUrl(page, /channel=sms/);
  const sms = JSON.parse(cli('report', '-w', workspace, '--compare-models', '--channel', 'sms', '--format', 'json'));
  assert.deepEqual(await tableOf(page), expectedTable(sms, 'both'));
  assert.equal(
    await text(page.locator('[data-model-tile="first_touch"] [data-credit=conversions]')),
    count(sms.tiles.first_touch.conversions),
  );
  await page.uncheck('input[name=channel][value=sms]');
  await page.waitForFunction(() => document.querySelectorAll('table.models tbody tr').length === 4);

  // The period applies: in 2027 nothing converts, so no campaign gets credit.
  await page.goto(`${base}?view=models&from=2027-01-01&to=2027-02-01`);
  await page.waitForSelector('[aria-label="Credit by model"] .empty');
  assert.equal(await text(page.locator('[data-model-tile="last_touch"] [data-credit=conversions]')), '0');

  // The tabs: to Performance and back.
  await page.click('[role=tab][data-view=performance]');
  await page.waitForSelector('table.campaigns:not(.models) tbody tr');
  await expectUrl(page, /view=models/, { absent: true });
  assert.equal(await page.locator('select[name=model]').isDisabled(), false);
  await page.click('[role=tab][data-view=models]');
  await page.waitForSelector('table.models tbody tr');
  await expectUrl(page, /view=models/);
  await context.close();

  console.log(`Models browser test passed; screenshot: ${join(outputDir, 'models.png')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
