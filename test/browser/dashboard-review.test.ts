// A call's page in the dashboard, as the secretariat uses it during a call:
// its settings changed within what the stage allows (the fixed ones say
// why), and a waiting review given by hand to another reviewer. In Chromium,
// axe-clean, screenshots kept.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectAccessible, launchChromium, PHONE } from '../support/browser.ts';
import { adminToken, api, applyFully, createCall, sampleApplication, until, waitForDecision } from '../support/client.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext(PHONE);
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const accessible = (name: string) => expectAccessible(page, name);

describe("a call's page in the dashboard", () => {
  it('changes what may still change, and hands a waiting review to another reviewer', { timeout: 120_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Review desk ${run}`, reviewersPerApplication: 1 });
    const app = await applyFully(call.callId, sampleApplication((a) => (a.organisation.name = `Open Gate ${run}`)));
    await waitForDecision(app.applicationId, app.accessToken);

    await page.goto(`${inject('apiUrl')}/signin#token=${inject('adminToken')}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Calls for proposals');
    const callPage = `${inject('apiUrl')}/dashboard/calls/${call.callId}`;
    await page.goto(callPage);

    // Open: the cap is fixed and says why; the budget and the title change.
    await page.getByText('Settings of the call').click();
    expect(await page.getByLabel('Grant cap (US$)').isDisabled()).toBe(true);
    expect(await page.locator('#e-maxGrantUsd-why').textContent()).toContain('every application is judged by the same rules');
    await page.getByLabel('Budget (US$)').fill('1750000');
    await page.getByLabel('Title', { exact: true }).fill(`Review desk ${run} (extended)`);
    await accessible('16-dashboard-call-settings');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Saved: title, budgetUsd.');
    expect(await page.locator('h1').textContent()).toBe(`Review desk ${run} (extended)`);
    // A cap above the budget is named, and nothing is saved.
    await page.getByText('Settings of the call').click();
    await page.getByLabel('Budget (US$)').fill('50000');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('maxGrantUsd must not exceed budgetUsd');
    const stored = (await api('/admin/calls', { token: adminToken() })).body.calls.find((c: { callId: string }) => c.callId === call.callId);
    expect(stored.budgetUsd).toBe(1_750_000);

    // Review: the first reviewer is asked; the secretariat gives the review to the second.
    const email = (name: string) => `${name.toLowerCase()}-${run}@reviewers.example.org`;
    const reviewers = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: {
        reviewers: [
          { name: `Asked ${run}`, email: email('Asked'), country: 'CH', languages: ['en'], regions: [], expertise: ['protection', 'legal-assistance', 'empowerment-prevention'], maxLoad: 5 },
          { name: `Chosen ${run}`, email: email('Chosen'), country: 'CH', languages: ['fr'], regions: [], expertise: [], maxLoad: 5 },
        ],
      },
    });
    expect(reviewers.status).toBe(201);
    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    await until('the invitation', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.subject.startsWith('Your reviews for') && m.to.includes(email('Asked'))));
    await expect.poll(async () => (await page.goto(callPage), await page.getByLabel('Review waiting for an answer').count())).toBe(1);
    // Closed: only the wording may change now.
    await page.getByText('Settings of the call').click();
    expect(await page.getByLabel('Budget (US$)').isDisabled()).toBe(true);
    expect(await page.getByLabel('Title', { exact: true }).isDisabled()).toBe(false);
    expect(await page.getByLabel('Review waiting for an answer').locator('option').first().textContent()).toContain(`Open Gate ${run}: Asked ${run}`);
    await page.getByLabel('Give it to').selectOption({ label: `Chosen ${run} (0 of 5)` });
    await page.getByLabel('Reason (kept in the audit log)').fill('Asked reviewer is on leave');
    await accessible('17-dashboard-reassign');
    await page.getByRole('button', { name: 'Reassign the review' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('The review was given to the reviewer you chose');
    const chosen = await until('the chosen reviewer asked', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.subject.startsWith('Review added') && m.to.includes(email('Chosen'))));
    expect(chosen.text).toContain(`Open Gate ${run}`);
    const assignments = (await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() })).body.assignments as { status: string; reassignedBy?: string; reassignReason?: string }[];
    expect(assignments).toContainEqual(expect.objectContaining({ status: 'reassigned', reassignedBy: 'officer@trustfund.local', reassignReason: 'Asked reviewer is on leave' }));
    // Doing it again from a page opened before: the review is no longer waiting, and the page says so.
    await page.goBack();
    await page.goBack();
    await page.getByLabel('Reason (kept in the audit log)').fill('Second try from a stale page');
    await page.getByRole('button', { name: 'Reassign the review' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/no longer waiting|is reassigned|already has/);
  });
});
