// Browser test of the dashboard (issue 4): Debian's chromium driven by playwright-core against a
// real `payback serve` on a workspace holding the custom_metrics scenario's data, whose numbers
// are derived by hand in tests/scenarios/custom_metrics/script.
//
// usage: node dashboard_test.mjs PAYBACK_BINARY OUTPUT_DIR
// Saves OUTPUT_DIR/dashboard.png (a screenshot) and exits non-zero on the first failure.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { cliOf, expectUrl, launchChromium, scenarioWorkspace, serve, testArguments } from './harness.mjs';

const { payback, outputDir, scratch } = testArguments('dashboard_test.mjs');
const cli = cliOf(payback);
const workspace = join(scratch, 'ws');
const data = scenarioWorkspace(cli, 'custom_metrics', workspace);
const viewer = cli('token', 'create', '-w', workspace, '--role', 'viewer').trim();
const editor = cli('token', 'create', '-w', workspace, '--role', 'editor').trim();
const { server, base } = await serve(payback, workspace);
const browser = await launchChromium();

async function tileValue(page, label) {
  return (await page.locator(`[data-tile="${label}"] .tile-value`).textContent()).trim();
}

async function signIn(page, token) {
  await page.goto(base);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('.tiles');
}

let failed = false;
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();

  // A wrong token is refused with a message; nothing else shows.
  await page.goto(base);
  await page.fill('input[name=token]', 'pb_wrong_token');
  await page.click('button[type=submit]');
  await page.waitForSelector('.login .error');
  assert.match(await page.locator('.login .error').textContent(), /unknown or revoked token/);

  // The viewer's dashboard: tiles as the CLI reports them (script: revenue 140.00, 4 conversions).
  await signIn(page, viewer);
  const cliReport = JSON.parse(cli('report', '-w', workspace, '--format', 'json'));
  assert.equal(cliReport.tiles.revenue, '140.00');
  assert.equal(await tileValue(page, 'Revenue'), '$140.00');
  assert.equal(await tileValue(page, 'Conversions'), String(cliReport.tiles.conversions));
  assert.equal(await tileValue(page, 'Delivered'), '5');
  assert.equal(await tileValue(page, 'CTR'), '80.00%');
  assert.equal(await tileValue(page, 'Revenue per Delivered Message'), '28');
  assert.equal(await page.locator('table.campaigns tbody tr').count(), 3);

  // No cost line and no expenses: the cost metrics are null, so no cost tile, column or choice.
  assert.equal(cliReport.tiles.cost, null);
  for (const label of ['Cost', 'Net return', 'ROI', 'ROAS', 'CPA', 'AOV']) {
    assert.equal(await page.locator(`[data-tile="${label}"]`).count(), 0, label);
  }
  await page.click('text=Columns');
  const choices = await page.locator('.chooser label').allTextContents();
  assert.ok(choices.includes('Revenue') && !choices.some((choice) => /Cost|ROI|ROAS|CPA|AOV|Net return/.test(choice)));
  await page.click('text=Columns');
  // The ROI view says how to record costs instead of showing empty charts; back to performance.
  await page.click('[role=tab][data-view=roi]');
  await page.waitForSelector('[data-testid=no-costs]');
  assert.equal(await page.locator('[aria-label="Profitability per campaign"]').count(), 0);
  assert.equal(await page.locator('[aria-label="Agent ranking"]').count(), 0);
  await page.click('[role=tab][data-view=performance]');
  await page.waitForSelector('table.campaigns');

  // A filter: channel push keeps c1 only (revenue 40.00, 1 conversion); the URL holds it.
  await page.check('input[name=channel][value=push]');
  await page.waitForFunction(() => document.querySelector('[data-tile="Revenue"] .tile-value')?.textContent === '$40.00');
  const pushReport = JSON.parse(cli('report', '-w', workspace, '--format', 'json', '--channel', 'push'));
  assert.equal(await tileValue(page, 'Conversions'), String(pushReport.tiles.conversions));
  assert.equal(await page.locator('table.campaigns tbody tr').count(), 1);
  await expectUrl(page, /channel=push/);

  // The CSV export follows the filters: the CLI's CSV for the same options, byte for byte.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export CSV')]);
  const exported = readFileSync(await download.path(), 'utf8');
  assert.equal(exported, cli('report', '-w', workspace, '--format', 'csv', '--channel', 'push'));

  // A shared URL opens the same view (a new tab signs in again: the token lives in the tab's
  // session storage).
  const shared = await context.newPage();
  await shared.goto(page.url());
  await shared.fill('input[name=token]', viewer);
  await shared.click('button[type=submit]');
  await shared.waitForSelector('.tiles');
  assert.equal(await tileValue(shared, 'Revenue'), '$40.00');
  await shared.close();

  // A viewer can try a formula (checked and previewed live) but not save it.
  await page.click('text=Add custom metric');
  await page.fill('input[name=metric-name]', 'Revenue per Click');
  await page.fill('textarea[name=metric-formula]', 'Revenue / Clicke');
  await page.waitForSelector('[data-testid=formula-error]');
  assert.match(await page.locator('[data-testid=formula-error]').textContent(), /did you mean "Clicked"/);
  await page.fill('textarea[name=metric-formula]', 'Revenue / Clicked');
  await page.waitForSelector('[data-testid=formula-preview]');
  assert.match(await page.locator('[data-testid=formula-preview]').textContent(), /13\.33/); // 40 / 3
  assert.equal(await page.locator('.editor button[type=submit]').isDisabled(), true);
  await page.click('text=Cancel');

  // An editor saves it: a new column in the table and a new tile.
  await page.click('text=Sign out');
  await signIn(page, editor);
  await page.click('text=Add custom metric');
  await page.fill('input[name=metric-name]', 'Revenue per Click');
  await page.fill('textarea[name=metric-formula]', 'Revenue / Clicked');
  await page.waitForSelector('[data-testid=formula-preview]');
  await page.click('.editor button[type=submit]');
  await page.waitForSelector('[data-tile="Revenue per Click"]');
  // Signing in again opened the unfiltered view: 140.00 over 5 clicks.
  assert.equal(await tileValue(page, 'Revenue per Click'), '28');
  assert.equal(await page.locator('th', { hasText: 'Revenue per Click' }).count(), 1);
  const settings = cli('config', 'show', '-w', workspace);
  assert.match(settings, /Revenue per Click/);

  // The explain panel: u1's purchase is credited to c1.
  await page.fill('input[name=user]', 'u1');
  await page.click('text=Explain');
  await page.waitForSelector('[data-testid=explanation]');
  assert.match(await page.locator('[data-testid=explanation]').textContent(), /c1/);

  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header at the top of the shot
  await page.screenshot({ path: join(outputDir, 'dashboard.png'), fullPage: true });
  console.log(`browser test passed; screenshot: ${join(outputDir, 'dashboard.png')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
