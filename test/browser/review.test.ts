// A reviewer works from their own page, in Chromium on a phone with
// JavaScript turned off: from the one invitation email to the list of their
// tasks, a conflict of interest declared on one (before the application is
// shown: it goes to the other reviewer, whose page gains it), a draft saved
// on another, the page left and come back to, the review sent, and the
// progress. Every page is axe-clean; the secretariat's call page shows the
// progress and the declared conflict.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';
import { adminToken, api, applyFully, createCall, reviewerInvitation, sampleApplication, until, waitForDecision } from '../support/client.ts';

let browser: Browser;
let page: Page;
/** axe-core runs as a script, so it checks the same URL in a second page with JavaScript on (a GET changes nothing). */
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

async function expectAccessible(name: string) {
  await screenshot(page, name);
  await axePage.goto(page.url());
  await expectNoAxeViolations(axePage);
}

const SCORES: [string, string][] = [
  ["Relevance to the fund's mandate", '5'],
  ['Quality of the victim-centred assistance', '4'],
  ['Organisational capacity and track record', '4'],
  ['Budget and cost-effectiveness', '3'],
  ['Sustainability and reintegration outcomes', '4'],
];
const group = (label: string) => page.getByRole('group', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });

describe("the reviewer's page, without JavaScript", () => {
  it('goes from the one email to the tasks, takes a conflict, a draft and the review, and shows the progress', { timeout: 120_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Browser review ${run}`, reviewersPerApplication: 1 });
    for (const [i, country] of ['EC', 'TH', 'GT', 'NG'].entries()) {
      const app = await applyFully(
        call.callId,
        sampleApplication((a) => {
          a.organisation.name = `Browser NGO ${i} ${run}`;
          a.organisation.registrationCountry = country;
          a.project.countries = [country];
          a.project.title = `Browser project ${i} ${run}`;
        }),
      );
      await waitForDecision(app.applicationId, app.accessToken);
    }
    const email = (name: string) => `${name}-${run}@reviewers.example.org`;
    const reviewer = (name: string) => ({ name: `${name} ${run}`, email: email(name.toLowerCase()), country: 'CH', languages: ['en'], regions: [], expertise: ['protection'], maxLoad: 3 });
    await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: [reviewer('Amina'), reviewer('Bruno')] } });
    await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });

    // One email each, with the link to their own page.
    const amina = await reviewerInvitation(inject('mailWebUrl'), email('amina'));
    const bruno = await reviewerInvitation(inject('mailWebUrl'), email('bruno'));
    expect(amina.mail.subject).toBe(`Your reviews for "${call.title}": 2 applications`);
    await page.goto(amina.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Your reviews: ${call.title}`);
    expect(await page.locator('#progress').textContent()).toBe('0 of 2 submitted');
    const titles = await page.locator('.calls h2').allTextContents();
    expect(titles).toHaveLength(2);
    expect(await page.locator('.calls').textContent()).toContain('To do');
    await expectAccessible('4-reviewer-page');

    // The first task: only the organisation, its country and the title, and the declaration. A conflict, with its reason.
    const [first, second] = titles as [string, string];
    await page.getByRole('link', { name: first }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(first);
    expect(await page.getByRole('heading', { name: 'The application' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Narrative proposal/ }).count()).toBe(0);
    await expectAccessible('5a-review-declaration');
    await page.getByLabel(/The conflict of interest/).fill('My sister leads this organisation.');
    await page.getByRole('button', { name: 'Declare a conflict of interest' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Your conflict of interest with');
    expect(await page.locator('#progress').textContent()).toBe('0 of 1 submitted');
    expect(await page.locator('.calls li', { hasText: first }).textContent()).toContain('Declined (conflict of interest declared)');

    // It goes to Bruno: his page gains it, and he is told.
    await until("Bruno told", async () => (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(email('bruno')) && m.subject === `Review added: ${first}`));
    const brunoPage = await api(`/reviewer/${bruno.ref}`);
    expect(brunoPage.body.tasks.map((t: { project: { title: string } }) => t.project.title)).toContain(first);
    expect(brunoPage.body.tasks).toHaveLength(3);

    // The second task: no conflict, then the application with its documents, and a draft.
    await page.getByRole('link', { name: second }).click();
    await page.getByRole('button', { name: 'I have no conflict of interest' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The application' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /Narrative proposal/ }).getAttribute('href')).toMatch(/X-Amz-Signature=/);
    await expectAccessible('5b-review-task');
    for (const [label, score] of SCORES.slice(0, 2)) await group(label).getByLabel(score, { exact: true }).check();
    await page.getByLabel('Comments').fill('Strong survivor-centred model;');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Draft saved at');

    // Away and back: the page says a draft is saved; the task keeps the scores and the comments.
    await page.getByRole('link', { name: 'Back to your reviews' }).click();
    expect(await page.locator('.calls li', { hasText: second }).textContent()).toContain('Draft saved');
    expect(await page.locator('#progress').textContent()).toBe('0 of 1 submitted');
    await page.getByRole('link', { name: second }).click();
    expect(await group(SCORES[0]![0]).getByLabel('5', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Comments').inputValue()).toBe('Strong survivor-centred model;');
    for (const [label, score] of SCORES.slice(2)) await group(label).getByLabel(score, { exact: true }).check();
    await page.getByLabel('Comments').fill('Strong survivor-centred model; budget is lean.');
    await page.getByRole('button', { name: 'Send my review (final)' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('is recorded (total 77.5 out of 100)');
    expect(await page.locator('#progress').textContent()).toBe('1 of 1 submitted');
    expect(await page.locator('.calls li', { hasText: second }).textContent()).toContain('Submitted');
    await expectAccessible('5c-reviewer-progress');

    // The sent review is shown, not editable; a second sending is refused.
    await page.getByRole('link', { name: second }).click();
    expect(await page.getByRole('heading', { name: 'Your review (sent)' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send my review (final)' }).count()).toBe(0);

    // The secretariat's call page: each reviewer's progress and the declared conflict.
    const dashboard = await browser.newContext(PHONE);
    const desk = await dashboard.newPage();
    await desk.goto(`${inject('apiUrl')}/signin#token=${inject('adminToken')}`);
    await expect.poll(() => desk.locator('h1').textContent()).toBe('Calls for proposals');
    await desk.goto(`${inject('apiUrl')}/dashboard/calls/${call.callId}`);
    const progress = desk.getByRole('region', { name: 'Reviewers and their progress' });
    expect(await progress.locator('tr', { hasText: `Amina ${run}` }).locator('td').allTextContents()).toEqual([`Amina ${run}`, '1', '1', '0', '1', '0', '0', '3']);
    expect(await progress.locator('tr', { hasText: `Bruno ${run}` }).locator('td').allTextContents()).toEqual([`Bruno ${run}`, '3', '0', '0', '0', '0', '0', '3']);
    const conflicts = desk.getByRole('region', { name: 'Declared conflicts of interest' });
    expect(await conflicts.textContent()).toContain('My sister leads this organisation.');
    expect(await conflicts.textContent()).toContain(first);
    await screenshot(desk, '18-dashboard-reviewer-progress');
    await expectNoAxeViolations(desk);
    await dashboard.close();
  });
});
