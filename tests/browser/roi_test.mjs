// Browser test of the dashboard's ROI view: Debian's chromium driven by playwright-core against a
// real `payback serve` on a workspace holding the costs_call_center scenario (the call-center
// seed's ROI, targets and agent ranking), whose numbers are derived by hand in
// tests/scenarios/costs_call_center/script, then the costs_sms scenario (the SMS seed's
// platform fee and messaging ROAS).
//
// usage: node roi_test.mjs PAYBACK_BINARY OUTPUT_DIR
// Saves OUTPUT_DIR/roi.png and OUTPUT_DIR/roi_sms.png (screenshots) and exits non-zero on the
// first failure.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { cliOf, expectUrl, launchChromium, scenarioWorkspace, serve as startServer, testArguments } from './harness.mjs';

const { payback, outputDir, scratch } = testArguments('roi_test.mjs');
const cli = cliOf(payback);

/** A workspace holding a scenario's files (those it has), and a viewer token for it. */
function workspaceOf(scenario) {
  const workspace = join(scratch, scenario);
  const data = scenarioWorkspace(cli, scenario, workspace);
  return { workspace, data, token: cli('token', 'create', '-w', workspace, '--role', 'viewer').trim() };
}

const servers = [];
async function serve(workspace) {
  const { server, base } = await startServer(payback, workspace);
  servers.push(server);
  return base;
}

async function text(locator) {
  return (await locator.textContent()).trim();
}

async function tileValue(page, label) {
  return text(page.locator(`[data-tile="${label}"] .tile-value`));
}

/** Opens `url` (a view with its filters in the query) and signs in: the token lives in the
 * tab's session storage, so a new page signs in again and keeps the URL's view. */
async function open(browser, url, token) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('input[name=token]', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('.tiles');
  return page;
}

// The dashboard's money formats (web/src/format.ts), applied to the CLI's JSON.
const dollars = (amount) => {
  const negative = amount.startsWith('-');
  const [whole, fraction] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
};
const grouped2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (fraction) => `${grouped2.format(fraction * 100)}%`;
const multiple = (value) => `${grouped2.format(value)}x`;

const browser = await launchChromium();

let failed = false;
try {
  // --- the call center (seed 002): March 2026, targets measured on the 20th ------------------
  const center = workspaceOf('costs_call_center');
  const base = await serve(center.workspace);
  const page = await open(browser, `${base}?view=roi&from=2026-03-01&to=2026-04-01&today=2026-03-20`, center.token);
  await page.waitForSelector('[data-goal]');
  assert.equal(await page.locator('[role=tab][aria-selected=true]').getAttribute('data-view'), 'roi');
  // The custom range came from the URL and stays in it with the view and the day.
  assert.equal(await page.inputValue('input[name=from]'), '2026-03-01');
  await expectUrl(page, /view=roi/);
  await expectUrl(page, /today=2026-03-20/);

  // The tiles are the CLI's report for the same period (script: cost 570.50, net 169.50, ROI
  // 29.71%, ROAS 1.30x, CPA 114.10, AOV 148.00).
  const report = JSON.parse(
    cli('report', '-w', center.workspace, '--from', '2026-03-01', '--to', '2026-04-01', '--format', 'json'),
  );
  assert.equal(report.tiles.cost, '570.50');
  assert.equal(report.tiles.net_return, '169.50');
  assert.equal(await tileValue(page, 'Revenue'), dollars(report.tiles.revenue));
  assert.equal(await tileValue(page, 'Cost'), '$570.50');
  assert.equal(await tileValue(page, 'Net return'), '$169.50');
  assert.equal(await tileValue(page, 'ROI'), '29.71%');
  assert.equal(await tileValue(page, 'ROI'), percent(report.tiles.roi));
  assert.equal(await tileValue(page, 'ROAS'), multiple(report.tiles.roas));
  assert.equal(await tileValue(page, 'ROAS'), '1.30x');
  assert.equal(await tileValue(page, 'CPA'), dollars(report.tiles.cpa));
  assert.equal(await tileValue(page, 'AOV'), dollars(report.tiles.aov));
  assert.equal(await tileValue(page, 'Conversions'), String(report.tiles.conversions));

  // The cost breakdown lists the nonzero lines, largest first, and the total.
  const breakdown = page.locator('[aria-label="Cost breakdown"]');
  const lines = await breakdown.locator('li[data-cost-line]').evaluateAll((items) =>
    items.map((item) => [item.dataset.costLine, item.querySelector('.amount').textContent.trim()]),
  );
  const expectedLines = Object.entries(report.tiles.cost_breakdown)
    .filter(([, amount]) => Number(amount) !== 0)
    .sort((left, right) => Number(right[1]) - Number(left[1]))
    .map(([line, amount]) => [line, dollars(amount)]);
  assert.deepEqual(lines, expectedLines);
  assert.deepEqual(lines.map(([line]) => line), ['agent_hour', 'commission', 'call']);
  assert.equal(await text(breakdown.locator('[data-cost-line=total] .amount')), '$570.50');
  // Profitability per campaign and revenue against cost over time are charts.
  assert.equal(await page.locator('[aria-label="Profitability per campaign"] canvas').count(), 1);
  assert.equal(await page.locator('[aria-label="Revenue and cost over time"] canvas').count(), 1);

  // The targets on 2026-03-20 (expected_goals.json): the workspace red on revenue and ROI, d1
  // amber on revenue, d2 green on ROI, with their progress and projection.
  const goals = JSON.parse(readFileSync(join(center.data, 'expected_goals.json'), 'utf8'));
  assert.match(await text(page.locator('[aria-label=Targets] h2')), /March 2026/);
  assert.equal(await page.locator('[data-goal]').count(), goals.goals.length);
  const target = (goal, kind) => page.locator(`[data-goal="${goal}"] [data-target="${kind}"]`);
  const expectTarget = async (goal, kind, status, progress, words) => {
    assert.equal(await target(goal, kind).getAttribute('data-status'), status);
    assert.equal(await text(target(goal, kind).locator('[data-progress]')), progress);
    assert.equal(await text(target(goal, kind).locator('.badge')), words); // not colour alone
  };
  const workspaceGoal = goals.goals[0];
  await expectTarget('workspace', 'revenue', 'red', percent(workspaceGoal.revenue_progress), 'Behind');
  await expectTarget('workspace', 'revenue', 'red', '76.47%', 'Behind');
  await expectTarget('workspace', 'roi', 'red', '59.42%', 'Behind');
  await expectTarget('d1', 'revenue', 'amber', '83.70%', 'At risk');
  await expectTarget('d2', 'roi', 'green', '110.19%', 'On track');
  assert.equal(await target('d1', 'roi').count(), 0); // d1 has no ROI goal
  assert.equal(await target('d2', 'revenue').count(), 0); // nor d2 a revenue goal
  assert.equal(await text(target('workspace', 'revenue').locator('[data-projected]')), '$1,603.38');
  assert.equal(await text(target('d1', 'revenue').locator('[data-projected]')), '$1,267.74');
  assert.match(await text(page.locator('[data-goal="d2"]')), /projected \$335\.64/);

  // The agent ranking is the CLI's, ordered by revenue (a1 first, 390.00).
  const agents = JSON.parse(
    cli('agents', '-w', center.workspace, '--from', '2026-03-01', '--to', '2026-04-01', '--format', 'json'),
  );
  const agentRows = page.locator('table.agents tbody tr');
  assert.equal(await agentRows.count(), agents.agents.length);
  const cell = (agent, column) => page.locator(`tr[data-agent="${agent}"] td[data-column="${column}"]`);
  for (const [index, agent] of agents.agents.entries()) {
    assert.equal(await agentRows.nth(index).getAttribute('data-agent'), agent.agent_id);
    assert.equal(await text(cell(agent.agent_id, 'calls')), String(agent.calls));
    assert.equal(await text(cell(agent.agent_id, 'sales')), String(agent.sales));
    assert.equal(await text(cell(agent.agent_id, 'revenue')), dollars(agent.revenue));
    assert.equal(await text(cell(agent.agent_id, 'hours')), String(agent.hours));
    assert.equal(await text(cell(agent.agent_id, 'labor_cost')), dollars(agent.labor_cost));
    assert.equal(await text(cell(agent.agent_id, 'commission')), dollars(agent.commission));
    assert.equal(await text(cell(agent.agent_id, 'efficiency')), multiple(agent.efficiency));
  }
  assert.equal(await agentRows.first().getAttribute('data-agent'), 'a1');
  assert.equal(await text(cell('a1', 'revenue')), '$390.00');
  assert.equal(await text(cell('a1', 'revenue_per_hour')), '$32.50');
  assert.equal(await text(cell('totals', 'revenue')), dollars(agents.totals.revenue));
  assert.equal(await text(cell('totals', 'labor_cost')), '$530.00');
  await page.screenshot({ path: join(outputDir, 'roi.png'), fullPage: true });

  // Sorting by a column: efficiency, highest first, puts a3 (1.71x) on top.
  await page.click('table.agents th button:has-text("Efficiency")');
  assert.equal(await agentRows.first().getAttribute('data-agent'), 'a3');

  // Another day of the month: on 2026-03-10 only the 10th's sales count (day 10 of 31).
  await page.fill('input[name=goals-today]', '2026-03-10');
  await page.waitForFunction(() => /day 10 of 31/.test(document.querySelector('[aria-label=Targets] h2')?.textContent ?? ''));
  await expectUrl(page, /today=2026-03-10/);
  const tenth = JSON.parse(cli('goals', '-w', center.workspace, '--today', '2026-03-10', '--format', 'json'));
  assert.equal(
    await text(target('workspace', 'revenue').locator('[data-progress]')),
    percent(tenth.goals[0].revenue_progress),
  );
  assert.equal(await target('workspace', 'revenue').getAttribute('data-status'), tenth.goals[0].revenue_status);

  // The performance view is still there, with the cost columns in its table.
  await page.click('[role=tab][data-view=performance]');
  await page.waitForSelector('table.campaigns tbody tr');
  await expectUrl(page, /view=roi/, { absent: true });
  assert.equal(await tileValue(page, 'Cost'), '$570.50');
  assert.equal(await tileValue(page, 'Delivered'), '0');
  assert.equal(await text(page.locator('tr[data-campaign="d1"] td[data-column="roi"]')), percent(report.campaigns[0].roi));
  assert.equal(await text(page.locator('tr[data-campaign="d1"] td[data-column="net_return"]')), '$179.70');
  assert.equal(await text(page.locator('tr[data-campaign="d2"] td[data-column="roas"]')), '1.11x');
  assert.equal(await page.locator('th', { hasText: 'Messaging ROAS' }).count(), 0); // no broadcast here
  await page.context().close();

  // --- SMS (seed 003): the platform fee on the whole workspace, messaging ROAS per broadcast --
  const sms = workspaceOf('costs_sms');
  const smsBase = await serve(sms.workspace);
  const smsPage = await open(browser, `${smsBase}?view=roi&from=2026-03-01&to=2026-03-08`, sms.token);
  await smsPage.waitForSelector('[aria-label="Cost breakdown"] li');
  const smsReport = JSON.parse(
    cli('report', '-w', sms.workspace, '--from', '2026-03-01', '--to', '2026-03-08', '--format', 'json'),
  );
  // script: cost 76.83 with the amortized platform fee 76.71; ROAS 3.64x, ROI 264.43%.
  assert.equal(await tileValue(smsPage, 'Cost'), '$76.83');
  assert.equal(await tileValue(smsPage, 'ROAS'), '3.64x');
  assert.equal(await tileValue(smsPage, 'ROI'), percent(smsReport.tiles.roi));
  assert.equal(await tileValue(smsPage, 'Net return'), dollars(smsReport.tiles.net_return));
  assert.equal(
    await text(smsPage.locator('[aria-label="Cost breakdown"] li[data-cost-line=platform_fee] .amount')),
    '$76.71',
  );
  // No timesheets, no agents: no ranking. No targets: an empty state saying how to set them.
  await smsPage.waitForSelector('[aria-label=Targets] .empty');
  assert.equal(await smsPage.locator('[aria-label="Agent ranking"]').count(), 0);
  await smsPage.screenshot({ path: join(outputDir, 'roi_sms.png'), fullPage: true });

  // A filter leaves the workspace's costs out (--channel sms: 0.10) and says so.
  await smsPage.check('input[name=channel][value=sms]');
  await smsPage.waitForFunction(() => document.querySelector('[data-tile="Cost"] .tile-value')?.textContent === '$0.10');
  assert.match(await text(smsPage.locator('[aria-label="Cost breakdown"]')), /leaves out the workspace's own costs/);

  // Messaging ROAS, revenue over the message cost alone, for broadcasts and experiences.
  await smsPage.click('[role=tab][data-view=performance]');
  await smsPage.waitForSelector('tr[data-campaign="b1"]');
  assert.equal(await text(smsPage.locator('tr[data-campaign="b1"] td[data-column="messaging_roas"]')), '3,333.33x');
  assert.equal(await text(smsPage.locator('tr[data-campaign="e1"] td[data-column="messaging_roas"]')), '2,500.00x');
  await smsPage.context().close();

  console.log(`ROI browser test passed; screenshots: ${join(outputDir, 'roi.png')}, ${join(outputDir, 'roi_sms.png')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  for (const server of servers) server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
