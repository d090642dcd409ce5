// The record of who was handed a link to which document: every signed link
// given out for an application's documents (to a reviewer on their page, to
// the secretariat on the dashboard) is recorded before it is given, with
// who, which document, when and through what. The link itself (which opens
// the document for minutes) is never stored or logged.
//   pk=APP#<applicationId>  sk=ACCESS#<at>#<id>   (newest first)
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { presignDownload } from '../adapters/documents.ts';
import { documentClient } from '../adapters/aws.ts';
import { newId } from '../ids.ts';
import { keys, tableName } from './table.ts';

export interface DocumentAccess {
  applicationId: string;
  /** A document kind (`budget-sheet`), or `question-answer` for a document sent with an answer. */
  document: string;
  /** `reviewer:<reviewerId>`, or the signed-in member of the secretariat. */
  who: string;
  /** Where the link was shown: `reviewer-page`, `dashboard`. */
  through: string;
  at: string;
}

/** Records the links about to be handed out (a page hands out a few at a time: one put each, and the role needs no batch writes). */
export async function recordDocumentAccess(entries: readonly DocumentAccess[]): Promise<void> {
  await Promise.all(
    entries.map((entry) =>
      documentClient().send(
        new PutCommand({
          TableName: tableName(),
          Item: { pk: keys.application(entry.applicationId).pk, sk: `ACCESS#${entry.at}#${newId()}`, entity: 'document-access', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),
  );
}

/** Signed links for documents, each recorded first (nothing is handed out unrecorded). */
export async function recordedLinks<T extends { document: string; key: string; fileName: string }>(
  applicationId: string,
  documents: readonly T[],
  by: { who: string; through: string; at: string },
): Promise<(T & { url: string })[]> {
  await recordDocumentAccess(documents.map((d) => ({ applicationId, document: d.document, who: by.who, through: by.through, at: by.at })));
  return Promise.all(documents.map(async (d) => ({ ...d, url: await presignDownload(d.key, d.fileName) })));
}

/** Who was handed which document of the application, newest first (the latest `limit`). */
export async function listDocumentAccess(applicationId: string, limit = 200): Promise<DocumentAccess[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :access)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':access': 'ACCESS#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(({ applicationId: id, document, who, through, at }) => ({ applicationId: id, document, who, through, at }) as DocumentAccess);
}
