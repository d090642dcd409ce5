// Erasure on request from the dashboard, four eyes, on a phone: the
// programme officer asks with a reason (and cannot confirm it herself), the
// finance officer confirms; the application's page then names no one and
// says when and by whom it was erased. Each page is checked with axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchChromium, PHONE } from '../support/browser.ts';
import { api, applyFully, createCall, sampleApplication, waitForDecision } from '../support/client.ts';

let browser: Browser;
let officer: Page;
let finance: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const pages: Page[] = [];
  for (const token of [inject('adminToken'), inject('financeToken')]) {
    const context = await browser.newContext(PHONE);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${inject('apiUrl')}/signin#token=${token}`);
    await page.waitForURL(/\/dashboard$/);
    pages.push(page);
  }
  [officer, finance] = pages as [Page, Page];
});

afterAll(async () => {
  await browser?.close();
});

describe('erasure on request in the dashboard', () => {
  it('is requested by one member with a reason and confirmed by another', { timeout: 90_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Browser erasure ${run}` });
    const input = sampleApplication((a) => {
      a.organisation.name = `Haven ${run}`;
    });
    const draft = await applyFully(call.callId, input);
    await waitForDecision(draft.applicationId, draft.accessToken);
    expect((await api(`/applications/${draft.applicationId}/withdraw`, { token: draft.accessToken, body: {} })).status).toBe(200);
    const url = `${inject('apiUrl')}/dashboard/applications/${draft.applicationId}`;

    await officer.goto(url);
    await officer.getByLabel('Reason for erasing it now').fill('The organisation asked for its data to be erased.');
    await officer.getByRole('button', { name: 'Request the erasure' }).click();
    await officer.getByText('Waiting for another member of the secretariat to confirm it').waitFor();
    expect(await officer.getByRole('button', { name: 'Confirm the erasure' }).count()).toBe(0);
    await expectAccessible(officer, 'erasure-requested');

    await finance.goto(url);
    await finance.getByRole('button', { name: 'Confirm the erasure' }).click();
    await finance.getByText(/Its personal data was erased .*, requested by .* and confirmed by /).waitFor();
    expect(await finance.content()).not.toContain(input.organisation.name);
    await expectAccessible(finance, 'erasure-confirmed');
    await finance.goto(`${inject('apiUrl')}/dashboard`);
    await finance.getByRole('heading', { name: 'To be erased in the next 30 days' }).waitFor();
    await expectAccessible(finance, 'erasure-due-list');
  });
});
