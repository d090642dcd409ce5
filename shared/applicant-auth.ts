// Who may act on an application as its NGO: whoever holds its access token
// (emailed to the contact when the draft was started), or the link of the
// organisation's page sent to the application's contact address (it opens
// every application of that address until it expires). Either way the
// credential travels in `Authorization: Bearer`, never in a URL a server sees.
// Wrong credentials and unknown ids get the same 404.
import { now } from './clock.ts';
import { notFound } from './http/errors.ts';
import { secretMatches } from './ids.ts';
import { contactHash, getApplicationRecord, type ApplicationRecord } from './repository/applications.ts';
import { resolveLink } from './repository/links.ts';

/** True when the organisation-page link `reference` is open and was sent to this address. */
export async function orgLinkOpensAddress(reference: string, email: string): Promise<boolean> {
  const resolved = await resolveLink(reference, 'org', now());
  return resolved.state === 'open' && resolved.link.subject.contact === contactHash(email);
}

export async function isApplicantCredential(app: ApplicationRecord, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  if (secretMatches(token, app.accessTokenHash)) return true;
  return orgLinkOpensAddress(token, app.input.organisation.contact.email);
}

/** The application, if the token opens it; 404 otherwise, whichever part was wrong. */
export async function applicationForApplicant(applicationId: string, token: string | undefined): Promise<ApplicationRecord> {
  const app = await getApplicationRecord(applicationId);
  if (!app || !(await isApplicantCredential(app, token))) throw notFound();
  return app;
}
