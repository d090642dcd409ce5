import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationDraft, ApplicationInput } from '../api/schemas.ts';
import type { EligibilityResult, DocumentCheck } from '../domain/eligibility.ts';
import type { PriorityResult } from '../domain/priority.ts';
import type { ApplicationStatus, DocumentContentType, DocumentKind } from '../domain/vocabulary.ts';
import { documentClient } from '../adapters/aws.ts';
import { conditionFailed, keys, updateIf, organisationKey, queryAll, tableName, withoutKeys } from './table.ts';
import { newId, sha256 } from '../ids.ts';

/**
 * The contact index: one item per application under the hash of its contact
 * address (never the address itself), written and moved in the same
 * transaction as the application, so the organisation's page finds every
 * application of an address.
 *   pk=CONTACT#<sha256(address, trimmed, lower case)>  sk=APP#<applicationId>
 */
export const contactHash = (email: string) => sha256(email.trim().toLowerCase());
const contactKey = (email: string, applicationId: string) => ({ pk: `CONTACT#${contactHash(email)}`, sk: `APP#${applicationId}` });

/** An application past its draft: complete, submitted, and what follows. */
export interface Application {
  applicationId: string;
  callId: string;
  status: ApplicationStatus;
  input: ApplicationInput;
  /** SHA-256 of the applicant's access token; the token itself is never stored. */
  accessTokenHash: string;
  createdAt: string;
  /** When the draft was last saved. */
  updatedAt?: string;
  submittedAt?: string;
  /** How many times it has been submitted (a reopened application is submitted again); names the intake execution. */
  submissions?: number;
  decidedAt?: string;
  eligibility?: EligibilityResult;
  priority?: PriorityResult;
  resultEmailSentAt?: string;
  /** Earlier intake results, set aside when the NGO reopened the application to correct it. */
  setAside?: { submittedAt?: string; decidedAt?: string; eligibility?: EligibilityResult; priority?: PriorityResult; reopenedAt: string }[];
  withdrawal?: { at: string; reason?: string; fromStatus: ApplicationStatus };
  /** Colleagues the contact invited to work on the draft, each with a token of their own (its hash). */
  collaborators?: Collaborator[];
}

export interface Collaborator {
  collaboratorId: string;
  email: string;
  name?: string;
  tokenHash: string;
  addedAt: string;
  /** Set when the contact removed them: their token opens nothing from then on. */
  removedAt?: string;
}

/** One saved change of a draft: who made it and which fields (never their values). */
export interface DraftChange {
  at: string;
  /** `contact`, or `collaborator:<id>`. */
  by: string;
  paths: string[];
}

/** A draft (or a draft withdrawn before submission): any part of an application. */
export interface DraftApplication extends Omit<Application, 'input' | 'status'> {
  status: 'draft' | 'withdrawn';
  input: ApplicationDraft;
}

/** Whatever is stored: a draft or an application past it. */
export type ApplicationRecord = Application | DraftApplication;

/** An application that has been submitted at least once and is not a draft again (its input is complete). */
export const isPastDraft = (app: ApplicationRecord): app is Application => app.status !== 'draft' && app.submittedAt !== undefined;

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
export async function createApplication(app: DraftApplication): Promise<void> {
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
              Item: { ...contactKey(app.input.organisation.contact.email, app.applicationId), entity: 'contact', callId: app.callId, applicationId: app.applicationId },
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

/** A draft or an application, as stored. */
export async function getApplicationRecord(applicationId: string): Promise<ApplicationRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.application(applicationId), ConsistentRead: true }),
  );
  return Item ? (strip(Item) as unknown as ApplicationRecord) : undefined;
}

/**
 * An application past its draft, for the steps after submission (intake,
 * review, the Board, grants), which only ever name submitted applications.
 */
export async function getApplication(applicationId: string): Promise<Application | undefined> {
  const app = await getApplicationRecord(applicationId);
  return app && isPastDraft(app) ? app : undefined;
}

/** Every application of a call, drafts included. */
export async function listApplicationsOfCall(callId: string): Promise<ApplicationRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.callApplicationsIndex(callId) },
  });
  return items as unknown as ApplicationRecord[];
}

/** The submitted applications of a call (drafts and applications withdrawn as drafts left out). */
export async function listSubmittedApplicationsOfCall(callId: string): Promise<Application[]> {
  return (await listApplicationsOfCall(callId)).filter(isPastDraft);
}

/**
 * Saves a draft's answers, only while it is a draft (false otherwise). When the
 * organisation's registration changed, its guard moves in the same
 * transaction: the old one is deleted (if it is this application's), the new
 * one must not exist (DuplicateApplicationError); a changed contact address
 * moves the contact index item alike.
 */
export async function saveDraft(
  app: DraftApplication,
  input: ApplicationDraft,
  updatedAt: string,
  change?: Omit<DraftChange, 'at'>,
): Promise<boolean> {
  const before = organisationKey(app.input.organisation.registrationCountry, app.input.organisation.registrationNumber);
  const after = organisationKey(input.organisation.registrationCountry, input.organisation.registrationNumber);
  const [oldEmail, newEmail] = [app.input.organisation.contact.email, input.organisation.contact.email];
  const update = {
    TableName: tableName(),
    Key: keys.application(app.applicationId),
    UpdateExpression: 'SET #input = :input, updatedAt = :at, gsi2pk = :org',
    ConditionExpression: '#status = :draft',
    ExpressionAttributeNames: { '#input': 'input', '#status': 'status' },
    ExpressionAttributeValues: { ':input': input, ':at': updatedAt, ':draft': 'draft', ':org': keys.organisationIndex(after) },
  };
  const guardMove =
    before === after
      ? []
      : [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.organisationGuard(app.callId, after), entity: 'org-guard', applicationId: app.applicationId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Delete: {
              TableName: tableName(),
              Key: keys.organisationGuard(app.callId, before),
              ConditionExpression: 'applicationId = :me',
              ExpressionAttributeValues: { ':me': app.applicationId },
            },
          },
        ];
  const contactMove =
    contactHash(oldEmail) === contactHash(newEmail)
      ? []
      : [
          { Delete: { TableName: tableName(), Key: contactKey(oldEmail, app.applicationId) } },
          { Put: { TableName: tableName(), Item: { ...contactKey(newEmail, app.applicationId), entity: 'contact', callId: app.callId, applicationId: app.applicationId } } },
        ];
  // The history: one item per save, on the application's partition.
  const history = change
    ? [{ Put: { TableName: tableName(), Item: { pk: keys.application(app.applicationId).pk, sk: `CHANGE#${updatedAt}#${newId()}`, entity: 'draft-change', at: updatedAt, ...change } } }]
    : [];
  if (guardMove.length === 0 && contactMove.length === 0 && history.length === 0) {
    try {
      await documentClient().send(new UpdateCommand(update));
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...guardMove, ...contactMove, ...history] }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const [draft, guard] = error.CancellationReasons ?? [];
      if (guardMove.length > 0 && guard?.Code === 'ConditionalCheckFailed') {
        throw new DuplicateApplicationError('An application from this organisation already exists for this call', { cause: error });
      }
      if (draft?.Code === 'ConditionalCheckFailed') return false;
    }
    throw error;
  }
}

/** The latest changes of a draft, newest first. */
export async function listDraftChanges(applicationId: string, limit = 20): Promise<DraftChange[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':change': 'CHANGE#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({ at: item.at as string, by: item.by as string, paths: item.paths as string[] }));
}

/** The most collaborators a draft has at once. */
export const MAX_COLLABORATORS = 10;

/** Adds a collaborator, while the application has fewer than the most (false otherwise). */
export async function addCollaborator(applicationId: string, collaborator: Collaborator, activeNow: number): Promise<boolean> {
  if (activeNow >= MAX_COLLABORATORS) return false;
  return updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET collaborators = list_append(if_not_exists(collaborators, :empty), :one)',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(collaborators) OR size(collaborators) < :most)',
    ExpressionAttributeValues: { ':empty': [], ':one': [collaborator], ':most': MAX_COLLABORATORS * 5 },
  });
}

/** Removes a collaborator at once (their token stops); false if they were not there or already removed. */
export async function removeCollaborator(app: ApplicationRecord, collaboratorId: string, at: string): Promise<boolean> {
  const index = (app.collaborators ?? []).findIndex((c) => c.collaboratorId === collaboratorId && !c.removedAt);
  if (index < 0) return false;
  return updateIf({
    Key: keys.application(app.applicationId),
    UpdateExpression: `SET collaborators[${index}].removedAt = :at`,
    ConditionExpression: `collaborators[${index}].collaboratorId = :id AND attribute_not_exists(collaborators[${index}].removedAt)`,
    ExpressionAttributeValues: { ':at': at, ':id': collaboratorId },
  });
}

/** The ids of every application whose contact address has this hash (`contactHash`; any call, any status). */
export async function listApplicationIdsOfContact(hash: string): Promise<string[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `CONTACT#${hash}` },
  });
  return items.map((item) => item.applicationId as string);
}

/**
 * Moves a draft to `submitted` with its complete answers (as parsed, defaults
 * filled in) and counts the submission. Returns false when it was no longer a
 * draft (a concurrent submit won).
 */
export async function markSubmitted(applicationId: string, input: ApplicationInput, submittedAt: string): Promise<boolean> {
  return updateIf({
    Key: keys.application(applicationId),
    UpdateExpression: 'SET #status = :submitted, submittedAt = :at, #input = :input ADD submissions :one',
    ConditionExpression: '#status = :draft',
    ExpressionAttributeNames: { '#status': 'status', '#input': 'input' },
    ExpressionAttributeValues: { ':submitted': 'submitted', ':draft': 'draft', ':at': submittedAt, ':input': input, ':one': 1 },
  });
}

/**
 * Takes a decided application back to draft for its NGO to correct: the
 * intake's result is set aside (kept in `setAside`), the result email may go
 * again after the next intake. Only from `eligible` or `ineligible` (false
 * otherwise: it moved on meanwhile).
 */
export async function reopenApplication(app: Application, reopenedAt: string): Promise<boolean> {
  const aside = { submittedAt: app.submittedAt, decidedAt: app.decidedAt, eligibility: app.eligibility, priority: app.priority, reopenedAt };
  return updateIf({
    Key: keys.application(app.applicationId),
    UpdateExpression:
      'SET #status = :draft, setAside = list_append(if_not_exists(setAside, :empty), :aside), updatedAt = :at REMOVE submittedAt, decidedAt, eligibility, priority, resultEmailSentAt',
    ConditionExpression: '#status IN (:eligible, :ineligible) AND submittedAt = :submittedAt',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':draft': 'draft',
      ':empty': [],
      ':aside': [JSON.parse(JSON.stringify(aside))],
      ':at': reopenedAt,
      ':eligible': 'eligible',
      ':ineligible': 'ineligible',
      ':submittedAt': app.submittedAt,
    },
  });
}

/** Statuses from which an NGO may withdraw: any before the Board's decision. */
export const WITHDRAWABLE_STATUSES = ['draft', 'submitted', 'eligible', 'ineligible', 'in-review', 'reviewed'] as const satisfies readonly ApplicationStatus[];

/** Marks the application withdrawn, from the status it was read in (false if it moved meanwhile). */
export async function markWithdrawn(app: ApplicationRecord, at: string, reason: string | undefined): Promise<boolean> {
  const withdrawal = { at, fromStatus: app.status, ...(reason ? { reason } : {}) };
  return updateIf({
    Key: keys.application(app.applicationId),
    UpdateExpression: 'SET #status = :withdrawn, withdrawal = :withdrawal',
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':withdrawn': 'withdrawn', ':withdrawal': withdrawal, ':from': app.status },
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
