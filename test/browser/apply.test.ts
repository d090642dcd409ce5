// An NGO applies in a real browser (Debian's Chromium through Playwright):
// the list of calls, the form built from the API schema, a validation error
// shown next to its field, document uploads straight to storage, and the
// status page with the eligibility result. axe-core checks every page.
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshots } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { createCall, PDF } from '../support/client.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 412, height: 915 } }); // a phone
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(name: string) {
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

describe('applying in the browser', () => {
  it('takes an NGO from the list of calls to its eligibility result', async () => {
    const title = `Browser call ${Date.now()}`;
    const call = await createCall({ title });
    const apiUrl = inject('apiUrl');
    const email = `programmes+${Date.now()}@dne.example.org`;

    await page.goto(`${apiUrl}/`);
    await expectAccessible('1-open-calls');
    await page.getByRole('link', { name: `Apply to “${title}”` }).click();
    await expect.poll(() => page.url()).toContain(`/apply/${call.callId}`);

    // Organisation
    await page.getByLabel('Organisation name').fill('Different and Equal');
    await page.getByLabel('Legal registration number').fill(`DE-${Date.now()}`);
    await page.getByLabel('Country of registration').selectOption('AL');
    await page.getByLabel('Type of organisation').selectOption('ngo');
    await page.getByLabel('The organisation is legally registered').check();
    await page.getByLabel('Years assisting victims of trafficking').fill('18');
    await page.getByLabel('Contact person').fill('Programme Officer');
    await page.getByLabel('Contact email').fill(email);
    // Project
    await page.getByLabel('Project title').fill('Reintegration and empowerment for trafficking survivors');
    await page.getByLabel('Summary').fill('Shelter, psychosocial support, medical and legal aid, and job skills training for survivors.');
    await page.getByLabel('Countries of implementation').selectOption(['AL']);
    await page.getByRole('group', { name: 'Action lines' }).getByLabel('Protection').check();
    await page.getByRole('group', { name: 'Forms of exploitation addressed' }).getByLabel('Sexual exploitation').check();
    await page.getByLabel('The project gives direct assistance to victims of trafficking').check();
    const beneficiaries = page.getByRole('group', { name: 'Target beneficiaries' });
    for (const [label, n] of [['Women', '80'], ['Men', '10'], ['Girls', '25'], ['Boys', '5']] as const) {
      await beneficiaries.getByLabel(label, { exact: true }).fill(n);
    }
    await page.getByRole('group', { name: 'Priority contexts' }).getByRole('button', { name: 'Add' }).click();
    await page.locator('select[name="project.contexts[0].context"]').selectOption('refugee-flows');
    await page.locator('[name="project.contexts[0].justification"]').fill('Many survivors we assist are identified among people on the Balkan route.');
    await page.getByLabel('Start date').fill('2027-01-01');
    await page.getByLabel('Duration (months)').fill('36');
    // Budget: US$60,000 with operational costs at exactly 10%
    await page.getByLabel('Amount requested (US$)').fill('60000');
    const lines: [string, string, string][] = [
      ['direct-assistance', 'Shelter and care', '40000'],
      ['staff', 'Social workers and a psychologist', '14000'],
      ['operational', 'Office and administration', '6000'],
    ];
    for (const [i, [category, description, amount]] of lines.entries()) {
      await page.locator(`select[name="budget.lines[${i}].category"]`).selectOption(category);
      await page.locator(`[name="budget.lines[${i}].description"]`).fill(description);
      await page.locator(`[name="budget.lines[${i}].amountUsd"]`).fill(amount);
    }
    for (const kind of ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement']) {
      await page.locator(`input[type=file][data-kind="${kind}"]`).setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    }

    // First a mistake: the contact email is not an address.
    await page.getByLabel('Contact email').fill('not-an-email');
    await page.getByRole('button', { name: 'Submit the application' }).click();
    const fieldError = page.locator('[data-error-for="organisation.contact.email"]');
    await expect.poll(() => fieldError.textContent()).toContain('must be an email address');
    expect(await page.getByLabel('Contact email').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('#error-summary').isVisible()).toBe(true);
    await expectAccessible('2-form-with-an-error');

    // Corrected, submitted.
    await page.getByLabel('Contact email').fill(email);
    await page.getByRole('button', { name: 'Submit the application' }).click();
    await page.waitForURL(/\/status\//, { timeout: 30_000 });
    await page.locator('[data-status="eligible"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-priority-points]').textContent()).toBe('10');
    expect(page.url()).not.toContain('token');
    await expectAccessible('3-status-eligible');

    // The applicant's inbox: the access code, then the result.
    const mail = (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(email));
    expect(mail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Application draft saved/),
      expect.stringMatching(/^Eligible/),
    ]);
  });

  it('shows the form itself without accessibility violations', async () => {
    const call = await createCall({ title: `Form check ${Date.now()}` });
    await page.goto(`${inject('apiUrl')}/apply/${call.callId}`);
    await expectAccessible('0-empty-form');
  });
});
