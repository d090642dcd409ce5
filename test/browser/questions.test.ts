// An NGO answers the secretariat's questions in a browser, on a phone, in
// Spanish: once with JavaScript turned off (a text answer through the plain
// form), once with it (a refused empty answer named on the page, then a
// document uploaded straight to storage with the answer). Each page is
// checked with axe (in the context with scripts: axe is one). Then the
// secretariat reads the answers on the dashboard and asks a third question
// from its form, which the call's page lists as waiting.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { expectAccessible, expectNoAxeViolations, launchChromium, PHONE, screenshot } from '../support/browser.ts';
import { adminToken, api, applyFully, createCall, PDF, sampleApplication, until, waitForDecision } from '../support/client.ts';

let browser: Browser;
let noScript: Page;
let withScript: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const plain = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  plain.setDefaultTimeout(15_000);
  noScript = await plain.newPage();
  const scripted = await browser.newContext(PHONE);
  scripted.setDefaultTimeout(15_000);
  withScript = await scripted.newPage();
});

afterAll(async () => {
  await browser?.close();
});

describe("answering the secretariat's question in the browser", () => {
  it('takes a text answer without JavaScript, and a document with it', { timeout: 120_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Browser questions ${run}` });
    const application = sampleApplication((a) => {
      a.language = 'es';
      a.project.title = `Casa de acogida ${run}`;
    });
    const { applicationId, accessToken } = await applyFully(call.callId, application);
    await waitForDecision(applicationId, accessToken);
    for (const text of ['¿Cuántas plazas tiene la casa de acogida?', 'Por favor, adjunte el presupuesto revisado.']) {
      expect((await api(`/admin/applications/${applicationId}/questions`, { token: adminToken(), body: { text } })).status).toBe(201);
    }
    const links = await until('the two question emails', async () => {
      const mails = (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(application.organisation.contact.email) && m.subject.startsWith('Una pregunta'));
      return mails.length === 2 ? mails.map((m) => /(http:\/\/\S+\/question\/[A-Za-z0-9_-]{43})/.exec(m.text)![1]!) : undefined;
    });

    // Without JavaScript: the question, a plain form, the thanks page; the link then shows the answer received.
    await noScript.goto(links[0]!);
    expect(await noScript.locator('h1').textContent()).toBe('Una pregunta de la secretaría');
    expect(await noScript.locator('blockquote.question').textContent()).toBe('¿Cuántas plazas tiene la casa de acogida?');
    expect(await noScript.getByText('Adjuntar un documento requiere JavaScript').isVisible()).toBe(true);
    await screenshot(noScript, 'question-form-no-js');
    await noScript.getByLabel('Su respuesta').fill('La casa tiene 24 plazas.');
    await noScript.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await expect.poll(() => noScript.locator('h1').textContent()).toBe('Gracias: su respuesta fue enviada');
    expect(await noScript.locator('blockquote.answer').textContent()).toBe('La casa tiene 24 plazas.');
    await screenshot(noScript, 'question-thanks-no-js');
    // axe needs scripts: it checks the same pages in the other context.
    await withScript.goto(links[0]!);
    expect(await withScript.locator('h1').textContent()).toBe('Esta pregunta ya tiene respuesta');
    await expectNoAxeViolations(withScript);

    // With JavaScript: the form with its document field; an empty answer is named on the page; then text and a document.
    await withScript.goto(links[1]!);
    expect(await withScript.getByLabel('Un documento (opcional)').isVisible()).toBe(true);
    await expectAccessible(withScript, 'question-form');
    await withScript.locator('#answer').evaluate((el) => el.removeAttribute('required'));
    await withScript.getByLabel('Su respuesta').fill('   ');
    await withScript.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await expect.poll(() => withScript.locator('#error-summary').textContent()).toContain('Escriba su respuesta.');
    await expectAccessible(withScript, 'question-form-problem');
    const file = join(tmpdir(), `presupuesto-${run}.pdf`);
    writeFileSync(file, PDF);
    await withScript.getByLabel('Su respuesta').fill('Adjuntamos el presupuesto revisado.');
    await withScript.getByLabel('Un documento (opcional)').setInputFiles(file);
    await withScript.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await expect.poll(() => withScript.locator('h1').textContent()).toBe('Gracias: su respuesta fue enviada');
    expect(await withScript.locator('main').textContent()).toContain(`Con el documento presupuesto-${run}.pdf.`);
    await expectAccessible(withScript, 'question-thanks');

    const questions = (await api(`/admin/applications/${applicationId}/questions`, { token: adminToken() })).body.questions;
    expect(questions.map((q: { answer: { text: string; fileName?: string } }) => [q.answer.text, q.answer.fileName])).toEqual([
      ['La casa tiene 24 plazas.', undefined],
      ['Adjuntamos el presupuesto revisado.', `presupuesto-${run}.pdf`],
    ]);

    // The secretariat's side: the application's page with both answers, a third question from its form, and the call's page listing it as waiting.
    await withScript.goto(`${inject('apiUrl')}/signin#token=${inject('adminToken')}`);
    await withScript.waitForURL(/\/dashboard$/);
    await withScript.goto(`${inject('apiUrl')}/dashboard/applications/${applicationId}`);
    expect(await withScript.locator('#questions + ol.questions > li').count()).toBe(2);
    await withScript.getByLabel('Ask the applicant').fill('¿Cuándo abrirá la casa de acogida?');
    await withScript.getByRole('button', { name: 'Send the question' }).click();
    await expect.poll(() => withScript.getByRole('status').textContent()).toBe('Question sent to the applicant.');
    await expectAccessible(withScript, 'question-dashboard-application');
    await withScript.goto(`${inject('apiUrl')}/dashboard/calls/${call.callId}`);
    expect(await withScript.getByRole('table', { name: '1 question waiting' }).getByRole('link').textContent()).toBe(`${application.organisation.name}: ${application.project.title}`);
    await expectAccessible(withScript, 'question-dashboard-call');
  });
});
