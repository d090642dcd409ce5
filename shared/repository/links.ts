// Link references. Keys: pk=LINK#<sha256(reference)> sk=META. The reference
// itself (256 random bits) is never stored, so a copy of the table opens
// nothing; using a link is one conditional write, so a double submit uses it
// once.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/aws.ts';
import { linkState, type LinkPurpose, type LinkRecord, type LinkState } from '../domain/links.ts';
import { newSecret, sha256 } from '../ids.ts';
import { tableName, updateIf } from './table.ts';

const key = (reference: string) => ({ pk: `LINK#${sha256(reference)}`, sk: 'META' });

/** References are base64url of 32 random bytes; anything else cannot be one of ours. */
const wellFormed = (reference: string) => /^[A-Za-z0-9_-]{43}$/.test(reference);

export async function createLink(
  purpose: LinkPurpose,
  subject: Record<string, string>,
  createdAt: Date,
  expiresAt: Date,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const reference = newSecret();
  const link: LinkRecord = { purpose, subject, createdAt: createdAt.toISOString(), expiresAt: expiresAt.toISOString() };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(reference), entity: 'link', ...extra, ...link },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return reference;
}

export type ResolvedLink = { state: LinkState; link: LinkRecord & Record<string, unknown> } | { state: 'unknown' };

/** What a reference opens, for the given purpose only (a review link is no ballot). */
export async function resolveLink(reference: string, purpose: LinkPurpose, at: Date): Promise<ResolvedLink> {
  if (!wellFormed(reference)) return { state: 'unknown' };
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key(reference), ConsistentRead: true }));
  if (!Item || Item.purpose !== purpose) return { state: 'unknown' };
  const { pk: _pk, sk: _sk, entity: _entity, ...link } = Item;
  return { state: linkState(link as LinkRecord, at), link: link as LinkRecord & Record<string, unknown> };
}

/**
 * Marks a link used, once: the write succeeds only while the link is open.
 * Returns the state the link was in when the write was attempted.
 */
export async function useLink(reference: string, purpose: LinkPurpose, at: Date): Promise<LinkState | 'unknown'> {
  if (!wellFormed(reference)) return 'unknown';
  const used = await updateIf({
    Key: key(reference),
    UpdateExpression: 'SET usedAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND purpose = :purpose AND attribute_not_exists(usedAt) AND expiresAt > :at',
    ExpressionAttributeValues: { ':at': at.toISOString(), ':purpose': purpose },
  });
  return used ? 'open' : (await resolveLink(reference, purpose, at)).state;
}

/**
 * Moves the expiry of links (given by their hashes) later, never earlier:
 * a reviewer's page links follow their latest deadline when a task is added.
 */
export async function extendLinks(hashes: readonly string[], expiresAt: Date): Promise<void> {
  for (const hash of hashes) {
    await updateIf({
      Key: { pk: `LINK#${hash}`, sk: 'META' },
      UpdateExpression: 'SET expiresAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND expiresAt < :at',
      ExpressionAttributeValues: { ':at': expiresAt.toISOString() },
    });
  }
}

/** The hash under which a reference is stored (to find its link again without keeping the reference). */
export const linkHash = (reference: string) => sha256(reference);
