import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationInput } from '../api/schemas.ts';
import type { EligibilityResult, DocumentCheck } from '../domain/eligibility.ts';
import type { PriorityResult } from '../domain/priority.ts';
import type { ApplicationStatus, DocumentContentType, DocumentKind } from '../domain/vocabulary.ts';
import { documentClient } from '../adapters/aws.ts';
import { conditionFailed, keys, updateIf, organisationKey, queryAll, tableName, withoutKeys } from './table.ts';

export interface Application {
  applicationId: string;
  callId: string;
  status: ApplicationStatus;
  input: ApplicationInput;
  /** SHA-256 of the applicant's access token; the token itself is never stored. */
  accessTokenHash: string;
  createdAt: string;
  submittedAt?: string;
  decidedAt?: string;
  eligibility?: EligibilityResult;
  priority?: PriorityResult;
  resultEmailSentAt?: string;
}

export interface DocumentRecord {
  applicationId: string;
  kind: DocumentKind;
  key: string;
  fileName: string;
  contentType: DocumentContentType;
  declaredSize: number;
  requestedAt: string;
  check?: DocumentCheck & { checkedAt: string; size?: number };
}

export class DuplicateApplicationError extends Error {
  override name = 'DuplicateApplicationError';
}

/** Creates a draft, and the guard that keeps one application per organisation per call, atomically. */
export async function createApplication(app: Application): Promise<void> {
  const orgKey = organisationKey(app.input.organisation.registrationCountry, app.input.organisation.registrationNumber);
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.organisationGuard(app.callId, orgKey), entity: 'org-guard', applicationId: app.applicationId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.application(app.applicationId),
                gsi1pk: keys.callApplicationsIndex(app.callId),
                gsi1sk: `${app.createdAt}#${app.applicationId}`,
                gsi2pk: keys.organisationIndex(orgKey),
                gsi2sk: `APP#${app.createdAt}#${app.applicationId}`,
                entity: 'application',
                ...app,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new DuplicateApplicationError('An application from this organisation already exists for this call', {
        cause: error,
      });
    }
    throw error;
  }
}

export async function getApplication(applicationId: string): Promise<Application | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.application(applicationId), ConsistentRead: true }),
  );
  return Item ? (strip(Item) as unknown as Application) : undefined;
}

export async function listApplicationsOfCall(callId: string): Promise<Application[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.callApplicationsIndex(callId) },
  });
  return items as unknown as Application[];
}

/** Moves a draft to `submitted`. Returns false when it was no longer a draft (a concurrent submit won). */
export async function markSubmitted(applicationId: string, submittedAt: string): Promise<boolean> {
  return updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET #status = :submitted, submittedAt = :at',
    ConditionExpression: '#status = :draft',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':submitted': 'submitted', ':draft': 'draft', ':at': submittedAt },
  });
}

/**
 * Stores the intake decision once. A second run of the step (a retry) finds the
 * decision already there and leaves it as it is.
 */
export async function recordDecision(
  applicationId: string,
  decision: { eligibility: EligibilityResult; priority: PriorityResult; decidedAt: string },
): Promise<'recorded' | 'already-decided'> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.application(applicationId),
        UpdateExpression: 'SET #status = :status, eligibility = :eligibility, priority = :priority, decidedAt = :at',
        ConditionExpression: '#status = :submitted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': decision.eligibility.eligible ? 'eligible' : 'ineligible',
          ':eligibility': decision.eligibility,
          ':priority': decision.priority,
          ':at': decision.decidedAt,
          ':submitted': 'submitted',
        },
      }),
    );
    return 'recorded';
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const current = await getApplication(applicationId);
    if (current?.decidedAt) return 'already-decided';
    throw new Error(`Application ${applicationId} is not awaiting an intake decision`, { cause: error });
  }
}

/** Marks the result email as sent; false if it already was (so a retried step sends it once). */
export async function markResultEmailSent(applicationId: string, at: string): Promise<boolean> {
  return updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET resultEmailSentAt = :at',
    ConditionExpression: 'attribute_not_exists(resultEmailSentAt)',
    ExpressionAttributeValues: { ':at': at },
  });
}

export async function putDocument(doc: DocumentRecord): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.document(doc.applicationId, doc.kind), entity: 'document', ...doc },
    }),
  );
}

export async function listDocuments(applicationId: string): Promise<DocumentRecord[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':doc': 'DOC#' },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => strip(item) as unknown as DocumentRecord);
}

export async function saveDocumentCheck(
  applicationId: string,
  kind: DocumentKind,
  check: NonNullable<DocumentRecord['check']>,
): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.document(applicationId, kind),
      UpdateExpression: 'SET #check = :check',
      ExpressionAttributeNames: { '#check': 'check' },
      ExpressionAttributeValues: { ':check': check },
    }),
  );
}

/**
 * Reports past their due date and grace period on earlier grants of the
 * organisation. Grants and reports arrive with the grant-life issue; the
 * report items will carry gsi2pk=ORG#… and gsi2sk=REPORT#… with
 * `overdue = true` while they are late.
 */
export async function countOverdueReports(country: string, registrationNumber: string): Promise<number> {
  const { Count } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :org AND begins_with(gsi2sk, :report)',
      FilterExpression: 'overdue = :true',
      ExpressionAttributeValues: {
        ':org': keys.organisationIndex(organisationKey(country, registrationNumber)),
        ':report': 'REPORT#',
        ':true': true,
      },
      Select: 'COUNT',
    }),
  );
  return Count ?? 0;
}

const strip = withoutKeys;

/** Moves an application along the review steps; false when it was not in one of the expected statuses. */
export async function setStatus(applicationId: string, status: ApplicationStatus, expected: ApplicationStatus[]): Promise<boolean> {
  return updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET #status = :status',
    ConditionExpression: `#status IN (${expected.map((_, i) => `:e${i}`).join(', ')})`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status, ...Object.fromEntries(expected.map((e, i) => [`:e${i}`, e])) },
  });
}
