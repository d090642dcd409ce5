// An NGO applies in a real browser (Debian's Chromium through Playwright), on
// a phone-sized screen: the list of calls, the form in steps built from the
// API schema, saved as the NGO goes (an answer the API refuses marked next to
// its field and left out), the browser closed half-way and the draft found
// again from the emailed link in another browser, an upload that fails and is
// retried, what is missing listed with links to the fields, the status page
// with the eligibility result, reopening to correct it, and the access-code form.
// axe-core checks every page; a screenshot of each lands in
// test-results/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectAccessible as accessible, launchChromium, PHONE } from '../support/browser.ts';
import { confirmationCode, createCall, until } from '../support/client.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Uncaught errors and CSP refusals in any page: there must be none. */
const problems: string[] = [];


function watch(p: Page) {
  p.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  p.on('console', (message) => {
    // Failed requests (a 400 from the API, the upload this test aborts) are logged by Chromium too; they are expected.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext(PHONE);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  page = await context.newPage();
  watch(page);
});

afterAll(async () => {
  await browser?.close();
});

const expectAccessible = (name: string, on: Page = page) => accessible(on, name);

const DOCUMENT_KINDS = ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement'];

/** A small well-formed PDF (one blank A4 page, a title, a cross-reference table), made here. */
function pdf(title: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>',
    `<< /Title (${title.replace(/[()\\]/g, '')}) /Producer (apply.test.ts) >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('applying in the browser', () => {
  it('saves as the NGO goes, brings it back from the emailed link in another browser, submits, reopens and resubmits', { timeout: 150_000 }, async () => {
    const run = Date.now();
    const title = `Browser call ${run}`;
    const call = await createCall({ title });
    const apiUrl = inject('apiUrl');
    const s3Origin = new URL(inject('s3Url')).origin;
    const email = `programmes+${run}@dne.example.org`;
    const mailWebUrl = inject('mailWebUrl');
    const mine = async () => (await listMail(mailWebUrl)).filter((m) => m.to.includes(email));

    await page.goto(`${apiUrl}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible('1-open-calls');
    const card = page.locator('.calls li', { has: page.getByRole('heading', { name: title }) });
    expect(await card.textContent()).toContain('US$1,500,000');
    expect(await card.textContent()).toContain('US$60,000');
    await card.getByRole('link', { name: `Apply to “${title}”` }).click();
    await page.waitForURL(`**/apply/${call.callId}`);

    // Step 1 of 5, the organisation; the other steps are listed, and hidden.
    const stepTitle = page.locator('#step-title');
    expect(await stepTitle.textContent()).toBe('Step 1 of 5: Organisation');
    expect(await page.getByLabel('Project title').isVisible()).toBe(false);
    const saveStatus = page.locator('#save-status');
    expect(await saveStatus.textContent()).toMatch(/saved as you go once the organisation name/);
    await page.getByLabel('Organisation name').fill('Different and Equal');
    await page.getByLabel('Legal registration number').fill(`DE-${run}`);
    await page.getByLabel('Country of registration').selectOption({ label: 'Albania (AL)' });
    await page.getByLabel('Type of organisation').selectOption({ label: 'Non-governmental organisation (NGO)' });
    await page.getByLabel('The organisation is legally registered').check();
    await page.getByLabel('Years assisting victims of trafficking').fill('18');
    await page.getByLabel('Contact person').fill('Programme Officer');
    await page.getByLabel('Contact email').fill('programmes at dne'); // a slip: the draft cannot start on it
    const emailError = page.locator('[data-error-for="organisation.contact.email"]');
    await expect.poll(() => emailError.textContent(), { timeout: 15_000 }).toBe('Contact email must be an email address.');
    expect(await page.getByLabel('Contact email').getAttribute('aria-invalid')).toBe('true');
    expect(await mine()).toEqual([]);
    await expectAccessible('2-form-step-1-error');
    await page.getByLabel('Contact email').fill(email);
    await expect.poll(() => saveStatus.textContent(), { timeout: 15_000 }).toMatch(/^Saved at \d\d:\d\d$/);
    expect(await emailError.isVisible()).toBe(false);

    // Step 2, half of the project; a summary too short is marked and not saved, the rest is.
    await page.getByRole('button', { name: 'Next: Project' }).click();
    expect(await stepTitle.textContent()).toBe('Step 2 of 5: Project');
    expect(await stepTitle.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByLabel('Summary').fill('Shelter.');
    await page.getByLabel('Country 1', { exact: true }).selectOption({ label: 'Albania (AL)' });
    await page.getByRole('group', { name: /^Action lines/ }).getByLabel('Protection').check();
    const summaryError = page.locator('[data-error-for="project.summary"]');
    await expect.poll(() => summaryError.textContent(), { timeout: 15_000 }).toBe('Summary must be at least 20 characters.');
    await expect.poll(() => saveStatus.textContent(), { timeout: 15_000 }).toMatch(/^Saved at \d\d:\d\d, except the answers marked below\.$/);
    await expectAccessible('3-form-step-2-half');
    // The connection drops: the form says so and keeps what was typed; back online, it saves.
    await context.setOffline(true);
    await page.getByLabel('Start date').fill('2027-01-01');
    await expect.poll(() => saveStatus.textContent(), { timeout: 15_000 }).toBe('Not saved: retrying… (what you typed stays here)');
    expect(await page.getByLabel('Start date').inputValue()).toBe('2027-01-01');
    await context.setOffline(false);
    await expect.poll(() => saveStatus.textContent(), { timeout: 15_000 }).toMatch(/^Saved at \d\d:\d\d, except the answers marked below\.$/);

    // The NGO closes the browser. The emailed link brings it back, in another browser, to its draft.
    const drafts = await until('the draft email', async () => ((await mine()).length ? await mine() : undefined));
    expect(drafts.map((m) => m.subject)).toEqual(['Application draft saved: Different and Equal']);
    const link = /(https?:\/\/\S+\/status\/[\w-]+#token=[\w-]+)/.exec(drafts[0]!.text)?.[1];
    expect(link).toBeDefined();
    await context.close();
    context = await browser.newContext(PHONE);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    watch(page);
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, apiUrl));
    await page.locator('[data-status="draft"]').waitFor();
    expect(await page.locator('main').textContent()).toContain('Project title: still to fill in');
    // From the status page, the contact invites a colleague to work on the draft.
    await page.getByLabel('Their email').fill(`finance+${run}@dne.example.org`);
    await page.getByLabel('Their name (optional)').fill('Finance Officer');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('button', { name: `Remove Finance Officer (finance+${run}@dne.example.org)` }).waitFor();
    await until('the invitation', async () => ((await listMail(mailWebUrl)).some((m) => m.to.includes(`finance+${run}@dne.example.org`)) ? true : undefined));
    await expectAccessible('4-status-draft');
    await page.getByRole('link', { name: 'Continue the application' }).click();
    await page.waitForURL(`**/apply/${call.callId}?lang=en`);
    await expect.poll(() => page.getByLabel('Organisation name').inputValue()).toBe('Different and Equal');
    expect(page.url()).not.toContain('token'); // the fragment left the address bar
    expect(await page.getByLabel('Contact email').inputValue()).toBe(email);
    expect(await page.locator('#save-status').textContent()).toMatch(/^Your saved application is back/);

    // Finishing it: the project (the title still forgotten), the budget, the documents.
    await page.getByRole('link', { name: '2. Project' }).click();
    expect(await page.getByRole('group', { name: /^Action lines/ }).getByLabel('Protection').isChecked()).toBe(true);
    expect(await page.getByLabel('Summary').inputValue()).toBe(''); // the refused summary was never saved
    await page.getByLabel('Summary').fill('Shelter, psychosocial support, medical and legal aid, and job skills training for women and girls who survived trafficking.');
    await page.getByRole('group', { name: /^Action lines/ }).getByLabel('Empowerment and prevention').check();
    await page.getByRole('group', { name: /^Forms of exploitation addressed/ }).getByLabel('Sexual exploitation').check();
    await page.getByLabel('The project gives direct assistance to victims of trafficking').check();
    const beneficiaries = page.getByRole('group', { name: 'Target beneficiaries' });
    for (const [label, n] of [['Women', '80'], ['Men', '10'], ['Girls', '25'], ['Boys', '5']] as const) {
      await beneficiaries.getByLabel(label, { exact: true }).fill(n);
    }
    await page.getByRole('button', { name: 'Add a priority context' }).click();
    const context1 = page.getByRole('group', { name: 'Priority context 1' });
    await context1.getByLabel('Context').selectOption({ label: 'Refugee and migration flows' });
    await context1.getByLabel('Justification').fill('Many survivors we assist are identified among people moving along the Balkan route.');
    expect(await page.getByLabel('Start date').inputValue()).toBe('2027-01-01'); // saved while it was offline, then online
    await page.getByLabel('Duration (months)').fill('36');
    await page.getByRole('button', { name: 'Next: Budget' }).click();
    await page.getByLabel('Amount requested (US$)').fill('60000');
    const lines: [string, string, string][] = [
      ['Direct assistance', 'Shelter, food and medical care', '40000'],
      ['Staff', 'Social workers and a psychologist', '14000'],
      ['Operational (indirect) costs', 'Office and administration', '6000'],
    ];
    for (const [i, [category, description, amount]] of lines.entries()) {
      const line = page.getByRole('group', { name: `Budget line ${i + 1}` });
      await line.getByLabel('Category').selectOption({ label: category });
      await line.getByLabel('Description').fill(description);
      await line.getByLabel('Amount (US$)').fill(amount);
    }
    // A fourth line added and removed again, as people do.
    await page.getByRole('button', { name: 'Add a budget line' }).click();
    await page.getByRole('button', { name: 'Remove budget line 4' }).click();
    expect(await page.getByRole('group', { name: /^Budget line \d/ }).count()).toBe(3);
    await page.getByRole('button', { name: 'Next: Documents' }).click();
    // The first upload to storage fails (the connection drops): the error is shown by the document; choosing it again uploads it.
    let uploads = 0;
    const toStorage = (url: URL) => url.origin === s3Origin;
    await page.route(toStorage, (route) => (uploads++ === 0 ? route.abort('connectionfailed') : route.continue()));
    const first = page.locator('input[type=file][data-kind="registration-certificate"]');
    await first.setInputFiles({ name: 'registration-certificate.pdf', mimeType: 'application/pdf', buffer: pdf('registration-certificate') });
    const uploadError = page.locator('[data-error-for="documents.registration-certificate"]');
    await expect.poll(() => uploadError.textContent(), { timeout: 15_000 }).toMatch(/^Legal registration certificate did not upload/);
    await expectAccessible('5-form-upload-failed');
    for (const kind of DOCUMENT_KINDS) {
      await page.locator(`input[type=file][data-kind="${kind}"]`).setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: pdf(kind) });
      await expect.poll(() => page.locator(`[data-field="documents.${kind}"] [data-uploaded]`).textContent(), { timeout: 15_000 }).toBe(`Uploaded: ${kind}.pdf`);
    }
    await page.unroute(toStorage);
    expect(uploads).toBe(5); // the aborted one, then the four documents

    // Step 5: what is missing, each a link to its field.
    await page.getByRole('button', { name: 'Next: Check and submit' }).click();
    const missingTitle = page.locator('[data-missing]').getByRole('link', { name: 'Project title: still to fill in' });
    await missingTitle.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-missing] li').count()).toBe(1);
    await expectAccessible('6-form-check-missing');
    await missingTitle.click();
    const titleInput = page.getByLabel('Project title');
    expect(await titleInput.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#step-title').textContent()).toBe('Step 2 of 5: Project');
    await titleInput.fill('Reintegration and empowerment for trafficking survivors');
    await page.getByRole('link', { name: '5. Check and submit' }).click();
    await page.locator('[data-missing]').getByText('Everything is filled in.').waitFor({ timeout: 15_000 });
    // The contact address is confirmed with the code of its first email: a wrong one is named at its field.
    const codeInput = page.getByLabel('Confirmation code');
    await codeInput.fill('AAAA-AAAA');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await expect
      .poll(() => page.locator('[data-error-for="confirmationCode"]').textContent(), { timeout: 15_000 })
      .toBe('Confirmation code does not match the code in the first email sent to the contact address.');
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('6b-form-wrong-code');
    await codeInput.fill(await confirmationCode(email));
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(/\/status\//, { timeout: 30_000 });
    await page.locator('[data-status="eligible"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toMatch(/\/status\/[\w-]+$/); // the token left the address bar
    expect(await page.locator('[data-priority-points]').textContent()).toBe('10');
    const statusText = await page.locator('main').textContent();
    expect(statusText).toContain('refugee-flows: 10 points, declared by the applicant.');
    expect(statusText).toContain('meets every eligibility rule');
    expect(statusText).toContain('Budget sheet: budget-sheet.pdf, received and checked');
    await expectAccessible('7-status-eligible');
    const applicationId = new URL(page.url()).pathname.split('/').pop()!;

    // Reopened to correct it (the call is open): back in the form as a draft, corrected, submitted again.
    await page.getByRole('button', { name: 'Reopen to correct it' }).click();
    await page.waitForURL(`**/apply/${call.callId}?lang=en`);
    await expect.poll(() => page.getByLabel('Organisation name').inputValue()).toBe('Different and Equal');
    await page.getByRole('link', { name: '2. Project' }).click();
    await page.getByLabel('Duration (months)').fill('30');
    await expect.poll(() => page.locator('#save-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved at/);
    await page.getByRole('link', { name: '5. Check and submit' }).click();
    await page.locator('[data-missing]').getByText('Everything is filled in.').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(/\/status\//, { timeout: 30_000 });
    await page.locator('[data-status="eligible"]').waitFor({ timeout: 30_000 });
    const reread = await fetch(`${apiUrl}/applications/${applicationId}`, { headers: { authorization: `Bearer ${new URL(link!).hash.replace('#token=', '')}` } });
    expect((await reread.json()).application.project.durationMonths).toBe(30);

    // The inbox: one draft email (no second draft), and one result per submission.
    const mail = await until('the second result', async () => {
      const all = await mine();
      return all.filter((m) => /^Eligible/.test(m.subject)).length >= 2 ? all : undefined;
    });
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/^Application draft saved/), expect.stringMatching(/^Eligible/), expect.stringMatching(/^Eligible/)]);

    // Without the token: the access-code form; a wrong code is refused, the right one opens the application.
    const third = await browser.newContext(PHONE);
    try {
      const codePage = await third.newPage();
      watch(codePage);
      await codePage.goto(`${apiUrl}/status/${applicationId}`);
      await codePage.getByLabel('Access code').fill('not-the-code');
      await codePage.getByRole('button', { name: 'Show my application' }).click();
      await codePage.getByRole('alert').filter({ hasText: 'does not open this application' }).waitFor({ timeout: 15_000 });
      await expectAccessible('8-status-access-code', codePage);
      await codePage.getByLabel('Access code').fill(new URL(link!).hash.replace('#token=', ''));
      await codePage.getByRole('button', { name: 'Show my application' }).click();
      await codePage.locator('[data-status="eligible"]').waitFor({ timeout: 15_000 });
    } finally {
      await third.close();
    }
    expect(problems).toEqual([]);
  });

  it("opens the organisation's page from its emailed link and starts a new application with the profile", { timeout: 90_000 }, async () => {
    const run = Date.now();
    const apiUrl = inject('apiUrl');
    const first = await createCall({ title: `Org first ${run}` });
    const second = await createCall({ title: `Org second ${run}` });
    const email = `org+${run}@atina.example.org`;
    const started = await fetch(`${apiUrl}/calls/${first.callId}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en', organisation: { name: 'Atina', registrationNumber: `RS-${run}`, registrationCountry: 'RS', type: 'ngo', contact: { name: 'Programme Officer', email } } }),
    });
    expect(started.status).toBe(201);
    // The address confirmed with its first email's code: until then, no other email (the organisation's link) goes to it.
    const { applicationId: startedId, accessToken: startedToken } = (await started.json()) as { applicationId: string; accessToken: string };
    const confirmed = await fetch(`${apiUrl}/applications/${startedId}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${startedToken}` },
      body: JSON.stringify({ confirmationCode: await confirmationCode(email) }),
    });
    expect(confirmed.status).toBe(200);

    // From the open calls to the organisation's page: the address, then the link from the inbox.
    await page.goto(`${apiUrl}/`);
    await page.getByRole('link', { name: /Open your organisation’s page/ }).click();
    await page.waitForURL('**/org');
    await expectAccessible('9-org-sign-in');
    await page.getByLabel('Contact email address').fill(email);
    await page.getByRole('button', { name: 'Send me the link' }).click();
    await page.getByRole('status').filter({ hasText: 'If this address is the contact of an application' }).waitFor();
    const mail = await until('the link', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(email) && m.subject === "Your organisation's page"));
    const link = /(https?:\/\/\S+\/org\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    await page.goto(link.replace(/^https?:\/\/[^/]+/, apiUrl));
    await page.getByRole('table', { name: 'Applications' }).waitFor();
    expect(await page.getByRole('table', { name: 'Applications' }).textContent()).toContain('Draft: not submitted yet');
    await expectAccessible('10-org-page');

    // "Apply to this call": the form opens on the new draft with the organisation filled in.
    await page.locator('.calls li', { has: page.getByRole('heading', { name: `Org second ${run}` }) }).getByRole('button', { name: /^Apply to this call/ }).click();
    await page.waitForURL(`**/apply/${second.callId}?lang=en`);
    await expect.poll(() => page.getByLabel('Organisation name').inputValue()).toBe('Atina');
    expect(await page.getByLabel('Contact email').inputValue()).toBe(email);
    expect(await page.getByLabel('Type of organisation').inputValue()).toBe('ngo');
    expect(problems).toEqual([]);
  });

  it('shows the empty form without accessibility violations, and adds rows up to the limit', async () => {
    const call = await createCall({ title: `Form check ${Date.now()}` });
    await page.goto(`${inject('apiUrl')}/apply/${call.callId}`);
    await expectAccessible('0-empty-form');
    await page.getByRole('button', { name: 'Next: Project' }).click();
    const add = page.getByRole('button', { name: 'Add a priority context' });
    await add.click();
    await add.click();
    expect(await add.isDisabled()).toBe(true); // the schema allows two contexts
    expect(await page.getByRole('group', { name: 'Priority context 2' }).getByLabel('Context').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('the web handler over HTTP', () => {
  it('sends a strict CSP, serves the assets with their types, and answers 404 as pages', async () => {
    const apiUrl = inject('apiUrl');
    const home = await fetch(`${apiUrl}/`, { signal: AbortSignal.timeout(10_000) });
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = home.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(csp).toMatch(new RegExp(`connect-src 'self' ${new URL(inject('s3Url')).origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(await home.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing external

    // Text from the data is escaped, on the list and on the form.
    const call = await createCall({ title: `Call <script>alert(1)</script> & "friends" ${Date.now()}` });
    for (const path of ['/', `/apply/${call.callId}`]) {
      const html = await (await fetch(`${apiUrl}${path}`, { signal: AbortSignal.timeout(10_000) })).text();
      expect(html, path).toContain('Call &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;friends&#34;');
      expect(html, path).not.toContain('<script>alert');
    }

    for (const [file, type] of [['style.css', 'text/css'], ['apply.js', 'text/javascript'], ['status.js', 'text/javascript']]) {
      const response = await fetch(`${apiUrl}/assets/${file}`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('cache-control')).toContain('max-age=');
      const etag = response.headers.get('etag')!;
      const again = await fetch(`${apiUrl}/assets/${file}`, { headers: { 'if-none-match': etag }, signal: AbortSignal.timeout(10_000) });
      expect(again.status).toBe(304);
    }
    for (const path of ['/assets/nope.js', '/assets/..%2Fpackage.json', '/apply/no-such-call']) {
      const response = await fetch(`${apiUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<h1>Not found</h1>');
    }
  });
});
