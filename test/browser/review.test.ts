// A reviewer follows the link from the email in a browser with JavaScript
// turned off: the page shows the application and the form, the scores go
// through a plain HTML form, and the link then says it was used.
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, createCall, waitForDecision } from '../support/client.ts';

let browser: Browser;
let page: Page;
/** axe-core runs as a script, so it checks the same URL in a second page with JavaScript on (a GET uses nothing). */
let axePage: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  axePage = await (await browser.newContext(PHONE)).newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(name: string, url: string) {
  await screenshot(page, name);
  await axePage.goto(url);
  await expectNoAxeViolations(axePage);
}

describe('reviewing in the browser without JavaScript', () => {
  it('shows the task, takes the scores from the HTML form, and refuses the link afterwards', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Browser review ${run}`, reviewersPerApplication: 1 });
    const app = await applyFully(call.callId);
    await waitForDecision(app.applicationId, app.accessToken);
    const email = `browser-reviewer-${run}@reviewers.example.org`;
    await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [{ name: 'Browser Reviewer', email, country: 'CH', languages: ['en'], regions: [], expertise: ['protection'], maxLoad: 3 }] },
    });
    await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });
    let link: string | undefined;
    for (let i = 0; i < 100 && !link; i++) {
      const mail = (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(email));
      link = mail && /(http:\/\/\S+\/review\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 200));
    }
    expect(link).toBeDefined();

    await page.goto(link!);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Review: /);
    expect(await page.getByRole('link', { name: /Narrative proposal/ }).getAttribute('href')).toMatch(/X-Amz-Signature=/);
    await expectAccessible('4-review-page', link!);

    const answers: [string, string][] = [
      ["Relevance to the fund's mandate", '5'],
      ['Quality of the victim-centred assistance', '4'],
      ['Organisational capacity and track record', '4'],
      ['Budget and cost-effectiveness', '3'],
      ['Sustainability and reintegration outcomes', '4'],
    ];
    for (const [label, score] of answers) {
      await page.getByRole('group', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).getByLabel(score, { exact: true }).check();
    }
    await page.getByLabel('Comments').fill('Strong survivor-centred model; budget is lean.');
    await page.getByRole('button', { name: 'Send my scores' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you');
    expect(await page.locator('main').textContent()).toContain('total 77.5 out of 100');
    await screenshot(page, '5-review-thanks');

    const again = await page.goto(link!);
    expect(again?.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('This link has already been used.');
  });
});
