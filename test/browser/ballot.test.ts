// A trustee follows the ballot link from the email in a browser with
// JavaScript turned off: the page lists the slate with what the Board needs,
// the ballot goes through a plain HTML form, and the link then says it was used.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';
import { adminToken, api, applyFully, createCall, reviewToRanking, sampleApplication, until, waitForDecision, trusteeTerm } from '../support/client.ts';

let browser: Browser;
let page: Page;
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

describe('voting in the browser without JavaScript', () => {
  it('shows the slate, casts the ballot from the HTML form, and refuses the link afterwards', async () => {
    const run = Date.now();
    const email = `browser-trustee-${run}@board.example.org`;
    const trustees = await api('/admin/trustees', { token: adminToken(), body: { trustees: [{ name: 'Browser Trustee', email, ...(await trusteeTerm()) }] } });
    const call = await createCall({ title: `Browser ballot ${run}`, budgetUsd: 200_000, reviewersPerApplication: 1, trusteeIds: [trustees.body.trustees[0].trusteeId] });
    for (const name of ['North', 'South']) {
      const app = await applyFully(call.callId, sampleApplication((a) => (a.organisation.name = `${name} Shelter ${run}`)));
      await waitForDecision(app.applicationId, app.accessToken);
    }
    await reviewToRanking(call.callId, ['North', 'South'], inject('mailWebUrl'), `browser-ranker-${run}@reviewers.example.org`);
    expect((await api(`/admin/calls/${call.callId}/slate/submit`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    const link = await until('the ballot email', async () => {
      const mail = (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(email));
      return mail && /(http:\/\/\S+\/ballot\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    });

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe(`Ballot: Browser ballot ${run}`);
    expect(await page.locator('main').textContent()).toContain('US$60,000');
    // The board pack opens from the page through the same link, and changes nothing.
    const packHref = await page.getByRole('link', { name: 'The board pack (PDF)' }).getAttribute('href');
    expect(packHref).toBe(`${new URL(link).pathname}/pack.pdf`);
    const pack = await fetch(new URL(packHref!, link));
    expect([pack.status, pack.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await pack.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, '6-ballot-page');
    await axePage.goto(link);
    await expectNoAxeViolations(axePage);

    await page.getByRole('group', { name: new RegExp(`^Your vote on`) }).first().getByLabel('Approve', { exact: true }).check();
    await page.getByRole('group', { name: new RegExp(`^Your vote on`) }).nth(1).getByLabel('Abstain', { exact: true }).check();
    await page.getByRole('button', { name: 'Cast my ballot' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you');
    expect(await page.locator('main').textContent()).toContain('1 approved, 0 rejected, 1 abstentions, 0 recusals');
    await screenshot(page, '7-ballot-thanks');

    const again = await page.goto(link);
    expect(again?.status()).toBe(409);

    // One trustee, one ballot cast: the vote closes at once and is tallied (1 approval: quorum 1 of 1 met).
    const decided = await until('the decisions', async () => {
      const response = await api(`/admin/calls/${call.callId}/decisions`, { token: adminToken() });
      return response.body.vote?.status === 'closed' ? response.body : undefined;
    });
    expect(decided.decisions.map((d: { outcome: string }) => d.outcome)).toEqual(['approved', 'rejected']);
  });
});
