// Who may act on an application as its NGO, and as whom:
// - its contact: whoever holds the application's access token (emailed to
//   the contact when the draft was started), or the link of the
//   organisation's page sent to the application's contact address (it opens
//   every application of that address until it expires);
// - a collaborator the contact invited (a director, a finance officer): their
//   own token, which stops working the moment the contact removes them.
// Collaborators edit the draft and its documents; only the contact submits,
// reopens, withdraws or manages collaborators. Either way the credential
// travels in `Authorization: Bearer`, never in a URL a server sees. Wrong
// credentials and unknown ids get the same 404.
import { now } from './clock.ts';
import { HttpError, notFound } from './http/errors.ts';
import { secretMatches } from './ids.ts';
import { contactHash, getApplicationRecord, type ApplicationRecord } from './repository/applications.ts';
import { resolveLink } from './repository/links.ts';

export type ApplicantRole = { kind: 'contact' } | { kind: 'collaborator'; collaboratorId: string };

/** True when the organisation-page link `reference` is open and was sent to this address. */
export async function orgLinkOpensAddress(reference: string, email: string): Promise<boolean> {
  const resolved = await resolveLink(reference, 'org', now());
  return resolved.state === 'open' && resolved.link.subject.contact === contactHash(email);
}

/** Whom the token makes its holder, for this application; undefined when it opens nothing. */
export async function applicantRole(app: ApplicationRecord, token: string | undefined): Promise<ApplicantRole | undefined> {
  if (!token) return undefined;
  if (secretMatches(token, app.accessTokenHash)) return { kind: 'contact' };
  const collaborator = (app.collaborators ?? []).find((c) => !c.removedAt && secretMatches(token, c.tokenHash));
  if (collaborator) return { kind: 'collaborator', collaboratorId: collaborator.collaboratorId };
  return (await orgLinkOpensAddress(token, app.input.organisation.contact.email)) ? { kind: 'contact' } : undefined;
}

/** The application and its holder's role, if the token opens it; 404 otherwise, whichever part was wrong. */
export async function applicationForApplicant(applicationId: string, token: string | undefined): Promise<{ app: ApplicationRecord; role: ApplicantRole }> {
  const app = await getApplicationRecord(applicationId);
  const role = app && (await applicantRole(app, token));
  if (!app || !role) throw notFound();
  return { app, role };
}

/** Submitting, reopening, withdrawing and managing collaborators are the contact's alone. */
export function requireContact(role: ApplicantRole, what: string): void {
  if (role.kind !== 'contact') {
    throw new HttpError(403, 'CONTACT_ONLY', `Only the application's contact may ${what}; collaborators edit the draft and its documents.`);
  }
}

/** Who made a change, as the history records it (never an address or a name: the id of the collaborator). */
export const actorOf = (role: ApplicantRole): string => (role.kind === 'contact' ? 'contact' : `collaborator:${role.collaboratorId}`);
