// The set-up every browser test shares: its arguments, the payback CLI, a workspace loaded from a
// golden scenario's files, `payback serve` on a free port, and Debian's chromium through
// playwright-core (from web/node_modules), launched headless without sandbox or background
// networking.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

/** PAYBACK_BINARY and OUTPUT_DIR from the command line (the output directory is created), and a
 * scratch directory; exits 2 with a usage line when an argument is missing. */
export function testArguments(script) {
  const [payback, outputDir] = process.argv.slice(2);
  if (!payback || !outputDir) {
    console.error(`usage: node ${script} PAYBACK_BINARY OUTPUT_DIR`);
    process.exit(2);
  }
  mkdirSync(outputDir, { recursive: true });
  return { payback, outputDir, scratch: mkdtempSync(join(tmpdir(), 'payback-browser-')) };
}

/** Runs `payback ARGS...` and returns its standard output; throws when it fails. */
export function cliOf(payback) {
  return (...args) => execFileSync(payback, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A new workspace at `workspace` holding tests/scenarios/SCENARIO: its settings, campaigns,
 * events and, when the scenario has them, timesheets. Returns the scenario's folder. */
export function scenarioWorkspace(cli, scenario, workspace) {
  const data = join(root, 'tests', 'scenarios', scenario);
  cli('init', workspace);
  cli('config', 'apply', '-w', workspace, join(data, 'settings.yaml'));
  cli('ingest', '-w', workspace, 'campaigns', join(data, 'campaigns.csv'));
  cli('ingest', '-w', workspace, 'events', join(data, 'events.csv'));
  if (existsSync(join(data, 'timesheets.csv'))) {
    cli('ingest', '-w', workspace, 'timesheets', join(data, 'timesheets.csv'));
  }
  return data;
}

/** Starts `payback serve` on `workspace` at a free loopback port: the process and its base URL. */
export async function serve(payback, workspace) {
  const server = spawn(payback, ['serve', '-w', workspace, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let text = '';
    server.stderr.on('data', (chunk) => {
      text += chunk;
      const match = text.match(/at (http:\/\/[^ ]+\/)/);
      if (match) resolve(match[1]);
    });
    server.on('exit', (code) => reject(new Error(`payback serve exited with ${code}: ${text}`)));
    setTimeout(() => reject(new Error(`payback serve did not start: ${text}`)), 10000);
  });
  return { server, base };
}

/** Debian's chromium (or $CHROMIUM), headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
}

/**
 * Asserts that the page's URL matches `pattern` (or, with `absent`, no longer does). The
 * dashboard writes the filters to the URL in an effect after the render, so the URL may trail
 * what the page shows: wait for it first (the default timeout), then assert, for the message.
 */
export async function expectUrl(page, pattern, { absent = false } = {}) {
  await page.waitForURL((url) => pattern.test(url.href) !== absent).catch(() => {});
  if (absent) {
    assert.doesNotMatch(page.url(), pattern);
  } else {
    assert.match(page.url(), pattern);
  }
}
