// The fund's Board of Trustees.
//   pk=BOARD  sk=TRUSTEE#<trusteeId>          a trustee
//   pk=BOARD  sk=TRUSTEE-EMAIL#<sha256>       guard: one registration per email
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TrusteeInput } from '../api/schemas.ts';
import { documentClient } from '../adapters/aws.ts';
import { sha256 } from '../ids.ts';
import { queryAll, tableName } from './table.ts';

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
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: trustees.flatMap((trustee) => [
          {
            Put: {
              TableName: tableName(),
              Item: { pk: 'BOARD', sk: `TRUSTEE-EMAIL#${sha256(trustee.email.trim().toLowerCase())}`, entity: 'trustee-guard', trusteeId: trustee.trusteeId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { pk: 'BOARD', sk: `TRUSTEE#${trustee.trusteeId}`, entity: 'trustee', ...trustee },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]),
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const failed = error.CancellationReasons?.findIndex((reason) => reason.Code === 'ConditionalCheckFailed') ?? -1;
      if (failed >= 0) throw new DuplicateTrusteeError(Math.floor(failed / 2));
    }
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
