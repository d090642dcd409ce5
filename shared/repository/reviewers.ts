// Reviewers of a call. Keys (see table.ts):
//   pk=CALL#<callId>  sk=REVIEWER#<reviewerId>        the reviewer
//   pk=CALL#<callId>  sk=REVIEWER-EMAIL#<sha256>      guard: one registration per email per call
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewerInput } from '../api/schemas.ts';
import { documentClient } from '../adapters/aws.ts';
import { sha256 } from '../ids.ts';
import { GuardTakenError, keys, putAllGuarded, queryAll, tableName, updateIf } from './table.ts';

export interface Reviewer extends ReviewerInput {
  reviewerId: string;
  callId: string;
  /** Applications currently assigned. */
  load: number;
  createdAt: string;
  /** The reviewer's page for this call (functions/reviewer-page): when they were first sent its link. */
  invitedAt?: string;
  /** The hashes of every link to their page that was emailed (the references themselves are never kept), moved later together. */
  pageLinks?: string[];
  /** The digest reminders sent, as `<deadline>/<days before>` keys (shared/domain/reviewer-tasks.ts). */
  digestsSent?: string[];
}

export class DuplicateReviewerError extends Error {
  override name = 'DuplicateReviewerError';
  constructor(readonly index: number) {
    super('A reviewer with this email is already registered for this call');
  }
}

const emailGuard = (callId: string, email: string) => ({ pk: keys.call(callId).pk, sk: `REVIEWER-EMAIL#${sha256(email.trim().toLowerCase())}` });

/** Registers reviewers all at once: if one email is already registered, none is. */
export async function addReviewers(reviewers: Reviewer[]): Promise<void> {
  try {
    await putAllGuarded(
      reviewers.map((reviewer) => ({
        guard: emailGuard(reviewer.callId, reviewer.email),
        item: { pk: keys.call(reviewer.callId).pk, sk: `REVIEWER#${reviewer.reviewerId}`, entity: 'reviewer', ...reviewer },
      })),
    );
  } catch (error) {
    if (error instanceof GuardTakenError) throw new DuplicateReviewerError(error.index);
    throw error;
  }
}

export async function listReviewers(callId: string): Promise<Reviewer[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.call(callId).pk, ':prefix': 'REVIEWER#' },
  });
  return items as unknown as Reviewer[];
}

export async function addToLoad(callId: string, reviewerId: string, delta: number): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: keys.call(callId).pk, sk: `REVIEWER#${reviewerId}` },
      UpdateExpression: 'ADD #load :delta',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#load': 'load' },
      ExpressionAttributeValues: { ':delta': delta },
    }),
  );
}

export async function getReviewer(callId: string, reviewerId: string): Promise<Reviewer | undefined> {
  return (await listReviewers(callId)).find((r) => r.reviewerId === reviewerId);
}

const reviewerKey = (callId: string, reviewerId: string) => ({ pk: keys.call(callId).pk, sk: `REVIEWER#${reviewerId}` });

/**
 * Records that the reviewer is invited to their page, once: false if they
 * already were (the invitation step ran twice, or a task-added email went
 * first). Recorded before the email is sent; `uninvite` takes it back if
 * sending fails, so that a retry sends it.
 */
export async function markInvited(callId: string, reviewerId: string, at: string): Promise<boolean> {
  return updateIf({
    Key: reviewerKey(callId, reviewerId),
    UpdateExpression: 'SET invitedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(invitedAt)',
    ExpressionAttributeValues: { ':at': at },
  });
}

export async function uninvite(callId: string, reviewerId: string, at: string): Promise<void> {
  await updateIf({
    Key: reviewerKey(callId, reviewerId),
    UpdateExpression: 'REMOVE invitedAt',
    ConditionExpression: 'invitedAt = :at',
    ExpressionAttributeValues: { ':at': at },
  });
}

/** Keeps the hash of a link to the reviewer's page (to move its expiry with the others). */
export async function addPageLink(callId: string, reviewerId: string, hash: string): Promise<void> {
  await updateIf({
    Key: reviewerKey(callId, reviewerId),
    UpdateExpression: 'SET pageLinks = list_append(if_not_exists(pageLinks, :empty), :hash)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':empty': [], ':hash': [hash] },
  });
}

/**
 * Records digest keys as sent, all or none: the write fails if any of them
 * was recorded meanwhile (a tick running twice), so a digest goes out once.
 */
export async function recordDigest(callId: string, reviewerId: string, digestKeys: readonly string[]): Promise<boolean> {
  const values: Record<string, unknown> = { ':empty': [], ':keys': [...digestKeys] };
  const fresh = digestKeys.map((k, i) => {
    values[`:k${i}`] = k;
    return `NOT contains(digestsSent, :k${i})`;
  });
  return updateIf({
    Key: reviewerKey(callId, reviewerId),
    UpdateExpression: 'SET digestsSent = list_append(if_not_exists(digestsSent, :empty), :keys)',
    ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(digestsSent) OR (${fresh.join(' AND ')}))`,
    ExpressionAttributeValues: values,
  });
}
