// Single-table design. Access patterns and the keys that serve them:
//
// | access pattern                                   | key                                                        |
// |--------------------------------------------------|------------------------------------------------------------|
// | a call by id                                     | pk=CALL#<callId>            sk=META                        |
// | all calls, by opening time                       | gsi1pk=CALLS                gsi1sk=<opensAt>#<callId>      |
// | an application by id                             | pk=APP#<applicationId>      sk=META                        |
// | the applications of a call, by creation time     | gsi1pk=CALL#<callId>#APPS   gsi1sk=<createdAt>#<appId>     |
// | one application per organisation per call        | pk=CALL#<callId>            sk=ORG#<country>#<regNo>       |
// |   (guard item written in the same transaction)   |                                                            |
// | the documents of an application                  | pk=APP#<applicationId>      sk begins_with DOC#            |
// | a draft's changes, newest first (who, which fields) | pk=APP#<applicationId>   sk=CHANGE#<at>#<id>            |
// | the applications of a contact address            | pk=CONTACT#<sha256(address)> sk=APP#<applicationId>        |
// |   (written in the draft's transaction, moved with the address)                                               |
// | an organisation's applications and reports       | gsi2pk=ORG#<country>#<regNo> gsi2sk=APP#… / REPORT#…       |
// | the reviews of an application / of a call        | pk=APP#<appId> sk=REVIEW#<reviewerId>; gsi1pk=CALL#<id>#REVIEWS |
// | the reviewers of a call                          | pk=CALL#<callId>            sk=REVIEWER#<reviewerId>       |
// | the Board                                        | pk=BOARD                    sk=TRUSTEE#<trusteeId>         |
// | a link (review, ballot, report) by its hash      | pk=LINK#<sha256(ref)>       sk=META                        |
// | a call's ballots / votes of a round              | pk=CALL#<callId>  sk=BALLOT#<round>#… / VOTE#<round>#…     |
// | a call's decisions                               | pk=CALL#<callId>            sk=DECISION#<applicationId>    |
// | a grant; all grants by start date                | pk=GRANT#<grantId> sk=META; gsi1pk=GRANTS gsi1sk=<start>#… |
// | an organisation's grants                         | gsi2pk=ORG#<country>#<regNo> gsi2sk=GRANT#<grantId>        |
// | the audit log of a month, newest first           | pk=AUDIT#<yyyy-mm>          sk=<at>#<entryId>              |
// | an application's questions (questions.ts)        | pk=APP#<appId>  sk=QUESTION#<askedAt>#<questionId>         |
// | a call's questions still waiting (sparse)        | gsi1pk=CALL#<callId>#QUESTIONS gsi1sk=<askedAt>#<qId>      |
//
// Writes that must not race use conditions or transactions.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { paginateQuery, PutCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import { envGetter } from '../config.ts';

export const tableName = envGetter('TABLE_NAME');

export const keys = {
  call: (callId: string) => ({ pk: `CALL#${callId}`, sk: 'META' }),
  callsIndex: 'CALLS',
  application: (applicationId: string) => ({ pk: `APP#${applicationId}`, sk: 'META' }),
  callApplicationsIndex: (callId: string) => `CALL#${callId}#APPS`,
  organisationGuard: (callId: string, orgKey: string) => ({ pk: `CALL#${callId}`, sk: `ORG#${orgKey}` }),
  document: (applicationId: string, kind: string) => ({ pk: `APP#${applicationId}`, sk: `DOC#${kind}` }),
  organisationIndex: (orgKey: string) => `ORG#${orgKey}`,
};

/**
 * An organisation is identified by its registration country and number; the
 * number is compared without case, spaces or punctuation so that
 * "12-345/A" and "12345a" are the same registration.
 */
export { organisationKeyOf as organisationKey } from '../domain/profiles.ts';

/** Every item of a query, across pages, without the key attributes. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: documentClient() }, { TableName: tableName(), ...input })) {
    items.push(...(page.Items ?? []).map(withoutKeys));
  }
  return items;
}

/** An item as the domain sees it: without the table's key and index attributes. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, entity: _g, ...rest } = item;
  return rest;
}

/** True when a conditional write found its condition false (a race lost, a state already moved on). */
export const conditionFailed = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';

/** True when a transaction was cancelled because one of its conditions was false. */
export const transactionConditionFailed = (error: unknown): boolean =>
  error instanceof TransactionCanceledException && (error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed') ?? false);

/** Writes an item unless one with its key exists: true when written (so a re-run writes nothing twice). */
export async function putIfAbsent(item: Record<string, unknown> & { pk: string; sk: string }): Promise<boolean> {
  try {
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** A conditional update: true when it was made, false when its condition was false. */
export async function updateIf(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await documentClient().send(new UpdateCommand({ TableName: tableName(), ...input }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** A guard item (e.g. one registration per email) and the item it protects. */
export interface Guarded {
  guard: { pk: string; sk: string };
  item: Record<string, unknown> & { pk: string; sk: string };
}

export class GuardTakenError extends Error {
  override name = 'GuardTakenError';
  /** Which of the items had its guard taken. */
  constructor(readonly index: number) {
    super(`The guard of item ${index} is already taken`);
  }
}

/** Writes every item with its guard in one transaction: all or none; a taken guard names its item. */
export async function putAllGuarded(entries: Guarded[]): Promise<void> {
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: entries.flatMap(({ guard, item }) => [
          { Put: { TableName: tableName(), Item: { ...guard, entity: 'guard', ref: item.sk }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        ]),
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const failed = error.CancellationReasons?.findIndex((reason) => reason.Code === 'ConditionalCheckFailed') ?? -1;
      if (failed >= 0) throw new GuardTakenError(Math.floor(failed / 2));
    }
    throw error;
  }
}
