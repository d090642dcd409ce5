// No more than the first email goes to an address someone typed into the
// system (an application's contact, a collaborator, a request for the
// organisation's link) until that address is confirmed, so that nobody can
// use the fund to mail arbitrary people.
//
// - The first email to an address carries a confirmation code (8 letters and
//   digits, ~40 bits, shown as XXXX-XXXX). Entering it proves the address is
//   its reader's: the contact gives it with the submission (the API's
//   `confirmationCode`, the form's last step). An application cannot be
//   submitted until its contact address is confirmed, so every email after a
//   submission (receipt, results, grant, reports) goes to a confirmed
//   address.
// - Using a credential that only ever went to the address by email confirms
//   it too: the organisation's link, a collaborator's own link.
// - Until then, any further email to the address is held: not sent, logged
//   as held (without the address). A first email lost to a spam filter is not
//   sent again; the status page and the form say where the code is, and the
//   secretariat can be written to.
// - Once confirmed, an address gets its emails as usual, from any
//   application. That an address was confirmed shows to whoever starts a
//   draft with it (the form asks for no code): it tells only that the
//   address applied before, which its own organisation's page tells too.
//
// Keys: pk=ADDRESS#<sha256(address, trimmed, lower case)> sk=META. Only the
// hash, the dates and the code's hash are kept; the erasure of the last
// application of an address deletes the item (shared/erasure.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import { documentClient } from './adapters/aws.ts';
import { emailSender, type EmailMessage } from './adapters/email.ts';
import { nowIso } from './clock.ts';
import { secretMatches, sha256 } from './ids.ts';
import { logger } from './logger.ts';
import { contactHash } from './repository/applications.ts';
import { tableName } from './repository/table.ts';

const keyOfHash = (hash: string) => ({ pk: `ADDRESS#${hash}`, sk: 'META' });
export const addressKey = (address: string) => keyOfHash(contactHash(address));

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newConfirmationCode(): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** As people type it: any case, spaces or dashes anywhere. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[\s-]+/g, '');

interface AddressRecord {
  firstMailAt?: string;
  confirmedAt?: string;
  codeHash?: string;
}

async function addressRecord(address: string): Promise<AddressRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: addressKey(address), ConsistentRead: true }));
  return Item as AddressRecord | undefined;
}

export async function isAddressConfirmed(address: string): Promise<boolean> {
  return (await addressRecord(address))?.confirmedAt !== undefined;
}

/**
 * Sends a message to an address typed in by the public, under the rule above:
 * to a confirmed address as is; as the first email with the code `compose` is
 * given; otherwise not at all ('held').
 */
export async function mailTypedAddress(address: string, compose: (code: string | undefined) => EmailMessage): Promise<'sent' | 'sent-with-code' | 'held'> {
  const record = await addressRecord(address);
  if (record?.confirmedAt) {
    await emailSender().send(compose(undefined));
    return 'sent';
  }
  if (!record?.firstMailAt) {
    const code = newConfirmationCode();
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: addressKey(address),
          UpdateExpression: 'SET entity = :entity, firstMailAt = :at, codeHash = :code',
          ConditionExpression: 'attribute_not_exists(firstMailAt) AND attribute_not_exists(confirmedAt)',
          ExpressionAttributeValues: { ':entity': 'address', ':at': nowIso(), ':code': sha256(normaliseCode(code)) },
        }),
      );
    } catch (error) {
      // Another request mailed the address first, or confirmed it: the rule is read again once.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (await isAddressConfirmed(address)) {
        await emailSender().send(compose(undefined));
        return 'sent';
      }
      logger.info('email held: address not confirmed');
      return 'held';
    }
    try {
      await emailSender().send(compose(code));
    } catch (error) {
      // Not sent: the address may still have its first email (with a new code) another time.
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: addressKey(address),
          UpdateExpression: 'REMOVE firstMailAt, codeHash',
          ConditionExpression: 'codeHash = :code',
          ExpressionAttributeValues: { ':code': sha256(normaliseCode(code)) },
        }),
      ).catch(() => undefined);
      throw error;
    }
    return 'sent-with-code';
  }
  logger.info('email held: address not confirmed');
  return 'held';
}

/** The code from the address's first email: true if it matches (the address is then confirmed), or if it was confirmed already. */
export async function confirmWithCode(address: string, code: string): Promise<boolean> {
  const record = await addressRecord(address);
  if (record?.confirmedAt) return true;
  if (!record?.codeHash || !secretMatches(normaliseCode(code), record.codeHash)) return false;
  await markConfirmed(address);
  return true;
}

/** A credential that only went to the address by email has been used: the address is its reader's. */
export const markConfirmed = (address: string): Promise<void> => markHashConfirmed(contactHash(address));

/** The same, for an address known by its hash (the organisation's link holds only that). */
export async function markHashConfirmed(hash: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOfHash(hash),
        UpdateExpression: 'SET entity = :entity, confirmedAt = :at',
        ConditionExpression: 'attribute_not_exists(confirmedAt)',
        ExpressionAttributeValues: { ':entity': 'address', ':at': nowIso() },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
