// The web pages in the applicant's language, in a real browser (Debian's
// Chromium through Playwright) on a phone-sized screen: a French NGO opens the
// form with ?lang=fr, applies in French (errors in French, uploads, submit)
// and reads its status page in French; a French application that is not
// eligible reads its reasons in French; a browser that prefers Spanish gets
// the open calls in Spanish, and the switcher's plain links change the
// language; a Spanish-speaking grantee gets its report page in Spanish. axe-core
// checks each page; screenshots land in test-results/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { applicationFormSchema } from '../../shared/api/schemas.ts';
import { FIELD_TEXT } from '../../shared/web-i18n.ts';
import { fieldPaths, type JsonSchema } from '../../functions/web/form.ts';
import { expectAccessible as accessible, launchChromium, PHONE } from '../support/browser.ts';
import {
  confirmationCode,
  adminToken,
  api,
  awardGrant,
  applyFully,
  createCall,
  PDF,
  sampleApplication,
  until,
  virtualNow,
  waitForDecision,
} from '../support/client.ts';

let browser: Browser;
const contexts: BrowserContext[] = [];
/** Uncaught errors and CSP refusals in any page: there must be none. */
const problems: string[] = [];


async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests (a 400 from the API) are logged by Chromium too; they are expected.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

const expectAccessible = (name: string, page: Page) => accessible(page, name);

const DOCUMENT_KINDS = ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement'];

describe('the form and the status page in French', () => {
  it('names every field of the schema in French and Spanish', () => {
    const paths = fieldPaths(applicationFormSchema() as JsonSchema);
    for (const language of ['fr', 'es'] as const) expect(paths.filter((path) => !(path in FIELD_TEXT[language])), language).toEqual([]);
  });

  it('takes a French NGO from the form (?lang=fr) to its eligibility result, in French', { timeout: 120_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Appel ${run} : assistance aux victimes` });
    const apiUrl = inject('apiUrl');
    const email = `programmes+${run}@samusocial.example.org`;
    const page = await newPage();

    await page.goto(`${apiUrl}/apply/${call.callId}?lang=fr`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe(`Candidature : Appel ${run} : assistance aux victimes`);
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Budget de l\'appel');
    expect(main).toContain('Les coûts de fonctionnement (indirects) ne peuvent dépasser 10 % du montant demandé.');
    expect(main).not.toContain('Organisation name');
    // The switcher: plain links, the current language marked; the form's language starts at the page's.
    const switcher = page.getByRole('navigation', { name: 'Langue' });
    expect(await switcher.getByRole('link', { name: 'Français' }).getAttribute('aria-current')).toBe('true');
    expect(await switcher.getByRole('link', { name: 'Español' }).getAttribute('href')).toBe(`/apply/${call.callId}?lang=es`);
    expect(await page.getByRole('combobox', { name: /^Langue/ }).inputValue()).toBe('fr');
    expect(await page.locator('#step-title').textContent()).toBe('Étape 1 sur 5 : Organisation');
    await expectAccessible('fr-1-form', page);

    // Organisation
    await page.getByLabel("Nom de l'organisation").fill('Samu Social Sénégal');
    await page.getByLabel("Numéro d'enregistrement légal").fill(`SN-${run}`);
    await page.getByLabel("Pays d'enregistrement").selectOption({ label: 'Sénégal (SN)' });
    await page.getByLabel("Type d'organisation").selectOption({ label: 'Organisation non gouvernementale (ONG)' });
    await page.getByLabel("L'organisation est légalement enregistrée").check();
    await page.getByLabel("Années d'assistance aux victimes de la traite").fill('12');
    await page.getByLabel('Personne de contact').fill('Chargée de programme');
    await page.getByLabel('Adresse électronique du contact').fill(email);
    await expect.poll(() => page.locator('#save-status').textContent(), { timeout: 15_000 }).toMatch(/^Enregistré à \d\d:\d\d$/);
    // Project (the title forgotten at first)
    await page.getByRole('button', { name: 'Suivant : Projet' }).click();
    await page.getByLabel('Résumé').fill("Hébergement, soutien psychosocial, aide médicale et juridique pour les enfants victimes de la traite à Dakar.");
    await page.getByLabel('Pays 1', { exact: true }).selectOption({ label: 'Sénégal (SN)' });
    await page.getByRole('group', { name: /^Axes d'action/ }).getByLabel('Protection').check();
    await page.getByRole('group', { name: /^Axes d'action/ }).getByLabel('Assistance juridique').check();
    await page.getByRole('group', { name: /^Formes d'exploitation traitées/ }).getByLabel('Mendicité forcée').check();
    await page.getByLabel('Le projet apporte une assistance directe aux victimes de la traite').check();
    for (const [label, value] of [['Femmes', '10'], ['Hommes', '0'], ['Filles', '40'], ['Garçons', '150']] as const) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByRole('button', { name: 'Ajouter un contexte prioritaire' }).click();
    const context1 = page.getByRole('group', { name: 'Contexte prioritaire 1' });
    await context1.getByLabel('Contexte').selectOption({ label: 'Flux de réfugiés et de migrants' });
    await context1.getByLabel('Justification').fill('Beaucoup des enfants que nous aidons arrivent par les routes migratoires de la sous-région.');
    await page.getByLabel('Date de début').fill('2027-01-01');
    await page.getByLabel('Durée (en mois)').fill('24');
    await page.getByRole('button', { name: 'Suivant : Budget' }).click();
    await page.getByLabel('Montant demandé (US$)').fill('50000');
    const lines: [string, string, string][] = [
      ['Assistance directe', 'Hébergement et soins', '35000'],
      ['Personnel', 'Travailleurs sociaux', '10000'],
      ['Coûts de fonctionnement (indirects)', 'Bureau et administration', '5000'],
    ];
    for (const [i, [category, description, amount]] of lines.entries()) {
      const line = page.getByRole('group', { name: `Ligne budgétaire ${i + 1}` });
      await line.getByLabel('Catégorie').selectOption({ label: category });
      await line.getByLabel('Description').fill(description);
      await line.getByLabel('Montant (US$)').fill(amount);
    }
    // Three of the four documents: the fourth is forgotten at first.
    await page.getByRole('button', { name: 'Suivant : Documents' }).click();
    for (const kind of DOCUMENT_KINDS.slice(0, 3)) {
      await page.locator(`input[type=file][data-kind="${kind}"]`).setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await expect.poll(() => page.locator(`[data-field="documents.${kind}"] [data-uploaded]`).textContent(), { timeout: 15_000 }).toBe(`Déposé : ${kind}.pdf`);
    }

    // 1. What is missing, in French, each a link to its field; a submit now names them too, in French.
    await page.getByRole('button', { name: 'Suivant : Vérifier et soumettre' }).click();
    const missing = page.locator('[data-missing]');
    await missing.getByRole('link', { name: 'Titre du projet : à remplir' }).waitFor({ timeout: 15_000 });
    expect(await missing.textContent()).toContain('Derniers comptes audités ou état financier : pas encore déposé');
    await page.getByRole('button', { name: 'Soumettre la candidature' }).click();
    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain('Titre du projet : à remplir');
    expect(await summary.getByRole('heading').textContent()).toBe('Il y a un problème');
    expect(await summary.textContent()).toContain('Des réponses ou des documents manquent encore.');
    expect(await page.locator('[data-error-for="documents.financial-statement"]').textContent()).toBe(
      'Derniers comptes audités ou état financier : pas encore déposé.',
    );
    await expectAccessible('fr-2-form-with-errors', page);
    await missing.getByRole('link', { name: 'Titre du projet : à remplir' }).click();
    expect(await page.locator('#step-title').textContent()).toBe('Étape 2 sur 5 : Projet');

    // 2. Corrected and completed: submitted, then the status page in French with the result.
    await page.getByLabel('Titre du projet').fill("Protection des enfants talibés victimes de la traite");
    await page.getByRole('link', { name: '4. Documents' }).click();
    await page
      .locator('input[type=file][data-kind="financial-statement"]')
      .setInputFiles({ name: 'financial-statement.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator('[data-field="documents.financial-statement"] [data-uploaded]').textContent(), { timeout: 15_000 }).toBe('Déposé : financial-statement.pdf');
    await page.getByRole('link', { name: '5. Vérifier et soumettre' }).click();
    await missing.getByText('Tout est rempli.').waitFor({ timeout: 15_000 });
    // The code of the first email to the contact address, asked in French.
    await page.getByLabel('Code de confirmation').fill(await confirmationCode(email));
    await page.getByRole('button', { name: 'Soumettre la candidature' }).click();
    await page.waitForURL(/\/status\//, { timeout: 30_000 });
    await page.locator('[data-status="eligible"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('[data-status="eligible"]').textContent()).toBe('Éligible');
    const status = (await page.locator('main').textContent())!;
    expect(status).toContain("La candidature remplit tous les critères d'éligibilité de l'appel.");
    expect(status).toContain('10 points de priorité');
    expect(status).toContain('Flux de réfugiés et de migrants : 10 points, déclaré par le demandeur.');
    expect(status).toContain('Budget détaillé : budget-sheet.pdf, reçu et vérifié');
    expect(status).toContain('Soumise le');
    await expectAccessible('fr-3-status-eligible', page);

    // The emails are in French too (shared/email/applicant-i18n.ts).
    const mail = await until('the result email', async () => {
      const mine = (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(email));
      return mine.some((m) => m.subject.startsWith('Éligible')) ? mine : undefined;
    });
    expect(mail.map((m) => m.subject)).toEqual([expect.stringMatching(/^Brouillon de candidature enregistré/), expect.stringMatching(/^Éligible/)]);
    expect(problems).toEqual([]);
  });

  it('gives the reasons of an ineligible French application in French, with the call’s figures', async () => {
    const call = await createCall({ title: `Appel ${Date.now()}` });
    const input = sampleApplication((a) => {
      a.language = 'fr';
      a.organisation.name = 'Association des femmes';
      a.budget.requestedUsd = 80_000;
      a.budget.lines = [
        { category: 'direct-assistance', description: 'Hébergement', amountUsd: 60_000 },
        { category: 'operational', description: 'Administration', amountUsd: 20_000 },
      ];
      a.project.durationMonths = 48;
    });
    const draft = await applyFully(call.callId, input);
    await waitForDecision(draft.applicationId, draft.accessToken);
    // A browser that prefers English: the page still speaks the application's language once it has loaded.
    const page = await newPage({ extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' } });
    await page.goto(`${inject('apiUrl')}/status/${draft.applicationId}#token=${draft.accessToken}`);
    await page.locator('[data-status="ineligible"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('[data-status="ineligible"]').textContent()).toBe('Non éligible');
    const reasons = await page.locator('ul.reasons li').allTextContents();
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Le montant demandé dépasse le plafond de US$60,000. AMOUNT_OVER_CAP',
        'Les coûts de fonctionnement ne peuvent dépasser 10 % du montant demandé. OPERATIONAL_SHARE_TOO_HIGH',
        'Les projets peuvent durer au plus 36 mois. DURATION_TOO_LONG',
      ]),
    );
    expect(await page.locator('main').textContent()).toContain("La candidature ne remplit pas ces critères de l'appel :");
    expect(await page.locator('footer').textContent()).toContain("N'indiquez aucune donnée personnelle");
    expect(await page.title()).toBe('Votre candidature · Subventions du Fonds');
    await expectAccessible('fr-4-status-ineligible', page);

    // Without the token the page speaks the browser's language (here Spanish, from Accept-Language).
    const codePage = await newPage({ extraHTTPHeaders: { 'accept-language': 'es-MX,es;q=0.9' } });
    await codePage.goto(`${inject('apiUrl')}/status/${draft.applicationId}`);
    expect(await codePage.locator('html').getAttribute('lang')).toBe('es');
    await codePage.getByLabel('Código de acceso').fill('no-es-el-codigo');
    await codePage.getByRole('button', { name: 'Ver mi solicitud' }).click();
    await codePage.getByRole('alert').filter({ hasText: 'Ese código de acceso no abre esta solicitud.' }).waitFor();
    await expectAccessible('es-2-status-access-code', codePage);
    expect(problems).toEqual([]);
  });
});

describe('the open calls in Spanish', () => {
  it('follows Accept-Language, and the switcher changes the language with plain links', async () => {
    const title = `Convocatoria ${Date.now()}`;
    const call = await createCall({ title });
    const page = await newPage({ extraHTTPHeaders: { 'accept-language': 'es-MX,es;q=0.9' } });
    await page.goto(`${inject('apiUrl')}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe('Convocatorias abiertas');
    expect(await page.locator('main').textContent()).toContain('víctimas de la trata de personas');
    const card = page.locator('.calls li', { has: page.getByRole('heading', { name: title }) });
    const text = (await card.textContent())!;
    expect(text).toContain('Presupuesto de la convocatoria');
    expect(text).toContain('US$1,500,000');
    expect(text).toContain('hasta US$60,000');
    expect(text).toContain('36 meses como máximo');
    await expectAccessible('es-1-open-calls', page);

    await card.getByRole('link', { name: `Postular a la convocatoria “${title}”` }).click();
    await page.waitForURL(`**/apply/${call.callId}`);
    expect(await page.locator('h1').textContent()).toBe(`Solicitud: ${title}`);
    expect(await page.getByRole('combobox', { name: /^Idioma/ }).inputValue()).toBe('es');
    expect(await page.getByLabel('Nombre de la organización').isVisible()).toBe(true);
    expect(await page.locator('#step-title').textContent()).toBe('Paso 1 de 5: Organización');

    // The switcher works without JavaScript: plain links to ?lang=.
    await page.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`**/apply/${call.callId}?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe(`Apply: ${title}`);
    expect(await page.getByRole('combobox', { name: /^Language/ }).inputValue()).toBe('en');
    expect(problems).toEqual([]);
  });

  it('answers in English without a preference, and says which language it chose', async () => {
    const apiUrl = inject('apiUrl');
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${apiUrl}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
    const cases: [string, Record<string, string>, string][] = [
      ['/', {}, 'en'],
      ['/', { 'accept-language': 'de-DE,de;q=0.9' }, 'en'],
      ['/', { 'accept-language': 'de-DE,fr;q=0.5,es;q=0.4' }, 'fr'],
      ['/?lang=es', { 'accept-language': 'fr' }, 'es'],
      ['/?lang=xx', { 'accept-language': 'fr-CA' }, 'fr'],
    ];
    for (const [path, headers, lang] of cases) {
      const response = await get(path, headers);
      expect((await response.text()).slice(0, 40), `${path} ${JSON.stringify(headers)}`).toContain(`<html lang="${lang}">`);
      expect(response.headers.get('content-language')).toBe(lang);
      expect(response.headers.get('vary')).toContain('accept-language');
    }
  });
});

describe('the report page in Spanish', () => {
  it("shows a Spanish-speaking grantee its report form in Spanish, problems included", { timeout: 180_000 }, async () => {
    const run = `es-report-${Date.now()}`;
    const mailWebUrl = inject('mailWebUrl');
    const start = new Date((await virtualNow()).getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    // A grant made as users make one, from an application in Spanish (whose emails are in Spanish).
    const { grant, grantee } = await awardGrant(mailWebUrl, run, start, (a) => {
      a.language = 'es';
      a.organisation.name = `Fundación ${run}`;
      a.organisation.registrationCountry = 'EC';
      a.project.countries = ['EC'];
      a.project.title = 'Reintegración de sobrevivientes de la trata';
    });

    const requestDate = new Date(Date.parse(grant.schedule.reports[0].dueDate) - 14 * 86_400_000).toISOString().slice(0, 10);
    await api('/local/clock', { token: adminToken(), body: { to: `${requestDate}T07:00:00Z` } });
    const link = await until('the report request', async () => {
      const mail = (await listMail(mailWebUrl)).find((m) => m.to.includes(grantee) && m.subject.startsWith('Informe pendiente'));
      return mail && /(http:\/\/\S+\/report\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    });

    // The browser prefers English: the page follows the application's language.
    const page = await newPage({ extraHTTPHeaders: { 'accept-language': 'en' } });
    await page.goto(link);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe(`Informe 1: ${grant.title}`);
    expect(await page.locator('main p').first().textContent()).toContain(`Fundación ${run}: el informe intermedio del período hasta el`);
    await expectAccessible('es-3-report-form', page);

    await page.getByLabel('Narración').fill('Continuaron el alojamiento y la atención psicosocial de las sobrevivientes derivadas por la fiscalía.');
    await page.getByLabel('Estado financiero').setInputFiles({ name: 'estado.pdf', mimeType: 'application/pdf', buffer: PDF });
    for (const [label, value] of [['Mujeres', '12'], ['Hombres', '3'], ['Niñas', '4'], ['Niños', '1'], ['Total', '21'], ['Explotación sexual', '14'], ['Trabajo forzoso', '6'], ['Alojamiento', '9'], ['Apoyo psicosocial', '20']] as const) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByRole('button', { name: 'Enviar el informe' }).click();
    const summary = page.locator('#error-summary');
    await expect.poll(() => summary.textContent()).toContain('figures.beneficiaries.total: debe ser igual a mujeres + hombres + niñas + niños (20)');
    expect(await summary.textContent()).toContain('Hay un problema');
    expect(await summary.textContent()).toContain('El informe está incompleto o sus cifras no cuadran; no se registró nada.');
    await expectAccessible('es-4-report-problems', page);

    await page.getByLabel('Total', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Enviar el informe' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Gracias');
    await expectAccessible('es-5-report-thanks', page);
    // The link again, once used: said in Spanish too (the browser prefers English); an unknown link follows the browser.
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Este informe ya fue enviado. Gracias: la secretaría le escribirá.');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await page.goto(`${inject('apiUrl')}/report/${'A'.repeat(43)}`);
    expect(await page.locator('h1').textContent()).toBe('This link does not open any report. Please use the link in the latest email from the fund.');
    expect(problems).toEqual([]);
  });
});
