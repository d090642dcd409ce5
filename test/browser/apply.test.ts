// An NGO applies in a real browser (Debian's Chromium through Playwright), on
// a phone-sized screen: the list of calls, the form built from the API schema,
// validation errors shown next to their fields, an upload that fails and is
// retried without a second draft, the status page with the eligibility result,
// the emailed link opened in another browser, and the access-code form.
// axe-core checks every page; a screenshot of each lands in
// test-results/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectAccessible as accessible, launchChromium, PHONE } from '../support/browser.ts';
import { createCall, until } from '../support/client.ts';

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
  it('takes an NGO from the list of calls to its eligibility result', async () => {
    const run = Date.now();
    const title = `Browser call ${run}`;
    const call = await createCall({ title });
    const apiUrl = inject('apiUrl');
    const s3Origin = new URL(inject('s3Url')).origin;
    const email = `programmes+${run}@dne.example.org`;

    await page.goto(`${apiUrl}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible('1-open-calls');
    const card = page.locator('.calls li', { has: page.getByRole('heading', { name: title }) });
    expect(await card.textContent()).toContain('US$1,500,000');
    expect(await card.textContent()).toContain('US$60,000');
    await card.getByRole('link', { name: `Apply to “${title}”` }).click();
    await page.waitForURL(`**/apply/${call.callId}`);

    // Organisation
    await page.getByLabel('Organisation name').fill('Different and Equal');
    await page.getByLabel('Legal registration number').fill(`DE-${run}`);
    await page.getByLabel('Country of registration').selectOption({ label: 'Albania (AL)' });
    await page.getByLabel('Type of organisation').selectOption({ label: 'Non-governmental organisation (NGO)' });
    await page.getByLabel('The organisation is legally registered').check();
    await page.getByLabel('Years assisting victims of trafficking').fill('18');
    await page.getByLabel('Website').fill('https://www.differentandequal.org');
    await page.getByLabel('Contact person').fill('Programme Officer');
    await page.getByLabel('Contact email').fill('programmes at dne'); // a slip, corrected below
    await page.getByLabel('Contact phone').fill('+355 4 000 0000');
    // Project (the title is forgotten at first)
    await page
      .getByLabel('Summary')
      .fill('Shelter, psychosocial support, medical and legal aid, and job skills training for women and girls who survived trafficking.');
    await page.getByLabel('Country 1', { exact: true }).selectOption({ label: 'Albania (AL)' });
    await page.getByRole('group', { name: /^Action lines/ }).getByLabel('Protection').check();
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
    await page.getByLabel('Start date').fill('2027-01-01');
    await page.getByLabel('Duration (months)').fill('36');
    // Budget: US$60,000 with operational costs at exactly 10%
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

    for (const kind of DOCUMENT_KINDS) {
      await page.locator(`input[type=file][data-kind="${kind}"]`).setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: pdf(kind) });
    }

    // 1. Submitted with the project title empty and a wrong email: both errors next to their fields, and a summary.
    await page.getByRole('button', { name: 'Submit the application' }).click();
    const titleError = page.locator('[data-error-for="project.title"]');
    await expect.poll(() => titleError.textContent(), { timeout: 15_000 }).toBe('Project title is required.');
    expect(await titleError.isVisible()).toBe(true);
    const titleInput = page.getByLabel('Project title');
    expect(await titleInput.getAttribute('aria-invalid')).toBe('true');
    expect(await titleInput.getAttribute('aria-describedby')).toContain((await titleError.getAttribute('id'))!);
    expect(await page.locator('[data-error-for="organisation.contact.email"]').textContent()).toBe('Contact email must be an email address.');
    const summary = page.locator('#error-summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await summary.getByRole('link', { name: 'Project title is required' }).click();
    expect(await titleInput.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible('2-form-with-errors');

    // 2. Corrected; the first upload to storage fails (the connection drops): the draft is kept, the error shown by the document.
    await titleInput.fill('Reintegration and empowerment for trafficking survivors');
    await page.getByLabel('Contact email').fill(email);
    let uploads = 0;
    const toStorage = (url: URL) => url.origin === s3Origin;
    await page.route(toStorage, (route) => (uploads++ === 0 ? route.abort('connectionfailed') : route.continue()));
    await page.getByRole('button', { name: 'Submit the application' }).click();
    const uploadError = page.locator('[data-error-for="documents.registration-certificate"]');
    await expect.poll(() => uploadError.textContent(), { timeout: 15_000 }).toMatch(/^Legal registration certificate did not upload/);
    expect(await page.locator('#draft-notice').textContent()).toMatch(/Your answers are saved \(application [\w-]+\)/);
    expect(await titleInput.isDisabled()).toBe(true);
    await expectAccessible('3-form-upload-failed');

    // 3. Submitted again: continues from the uploads (no second draft), then the status page.
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(/\/status\//, { timeout: 30_000 });
    await page.unroute(toStorage);
    expect(uploads).toBe(5); // the aborted one, then the four documents
    await page.locator('[data-status="eligible"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toMatch(/\/status\/[\w-]+$/); // the token left the address bar
    expect(await page.locator('[data-priority-points]').textContent()).toBe('10');
    const statusText = await page.locator('main').textContent();
    expect(statusText).toContain('refugee-flows: 10 points, declared by the applicant.');
    expect(statusText).toContain('meets every eligibility rule');
    expect(statusText).toContain('Budget sheet: budget-sheet.pdf, received and checked');
    await expectAccessible('4-status-eligible');
    const applicationId = new URL(page.url()).pathname.split('/').pop()!;

    // The applicant's inbox: one draft email (no duplicate draft), then the result.
    const mailWebUrl = inject('mailWebUrl');
    const mine = async () => (await listMail(mailWebUrl)).filter((m) => m.to.includes(email));
    const mail = await until('the result email', async () => {
      const all = await mine();
      return all.some((m) => /^Eligible/.test(m.subject)) ? all : undefined;
    });
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/^Application draft saved/), expect.stringMatching(/^Eligible/)]);

    // The emailed link, opened in another browser: the token in the fragment opens the page and leaves the address bar.
    const link = /(https?:\/\/\S+\/status\/[\w-]+#token=[\w-]+)/.exec(mail[0]!.text)?.[1];
    expect(link).toBeDefined();
    const other = await browser.newContext(PHONE);
    try {
      const otherPage = await other.newPage();
      watch(otherPage);
      await otherPage.goto(link!.replace(/^https?:\/\/[^/]+/, apiUrl));
      await otherPage.locator('[data-status="eligible"]').waitFor({ timeout: 15_000 });
      expect(otherPage.url()).toBe(`${apiUrl}/status/${applicationId}`);

      // Without the token: the access-code form; a wrong code is refused, the right one opens the application.
      const third = await browser.newContext(PHONE);
      try {
        const codePage = await third.newPage();
        watch(codePage);
        await codePage.goto(`${apiUrl}/status/${applicationId}`);
        await codePage.getByLabel('Access code').fill('not-the-code');
        await codePage.getByRole('button', { name: 'Show my application' }).click();
        await codePage.getByRole('alert').filter({ hasText: 'does not open this application' }).waitFor({ timeout: 15_000 });
        await expectAccessible('5-status-access-code', codePage);
        await codePage.getByLabel('Access code').fill(new URL(link!).hash.replace('#token=', ''));
        await codePage.getByRole('button', { name: 'Show my application' }).click();
        await codePage.locator('[data-status="eligible"]').waitFor({ timeout: 15_000 });
      } finally {
        await third.close();
      }
    } finally {
      await other.close();
    }
    expect(problems).toEqual([]);
  });

  it('shows the empty form without accessibility violations, and adds rows up to the limit', async () => {
    const call = await createCall({ title: `Form check ${Date.now()}` });
    await page.goto(`${inject('apiUrl')}/apply/${call.callId}`);
    await expectAccessible('0-empty-form');
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
