// The secretariat's pages in Chromium: the sign-in link, the calls with their
// pipeline, a call's applications filtered and sorted, the grants, and the
// impact charts drawn by Chart.js. Each page passes axe; screenshots kept.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchChromium, PHONE } from '../support/browser.ts';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, awardGrant, createCall, reviewToRanking, sampleApplication, submitReport, until, virtualNow, waitForDecision } from '../support/client.ts';

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

describe('the dashboard', () => {
  it('signs in from the link, and shows calls, applications, grants and impact', { timeout: 180_000 }, async () => {
    const run = `dash-${Date.now()}`;
    const start = new Date((await virtualNow()).getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { call, grantee } = await awardGrant(inject('mailWebUrl'), run, start);
    const grantOf = async (callId: string) => ({ grant: (await api(`/admin/grants?callId=${callId}`, { token: adminToken() })).body.grants[0] });
    // A second call with applications to filter: one with priority, one without.
    const second = await createCall({ title: `Dashboard call ${run}` });
    for (const [name, country, contexts] of [['Atina', 'RS', true], ['Covenant House', 'CA', false]] as const) {
      const app = await applyFully(second.callId, sampleApplication((a) => {
        a.organisation.name = `${name} ${run}`;
        a.organisation.registrationCountry = country;
        a.project.countries = [country];
        if (!contexts) a.project.contexts = [];
      }));
      await waitForDecision(app.applicationId, app.accessToken);
    }

    // Without a session: the sign-in page. The link from `npm start` signs in.
    await page.goto(`${inject('apiUrl')}/dashboard`);
    expect(await page.locator('h1').textContent()).toBe('Secretariat sign-in');
    await accessible('11-signin');
    // (A link opened afresh, as from the terminal: a change of #fragment alone would not load the page.)
    await page.goto('about:blank');
    await page.goto(`${inject('apiUrl')}/signin#token=wrong`);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('does not open the dashboard');
    await page.goto('about:blank');
    await page.goto(`${inject('apiUrl')}/signin#token=${inject('adminToken')}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Calls for proposals');
    expect(page.url()).toBe(`${inject('apiUrl')}/dashboard`);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'grants_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.locator('main').textContent()).toContain(`Dashboard call ${run}`);
    expect(await page.locator('tr', { hasText: `Grant ${run}` }).textContent()).toContain('decided');
    await accessible('12-dashboard-calls');

    // The slate of a ranked call, edited on the page: the total follows as amounts are typed; the change is kept with its reason.
    const ranked = await createCall({ title: `Slate page ${run}`, budgetUsd: 100_000, reviewersPerApplication: 1 });
    for (const name of ['First', 'Second']) {
      const app = await applyFully(ranked.callId, sampleApplication((a) => (a.organisation.name = `${name} Refuge ${run}`)));
      await waitForDecision(app.applicationId, app.accessToken);
    }
    await reviewToRanking(ranked.callId, ['First', 'Second'], inject('mailWebUrl'), `slate-page-${run}@reviewers.example.org`);
    await page.goto(`${inject('apiUrl')}/dashboard/calls/${ranked.callId}`);
    expect(await page.locator('[data-total]').textContent()).toContain('Total US$60,000 of US$100,000: US$40,000 left.');
    await page.getByLabel(`Bring in Second Refuge ${run}`).check();
    await expect.poll(() => page.locator('[data-total]').textContent()).toContain('over the budget by US$20,000');
    await page.getByLabel(`Amount for Second Refuge ${run}`).fill('40000');
    await expect.poll(() => page.locator('[data-total]').textContent()).toContain('US$0 left.');
    await accessible('12b-dashboard-slate');
    await page.getByLabel('Reason for these changes (kept with each)').fill('Co-funded in part by a local donor');
    await page.getByRole('button', { name: 'Save the changes to the slate' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('the slate totals US$100,000 of US$100,000');
    const saved = await api(`/admin/calls/${ranked.callId}/slate`, { token: adminToken() });
    expect(saved.body.changes).toEqual([expect.objectContaining({ action: 'include', amountUsd: 40_000, reason: 'Co-funded in part by a local donor', actor: 'officer@trustfund.local' })]);
    // Sent to the Board from the page: frozen, ballots out, and the page follows the vote.
    await page.getByRole('button', { name: 'Send the slate to the Board' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('The slate (2 projects) was sent to the Board');
    await expect.poll(async () => (await page.goto(`${inject('apiUrl')}/dashboard/calls/${ranked.callId}`), await page.getByRole('region', { name: 'Ballots' }).count())).toBe(1);
    expect(await page.getByRole('button', { name: 'Save the changes to the slate' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).toMatch(/0 of \d+ ballots cast/);
    await page.goto(`${inject('apiUrl')}/dashboard`);

    // A new call from the form: a closing before the opening is refused, naming the field; then made.
    const fillCall = async (title: string, opens: string, closes: string) => {
      await page.getByText('New call for proposals').click();
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Budget (US$)').fill('250000');
      await page.getByLabel('Opens (UTC)').fill(opens);
      await page.getByLabel('Closes (UTC)').fill(closes);
      await page.getByRole('button', { name: 'Create the call' }).click();
    };
    await fillCall(`Form call ${run}`, '2027-03-01T00:00', '2027-02-01T00:00');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('closesAt must be after opensAt');
    await fillCall(`Form call ${run}`, '2027-03-01T00:00', '2027-05-01T00:00');
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Form call ${run}`);
    expect(await page.locator('main').textContent()).toContain('Budget US$250,000');
    await page.goto(`${inject('apiUrl')}/dashboard`);

    await page.getByRole('link', { name: `Dashboard call ${run}` }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Dashboard call ${run}`);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Priority', { exact: true }).selectOption('yes');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').textContent()).toContain(`Atina ${run}`);
    await page.getByLabel('Priority', { exact: true }).selectOption('');
    await page.getByLabel('Sort by').selectOption('country');
    await page.getByLabel('Order').selectOption('asc');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('Canada');
    await accessible('13-dashboard-applications');

    // The awarded application of the first call: form, documents, checks, reviews, the Board, and a timeline.
    await page.goto(`${inject('apiUrl')}/dashboard/calls/${call.callId}`);
    expect(await page.locator('main').textContent()).toContain('Board vote');
    expect(await page.getByRole('region', { name: 'The tally of each project' }).textContent()).toContain(`Shelter ${run}`);
    expect(await page.getByRole('region', { name: 'The tally of each project' }).textContent()).toContain('approved (MAJORITY_APPROVED; quorum 1 of 1)');
    await accessible('13a-dashboard-vote');
    expect(await page.getByRole('region', { name: 'Reviewers and their progress' }).textContent()).toContain('Ranking Reviewer');
    await page.getByRole('link', { name: `Shelter ${run}` }).click();
    await expect.poll(() => page.locator('h2').allTextContents()).toContain('Timeline');
    const timeline = await page.locator('ol.timeline li').allTextContents();
    expect(timeline.map((t) => t.replace(/^\S+ \S+ /, ''))).toEqual(
      expect.arrayContaining(['Draft created', 'Submitted', 'Found eligible', expect.stringMatching(/^Review in: /), 'Board: approved (MAJORITY_APPROVED)', expect.stringMatching(/^Grant G-/)]),
    );
    expect(await page.getByRole('link', { name: 'Narrative proposal' }).getAttribute('href')).toMatch(/X-Amz-Signature=/);
    await accessible('13b-dashboard-application');

    await page.getByRole('link', { name: 'Grants', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Grants');
    expect(await page.locator('tr', { hasText: `Shelter ${run}` }).textContent()).toContain('active');
    await accessible('14-dashboard-grants');
    // Finance's file, from the page (the session, no API token).
    const csv = await page.request.get(`${inject('apiUrl')}/dashboard/disbursements.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe('"reference","status","grant","tranche","organisation","country","amount_usd","due_date","released_at","held_reason"');

    // Acting from the grants page: approve the first release, accept the first report; four eyes on the next release.
    const { grant } = await grantOf(call.callId);
    await api('/local/clock', { token: adminToken(), body: { to: `${grant.schedule.startDate}T07:00:00Z` } });
    await page.goto(`${inject('apiUrl')}/dashboard/grants`);
    await page.getByRole('button', { name: `Approve the release of tranche 1 of Shelter ${run}` }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/Tranche 1 of G-.* released .* approved by officer@trustfund\.local\./);
    const requestDate = new Date(Date.parse(grant.schedule.reports[0].dueDate) - 14 * 86_400_000).toISOString().slice(0, 10);
    await api('/local/clock', { token: adminToken(), body: { to: `${requestDate}T07:00:00Z` } });
    const request = await until('the report request', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.subject.startsWith(`Report due: ${grant.title} (1)`) && m.to.includes(grantee)));
    const ref = /\/report\/([A-Za-z0-9_-]{43})/.exec(request.text)![1]!;
    expect((await submitReport(ref, { beneficiaries: { women: 10, men: 2, girls: 5, boys: 1, total: 18 }, byExploitation: { 'forced-labour': 18 }, services: { shelter: 12 } })).status).toBe(200);
    await page.goto(`${inject('apiUrl')}/dashboard/grants`);
    await expect.poll(async () => (await page.goto(`${inject('apiUrl')}/dashboard/grants`), await page.getByRole('button', { name: `Accept report 1 of Shelter ${run}` }).count())).toBe(1);
    await accessible('14b-dashboard-review');
    await page.getByRole('button', { name: `Accept report 1 of Shelter ${run}` }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/accepted\.$/);
    await api('/local/clock', { token: adminToken(), body: { to: `${grant.schedule.reports[0].dueDate}T07:00:00Z` } });
    await expect.poll(async () => (await page.goto(`${inject('apiUrl')}/dashboard/grants`), await page.getByRole('button', { name: `Approve the release of tranche 2 of Shelter ${run}` }).count())).toBe(1);
    await page.getByRole('button', { name: `Approve the release of tranche 2 of Shelter ${run}` }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('cannot also approve the release');
    // A form posted from another site, even with the cookie, is refused and changes nothing.
    const forged = await fetch(`${inject('apiUrl')}/dashboard/grants/${grant.grantId}/tranches/2/approve`, {
      method: 'POST',
      headers: { cookie: `grants_session=${inject('financeToken')}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    // The second member signs in and approves.
    await page.goto('about:blank');
    await page.goto(`${inject('apiUrl')}/signin#token=${inject('financeToken')}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Calls for proposals');
    await page.goto(`${inject('apiUrl')}/dashboard/grants`);
    await page.getByRole('button', { name: `Approve the release of tranche 2 of Shelter ${run}` }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/approved by finance@trustfund\.local\./);
    // The grant's own page: its schedule, each report and tranche where it stands.
    await page.getByRole('link', { name: `Shelter ${run}` }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(grant.title);
    expect(await page.getByRole('region', { name: 'Reports' }).locator('tbody tr').first().textContent()).toContain('accepted');
    const tranches = await page.getByRole('region', { name: 'Tranches' }).locator('tbody tr').allTextContents();
    expect(tranches[0]).toContain('approved by officer@trustfund.local');
    expect(tranches[1]).toMatch(/released .*approved by finance@trustfund\.local/);
    expect(tranches).toHaveLength(grant.schedule.tranches.length);
    await accessible('14c-dashboard-grant');

    await page.getByRole('link', { name: 'Impact', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Impact');
    // Chart.js draws into each canvas (it sets its size attributes once it has drawn).
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe('function');
    await expect.poll(() => page.locator('#chart-money-region').getAttribute('style')).toContain('width');
    expect(call.callId).toBeTruthy();
    await accessible('15-dashboard-impact');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Secretariat sign-in');
    await page.goto(`${inject('apiUrl')}/dashboard/grants`);
    expect(await page.locator('h1').textContent()).toBe('Secretariat sign-in');
  });
});
