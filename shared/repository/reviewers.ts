// Reviewers of a call. Keys (see table.ts):
//   pk=CALL#<callId>  sk=REVIEWER#<reviewerId>        the reviewer
//   pk=CALL#<callId>  sk=REVIEWER-EMAIL#<sha256>      guard: one registration per email per call
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewerInput } from '../api/schemas.ts';
import { documentClient } from '../adapters/aws.ts';
import { sha256 } from '../ids.ts';
import { GuardTakenError, keys, putAllGuarded, queryAll, tableName } from './table.ts';

export interface Reviewer extends ReviewerInput {
  reviewerId: string;
  callId: string;
  /** Applications currently assigned. */
  load: number;
  createdAt: string;
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
