// Erasure of an application's personal data, wherever it lives (issue 13).
//
// One routine for both ways in: the retention job (functions/tick) and the
// secretariat's erasure on request (api-admin, four eyes). What is kept is
// what no one can be singled out by: amounts, countries, dates, statuses,
// scores, priority points, the impact figures of the reports. What goes:
//
// | where                                   | what is erased                                                    |
// |-----------------------------------------|-------------------------------------------------------------------|
// | APP#id META (the application)           | names, contact, registration number, website, title, summary,    |
// |                                         | budget line descriptions, priority justifications: "(erased)";   |
// |                                         | phone, website, withdrawal reason, collaborators removed; the    |
// |                                         | organisation index (gsi2) removed; earlier intake results kept   |
// | APP#id DOC#kind (document records)      | the file name                                                      |
// | APP#id QUESTION#… (questions)           | the question's and the answer's texts, the answer's file name     |
// | APP#id REVIEW#… (reviews)               | comments, the saved draft's comments, conflict reasons            |
// | CONTACT#<sha256(email)> APP#id          | deleted (the contact index)                                       |
// | ADDRESS#<sha256(email)> META            | deleted with the address's last application (its confirmation)   |
// | CALL#id ORG#<country>#<regNo>           | deleted (the guard carries the registration number in its key)    |
// | CALL#id META (ranking, slate, offers)   | the organisation's name and the title in its entries              |
// | GRANT#G-id META, REPORT#nn, PAYMENT#…   | the organisation's name and number, the title, the narratives,    |
// |                                         | the review comments, the cancellation reason; the org index       |
// | the bucket, applications/<id>/…         | every object, every version (the reports' statements are there)  |
//
// Kept as they are: draft changes (paths and who, never values), document
// access records (which member or reviewer, which kind, when), links (ids),
// decisions (outcomes, amounts, who voted), the audit log (ids only, by design).
// Email: SES keeps no message content; locally the MailDev inbox plays the
// recipients' mailboxes, which the fund cannot reach on AWS either, so it is
// left as it is.
//
// Idempotent and resumable: the application is marked
// `erasure.startedAt` first, every step is safe to repeat (updates that set
// the same values, deletes of what may already be gone), and the
// application's own fields go last, in one transaction with
// `erasure.completedAt` and the audit entry, so a run that crashed half-way is
// finished by the next one and the audit says it once.
import { DeleteObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand, paginateQuery, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, s3Client } from './adapters/aws.ts';
import { envGetter } from './config.ts';
import { DOCUMENT_KEY_PREFIX } from './domain/vocabulary.ts';
import { newId } from './ids.ts';
import { contactHash, listApplicationIdsOfContact } from './repository/applications.ts';
import { addressKey } from './contact-confirmation.ts';
import { grantIdOf } from './repository/grants.ts';
import { conditionFailed, keys, organisationKey, tableName, transactionConditionFailed } from './repository/table.ts';

/** What an erased text becomes: a string still, so every page and export still renders. */
export const ERASED = '(erased)';

const bucketName = envGetter('BUCKET_NAME');

export type ErasureCause = { kind: 'retention'; rule: 'not-funded' | 'grant-closed' } | { kind: 'request'; requestedBy: string; confirmedBy: string };

export interface ErasureOutcome {
  applicationId: string;
  /** `erased`: this run finished it; `already`: an earlier run had; `absent`: no such application. */
  result: 'erased' | 'already' | 'absent';
  /** What this run touched, by kind of record (counts, never contents). */
  counts?: Record<string, number>;
}

type Item = Record<string, any> & { pk: string; sk: string };

async function partition(pk: string, skPrefix?: string): Promise<Item[]> {
  const items: Item[] = [];
  const input = skPrefix
    ? { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix } }
    : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } };
  for await (const page of paginateQuery({ client: documentClient() }, { TableName: tableName(), ConsistentRead: true, ...input })) {
    items.push(...((page.Items ?? []) as Item[]));
  }
  return items;
}

async function getItem(key: { pk: string; sk: string }): Promise<Item | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item as Item | undefined;
}

/** Replaces the item's attributes by `next` (the same key), removing `remove`; setting the same values again changes nothing. */
async function rewrite(item: Item, set: Record<string, unknown>, remove: string[] = []): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  if (sets.length === 0 && removes.length === 0) return;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
      ExpressionAttributeNames: names,
      ...(sets.length ? { ExpressionAttributeValues: values } : {}),
      ConditionExpression: 'attribute_exists(pk)',
    }),
  ).catch((error) => {
    if (!conditionFailed(error)) throw error;
  });
}

const deleteItem = (key: { pk: string; sk: string }) => documentClient().send(new DeleteCommand({ TableName: tableName(), Key: key }));

/** The application's input with every text that names or describes someone replaced; the numbers, codes and dates kept. */
export function erasedInput(input: Record<string, any>): Record<string, any> {
  const organisation = input.organisation ?? {};
  const project = input.project ?? {};
  const budget = input.budget ?? {};
  const { phone: _phone, ...contact } = organisation.contact ?? {};
  const { website: _website, ...org } = organisation;
  return {
    ...input,
    organisation: {
      ...org,
      name: ERASED,
      registrationNumber: ERASED,
      contact: { ...contact, name: ERASED, email: ERASED },
    },
    project: {
      ...project,
      ...(project.title !== undefined ? { title: ERASED } : {}),
      ...(project.summary !== undefined ? { summary: ERASED } : {}),
      ...(Array.isArray(project.contexts) ? { contexts: project.contexts.map((c: Record<string, unknown>) => ({ ...c, justification: ERASED })) } : {}),
    },
    ...(input.budget !== undefined
      ? { budget: { ...budget, ...(Array.isArray(budget.lines) ? { lines: budget.lines.map((l: Record<string, unknown>) => ({ ...l, description: ERASED })) } : {}) } }
      : {}),
  };
}

/** Any entry (of a ranking, a slate, an offer) about this application: its organisation's name and its title erased. */
function eraseEntries(value: unknown, applicationId: string): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const next = value.map((v) => {
      const r = eraseEntries(v, applicationId);
      changed ||= r.changed;
      return r.value;
    });
    return { value: next, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const next: Record<string, unknown> = {};
    const mine = (value as Record<string, unknown>).applicationId === applicationId;
    for (const [k, v] of Object.entries(value)) {
      if (mine && ['organisation', 'title', 'organisationName', 'projectTitle'].includes(k) && typeof v === 'string' && v !== ERASED) {
        next[k] = ERASED;
        changed = true;
      } else {
        const r = eraseEntries(v, applicationId);
        changed ||= r.changed;
        next[k] = r.value;
      }
    }
    return { value: next, changed };
  }
  return { value, changed: false };
}

/**
 * Deletes every object under the application's prefix, every version of it:
 * ListObjectVersions and DeleteObject with each VersionId (delete markers
 * too) on the versioned bucket of AWS. The local s3rver keeps no versions
 * and refuses a version listing (MethodNotAllowed): there the plain listing
 * and a delete of each key remove the only copy there is.
 */
export async function eraseObjects(prefix: string): Promise<number> {
  if (!prefix.startsWith(DOCUMENT_KEY_PREFIX) || !prefix.endsWith('/')) throw new Error('erasure is only for a folder of the documents prefix');
  let deleted = 0;
  try {
    for (;;) {
      const page = await s3Client().send(new ListObjectVersionsCommand({ Bucket: bucketName(), Prefix: prefix }));
      const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])];
      if (versions.length === 0) return deleted;
      for (const v of versions) {
        await s3Client().send(new DeleteObjectCommand({ Bucket: bucketName(), Key: v.Key!, VersionId: v.VersionId! }));
        deleted += 1;
      }
    }
  } catch (error) {
    // s3rver answers MethodNotAllowed to `?versions` (it keeps one copy of each key); S3 never does.
    if (!['NotImplemented', 'MethodNotAllowed'].includes((error as Error).name)) throw error;
  }
  for (;;) {
    const page = await s3Client().send(new ListObjectsV2Command({ Bucket: bucketName(), Prefix: prefix }));
    if (!page.Contents?.length) return deleted;
    for (const object of page.Contents) {
      await s3Client().send(new DeleteObjectCommand({ Bucket: bucketName(), Key: object.Key! }));
      deleted += 1;
    }
  }
}

/** Erases one application's personal data everywhere it lives (see the table above). Safe to run again at any point. */
export async function eraseApplication(applicationId: string, cause: ErasureCause, at: Date): Promise<ErasureOutcome> {
  const appKey = keys.application(applicationId);
  const app = await getItem(appKey);
  if (!app) return { applicationId, result: 'absent' };
  if (app.erasure?.completedAt) return { applicationId, result: 'already' };
  const startedAt = app.erasure?.startedAt ?? at.toISOString();
  if (!app.erasure?.startedAt) await rewrite(app, { erasure: { ...(app.erasure ?? {}), startedAt, cause: cause.kind } });
  const counts: Record<string, number> = {};
  const count = (kind: string, n = 1) => (counts[kind] = (counts[kind] ?? 0) + n);

  // The documents, every version: the application's, the answers', the reports' statements.
  count('objects', await eraseObjects(`${DOCUMENT_KEY_PREFIX}${applicationId}/`));

  // The records on the application's partition.
  for (const item of await partition(appKey.pk)) {
    if (item.sk.startsWith('DOC#')) {
      if (item.fileName !== ERASED) await rewrite(item, { fileName: ERASED });
      count('document-records');
    } else if (item.sk.startsWith('QUESTION#')) {
      const answer = item.answer ? { ...item.answer, text: ERASED, ...(item.answer.fileName ? { fileName: ERASED } : {}) } : undefined;
      await rewrite(item, { text: ERASED, ...(answer ? { answer } : {}) });
      count('questions');
    } else if (item.sk.startsWith('REVIEW#')) {
      const set: Record<string, unknown> = {};
      if (item.comments !== undefined) set.comments = ERASED;
      if (item.draft) set.draft = { ...item.draft, comments: ERASED };
      if (item.declaration?.reason !== undefined) set.declaration = { ...item.declaration, reason: ERASED };
      if (item.reassignReason !== undefined) set.reassignReason = ERASED;
      await rewrite(item, set);
      count('reviews');
    }
  }

  // The contact index and the organisation guard (keys made of the address's hash and the registration number).
  const input = app.input ?? {};
  const contactEmail = input.organisation?.contact?.email;
  if (typeof contactEmail === 'string' && contactEmail !== ERASED) {
    await deleteItem({ pk: `CONTACT#${contactHash(contactEmail)}`, sk: `APP#${applicationId}` });
    count('contact-index');
    // The address's confirmation (shared/contact-confirmation.ts) goes with its last application.
    if ((await listApplicationIdsOfContact(contactHash(contactEmail))).length === 0) {
      await deleteItem(addressKey(contactEmail));
      count('address-confirmation');
    }
  }
  const { registrationCountry, registrationNumber } = input.organisation ?? {};
  if (typeof registrationCountry === 'string' && typeof registrationNumber === 'string' && registrationNumber !== ERASED) {
    const guard = keys.organisationGuard(app.callId, organisationKey(registrationCountry, registrationNumber));
    const held = await getItem(guard);
    if (held?.applicationId === applicationId) {
      await deleteItem(guard);
      count('organisation-guard');
    }
  }

  // The call's ranking, slate and offers name the organisation and the project.
  const call = await getItem(keys.call(app.callId));
  if (call) {
    const set: Record<string, unknown> = {};
    for (const field of ['ranking', 'slate', 'offers', 'slateSubmission', 'rounds']) {
      if (call[field] === undefined) continue;
      const r = eraseEntries(call[field], applicationId);
      if (r.changed) set[field] = r.value;
    }
    if (Object.keys(set).length) {
      await rewrite(call, set);
      count('call-entries');
    }
  }

  // The grant, its reports and its payment instructions.
  const grantId = grantIdOf(applicationId);
  for (const item of await partition(`GRANT#${grantId}`)) {
    if (item.sk === 'META') {
      const set: Record<string, unknown> = {
        organisation: { ...item.organisation, name: ERASED, registrationNumber: ERASED },
        title: ERASED,
      };
      if (item.cancellation?.reason !== undefined) set.cancellation = { ...item.cancellation, reason: ERASED };
      await rewrite(item, set, ['gsi2pk', 'gsi2sk']);
      count('grant');
    } else if (item.sk.startsWith('REPORT#')) {
      const submissions = (item.submissions ?? []).map((s: Record<string, any>) => ({
        ...s,
        narrative: ERASED,
        ...(s.review ? { review: { ...s.review, comments: s.review.comments ? ERASED : s.review.comments } } : {}),
      }));
      await rewrite(item, { submissions }, ['gsi2pk', 'gsi2sk']);
      count('reports');
    } else if (item.sk.startsWith('TRANCHE#')) {
      const payment = await getItem({ pk: `PAYMENT#${grantId}#${String(item.number).padStart(2, '0')}`, sk: 'META' });
      if (payment && payment.organisation !== ERASED) await rewrite(payment, { organisation: ERASED });
      if (payment) count('payments');
      if (item.heldReason !== undefined && item.heldReason !== ERASED) await rewrite(item, { heldReason: ERASED });
    }
  }

  // Last, the application's own fields, with the completion mark and the audit entry: all or none.
  const completedAt = at.toISOString();
  const withdrawal = app.withdrawal ? { at: app.withdrawal.at, fromStatus: app.withdrawal.fromStatus } : undefined;
  const entryId = newId();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: appKey,
              UpdateExpression:
                'SET #input = :input, #erasure = :erasure' +
                (withdrawal ? ', withdrawal = :withdrawal' : '') +
                ' REMOVE collaborators, gsi2pk, gsi2sk',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#erasure.completedAt)',
              ExpressionAttributeNames: { '#input': 'input', '#erasure': 'erasure' },
              ExpressionAttributeValues: {
                ':input': erasedInput(input),
                ':erasure': { ...(app.erasure ?? {}), startedAt, completedAt, cause: cause.kind, ...(cause.kind === 'retention' ? { rule: cause.rule } : {}) },
                ...(withdrawal ? { ':withdrawal': withdrawal } : {}),
              },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: {
                pk: `AUDIT#${completedAt.slice(0, 7)}`,
                sk: `${completedAt}#${entryId}`,
                entity: 'audit',
                entryId,
                at: completedAt,
                actor: cause.kind === 'request' ? cause.confirmedBy : 'retention',
                action: 'application.erase',
                subject: { applicationId, callId: app.callId, record: 'application' },
                after: { cause: cause.kind, ...(cause.kind === 'retention' ? { rule: cause.rule } : { requestedBy: cause.requestedBy, confirmedBy: cause.confirmedBy }), startedAt, erased: { ...counts, application: 1 } },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (transactionConditionFailed(error)) return { applicationId, result: 'already' };
    throw error;
  }
  return { applicationId, result: 'erased', counts };
}
