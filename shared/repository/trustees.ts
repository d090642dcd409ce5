// The fund's Board of Trustees.
//   pk=BOARD  sk=TRUSTEE#<trusteeId>          a trustee
//   pk=BOARD  sk=TRUSTEE-EMAIL#<sha256>       guard: one registration per email
import type { TrusteeInput } from '../api/schemas.ts';
import { sha256 } from '../ids.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import { GuardTakenError, putAllGuarded, queryAll, tableName, withoutKeys } from './table.ts';

export interface Trustee extends TrusteeInput {
  trusteeId: string;
  createdAt: string;
}

export class DuplicateTrusteeError extends Error {
  override name = 'DuplicateTrusteeError';
  constructor(readonly index: number) {
    super('A trustee with this email is already registered');
  }
}

/** Whether a trustee is on the Board on a given day (term dates inclusive). */
export const inTerm = (trustee: Pick<Trustee, 'termStart' | 'termEnd'>, day: string): boolean =>
  trustee.termStart <= day && day <= trustee.termEnd;

export async function addTrustees(trustees: Trustee[]): Promise<void> {
  try {
    await putAllGuarded(
      trustees.map((trustee) => ({
        guard: { pk: 'BOARD', sk: `TRUSTEE-EMAIL#${sha256(trustee.email.trim().toLowerCase())}` },
        item: { pk: 'BOARD', sk: `TRUSTEE#${trustee.trusteeId}`, entity: 'trustee', ...trustee },
      })),
    );
  } catch (error) {
    if (error instanceof GuardTakenError) throw new DuplicateTrusteeError(error.index);
    throw error;
  }
}

export async function listTrustees(): Promise<Trustee[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': 'BOARD', ':prefix': 'TRUSTEE#' },
  });
  return items as unknown as Trustee[];
}

export async function getTrustee(trusteeId: string): Promise<Trustee | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'BOARD', sk: `TRUSTEE#${trusteeId}` } }));
  return Item ? (withoutKeys(Item) as unknown as Trustee) : undefined;
}
