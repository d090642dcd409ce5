// Review tasks: one per (application, reviewer).
//   pk=APP#<applicationId>  sk=REVIEW#<reviewerId>
//   gsi1pk=CALL#<callId>#REVIEWS  gsi1sk=<applicationId>#<reviewerId>   (all reviews of a call)
//   gsi2pk=CALL#<callId>#REVIEWER#<reviewerId>  gsi2sk=<applicationId>   (a reviewer's tasks: their page)
// The task token of the waiting workflow step is stored here, on the server;
// the reviewer's link only carries an opaque reference.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Affinity } from '../domain/assignment.ts';
import { documentClient } from '../adapters/aws.ts';
import { keys, updateIf, queryAll, tableName, withoutKeys } from './table.ts';

/** `reassigned`: the secretariat gave the review to another reviewer while it was waiting; `cancelled`: the applicant withdrew the application. */
export type ReviewStatus = 'assigned' | 'requested' | 'submitted' | 'declined' | 'expired' | 'reassigned' | 'cancelled';

export interface ReviewRecord {
  callId: string;
  applicationId: string;
  reviewerId: string;
  status: ReviewStatus;
  /** Why this reviewer: the affinity components at assignment time. */
  affinity: Affinity;
  assignedAt: string;
  deadline?: string;
  requestedAt?: string;
  taskToken?: string;
  linkHash?: string;
  scores?: Record<string, number>;
  total?: number;
  comments?: string;
  declineReason?: string;
  answeredAt?: string;
  remindersSent?: number[];
  /**
   * The reviewer's declaration of interests, made on their page before the
   * application is shown: none, or a conflict with its reason (which
   * declines the review: the task goes to the best remaining reviewer).
   */
  declaration?: { conflict: boolean; reason?: string; at: string; foundWhileReading?: boolean };
  /** Scores and comments saved on the page, to finish later (a submission replaces them by the final ones). */
  draft?: { scores: Record<string, number>; comments: string; savedAt: string };
  /** `reassignment`: the task came to this reviewer after another declined, declared a conflict, missed the deadline or was replaced. */
  addedBy?: 'assignment' | 'reassignment';
  /** When the reviewer was told by email that this task was taken away (deadline passed). */
  takenAwayToldAt?: string;
  /** Set when the secretariat reassigned the review by hand: to whom, who did, and why. */
  reassignedTo?: string;
  reassignedBy?: string;
  reassignReason?: string;
}

const reviewerTasksKey = (callId: string, reviewerId: string) => `CALL#${callId}#REVIEWER#${reviewerId}`;

const key = (applicationId: string, reviewerId: string) => ({ pk: keys.application(applicationId).pk, sk: `REVIEW#${reviewerId}` });

export async function putReview(review: ReviewRecord): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key(review.applicationId, review.reviewerId),
        gsi1pk: `CALL#${review.callId}#REVIEWS`,
        gsi1sk: `${review.applicationId}#${review.reviewerId}`,
        gsi2pk: reviewerTasksKey(review.callId, review.reviewerId),
        gsi2sk: review.applicationId,
        entity: 'review',
        ...review,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getReview(applicationId: string, reviewerId: string): Promise<ReviewRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: key(applicationId, reviewerId), ConsistentRead: true }),
  );
  return Item ? strip(Item) : undefined;
}

export async function updateReview(
  applicationId: string,
  reviewerId: string,
  changes: Partial<ReviewRecord>,
  expectedStatus?: ReviewStatus[],
  /** A further condition on the record, e.g. `declaration.conflict = :no` (its values named in `values`), and fields to remove. */
  also: { condition?: string; names?: Record<string, string>; values?: Record<string, unknown>; remove?: readonly (keyof ReviewRecord)[] } = {},
): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(changes).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  let condition = 'attribute_exists(pk)';
  if (expectedStatus) {
    names['#status'] = 'status';
    condition += ` AND #status IN (${expectedStatus.map((status, i) => {
      values[`:s${i}`] = status;
      return `:s${i}`;
    })})`;
  }
  if (also.condition) {
    condition += ` AND (${also.condition})`;
    Object.assign(names, also.names);
    Object.assign(values, also.values);
  }
  const removes = (also.remove ?? []).map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  return updateIf({
    Key: key(applicationId, reviewerId),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

export async function listReviewsOfApplication(applicationId: string): Promise<ReviewRecord[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':prefix': 'REVIEW#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map(strip);
}

export async function listReviewsOfCall(callId: string): Promise<ReviewRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `CALL#${callId}#REVIEWS` },
  });
  return items as unknown as ReviewRecord[];
}

/** One reviewer's tasks in a call (their page), by application id. */
export async function listReviewsOfReviewer(callId: string, reviewerId: string): Promise<ReviewRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': reviewerTasksKey(callId, reviewerId) },
  });
  return items.map(strip);
}

const strip = (item: Record<string, unknown>): ReviewRecord => withoutKeys(item) as unknown as ReviewRecord;
