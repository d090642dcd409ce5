// The Board's vote on a call: ballots, votes and decisions.
//   pk=CALL#<callId>  sk=BALLOT#<round>#<trusteeId>                 one ballot per trustee per vote round
//   pk=CALL#<callId>  sk=VOTE#<round>#<applicationId>#<trusteeId>   one vote per trustee per project, append-only
//   pk=CALL#<callId>  sk=DECISION#<applicationId>                   the Board's decision on a project, with its tally
// Round 1 is the slate; each reserve offer is a round of its own.
// A ballot is cast in one transaction: every vote is a put on the condition
// that it does not exist yet, and the ballot moves from `requested` to
// `cast` on the condition that it was `requested`. Nothing updates or
// deletes a vote.
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import type { Tally, Vote } from '../domain/tally.ts';
import { conditionFailed, keys, putIfAbsent, queryAll, tableName, transactionConditionFailed, updateIf, withoutKeys } from './table.ts';

export type BallotStatus = 'pending' | 'requested' | 'cast';

export interface Ballot {
  callId: string;
  round: number;
  trusteeId: string;
  status: BallotStatus;
  deadline: string;
  taskToken?: string;
  requestedAt?: string;
  castAt?: string;
  remindersSent?: number[];
}

export interface VoteRecord {
  callId: string;
  round: number;
  applicationId: string;
  trusteeId: string;
  vote: Vote;
  castAt: string;
}

/**
 * The Board's outcome on a slate project, `not-on-slate` for a ranked
 * application left on the reserve list, or `withdrawn` for a project its NGO
 * withdrew while the Board was voting (the votes are kept; no grant).
 */
export type DecisionOutcome = Tally['outcome'] | 'not-on-slate' | 'withdrawn';

export interface Decision {
  callId: string;
  applicationId: string;
  outcome: DecisionOutcome;
  /** Which rule decided: the tally's, or NOT_ON_SLATE. */
  rule: Tally['rule'] | 'NOT_ON_SLATE' | 'WITHDRAWN';
  /** The amount of the slate the Board voted on (0 off the slate). */
  amountUsd: number;
  /** Who voted what, who recused, and the counts (projects of the slate only). */
  tally?: Tally;
  /** The vote round that decided it (1: the slate; more: a reserve offer). */
  round?: number;
  /** What a reserve offer's decision replaced. */
  previous?: { outcome: DecisionOutcome; rule: Decision['rule']; decidedAt: string };
  decidedAt: string;
  grantId?: string;
  notifiedAt?: string;
}

const ballotKey = (callId: string, round: number, trusteeId: string) => ({ pk: keys.call(callId).pk, sk: `BALLOT#${round}#${trusteeId}` });
const voteKey = (callId: string, round: number, applicationId: string, trusteeId: string) => ({
  pk: keys.call(callId).pk,
  sk: `VOTE#${round}#${applicationId}#${trusteeId}`,
});
const decisionKey = (callId: string, applicationId: string) => ({ pk: keys.call(callId).pk, sk: `DECISION#${applicationId}` });

const listOf = async <T>(callId: string, prefix: string): Promise<T[]> =>
  (await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.call(callId).pk, ':prefix': prefix },
    ConsistentRead: true,
  })) as unknown as T[];

/** Creates the ballot unless it exists (a re-driven vote keeps the ballots it has). */
export const createBallot = (ballot: Ballot): Promise<boolean> =>
  putIfAbsent({ ...ballotKey(ballot.callId, ballot.round, ballot.trusteeId), entity: 'ballot', ...ballot });

export async function getBallot(callId: string, round: number, trusteeId: string): Promise<Ballot | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: ballotKey(callId, round, trusteeId), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as Ballot) : undefined;
}

/** The ballots of a round, or of every round. */
export const listBallots = (callId: string, round?: number) => listOf<Ballot>(callId, round ? `BALLOT#${round}#` : 'BALLOT#');
export const listVotes = (callId: string, round: number) => listOf<VoteRecord>(callId, `VOTE#${round}#`);
export const listDecisions = (callId: string) => listOf<Decision>(callId, 'DECISION#');

/** Changes a ballot while it is in one of the expected statuses; false otherwise. */
export async function updateBallot(ballot: Pick<Ballot, 'callId' | 'round' | 'trusteeId'>, changes: Partial<Ballot>, expected: BallotStatus[]): Promise<boolean> {
  const entries = Object.entries(changes);
  return updateIf({
    Key: ballotKey(ballot.callId, ballot.round, ballot.trusteeId),
    UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
    ConditionExpression: `#status IN (${expected.map((_, i) => `:s${i}`).join(', ')})`,
    ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])) },
    ExpressionAttributeValues: {
      ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      ...Object.fromEntries(expected.map((s, i) => [`:s${i}`, s])),
    },
  });
}

export class AlreadyVotedError extends Error {
  override name = 'AlreadyVotedError';
}

/** At most this many votes on one ballot: a transaction holds 100 writes, one of them the ballot's. */
export const MAX_BALLOT_PROJECTS = 99;

/** Casts a ballot: all its votes and the ballot's new status at once, or nothing (AlreadyVotedError). */
export async function castBallot(ballot: Pick<Ballot, 'callId' | 'round' | 'trusteeId'>, votes: VoteRecord[], castAt: string): Promise<void> {
  const { callId, round, trusteeId } = ballot;
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: ballotKey(callId, round, trusteeId),
              UpdateExpression: 'SET #status = :cast, castAt = :at REMOVE taskToken',
              ConditionExpression: '#status = :requested',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':cast': 'cast', ':requested': 'requested', ':at': castAt },
            },
          },
          ...votes.map((v) => ({
            Put: {
              TableName: tableName(),
              Item: { ...voteKey(callId, round, v.applicationId, trusteeId), entity: 'vote', ...v },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        ],
      }),
    );
  } catch (error) {
    if (transactionConditionFailed(error)) throw new AlreadyVotedError('This ballot was already cast');
    throw error;
  }
}

/** Records a decision once; false if it was already recorded (a re-driven tally changes nothing). */
export const putDecision = (decision: Decision): Promise<boolean> =>
  putIfAbsent({ ...decisionKey(decision.callId, decision.applicationId), entity: 'decision', ...decision });

/** Marks the applicant told, once: false if someone already did. */
export async function markDecisionNotified(callId: string, applicationId: string, at: string): Promise<boolean> {
  return updateIf({
    Key: decisionKey(callId, applicationId),
    UpdateExpression: 'SET notifiedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(notifiedAt)',
    ExpressionAttributeValues: { ':at': at },
  });
}

/**
 * A reserve offer's decision replaces the `not-on-slate` one of its
 * application, once (condition: it is still `not-on-slate`); the applicant is
 * told again. False if it was replaced already.
 */
export async function replaceReserveDecision(decision: Decision, previous: Decision): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...decisionKey(decision.callId, decision.applicationId),
          entity: 'decision',
          ...decision,
          previous: { outcome: previous.outcome, rule: previous.rule, decidedAt: previous.decidedAt },
        },
        ConditionExpression: 'outcome = :reserve',
        ExpressionAttributeValues: { ':reserve': 'not-on-slate' },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}
