// A grantee follows the report link from the email in a browser: fills the
// narrative and the figures, chooses the financial statement, sees a figure
// that does not add up named, corrects it, and sends the report.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';
import { adminToken, api, awardGrant, PDF, until, virtualNow } from '../support/client.ts';

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

describe('a report in the browser', () => {
  it('takes the narrative, the figures and the financial statement, naming what does not add up', { timeout: 120_000 }, async () => {
    const run = `report-${Date.now()}`;
    const start = new Date((await virtualNow()).getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const { grant, grantee } = await awardGrant(inject('mailWebUrl'), run, start);
    const requestDate = new Date(Date.parse(grant.schedule.reports[0].dueDate) - 14 * 86_400_000).toISOString().slice(0, 10);
    await api('/local/clock', { token: adminToken(), body: { to: `${requestDate}T07:00:00Z` } });
    const link = await until('the report request', async () => {
      const mail = (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(grantee) && m.subject.startsWith('Report due'));
      return mail && /(http:\/\/\S+\/report\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    });

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe(`Report 1: ${grant.title}`);
    await expectNoAxeViolations(page);

    const statement = join(tmpdir(), `statement-${run}.pdf`);
    writeFileSync(statement, PDF);
    await page.getByLabel('Narrative').fill('Shelter and psychosocial care continued for the survivors referred by the police and the labour inspectorate.');
    await page.getByLabel('Financial statement').setInputFiles(statement);
    for (const [label, value] of [['Women', '12'], ['Men', '3'], ['Girls', '4'], ['Boys', '1'], ['Total', '21'], ['Sexual exploitation', '14'], ['Forced labour', '6'], ['Shelter', '9'], ['Psychosocial', '20']] as const) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await screenshot(page, '8-report-form');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await expect.poll(() => page.locator('#error-summary').textContent()).toContain('figures.beneficiaries.total');
    expect(await page.locator('#error-summary').textContent()).toContain('figures.byExploitation');

    await page.getByLabel('Total', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Thank you');
    await screenshot(page, '9-report-thanks');

    const reports = await api('/admin/reports?status=submitted', { token: adminToken() });
    const mine = reports.body.reports.find((r: { grantId: string }) => r.grantId === grant.grantId);
    expect(mine.submissions[0].figures).toEqual({
      beneficiaries: { women: 12, men: 3, girls: 4, boys: 1, total: 20 },
      byExploitation: { 'sexual-exploitation': 14, 'forced-labour': 6 },
      services: { shelter: 9, psychosocial: 20 },
    });
  });
});
