import { inspectUpload, presignUpload, UPLOAD_EXPIRY_SECONDS } from '#shared/adapters/documents.ts';
import { emailSender } from '#shared/adapters/email.ts';
import { startIntake } from '#shared/adapters/workflows.ts';
import { mergePatch, missingParts } from '#shared/api/drafts.ts';
import { ApplicationDraft, ApplicationInput, CollaboratorInput, DocumentUploadRequest, SubmitInput, ConfirmationInput } from '#shared/api/schemas.ts';
import { applicantActions, applicantView, requiredDocuments } from '#shared/api/views.ts';
import { now, nowIso } from '#shared/clock.ts';
import { DOCUMENT_KEY_PREFIX, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS } from '#shared/domain/vocabulary.ts';
import { confirmAddressEmail, draftCreatedEmail, statusLink } from '#shared/email/templates.ts';
import { confirmWithCode, isAddressConfirmed, mailTypedAddress, markConfirmed } from '#shared/contact-confirmation.ts';
import { bearerToken, httpApi, json, jsonBody, parseEmptyOrJson, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { HttpError, notFound, validationFailed, type ErrorDetail } from '#shared/http/errors.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { actorOf, applicationForApplicant, requireContact, type ApplicantRole } from '#shared/applicant-auth.ts';
import { newId, newSecret, sha256 } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { limitClient } from '#shared/rate-limit.ts';
import { ORG_TEXT } from '#shared/org-i18n.ts';
import { audit } from '#shared/repository/audit.ts';
import {
  addCollaborator,
  contactHash,
  createApplication,
  DuplicateApplicationError,
  getApplicationRecord,
  isPastDraft,
  listDocuments,
  listDraftChanges,
  markSubmitted,
  MAX_COLLABORATORS,
  putDocument,
  removeCollaborator,
  reopenApplication,
  saveDocumentCheck,
  saveDraft,
  type ApplicationRecord,
  type DocumentRecord,
  type DraftApplication,
} from '#shared/repository/applications.ts';
import { getCall, type Call } from '#shared/repository/calls.ts';

/** Links in emails point at the configured public URL, or at the host the request came to. */
function baseUrl(event: HttpEvent): string {
  return process.env.PUBLIC_BASE_URL || `https://${event.requestContext.domainName}`;
}

/** The application behind the path, if the bearer token opens it (shared/applicant-auth.ts); 404 otherwise. */
const authorisedApplication = (event: HttpEvent) => applicationForApplicant(pathParam(event, 'applicationId'), bearerToken(event));

const duplicate = (error: DuplicateApplicationError) =>
  new HttpError(
    409,
    'DUPLICATE_APPLICATION',
    'This organisation (registration country and number) has already applied to this call.',
    [{ path: 'organisation.registrationNumber', message: 'already has an application in this call' }],
    { cause: error },
  );

/**
 * A draft needs only the organisation's name, registration and contact email
 * (and its language); everything else can come later (PATCH).
 */
async function createDraft(event: HttpEvent) {
  // Counted before anything is read or written: a refused flood costs one conditional write (shared/rate-limit.ts).
  await limitClient(event, 'drafts');
  const input = parseJson(event, ApplicationDraft);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  const accessToken = newSecret();
  const at = nowIso();
  const app: DraftApplication = {
    applicationId: newId(),
    callId: call.callId,
    status: 'draft',
    input,
    accessTokenHash: sha256(accessToken),
    createdAt: at,
    updatedAt: at,
  };
  try {
    await createApplication(app);
  } catch (error) {
    if (error instanceof DuplicateApplicationError) throw duplicate(error);
    throw error;
  }
  logger.info('application draft created', { applicationId: app.applicationId, callId: call.callId });
  // The access code and, to an address not yet confirmed, its confirmation code; nothing to an address that already had its first email (shared/contact-confirmation.ts).
  let mailed: Awaited<ReturnType<typeof mailTypedAddress>> | 'failed';
  try {
    mailed = await mailTypedAddress(input.organisation.contact.email, (code) => draftCreatedEmail(app, call, accessToken, baseUrl(event), code));
  } catch (error) {
    // The draft is saved and the token is in the response; a lost email must not lose the application.
    logger.warn('draft email not sent', { applicationId: app.applicationId, errorName: (error as Error).name });
    mailed = 'failed';
  }
  return json(
    201,
    {
      applicationId: app.applicationId,
      callId: call.callId,
      status: app.status,
      accessToken,
      contactConfirmed: mailed === 'sent',
      statusUrl: statusLink(baseUrl(event), app.applicationId),
      requiredDocuments: requiredDocuments(),
      missing: missingParts(app.input, [], app.input.language),
    },
    { location: `/applications/${app.applicationId}` },
  );
}

/** Why an application that is not a draft cannot change (409), in one place for every route that needs a draft. */
function notADraft(app: ApplicationRecord): HttpError {
  if (app.status === 'withdrawn') return new HttpError(409, 'APPLICATION_WITHDRAWN', 'The application has been withdrawn and can no longer change.');
  return new HttpError(
    409,
    'APPLICATION_ALREADY_SUBMITTED',
    'The application has been submitted and can no longer change (reopen it first, while the call is open).',
  );
}

function requireDraft(app: ApplicationRecord): asserts app is DraftApplication {
  if (app.status !== 'draft') throw notADraft(app);
}

/**
 * PATCH: a JSON Merge Patch (RFC 7396) of the draft, as `application/merge-patch+json`
 * or `application/json`. The merged draft is checked whole: a refused change
 * names every field and its rule, and saves nothing.
 */
async function patchDraft(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  const patch = jsonBody(event, ['application/merge-patch+json', 'application/json']);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw validationFailed([{ path: '(body)', message: 'must be a JSON object (a merge patch of the application)' }]);
  }
  requireDraft(app);
  const merged = mergePatch(app.input, patch);
  const parsed = ApplicationDraft.safeParse(merged);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, merged));
  const at = nowIso();
  let saved: boolean;
  try {
    saved = await saveDraft(app, parsed.data, at, { by: actorOf(role), paths: changedPaths(patch).slice(0, 50) });
  } catch (error) {
    if (error instanceof DuplicateApplicationError) throw duplicate(error);
    throw error;
  }
  // Submitted or withdrawn meanwhile (another tab): say so as if it had been read so.
  const current = (await getApplicationRecord(app.applicationId))!;
  if (!saved) throw notADraft(current);
  logger.info('application draft saved', { applicationId: app.applicationId });
  await confirmChangedContact(event, app, current);
  const [documents, call, contactConfirmed] = await Promise.all([
    listDocuments(app.applicationId),
    getCall(app.callId),
    isAddressConfirmed(current.input.organisation.contact.email),
  ]);
  return json(200, { ...(await viewFor(current, role, documents, call)), contactConfirmed });
}

/** The contact gives the confirmation code of its address's first email (also possible with the submission). */
async function confirmContact(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  requireContact(role, 'confirm the contact address');
  const { confirmationCode } = parseJson(event, ConfirmationInput);
  if (!(await confirmWithCode(app.input.organisation.contact.email, confirmationCode))) {
    throw validationFailed([{ path: 'confirmationCode', message: 'does not match the code in the first email sent to the contact address' }], 'The confirmation code is not right.');
  }
  logger.info('contact address confirmed', { applicationId: app.applicationId });
  return json(200, { applicationId: app.applicationId, contactConfirmed: true });
}

/** A draft's contact address changed: the new address gets its confirmation code, if it is not confirmed and had no email yet. */
async function confirmChangedContact(event: HttpEvent, before: ApplicationRecord, after: ApplicationRecord) {
  const address = after.input.organisation.contact.email;
  if (contactHash(address) === contactHash(before.input.organisation.contact.email)) return;
  if (await isAddressConfirmed(address)) return;
  try {
    await mailTypedAddress(address, (code) => confirmAddressEmail(after, address, code ?? '', baseUrl(event)));
  } catch (error) {
    logger.warn('confirmation email not sent', { applicationId: after.applicationId, errorName: (error as Error).name });
  }
}

async function requestUpload(event: HttpEvent) {
  const { app } = await authorisedApplication(event);
  const request = parseJson(event, DocumentUploadRequest);
  requireDraft(app);
  // The key holds no file name: names can carry personal data, and live only in the table.
  const key = `${DOCUMENT_KEY_PREFIX}${app.applicationId}/${request.kind}/${newId()}`;
  const { url, fields } = await presignUpload(key, request.contentType);
  await putDocument({
    applicationId: app.applicationId,
    kind: request.kind,
    key,
    fileName: request.fileName,
    contentType: request.contentType,
    declaredSize: request.size,
    requestedAt: nowIso(),
  });
  return json(201, {
    kind: request.kind,
    upload: { method: 'POST', url, fields },
    expiresAt: new Date(now().getTime() + UPLOAD_EXPIRY_SECONDS * 1000).toISOString(),
  });
}

/**
 * Submission needs every required field and document: anything absent answers
 * 422 APPLICATION_INCOMPLETE naming each (the draft stays as it is). Then each
 * document is checked in the bucket: an invalid one answers 422
 * DOCUMENTS_INCOMPLETE, so the applicant can fix it: refusing an application
 * for a failed upload would help nobody. (Intake checks the documents again;
 * DOCUMENT_MISSING / _INVALID catch anything that changed in between.)
 */
async function submit(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  requireContact(role, 'submit the application');
  if (app.status === 'submitted') {
    await startIntake(app.applicationId, app.submissions ?? 1); // idempotent: re-drives an intake whose start was lost
  }
  if (app.status === 'withdrawn') throw notADraft(app);
  if (app.status !== 'draft') {
    return json(202, { applicationId: app.applicationId, status: app.status, submittedAt: app.submittedAt });
  }
  const { confirmationCode } = parseEmptyOrJson(event, SubmitInput);
  const language = app.input.language ?? 'en';
  const documents = await listDocuments(app.applicationId);
  // The fields first (in the application's language, as `missing` says them), then each document in order.
  const missingNow = missingParts(app.input, documents, language);
  const problems: ErrorDetail[] = missingNow.filter((m) => !m.path.startsWith('documents.')).map(({ path, message }) => ({ path, message }));
  let anyMissing = problems.length > 0;
  // The contact address confirmed first (shared/contact-confirmation.ts): after the submission, every email goes to it.
  const address = app.input.organisation.contact.email;
  const confirmed = (await isAddressConfirmed(address)) || (confirmationCode !== undefined && (await confirmWithCode(address, confirmationCode)));
  if (!confirmed) {
    problems.push({
      path: 'confirmationCode',
      message: confirmationCode === undefined ? 'is required: it is in the first email sent to the contact address' : 'does not match the code in the first email sent to the contact address',
    });
  }
  for (const kind of DOCUMENT_KINDS) {
    const doc = documents.find((d) => d.kind === kind);
    if (!doc) {
      anyMissing = true;
      problems.push({ path: `documents.${kind}`, message: missingNow.find((m) => m.path === `documents.${kind}`)!.message });
      continue;
    }
    const check = await inspectUpload(kind, doc.key, doc.contentType);
    await saveDocumentCheck(app.applicationId, kind, { ...check, checkedAt: nowIso() });
    if (check.status === 'missing') {
      anyMissing = true;
      problems.push({ path: `documents.${kind}`, message: `${DOCUMENT_KIND_LABELS[kind]} is not uploaded` });
    } else if (check.status === 'invalid') {
      problems.push({ path: `documents.${kind}`, message: `${DOCUMENT_KIND_LABELS[kind]}: ${check.problem}` });
    }
  }
  if (anyMissing) throw new HttpError(422, 'APPLICATION_INCOMPLETE', 'Some required fields or documents are missing.', problems);
  if (problems.length === 1 && !confirmed) {
    throw new HttpError(422, 'CONTACT_NOT_CONFIRMED', 'The contact address is not confirmed yet: give the confirmation code from the first email sent to it.', problems);
  }
  if (problems.length > 0) throw new HttpError(422, 'DOCUMENTS_INCOMPLETE', 'Some documents are invalid.', problems);
  const complete = ApplicationInput.safeParse(app.input);
  if (!complete.success) {
    // Not expected: a saved draft with nothing missing is a complete application. Named all the same.
    throw new HttpError(422, 'APPLICATION_INCOMPLETE', 'Some required fields are missing.', issuesToDetails(complete.error.issues, app.input));
  }
  const submittedAt = nowIso();
  if (await markSubmitted(app.applicationId, complete.data, submittedAt)) {
    logger.info('application submitted', { applicationId: app.applicationId, callId: app.callId });
  }
  const current = (await getApplicationRecord(app.applicationId))!;
  if (current.status === 'submitted') await startIntake(current.applicationId, current.submissions ?? 1);
  return json(202, { applicationId: current.applicationId, status: current.status, submittedAt: current.submittedAt });
}

async function getStatus(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  // A collaborator's token went to their address only, by email: using it confirms the address.
  if (role.kind === 'collaborator') {
    const collaborator = (app.collaborators ?? []).find((c) => c.collaboratorId === role.collaboratorId);
    if (collaborator) await markConfirmed(collaborator.email);
  }
  const [documents, call, contactConfirmed] = await Promise.all([
    listDocuments(app.applicationId),
    getCall(app.callId),
    app.status === 'draft' ? isAddressConfirmed(app.input.organisation.contact.email) : Promise.resolve(true),
  ]);
  return json(200, { ...(await viewFor(app, role, documents, call)), contactConfirmed });
}

/**
 * The applicant's view, with who they are on it; the contact also sees the
 * collaborators and the history of the draft's changes (who, when, which fields).
 */
async function viewFor(app: ApplicationRecord, role: ApplicantRole, documents: DocumentRecord[], call: Call | undefined) {
  const view = { ...applicantView(app, documents, call, now()), you: role.kind };
  if (role.kind !== 'contact') return { ...view, actions: { ...view.actions, reopen: false, withdraw: false, submit: false } };
  const collaborators = (app.collaborators ?? []).filter((c) => !c.removedAt).map(({ collaboratorId, email, name, addedAt }) => ({ collaboratorId, email, name, addedAt }));
  const byId = new Map(collaborators.map((c) => [`collaborator:${c.collaboratorId}`, c.name ?? c.email]));
  const history = (await listDraftChanges(app.applicationId)).map((c) => ({ ...c, name: c.by === 'contact' ? undefined : (byId.get(c.by) ?? 'removed collaborator') }));
  return { ...view, collaborators, history };
}

/** The fields a merge patch touches, as paths (`organisation.contact.email`, `budget.lines`). */
function changedPaths(patch: unknown, prefix = ''): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return [prefix];
  return Object.entries(patch).flatMap(([key, value]) => changedPaths(value, prefix ? `${prefix}.${key}` : key));
}

/** The contact invites a colleague to work on the draft: a token of their own, emailed to them with a link into the form. */
async function inviteCollaborator(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  requireContact(role, 'invite collaborators');
  const input = parseJson(event, CollaboratorInput);
  requireDraft(app);
  const active = (app.collaborators ?? []).filter((c) => !c.removedAt);
  if (active.some((c) => c.email.trim().toLowerCase() === input.email.trim().toLowerCase())) {
    throw new HttpError(409, 'ALREADY_A_COLLABORATOR', 'This address already works on the application.', [{ path: 'email', message: 'is already a collaborator' }]);
  }
  const token = newSecret();
  const collaborator = { collaboratorId: newId(), email: input.email, ...(input.name ? { name: input.name } : {}), tokenHash: sha256(token), addedAt: nowIso() };
  if (!(await addCollaborator(app.applicationId, collaborator, active.length))) {
    throw new HttpError(409, 'TOO_MANY_COLLABORATORS', `An application has at most ${MAX_COLLABORATORS} collaborators at once.`, [{ path: 'email', message: `would be collaborator ${MAX_COLLABORATORS + 1}` }]);
  }
  const call = await getCall(app.callId);
  const lang = app.input.language ?? 'en';
  const t = ORG_TEXT[lang];
  const link = `${baseUrl(event)}/apply/${encodeURIComponent(app.callId)}?lang=${lang}#${new URLSearchParams({ id: app.applicationId, token }).toString()}`;
  try {
    // The link confirms the address when used; to an address already mailed and not confirmed, nothing (shared/contact-confirmation.ts).
    await mailTypedAddress(input.email, () => ({
      to: input.email,
      subject: t.inviteSubject(app.input.organisation.name),
      text: t.inviteBody(input.name, app.input.organisation.name, call?.title ?? '', link),
    }));
  } catch (error) {
    logger.warn('collaborator email not sent', { applicationId: app.applicationId, errorName: (error as Error).name });
  }
  await audit({ at: collaborator.addedAt, actor: 'applicant', action: 'application.collaborator.add', subject: { applicationId: app.applicationId, collaboratorId: collaborator.collaboratorId } });
  logger.info('collaborator invited', { applicationId: app.applicationId, collaboratorId: collaborator.collaboratorId });
  return json(201, { collaboratorId: collaborator.collaboratorId, email: collaborator.email, name: collaborator.name, addedAt: collaborator.addedAt });
}

/** The contact removes a collaborator: their link stops at once. Removing again answers 404. */
async function removeCollaboratorRoute(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  requireContact(role, 'remove collaborators');
  const collaboratorId = pathParam(event, 'collaboratorId');
  const at = nowIso();
  if (!(await removeCollaborator(app, collaboratorId, at))) throw notFound();
  await audit({ at, actor: 'applicant', action: 'application.collaborator.remove', subject: { applicationId: app.applicationId, collaboratorId } });
  logger.info('collaborator removed', { applicationId: app.applicationId, collaboratorId });
  return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
}

/**
 * Reopens a decided application for its NGO to correct, while the call is
 * open (and `editsUntilClose` allows it): back to draft, the intake's result
 * set aside; submitting again runs the intake again, once. Reopening a draft
 * is a no-op (idempotent).
 */
async function reopen(event: HttpEvent) {
  const { app, role } = await authorisedApplication(event);
  requireContact(role, 'reopen the application');
  const call = await getCall(app.callId);
  if (!call) throw notFound();
  if (app.status !== 'draft') {
    if (app.status === 'withdrawn') throw notADraft(app);
    if (app.status === 'submitted') {
      throw new HttpError(409, 'INTAKE_IN_PROGRESS', 'The application is being checked; it can be reopened once the result is in (in a minute or so).');
    }
    if (!applicantActions(app, call, now()).reopen) {
      if (call.editsUntilClose === false) {
        throw new HttpError(409, 'EDITS_NOT_ALLOWED', 'This call does not allow submitted applications to be reopened.', [{ path: 'editsUntilClose', message: 'is false for this call' }]);
      }
      throw new HttpError(409, 'CALL_CLOSED', 'The call has closed: the application can no longer change.');
    }
    const at = nowIso();
    if (!isPastDraft(app) || !(await reopenApplication(app, at))) {
      throw new HttpError(409, 'APPLICATION_CHANGED', 'The application changed meanwhile; read it again.');
    }
    await audit({ at, actor: 'applicant', action: 'application.reopen', subject: { applicationId: app.applicationId, callId: app.callId }, before: { status: app.status } , after: { status: 'draft' } });
    logger.info('application reopened', { applicationId: app.applicationId });
  }
  const [current, documents] = await Promise.all([getApplicationRecord(app.applicationId), listDocuments(app.applicationId)]);
  return json(200, await viewFor(current!, role, documents, call));
}

export const handler = httpApi({
  'POST /calls/{callId}/applications': createDraft,
  'POST /applications/{applicationId}/documents': requestUpload,
  'POST /applications/{applicationId}/submit': submit,
  'GET /applications/{applicationId}': getStatus,
  'PATCH /applications/{applicationId}': patchDraft,
  'POST /applications/{applicationId}/reopen': reopen,
  'POST /applications/{applicationId}/confirm': confirmContact,
  'POST /applications/{applicationId}/collaborators': inviteCollaborator,
  'DELETE /applications/{applicationId}/collaborators/{collaboratorId}': removeCollaboratorRoute,
});

