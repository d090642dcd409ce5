import { inspectUpload, presignUpload, UPLOAD_EXPIRY_SECONDS } from '#shared/adapters/documents.ts';
import { emailSender } from '#shared/adapters/email.ts';
import { startIntake } from '#shared/adapters/workflows.ts';
import { ApplicationInput, DocumentUploadRequest } from '#shared/api/schemas.ts';
import { applicantView, requiredDocuments } from '#shared/api/views.ts';
import { now, nowIso } from '#shared/clock.ts';
import { DOCUMENT_KEY_PREFIX, DOCUMENT_KIND_LABELS, DOCUMENT_KINDS } from '#shared/domain/vocabulary.ts';
import { draftCreatedEmail, statusLink } from '#shared/email/templates.ts';
import { bearerToken, httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { HttpError, notFound } from '#shared/http/errors.ts';
import { newId, newSecret, secretMatches, sha256 } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import {
  createApplication,
  DuplicateApplicationError,
  getApplication,
  listDocuments,
  markSubmitted,
  putDocument,
  saveDocumentCheck,
  type Application,
} from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';

/** Links in emails point at the configured public URL, or at the host the request came to. */
function baseUrl(event: HttpEvent): string {
  return process.env.PUBLIC_BASE_URL || `https://${event.requestContext.domainName}`;
}

/** The application behind the path, if the bearer token is its access token; 404 otherwise, whichever part was wrong. */
async function authorisedApplication(event: HttpEvent): Promise<Application> {
  const token = bearerToken(event);
  const app = await getApplication(pathParam(event, 'applicationId'));
  if (!app || !token || !secretMatches(token, app.accessTokenHash)) throw notFound();
  return app;
}

async function createDraft(event: HttpEvent) {
  const input = parseJson(event, ApplicationInput);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  const accessToken = newSecret();
  const app: Application = {
    applicationId: newId(),
    callId: call.callId,
    status: 'draft',
    input,
    accessTokenHash: sha256(accessToken),
    createdAt: nowIso(),
  };
  try {
    await createApplication(app);
  } catch (error) {
    if (error instanceof DuplicateApplicationError) {
      throw new HttpError(
        409,
        'DUPLICATE_APPLICATION',
        'This organisation (registration country and number) has already applied to this call.',
        [{ path: 'organisation.registrationNumber', message: 'already has an application in this call' }],
      );
    }
    throw error;
  }
  logger.info('application draft created', { applicationId: app.applicationId, callId: call.callId });
  try {
    await emailSender().send(draftCreatedEmail(app, call, accessToken, baseUrl(event)));
  } catch (error) {
    // The draft is saved and the token is in the response; a lost email must not lose the application.
    logger.warn('draft email not sent', { applicationId: app.applicationId, errorName: (error as Error).name });
  }
  return json(
    201,
    {
      applicationId: app.applicationId,
      callId: call.callId,
      status: app.status,
      accessToken,
      statusUrl: statusLink(baseUrl(event), app.applicationId),
      requiredDocuments: requiredDocuments(),
    },
    { location: `/applications/${app.applicationId}` },
  );
}

function requireDraft(app: Application): void {
  if (app.status !== 'draft') {
    throw new HttpError(409, 'APPLICATION_ALREADY_SUBMITTED', 'The application has been submitted and can no longer change.');
  }
}

async function requestUpload(event: HttpEvent) {
  const app = await authorisedApplication(event);
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
 * Submission checks every required document in the bucket first. A missing or
 * invalid document answers 422 and leaves the draft as it was, so the
 * applicant can fix it: refusing an application for a failed upload would help
 * nobody. (Intake checks the documents again; DOCUMENT_MISSING / _INVALID catch
 * anything that changed in between.)
 */
async function submit(event: HttpEvent) {
  const app = await authorisedApplication(event);
  if (app.status === 'submitted') {
    await startIntake(app.applicationId); // idempotent: re-drives an intake whose start was lost
  }
  if (app.status !== 'draft') {
    return json(202, { applicationId: app.applicationId, status: app.status, submittedAt: app.submittedAt });
  }
  const documents = await listDocuments(app.applicationId);
  const problems: { path: string; message: string }[] = [];
  for (const kind of DOCUMENT_KINDS) {
    const doc = documents.find((d) => d.kind === kind);
    if (!doc) {
      problems.push({ path: `documents.${kind}`, message: `${DOCUMENT_KIND_LABELS[kind]} is not uploaded` });
      continue;
    }
    const check = await inspectUpload(kind, doc.key, doc.contentType);
    await saveDocumentCheck(app.applicationId, kind, { ...check, checkedAt: nowIso() });
    if (check.status === 'missing') {
      problems.push({ path: `documents.${kind}`, message: `${DOCUMENT_KIND_LABELS[kind]} is not uploaded` });
    } else if (check.status === 'invalid') {
      problems.push({ path: `documents.${kind}`, message: `${DOCUMENT_KIND_LABELS[kind]}: ${check.problem}` });
    }
  }
  if (problems.length > 0) {
    throw new HttpError(422, 'DOCUMENTS_INCOMPLETE', 'Some documents are missing or invalid.', problems);
  }
  const submittedAt = nowIso();
  if (await markSubmitted(app.applicationId, submittedAt)) {
    logger.info('application submitted', { applicationId: app.applicationId, callId: app.callId });
  }
  await startIntake(app.applicationId);
  const current = (await getApplication(app.applicationId))!;
  return json(202, { applicationId: current.applicationId, status: current.status, submittedAt: current.submittedAt });
}

async function getStatus(event: HttpEvent) {
  const app = await authorisedApplication(event);
  const [documents, call] = await Promise.all([listDocuments(app.applicationId), getCall(app.callId)]);
  return json(200, applicantView(app, documents, call));
}

export const handler = httpApi({
  'POST /calls/{callId}/applications': createDraft,
  'POST /applications/{applicationId}/documents': requestUpload,
  'POST /applications/{applicationId}/submit': submit,
  'GET /applications/{applicationId}': getStatus,
});

