// Review tasks: one per (application, reviewer).
//   pk=APP#<applicationId>  sk=REVIEW#<reviewerId>
//   gsi1pk=CALL#<callId>#REVIEWS  gsi1sk=<applicationId>#<reviewerId>   (all reviews of a call)
// The task token of the waiting workflow step is stored here, on the server;
// the reviewer's link only carries an opaque reference.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Affinity } from '../domain/assignment.ts';
import { documentClient } from '../adapters/aws.ts';
import { keys, updateIf, queryAll, tableName, withoutKeys } from './table.ts';

/** `reassigned`: the secretariat gave the review to another reviewer while it was waiting. */
export type ReviewStatus = 'assigned' | 'requested' | 'submitted' | 'declined' | 'expired' | 'reassigned';

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
  /** Set when the secretariat reassigned the review by hand: to whom, who did, and why. */
  reassignedTo?: string;
  reassignedBy?: string;
  reassignReason?: string;
}

const key = (applicationId: string, reviewerId: string) => ({ pk: keys.application(applicationId).pk, sk: `REVIEW#${reviewerId}` });

export async function putReview(review: ReviewRecord): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...key(review.applicationId, review.reviewerId),
        gsi1pk: `CALL#${review.callId}#REVIEWS`,
        gsi1sk: `${review.applicationId}#${review.reviewerId}`,
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
  return updateIf({
    Key: key(applicationId, reviewerId),
    UpdateExpression: `SET ${sets.join(', ')}`,
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

const strip = (item: Record<string, unknown>): ReviewRecord => withoutKeys(item) as unknown as ReviewRecord;
