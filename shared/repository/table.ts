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
// | an organisation's applications and reports       | gsi2pk=ORG#<country>#<regNo> gsi2sk=APP#… / REPORT#…       |
//
// Writes that must not race use conditions or transactions.
import { paginateQuery, UpdateCommand, type QueryCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
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
