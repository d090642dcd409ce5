// The organisation's page: an NGO enters its contact address and receives a
// link (opaque, stored hashed, open for ORG_LINK_HOURS and as often as
// needed); the link opens a page with every application and grant whose
// contact is that address (status, what is missing, the reports due with
// their links) and the open calls, each with "Apply to this call", which
// starts a draft with the organisation's profile from its latest application.
//
// Decisions:
// - Nothing on the pages says whether an address is known: the answer to a
//   request is the same page either way, and only the address on record gets
//   the link. A profile is only ever shown to whoever holds that link.
// - The link is also the NGO's credential for its applications: the form and
//   the status page are opened with it in the URL fragment (never sent to a
//   server) and send it as the bearer token (shared/applicant-auth.ts), so the
//   NGO needs no other code to continue a draft, reopen or withdraw.
// - Plain HTML forms (no JavaScript needed); every POST is refused when a
//   browser says it comes from another site (shared/http/cross-site.ts).
// - Reports due get a fresh personal link, as a reminder's would (any of the
//   report's links works, once).
import * as z from 'zod/mini';
import { copyDocument } from '#shared/adapters/documents.ts';
import { missingParts } from '#shared/api/drafts.ts';
import { ApplicationDraft } from '#shared/api/schemas.ts';
import { now, nowIso } from '#shared/clock.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { DOCUMENT_KEY_PREFIX, LANGUAGES, type Language } from '#shared/domain/vocabulary.ts';
import { draftCreatedEmail } from '#shared/email/templates.ts';
import { header, httpApi, pathParam, rawBody, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { refuseCrossSite } from '#shared/http/cross-site.ts';
import { escapeHtml, notFoundPage, page } from '#shared/http/html.ts';
import { limitClient, TooManyRequests } from '#shared/rate-limit.ts';
import { mailTypedAddress, markHashConfirmed } from '#shared/contact-confirmation.ts';
import { newId, newSecret, sha256 } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { ORG_LINK_HOURS, ORG_TEXT } from '#shared/org-i18n.ts';
import {
  contactHash,
  createApplication,
  DuplicateApplicationError,
  getApplicationRecord,
  listApplicationIdsOfContact,
  listDocuments,
  putDocument,
  type ApplicationRecord,
  type DraftApplication,
} from '#shared/repository/applications.ts';
import { getCall, isOpen, listCalls, type Call } from '#shared/repository/calls.ts';
import { getGrant, grantIdOf } from '#shared/repository/grants.ts';
import { createLink, resolveLink } from '#shared/repository/links.ts';
import { LATE_LINK_DAYS, listMilestones } from '#shared/repository/milestones.ts';
import { organisationKey } from '#shared/repository/table.ts';
import { DATE_LOCALES, pageLanguage, STATUS_TEXT } from '#shared/web-i18n.ts';

const baseUrl = (event: HttpEvent) => process.env.PUBLIC_BASE_URL || `https://${event.requestContext.domainName}`;
const languageOf = (event: HttpEvent, fallback?: Language): Language =>
  fallback ?? pageLanguage(event.queryStringParameters?.lang, header(event, 'accept-language'));
const dateOf = (iso: string, lang: Language) => new Date(iso).toLocaleDateString(DATE_LOCALES[lang], { dateStyle: 'long', timeZone: 'UTC' });

function signInForm(lang: Language, heading: string, problem?: string): string {
  const t = ORG_TEXT[lang];
  return `<form method="post" action="/org" class="org-signin">
<input type="hidden" name="lang" value="${lang}">
<div class="field"><label for="org-email">${escapeHtml(t.email)}</label>
${problem ? `<p class="error" id="org-email-error">${escapeHtml(problem)}</p>` : ''}
<input type="email" id="org-email" name="email" autocomplete="email" required${problem ? ' aria-invalid="true" aria-describedby="org-email-error"' : ''}></div>
<button type="submit">${escapeHtml(heading)}</button>
</form>`;
}

async function signInPage(event: HttpEvent): Promise<HttpResult> {
  const lang = languageOf(event);
  const t = ORG_TEXT[lang];
  return page(200, t.title, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>${signInForm(lang, t.send)}`, [], lang);
}

/** The same answer whether or not the address is on record; only the address on record gets the link. */
async function requestLink(event: HttpEvent): Promise<HttpResult> {
  refuseCrossSite(event);
  const fields = new URLSearchParams(rawBody(event));
  const chosen = fields.get('lang');
  const lang: Language = (LANGUAGES as readonly string[]).includes(chosen ?? '') ? (chosen as Language) : languageOf(event);
  const t = ORG_TEXT[lang];
  const email = (fields.get('email') ?? '').trim();
  try {
    await limitClient(event, 'org-links');
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    const refused = page(429, t.title, `<h1>${escapeHtml(t.title)}</h1><p class="error" role="alert">${escapeHtml(t.tooMany(minutes))}</p>${signInForm(lang, t.send)}`, [], lang);
    return { ...refused, headers: { ...refused.headers, 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (!z.email().check(z.maxLength(254)).safeParse(email).success) {
    return page(400, t.title, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>${signInForm(lang, t.send, t.emailProblem)}`, [], lang);
  }
  const contact = contactHash(email);
  const ids = await listApplicationIdsOfContact(contact);
  if (ids.length > 0) {
    const at = now();
    const reference = await createLink('org', { contact }, at, new Date(at.getTime() + ORG_LINK_HOURS * 3_600_000));
    // In the language of the address's latest application.
    const apps = (await Promise.all(ids.map(getApplicationRecord))).filter((a): a is ApplicationRecord => a !== undefined);
    const latest = apps.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const mailLang = latest?.input.language ?? lang;
    const m = ORG_TEXT[mailLang];
    try {
      // Nothing to an address that had its first email and is not confirmed (shared/contact-confirmation.ts); the page says the same either way.
      await mailTypedAddress(email, () => ({ to: email, subject: m.emailSubject, text: m.emailBody(`${baseUrl(event)}/org/${reference}`, ORG_LINK_HOURS) }));
    } catch (error) {
      logger.warn('organisation link not sent', { errorName: (error as Error).name });
    }
    logger.info('organisation link sent', { applications: ids.length });
  }
  return page(200, t.title, `<h1>${escapeHtml(t.title)}</h1><p role="status">${escapeHtml(t.sent(ORG_LINK_HOURS))}</p>`, [], lang);
}

/** The applications behind an open link, newest first; or the page that says why there are none. */
async function openLink(event: HttpEvent): Promise<{ reference: string; apps: ApplicationRecord[]; lang: Language } | HttpResult> {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'org', now());
  const lang = languageOf(event);
  if (resolved.state === 'unknown') return notFoundPage(lang);
  if (resolved.state !== 'open') {
    const t = ORG_TEXT[lang];
    return page(410, t.title, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.expired)}</p>${signInForm(lang, t.askAgain)}`, [], lang);
  }
  const contact = resolved.link.subject.contact!;
  // The link went to the address by email only: opening it confirms the address (shared/contact-confirmation.ts).
  await markHashConfirmed(contact);
  const apps = (await Promise.all((await listApplicationIdsOfContact(contact)).map(getApplicationRecord)))
    .filter((a): a is ApplicationRecord => a !== undefined && contactHash(a.input.organisation.contact.email) === contact)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { reference, apps, lang: apps[0]?.input.language ?? lang };
}

const fragment = (values: Record<string, string>) => `#${new URLSearchParams(values).toString()}`;

async function applicationRows(apps: ApplicationRecord[], calls: Map<string, Call>, reference: string, lang: Language): Promise<string> {
  const t = ORG_TEXT[lang];
  const statuses = STATUS_TEXT[lang].statuses as Record<string, string>;
  const rows = await Promise.all(
    apps.map(async (app) => {
      const call = calls.get(app.callId);
      const missing = app.status === 'draft' ? missingParts(app.input, await listDocuments(app.applicationId), lang).length : 0;
      const href =
        app.status === 'draft'
          ? `/apply/${encodeURIComponent(app.callId)}?lang=${lang}${fragment({ id: app.applicationId, token: reference })}`
          : `/status/${encodeURIComponent(app.applicationId)}?lang=${lang}${fragment({ token: reference })}`;
      return `<tr><td>${escapeHtml(call?.title ?? '')}</td><td>${escapeHtml(app.input.project?.title ?? app.input.organisation.name)}</td>
<td>${escapeHtml(statuses[app.status] ?? app.status)}${missing ? `<br><span class="help">${escapeHtml(t.missing(missing))}</span>` : ''}</td>
<td><a href="${escapeHtml(href)}">${escapeHtml(app.status === 'draft' ? t.continue : t.open)}<span class="vh"> ${escapeHtml(app.input.project?.title ?? '')}</span></a></td></tr>`;
    }),
  );
  return `<div class="table-wrap"><table><caption>${escapeHtml(t.applications)}</caption>
<thead><tr><th scope="col">${escapeHtml(t.call)}</th><th scope="col">${escapeHtml(t.project)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col"><span class="vh">${escapeHtml(t.open)}</span></th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>`;
}

/** Each grant of these applications, with the reports waiting for the grantee and a fresh link to each. */
async function grantsSection(apps: ApplicationRecord[], lang: Language): Promise<string> {
  const t = ORG_TEXT[lang];
  const grants = (await Promise.all(apps.filter((a) => a.status === 'approved').map((a) => getGrant(grantIdOf(a.applicationId))))).filter((g) => g !== undefined);
  if (grants.length === 0) return '';
  const at = now();
  const items = await Promise.all(
    grants.map(async (grant) => {
      const { reports } = await listMilestones(grant.grantId);
      const due = reports.filter((r) => r.status === 'requested' || r.status === 'returned');
      const links = await Promise.all(
        due.map(async (r) => {
          const expires = new Date(Date.parse(`${r.overdueAfter}T00:00:00Z`) + LATE_LINK_DAYS * 86_400_000);
          const reference = await createLink('report', { grantId: grant.grantId, report: String(r.number) }, at, expires);
          return `<li>${escapeHtml(t.reportDue(r.number, dateOf(r.dueDate, lang)))}: <a href="/report/${reference}">${escapeHtml(t.submitReport)}</a></li>`;
        }),
      );
      return `<li><strong>${escapeHtml(grant.title)}</strong> (${escapeHtml(t.amount)}: ${escapeHtml(formatUsd(grant.amountUsd))})
${links.length ? `<ul>${links.join('')}</ul>` : `<p>${escapeHtml(t.noReportsDue)}</p>`}</li>`;
    }),
  );
  return `<h2>${escapeHtml(t.grants)}</h2><ul>${items.join('')}</ul>`;
}

async function callsSection(apps: ApplicationRecord[], calls: Call[], reference: string, lang: Language): Promise<string> {
  const t = ORG_TEXT[lang];
  const open = calls.filter((c) => isOpen(c, now())).sort((a, b) => a.closesAt.localeCompare(b.closesAt));
  if (open.length === 0) return `<h2>${escapeHtml(t.openCalls)}</h2><p>${escapeHtml(t.noOpenCalls)}</p>`;
  const latest = apps[0];
  const hasCertificate = latest ? (await listDocuments(latest.applicationId)).some((d) => d.kind === 'registration-certificate') : false;
  const orgKeyOf = (a: ApplicationRecord) => organisationKey(a.input.organisation.registrationCountry, a.input.organisation.registrationNumber);
  const items = open.map((call) => {
    const applied = latest && apps.some((a) => a.callId === call.callId && orgKeyOf(a) === orgKeyOf(latest));
    const action = applied
      ? `<p>${escapeHtml(t.alreadyApplied)}</p>`
      : `<form method="post" action="/org/${reference}/apply/${encodeURIComponent(call.callId)}">
<p class="help">${escapeHtml(t.applyHelp)}</p>
${hasCertificate ? `<div class="field checkbox"><input type="checkbox" id="copy-${escapeHtml(call.callId)}" name="copyCertificate" value="yes" checked><label for="copy-${escapeHtml(call.callId)}">${escapeHtml(t.copyCertificate)}</label></div>` : ''}
<button type="submit">${escapeHtml(t.apply)}<span class="vh">: ${escapeHtml(call.title)}</span></button></form>`;
    return `<li><h3>${escapeHtml(call.title)}</h3><p>${escapeHtml(t.closes)}: ${escapeHtml(dateOf(call.closesAt, lang))}</p>${action}</li>`;
  });
  return `<h2>${escapeHtml(t.openCalls)}</h2><ul class="calls">${items.join('')}</ul>`;
}

async function orgPage(event: HttpEvent): Promise<HttpResult> {
  const opened = await openLink(event);
  if (!('reference' in opened)) return opened;
  const { reference, apps, lang } = opened;
  const t = ORG_TEXT[lang];
  const calls = await listCalls();
  const byId = new Map(calls.map((c) => [c.callId, c]));
  const body = `<h1>${escapeHtml(t.title)}</h1>
${apps.length ? await applicationRows(apps, byId, reference, lang) : `<p>${escapeHtml(t.none)}</p>`}
${await grantsSection(apps, lang)}
${await callsSection(apps, calls, reference, lang)}`;
  // The link is in this page's address: it never leaves through a Referer (page() sends no-referrer).
  return page(200, t.title, body, [], lang);
}

/** A new draft with the organisation's profile from its latest application (and, if asked, a copy of its registration certificate). */
async function applyWithProfile(event: HttpEvent): Promise<HttpResult> {
  refuseCrossSite(event);
  const opened = await openLink(event);
  if (!('reference' in opened)) return opened;
  const { reference, apps, lang } = opened;
  const t = ORG_TEXT[lang];
  const call = await getCall(pathParam(event, 'callId'));
  const latest = apps[0];
  if (!call || !isOpen(call, now()) || !latest) return notFoundPage(lang);
  const { organisation } = latest.input;
  const profile = ApplicationDraft.parse({
    language: latest.input.language,
    organisation: {
      name: organisation.name,
      registrationNumber: organisation.registrationNumber,
      registrationCountry: organisation.registrationCountry,
      type: organisation.type,
      legallyRegistered: organisation.legallyRegistered,
      yearsAssistingVictims: organisation.yearsAssistingVictims,
      website: organisation.website,
      contact: organisation.contact,
    },
  });
  const accessToken = newSecret();
  const at = nowIso();
  const app: DraftApplication = { applicationId: newId(), callId: call.callId, status: 'draft', input: profile, accessTokenHash: sha256(accessToken), createdAt: at, updatedAt: at };
  try {
    await createApplication(app);
  } catch (error) {
    if (!(error instanceof DuplicateApplicationError)) throw error;
    return page(409, t.title, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.duplicate)}</p><p><a href="/org/${reference}">${escapeHtml(t.back)}</a></p>`, [], lang);
  }
  if (new URLSearchParams(rawBody(event)).get('copyCertificate') === 'yes') {
    const certificate = (await listDocuments(latest.applicationId)).find((d) => d.kind === 'registration-certificate');
    if (certificate) {
      const key = `${DOCUMENT_KEY_PREFIX}${app.applicationId}/registration-certificate/${newId()}`;
      await copyDocument(certificate.key, key);
      await putDocument({ ...certificate, applicationId: app.applicationId, key, requestedAt: at, check: undefined });
    }
  }
  logger.info('application draft created from a profile', { applicationId: app.applicationId, callId: call.callId });
  try {
    await mailTypedAddress(app.input.organisation.contact.email, (code) => draftCreatedEmail(app, call, accessToken, baseUrl(event), code));
  } catch (error) {
    logger.warn('draft email not sent', { applicationId: app.applicationId, errorName: (error as Error).name });
  }
  // Into the form, with the draft and the link as its credential in the fragment (never sent to a server).
  return {
    statusCode: 303,
    headers: { location: `/apply/${encodeURIComponent(call.callId)}?lang=${lang}${fragment({ id: app.applicationId, token: reference })}`, 'cache-control': 'no-store' },
    body: '',
  };
}

export const handler = httpApi({
  'GET /org': signInPage,
  'POST /org': requestLink,
  'GET /org/{ref}': orgPage,
  'POST /org/{ref}/apply/{callId}': applyWithProfile,
});
