// `GET /docs`: the API description as a page, for people.
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isApiRoute, routes } from '../../infra/manifest.ts';
import { launchChromium, screenshots } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the API documentation page', () => {
  it('lists every API route with its body schema, readable on a phone and accessible', async () => {
    const page = await (await browser.newContext({ viewport: { width: 412, height: 915 } })).newPage();
    await page.goto(`${inject('apiUrl')}/docs`);
    expect(await page.locator('h1').textContent()).toContain('Trust Fund grants API');
    const headings = await page.locator('section.operation h3').allTextContents();
    for (const route of routes.filter(isApiRoute)) expect(headings).toContain(`${route.method} ${route.path}`);
    await page.getByRole('link', { name: 'ApplicationInput' }).first().click();
    expect(await page.locator('#schema-ApplicationInput pre').textContent()).toContain('registrationCountry');
    await page.screenshot({ path: resolve(screenshots, '10-api-docs.png') });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  });
});
