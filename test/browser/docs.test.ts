// `GET /docs`: the API description as a page, for people.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isApiRoute, routes } from '../../infra/manifest.ts';
import { expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the API documentation page', () => {
  it('lists every API route with its body schema, readable on a phone and accessible', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${inject('apiUrl')}/docs`);
    expect(await page.locator('h1').textContent()).toContain('Trust Fund grants API');
    const headings = await page.locator('section.operation h3').allTextContents();
    for (const route of routes.filter(isApiRoute)) expect(headings).toContain(`${route.method} ${route.path}`);
    await page.getByRole('link', { name: 'ApplicationDraft' }).first().click();
    expect(await page.locator('#schema-ApplicationDraft pre').textContent()).toContain('registrationCountry');
    await screenshot(page, '10-api-docs');
    await expectNoAxeViolations(page);
  });
});
