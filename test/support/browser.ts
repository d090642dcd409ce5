// Debian's Chromium driven by Playwright, as the machines here have it, and
// the checks every browser test makes: a screenshot of each page, and
// axe-core finding no violation on it.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const screenshots = resolve(import.meta.dirname, '../../test-results/screenshots');

/** The screen the pages are tested on: a phone's. */
export const PHONE = { viewport: { width: 412, height: 915 } };

export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A full-page screenshot in test-results/screenshots/<name>.png. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true, timeout: 15_000 });

/** axe-core finds no violation on the page as it is (each one named, with where it is). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The screenshot, then axe. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectNoAxeViolations(page);
}
