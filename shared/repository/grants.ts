// Grants: one per approved application, with its disbursement and report
// plans as data (the grant-life issue runs them).
//   pk=GRANT#<grantId>  sk=META
//   gsi1pk=GRANTS       gsi1sk=<startDate>#<grantId>            (all grants, by start date)
//   gsi2pk=ORG#<country>#<regNo>  gsi2sk=GRANT#<grantId>        (an organisation's grants)
// The grant id is derived from the application id, so creating it twice
// (a re-driven tally) writes it once.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import type { GrantSchedule } from '../domain/grant-schedule.ts';
import { keys, organisationKey, putIfAbsent, queryAll, tableName, updateIf, withoutKeys } from './table.ts';

export type GrantStatus = 'active' | 'closed' | 'cancelled';

export interface Grant {
  grantId: string;
  callId: string;
  applicationId: string;
  organisation: { name: string; registrationCountry: string; registrationNumber: string };
  title: string;
  countries: string[];
  region: string | null;
  amountUsd: number;
  durationMonths: number;
  status: GrantStatus;
  awardedAt: string;
  schedule: GrantSchedule;
  /** Tranches released so far (the grant-life issue records them). */
  releasedTranches?: number;
  cancellation?: { at: string; by: 'grantee' | 'fund'; reason: string; actor: string };
}

export const grantIdOf = (applicationId: string) => `G-${applicationId}`;

export const putGrant = (grant: Grant): Promise<boolean> =>
  putIfAbsent({
    pk: `GRANT#${grant.grantId}`,
    sk: 'META',
    gsi1pk: 'GRANTS',
    gsi1sk: `${grant.schedule.startDate}#${grant.grantId}`,
    gsi2pk: keys.organisationIndex(organisationKey(grant.organisation.registrationCountry, grant.organisation.registrationNumber)),
    gsi2sk: `GRANT#${grant.grantId}`,
    entity: 'grant',
    ...grant,
  });

export async function getGrant(grantId: string): Promise<Grant | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `GRANT#${grantId}`, sk: 'META' } }));
  return Item ? (withoutKeys(Item) as unknown as Grant) : undefined;
}

export async function listGrants(): Promise<Grant[]> {
  return (await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'GRANTS' },
  })) as unknown as Grant[];
}

/** Cancels an active grant before its first tranche, once: false if it is not active or a tranche was released. */
export async function cancelGrant(grantId: string, cancellation: NonNullable<Grant['cancellation']>): Promise<boolean> {
  return updateIf({
    Key: { pk: `GRANT#${grantId}`, sk: 'META' },
    UpdateExpression: 'SET #status = :cancelled, #cancellation = :cancellation',
    ConditionExpression: '#status = :active AND (attribute_not_exists(#released) OR #released = :zero)',
    ExpressionAttributeNames: { '#status': 'status', '#cancellation': 'cancellation', '#released': 'releasedTranches' },
    ExpressionAttributeValues: { ':cancelled': 'cancelled', ':active': 'active', ':zero': 0, ':cancellation': cancellation },
  });
}
