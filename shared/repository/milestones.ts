// A grant's milestones: its reports and its tranches, with the payment
// instructions of released tranches.
//   pk=GRANT#<grantId>  sk=REPORT#<nn>       a report: due date, status, submissions, task tokens
//     gsi1pk=REPORTS     gsi1sk=<dueDate>#<grantId>#<nn>         (every report, by due date: /admin/reports)
//     gsi2pk=ORG#<org>   gsi2sk=REPORT#<grantId>#<nn>            (an organisation's reports; `overdue` while late)
//   pk=GRANT#<grantId>  sk=TRANCHE#<nn>      a tranche: due date, amount, the report before it, status
//   pk=PAYMENT#<grantId>#<nn>  sk=META       the payment instruction of a released tranche (written once)
// A tranche is released in one transaction: the tranche moves to `released`
// on the condition that it was not, and the instruction is put on the
// condition that it does not exist, so a milestone that runs twice pays once.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import type { ReportFigures } from '../domain/reports.ts';
import type { Grant } from './grants.ts';
import { keys, organisationKey, putIfAbsent, queryAll, tableName, transactionConditionFailed, updateIf, withoutKeys } from './table.ts';

export type ReportStatus = 'scheduled' | 'requested' | 'submitted' | 'returned' | 'accepted';

export interface Submission {
  at: string;
  narrative: string;
  financialStatementKey: string;
  figures: ReportFigures;
  review?: { at: string; actor: string; decision: 'accept' | 'return'; comments: string };
}

export interface ReportRecord {
  reportId: string;
  grantId: string;
  callId: string;
  number: number;
  kind: 'interim' | 'final';
  periodEnd: string;
  dueDate: string;
  /** The grantee is asked then; it is overdue after `overdueAfter`. */
  requestDate: string;
  overdueAfter: string;
  status: ReportStatus;
  overdue: boolean;
  overdueSince?: string;
  requestedAt?: string;
  submittedAt?: string;
  taskToken?: string;
  reviewTaskToken?: string;
  submissions: Submission[];
  acceptedAt?: string;
  remindersSent?: string[];
}

export type TrancheStatus = 'scheduled' | 'held' | 'awaiting-approval' | 'released';

export interface TrancheRecord {
  grantId: string;
  number: number;
  dueDate: string;
  amountUsd: number;
  afterReport?: number;
  status: TrancheStatus;
  heldReason?: string;
  heldAt?: string;
  releasedAt?: string;
  reference?: string;
  /** Four eyes: asked when it could be released; who accepted the report before it (who may not approve). */
  approvalRequestedAt?: string;
  acceptedBy?: string;
  approvedBy?: string;
}

export interface PaymentInstruction {
  reference: string;
  grantId: string;
  tranche: number;
  organisation: string;
  registrationCountry: string;
  amountUsd: number;
  dueDate: string;
  releasedAt: string;
}

/** How long a report link stays open after the report is overdue (a late report can still come in). */
export const LATE_LINK_DAYS = 300;

const pad = (n: number) => String(n).padStart(2, '0');
export const reportIdOf = (grantId: string, number: number) => `${grantId}-r${number}`;
export function parseReportId(reportId: string): { grantId: string; number: number } | undefined {
  const match = /^(G-[\w-]+)-r(\d{1,2})$/.exec(reportId);
  return match ? { grantId: match[1]!, number: Number(match[2]) } : undefined;
}
const reportKey = (grantId: string, number: number) => ({ pk: `GRANT#${grantId}`, sk: `REPORT#${pad(number)}` });
const trancheKey = (grantId: string, number: number) => ({ pk: `GRANT#${grantId}`, sk: `TRANCHE#${pad(number)}` });

/** Writes the grant's report and tranche records, each once. */
export async function createMilestones(grant: Grant, reports: ReportRecord[], tranches: TrancheRecord[]): Promise<void> {
  const orgIndex = keys.organisationIndex(organisationKey(grant.organisation.registrationCountry, grant.organisation.registrationNumber));
  const puts = [
    ...reports.map((r) => ({
      ...reportKey(r.grantId, r.number),
      gsi1pk: 'REPORTS',
      gsi1sk: `${r.dueDate}#${r.grantId}#${pad(r.number)}`,
      gsi2pk: orgIndex,
      gsi2sk: `REPORT#${r.grantId}#${pad(r.number)}`,
      entity: 'report',
      ...r,
    })),
    ...tranches.map((t) => ({ ...trancheKey(t.grantId, t.number), entity: 'tranche', ...t })),
  ];
  for (const item of puts) await putIfAbsent(item);
}

export async function getReport(grantId: string, number: number): Promise<ReportRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: reportKey(grantId, number), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as ReportRecord) : undefined;
}

export async function getTranche(grantId: string, number: number): Promise<TrancheRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: trancheKey(grantId, number), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as TrancheRecord) : undefined;
}

export async function listMilestones(grantId: string): Promise<{ reports: ReportRecord[]; tranches: TrancheRecord[] }> {
  const of = (prefix: string) =>
    queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `GRANT#${grantId}`, ':prefix': prefix },
      ConsistentRead: true,
    });
  const [reports, tranches] = await Promise.all([of('REPORT#'), of('TRANCHE#')]);
  return { reports: reports as unknown as ReportRecord[], tranches: tranches as unknown as TrancheRecord[] };
}

export async function listAllReports(): Promise<ReportRecord[]> {
  return (await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'REPORTS' } })) as unknown as ReportRecord[];
}

/** Changes a report while it is in one of the expected statuses; false otherwise. */
export async function updateReport(
  grantId: string,
  number: number,
  changes: Partial<ReportRecord>,
  expected: ReportStatus[],
  append?: { submission: Submission },
): Promise<boolean> {
  const entries = Object.entries(changes);
  const sets = entries.map((_, i) => `#f${i} = :v${i}`);
  if (append) sets.push('#submissions = list_append(#submissions, :submission)');
  return updateIf({
    Key: reportKey(grantId, number),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: `#status IN (${expected.map((_, i) => `:s${i}`).join(', ')})`,
    ExpressionAttributeNames: { '#status': 'status', ...(append ? { '#submissions': 'submissions' } : {}), ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])) },
    ExpressionAttributeValues: {
      ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      ...Object.fromEntries(expected.map((s, i) => [`:s${i}`, s])),
      ...(append ? { ':submission': [append.submission] } : {}),
    },
  });
}

/** Records the secretariat's review on the last submission (its index is known to the caller). */
export async function reviewReport(
  grantId: string,
  number: number,
  index: number,
  review: NonNullable<Submission['review']>,
  status: 'accepted' | 'returned',
  extra: Partial<ReportRecord>,
): Promise<boolean> {
  const entries = Object.entries(extra);
  return updateIf({
    Key: reportKey(grantId, number),
    UpdateExpression: `SET #status = :status, #submissions[${index}].#review = :review${entries.map((_, i) => `, #f${i} = :v${i}`).join('')}`,
    ConditionExpression: '#status = :submitted AND size(#submissions) = :count',
    ExpressionAttributeNames: { '#status': 'status', '#submissions': 'submissions', '#review': 'review', ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])) },
    ExpressionAttributeValues: {
      ':status': status,
      ':review': review,
      ':submitted': 'submitted',
      ':count': index + 1,
      ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    },
  });
}

/** Holds a tranche that is not released, saying why (again is harmless). */
export async function holdTranche(grantId: string, number: number, reason: string, at: string): Promise<boolean> {
  return updateIf({
    Key: trancheKey(grantId, number),
    UpdateExpression: 'SET #status = :held, #reason = :reason, #heldAt = if_not_exists(#heldAt, :at)',
    ConditionExpression: '#status <> :released',
    ExpressionAttributeNames: { '#status': 'status', '#reason': 'heldReason', '#heldAt': 'heldAt' },
    ExpressionAttributeValues: { ':held': 'held', ':reason': reason, ':at': at, ':released': 'released' },
  });
}

/** Four eyes: the tranche waits for a second member's approval (once; false if it already waits or was released). */
export async function askApproval(grantId: string, number: number, at: string, acceptedBy: string | undefined): Promise<boolean> {
  return updateIf({
    Key: trancheKey(grantId, number),
    UpdateExpression: `SET #status = :awaiting, #asked = :at${acceptedBy ? ', #by = :by' : ''} REMOVE #reason`,
    ConditionExpression: '#status IN (:scheduled, :held)',
    ExpressionAttributeNames: { '#status': 'status', '#asked': 'approvalRequestedAt', '#reason': 'heldReason', ...(acceptedBy ? { '#by': 'acceptedBy' } : {}) },
    ExpressionAttributeValues: { ':awaiting': 'awaiting-approval', ':at': at, ':scheduled': 'scheduled', ':held': 'held', ...(acceptedBy ? { ':by': acceptedBy } : {}) },
  });
}

/** Releases a tranche and records its payment instruction, exactly once: false if it was released already. */
export async function releaseTranche(tranche: TrancheRecord, instruction: PaymentInstruction, approvedBy?: string): Promise<boolean> {
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: trancheKey(tranche.grantId, tranche.number),
              UpdateExpression: `SET #status = :released, #releasedAt = :at, #reference = :reference${approvedBy ? ', #approvedBy = :approvedBy' : ''} REMOVE #heldReason`,
              ConditionExpression: '#status <> :released',
              ExpressionAttributeNames: { '#status': 'status', '#releasedAt': 'releasedAt', '#reference': 'reference', '#heldReason': 'heldReason', ...(approvedBy ? { '#approvedBy': 'approvedBy' } : {}) },
              ExpressionAttributeValues: { ':released': 'released', ':at': instruction.releasedAt, ':reference': instruction.reference, ...(approvedBy ? { ':approvedBy': approvedBy } : {}) },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { pk: `PAYMENT#${tranche.grantId}#${pad(tranche.number)}`, sk: 'META', gsi1pk: 'PAYMENTS', gsi1sk: `${instruction.releasedAt}#${instruction.reference}`, entity: 'payment', ...instruction },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: { pk: `GRANT#${tranche.grantId}`, sk: 'META' },
              UpdateExpression: 'ADD releasedTranches :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (transactionConditionFailed(error)) return false;
    throw error;
  }
}

export async function listPayments(): Promise<PaymentInstruction[]> {
  return (await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'PAYMENTS' } })) as unknown as PaymentInstruction[];
}

/** Closes a grant once its final report is accepted. */
export async function closeGrant(grantId: string, at: string): Promise<boolean> {
  return updateIf({
    Key: { pk: `GRANT#${grantId}`, sk: 'META' },
    UpdateExpression: 'SET #status = :closed, #closedAt = :at',
    ConditionExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status', '#closedAt': 'closedAt' },
    ExpressionAttributeValues: { ':closed': 'closed', ':active': 'active', ':at': at },
  });
}

