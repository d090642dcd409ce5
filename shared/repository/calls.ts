import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallInput } from '../api/schemas.ts';
import type { StoredSlate } from '../domain/slate-changes.ts';
import { documentClient } from '../adapters/aws.ts';
import { keys, updateIf, queryAll, tableName, withoutKeys } from './table.ts';

export interface CallReview {
  /** The call workflow's state: running, or blocked because some applications lack reviewers. */
  status: 'running' | 'blocked' | 'ranked';
  attempt: number;
  closedAt: string;
  shortfalls?: { applicationId: string; needed: number; assigned: number; eligibleReviewers: number; reason: string }[];
  rankedAt?: string;
}

export interface Call extends CallInput {
  callId: string;
  createdAt: string;
  review?: CallReview;
  ranking?: RankingEntry[];
  slate?: StoredSlate;
}

export interface RankingEntry {
  applicationId: string;
  rank: number;
  finalScore: number;
  meanReview: number;
  priorityPoints: number;
  reviewTotals: number[];
  submittedAt: string;
  organisation: string;
  country: string;
  title: string;
  requestedUsd: number;
}

export async function putCall(call: Call): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.call(call.callId),
        gsi1pk: keys.callsIndex,
        gsi1sk: `${call.opensAt}#${call.callId}`,
        entity: 'call',
        ...call,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getCall(callId: string): Promise<Call | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.call(callId) }));
  return Item ? toCall(Item) : undefined;
}

export async function listCalls(): Promise<Call[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.callsIndex },
  });
  return items as unknown as Call[];
}

export const isOpen = (call: Pick<Call, 'opensAt' | 'closesAt'>, at: Date): boolean =>
  at.getTime() >= Date.parse(call.opensAt) && at.getTime() < Date.parse(call.closesAt);

const toCall = (item: Record<string, unknown>): Call => withoutKeys(item) as unknown as Call;

export async function updateCall(callId: string, changes: Partial<Pick<Call, 'review' | 'ranking' | 'slate'>>): Promise<void> {
  const entries = Object.entries(changes);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.call(callId),
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    }),
  );
}

/** Starts the review part of a call once: false if it is already running or done. */
export async function markReviewStarted(callId: string, review: CallReview): Promise<boolean> {
  return updateIf({
    Key: keys.call(callId),
    UpdateExpression: 'SET review = :review',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(review) OR review.#status = :blocked)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':review': review, ':blocked': 'blocked' },
  });
}
