import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallInput } from '../api/schemas.ts';
import type { StoredSlate } from '../domain/slate-changes.ts';
import { documentClient } from '../adapters/aws.ts';
import { conditionFailed, keys, updateIf, queryAll, tableName, withoutKeys } from './table.ts';

export interface CallReview {
  /** The call workflow's state: running, or blocked because some applications lack reviewers. */
  status: 'running' | 'blocked' | 'ranked';
  attempt: number;
  closedAt: string;
  shortfalls?: { applicationId: string; needed: number; assigned: number; eligibleReviewers: number; reason: string }[];
  rankedAt?: string;
  /** The deadline of the first assignment's reviews, one for all (set once the assignment is made); reassigned reviews get their own. */
  deadline?: string;
}

export interface Call extends CallInput {
  callId: string;
  createdAt: string;
  review?: CallReview;
  ranking?: RankingEntry[];
  slate?: StoredSlate;
  /** Kept on the server while the `call` workflow waits for the secretariat to submit the slate. */
  slateTaskToken?: string;
  /** Set once, when the secretariat sends the slate to the Board; the slate is frozen from then on. */
  slateSubmission?: { at: string; actor: string; trusteeIds: string[] };
  vote?: CallVote;
  /** Reserve projects offered to the Board when an approved grant was declined or cancelled (vote rounds 2, 3, ...). */
  offers?: ReserveOffer[];
}

export interface ReserveOffer {
  round: number;
  applicationId: string;
  amountUsd: number;
  /** The grant whose cancellation freed the budget. */
  freedBy: string;
  offeredAt: string;
  trusteeIds: string[];
  vote?: CallVote;
}

/**
 * One vote of the Board on a call: round 1 is the slate; each reserve offer
 * is a round of its own, with one project.
 */
export interface VoteRound {
  round: number;
  entries: { applicationId: string; amountUsd: number }[];
  trusteeIds: string[];
  startedAt: string;
  vote?: CallVote;
}

export function roundOf(call: Call, round: number): VoteRound | undefined {
  if (round === 1) {
    if (!call.slate || !call.slateSubmission) return undefined;
    return { round, entries: call.slate.entries, trusteeIds: call.slateSubmission.trusteeIds, startedAt: call.slateSubmission.at, vote: call.vote };
  }
  const offer = call.offers?.find((o) => o.round === round);
  if (!offer) return undefined;
  return { round, entries: [{ applicationId: offer.applicationId, amountUsd: offer.amountUsd }], trusteeIds: offer.trusteeIds, startedAt: offer.offeredAt, vote: offer.vote };
}

/** Every round that has started, in order. */
export const roundsOf = (call: Call): VoteRound[] =>
  [1, ...(call.offers ?? []).map((o) => o.round)].map((r) => roundOf(call, r)).filter((r) => r !== undefined);

export interface CallVote {
  status: 'open' | 'closed';
  openedAt: string;
  /** Ballots expire then: the vote closes when all have voted or at this time. */
  deadline: string;
  trusteeIds: string[];
  closedAt?: string;
  /** Projects without quorum: not decided, and the secretariat was told. */
  undecided?: string[];
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

export async function updateCall(callId: string, changes: Partial<Pick<Call, 'review' | 'ranking' | 'slate' | 'vote'>>): Promise<void> {
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

/**
 * Changes settings of a call (the index key follows `opensAt`). With
 * `whileNotClosed`, only if its review has not started meanwhile: false then.
 */
export async function editCall(callId: string, changes: Partial<CallInput>, whileNotClosed: boolean): Promise<boolean> {
  const entries = Object.entries(changes);
  const sets = entries.map((_, i) => `#f${i} = :v${i}`);
  const values: Record<string, unknown> = Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v]));
  if (changes.opensAt !== undefined) {
    sets.push('gsi1sk = :gsi1sk');
    values[':gsi1sk'] = `${changes.opensAt}#${callId}`;
  }
  return updateIf({
    Key: keys.call(callId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: whileNotClosed ? 'attribute_exists(pk) AND attribute_not_exists(review)' : 'attribute_exists(pk)',
    ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
    ExpressionAttributeValues: values,
  });
}

/**
 * Starts the review part of a call once: false if it is already running or
 * done. `closingAt`: the closing time the caller read and found passed (the
 * tick), so that a closing time moved meanwhile by the secretariat wins.
 */
export async function markReviewStarted(callId: string, review: CallReview, closingAt?: string): Promise<boolean> {
  return updateIf({
    Key: keys.call(callId),
    UpdateExpression: 'SET review = :review',
    ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(review) OR review.#status = :blocked)${closingAt ? ' AND closesAt = :closingAt' : ''}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':review': review, ':blocked': 'blocked', ...(closingAt ? { ':closingAt': closingAt } : {}) },
  });
}

export class SlateAlreadySubmittedError extends Error {
  override name = 'SlateAlreadySubmitted';
}

/**
 * Keeps the token of the workflow step that waits for the slate, unless the
 * slate was submitted already (then the step must not wait: the error's name
 * is what the workflow catches).
 */
export async function keepSlateTaskToken(callId: string, token: string): Promise<void> {
  const kept = await updateIf({
    Key: keys.call(callId),
    UpdateExpression: 'SET slateTaskToken = :token',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(slateSubmission)',
    ExpressionAttributeValues: { ':token': token },
  });
  if (!kept) throw new SlateAlreadySubmittedError(`The slate of call ${callId} was already submitted`);
}

/** Freezes the slate and records its submission, once; returns the call as written, or undefined if it was submitted already. */
export async function submitSlate(callId: string, slate: StoredSlate, submission: NonNullable<Call['slateSubmission']>): Promise<Call | undefined> {
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.call(callId),
        UpdateExpression: 'SET slate = :slate, slateSubmission = :submission',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(slateSubmission)',
        ExpressionAttributeValues: { ':slate': slate, ':submission': submission },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toCall(Attributes!);
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/** Takes a submission back (the workflow could not be resumed): the slate can be changed and submitted again. */
export async function withdrawSlateSubmission(callId: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({ TableName: tableName(), Key: keys.call(callId), UpdateExpression: 'REMOVE slateSubmission', ConditionExpression: 'attribute_exists(pk)' }),
  );
}

/** Where a round's vote is stored on the call item: `vote` for the slate, `offers[i].vote` for an offer. */
function votePath(call: Call, round: number): { expression: string; names: Record<string, string> } {
  if (round === 1) return { expression: '#vote', names: { '#vote': 'vote' } };
  const index = (call.offers ?? []).findIndex((o) => o.round === round);
  if (index < 0) throw new Error(`Call ${call.callId}: no round ${round}`);
  return { expression: `offers[${index}].#vote`, names: { '#vote': 'vote' } };
}

/** Opens a round's vote once; returns the vote as stored (the first one, if it was already open). */
export async function openVote(call: Call, round: number, vote: CallVote): Promise<CallVote> {
  const path = votePath(call, round);
  const opened = await updateIf({
    Key: keys.call(call.callId),
    UpdateExpression: `SET ${path.expression} = :vote`,
    ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(${path.expression})`,
    ExpressionAttributeNames: path.names,
    ExpressionAttributeValues: { ':vote': vote },
  });
  if (opened) return vote;
  return roundOf((await getCall(call.callId))!, round)!.vote!;
}

/** Replaces a round's vote (to close it). */
export async function setVote(call: Call, round: number, vote: CallVote): Promise<void> {
  const path = votePath(call, round);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.call(call.callId),
      UpdateExpression: `SET ${path.expression} = :vote`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: path.names,
      ExpressionAttributeValues: { ':vote': vote },
    }),
  );
}

/** Appends a reserve offer, unless another offer was added since `call` was read (false: read again). */
export async function addOffer(call: Call, offer: ReserveOffer): Promise<boolean> {
  const count = call.offers?.length ?? 0;
  return updateIf({
    Key: keys.call(call.callId),
    UpdateExpression: 'SET offers = list_append(if_not_exists(offers, :none), :offer)',
    ConditionExpression: count === 0 ? 'attribute_not_exists(offers)' : 'size(offers) = :count',
    ExpressionAttributeValues: { ':none': [], ':offer': [offer], ...(count === 0 ? {} : { ':count': count }) },
  });
}

/**
 * Takes a withdrawn application out of the call's ranking and out of the slate
 * being prepared (not once the slate has gone to the Board: from then on the
 * tally deals with it). The other projects keep their ranks.
 */
export async function removeFromRanking(callId: string, applicationId: string): Promise<void> {
  const call = await getCall(callId);
  if (!call?.ranking?.some((r) => r.applicationId === applicationId)) return;
  const keep = <T extends { applicationId: string }>(list: T[]) => list.filter((e) => e.applicationId !== applicationId);
  const slate = call.slate && { ...call.slate, entries: keep(call.slate.entries), reserve: keep(call.slate.reserve) };
  await updateIf({
    Key: keys.call(callId),
    UpdateExpression: slate ? 'SET ranking = :ranking, slate = :slate' : 'SET ranking = :ranking',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(slateSubmission)',
    ExpressionAttributeValues: { ':ranking': keep(call.ranking), ...(slate ? { ':slate': slate } : {}) },
  });
}
