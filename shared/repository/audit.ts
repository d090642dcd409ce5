// The audit log: every decision and every change by the secretariat — who,
// what, when, before and after. Append-only: entries are written with a
// condition that they do not exist, and nothing in the code updates or
// deletes them.
//   pk=AUDIT#<yyyy-mm>  sk=<at>#<entryId>      (one partition a month, read newest first)
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import { newId } from '../ids.ts';
import { queryAll, tableName } from './table.ts';

export interface AuditEntry {
  entryId: string;
  at: string;
  /** The signed-in identity; until Cognito sign-in, "secretariat" for the admin token. */
  actor: string;
  action: string;
  subject: Record<string, string>;
  before?: unknown;
  after?: unknown;
}

export async function audit(entry: Omit<AuditEntry, 'entryId'>): Promise<AuditEntry> {
  const full: AuditEntry = { ...entry, entryId: newId() };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: `AUDIT#${entry.at.slice(0, 7)}`, sk: `${entry.at}#${full.entryId}`, entity: 'audit', ...full },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return full;
}

/** The entries of one month (`yyyy-mm`), newest first. */
export async function listAudit(month: string): Promise<AuditEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `AUDIT#${month}` },
    ScanIndexForward: false,
  });
  return items as unknown as AuditEntry[];
}
