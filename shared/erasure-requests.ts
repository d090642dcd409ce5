// Erasure on request, four eyes: one member of the secretariat asks, with a
// reason; a different member confirms, and only then is anything erased
// (shared/erasure.ts). The request is kept on the application
// (`erasureRequest`: who, when, why; the reason is the fund's own words and
// stays after the erasure, as the record of why it happened early), and
// both steps are audited with who did them, never the reason or any content.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './adapters/aws.ts';
import { eraseApplication, type ErasureOutcome } from './erasure.ts';
import { HttpError, notFound } from './http/errors.ts';
import { audit } from './repository/audit.ts';
import { getGrant, grantIdOf } from './repository/grants.ts';
import { keys, tableName, updateIf } from './repository/table.ts';
import type { ApplicationStatus } from './domain/vocabulary.ts';

/** Statuses of an application still before the call's decisions: erasing it would pull it from under its review. */
const IN_PROGRESS: readonly ApplicationStatus[] = ['submitted', 'eligible', 'in-review', 'reviewed'];

export interface ErasureRequest {
  requestedBy: string;
  requestedAt: string;
  reason: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

async function erasable(applicationId: string) {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.application(applicationId), ConsistentRead: true }));
  if (!Item) throw notFound();
  if (Item.erasure?.completedAt) {
    throw new HttpError(409, 'ALREADY_ERASED', "This application's personal data has already been erased.", [{ path: 'erasure.completedAt', message: `is ${Item.erasure.completedAt}` }]);
  }
  const grant = await getGrant(grantIdOf(applicationId));
  if (grant?.status === 'active') {
    throw new HttpError(409, 'GRANT_ACTIVE', 'A grant still running keeps its records until it closes: its reports and payments are still due.', [
      { path: 'grant', message: `${grant.grantId} is active (ends ${grant.schedule.endDate})` },
    ]);
  }
  if (IN_PROGRESS.includes(Item.status)) {
    throw new HttpError(409, 'APPLICATION_IN_PROGRESS', 'The application is still before the call; it can be erased once decided or withdrawn.', [
      { path: 'status', message: `is ${Item.status}` },
    ]);
  }
  return Item as { status: ApplicationStatus; callId: string; erasureRequest?: ErasureRequest };
}

/** The pending request of an application, if any (for the dashboard and the API). */
export async function erasureState(applicationId: string): Promise<{ request?: ErasureRequest; completedAt?: string }> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.application(applicationId), ConsistentRead: true }));
  if (!Item) throw notFound();
  return { ...(Item.erasureRequest ? { request: Item.erasureRequest } : {}), ...(Item.erasure?.completedAt ? { completedAt: Item.erasure.completedAt } : {}) };
}

/** The first member: asks for the erasure, with a reason. One request at a time. */
export async function requestErasureAs(actor: string, applicationId: string, reason: string, at: Date): Promise<ErasureRequest> {
  const app = await erasable(applicationId);
  const request: ErasureRequest = { requestedBy: actor, requestedAt: at.toISOString(), reason };
  const made = await updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET erasureRequest = :request',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasureRequest)',
    ExpressionAttributeValues: { ':request': request },
  });
  if (!made) {
    throw new HttpError(409, 'ERASURE_REQUESTED', 'An erasure of this application is already waiting for a second member to confirm it.', [
      { path: 'erasureRequest', message: `requested at ${app.erasureRequest?.requestedAt ?? 'an earlier time'}` },
    ]);
  }
  await audit({ at: request.requestedAt, actor, action: 'application.erasure.request', subject: { applicationId, callId: app.callId }, after: { requestedBy: actor } });
  return request;
}

/** The second member: confirms, and the erasure runs (again, if an earlier confirmation crashed half-way). */
export async function confirmErasureAs(actor: string, applicationId: string, at: Date): Promise<ErasureOutcome & { request: ErasureRequest }> {
  const app = await erasable(applicationId);
  const request = app.erasureRequest;
  if (!request) {
    throw new HttpError(409, 'NO_ERASURE_REQUEST', 'Nothing to confirm: a member must first request the erasure, with a reason.', [{ path: 'erasureRequest', message: 'is absent' }]);
  }
  if (request.requestedBy === actor) {
    throw new HttpError(403, 'FOUR_EYES', 'The member who requested the erasure cannot also confirm it; another member of the secretariat must.', [
      { path: 'confirmedBy', message: 'is the member who requested it' },
    ]);
  }
  let confirmed = request;
  if (!request.confirmedBy) {
    confirmed = { ...request, confirmedBy: actor, confirmedAt: at.toISOString() };
    const made = await updateIf({
      Key: keys.application(applicationId),
      UpdateExpression: 'SET erasureRequest = :confirmed',
      ConditionExpression: 'erasureRequest.requestedAt = :requestedAt AND attribute_not_exists(erasureRequest.confirmedBy)',
      ExpressionAttributeValues: { ':confirmed': confirmed, ':requestedAt': request.requestedAt },
    });
    if (!made) confirmed = (await erasureState(applicationId)).request ?? confirmed;
  }
  const outcome = await eraseApplication(applicationId, { kind: 'request', requestedBy: request.requestedBy, confirmedBy: confirmed.confirmedBy ?? actor }, at);
  return { ...outcome, request: confirmed };
}
