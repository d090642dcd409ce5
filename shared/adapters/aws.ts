// SDK clients, one per process, created on first use. Endpoints come from the
// standard AWS_ENDPOINT_URL_<SERVICE> variables, which the local runtime sets
// to its emulators; on AWS they are unset and the SDK uses the real services.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { InitializeMiddleware } from '@smithy/types';

/**
 * Locally only, the runtime (infra/local/aws-calls.ts) puts a hook here that
 * checks each request against what the AWS API accepts and records the call
 * as IAM sees it (handler, action, resource). On Lambda it is never set, and
 * `instrument` adds nothing.
 */
export const LOCAL_AWS_HOOK = Symbol.for('grants.local-aws-calls');
export interface LocalAwsHook {
  middleware: InitializeMiddleware<object, object>;
  /** A call made without the SDK sending it: a presigned POST (signed with the role), a mail the local SMTP stand-in sends for SES. */
  note(client: string, operation: string, input: Record<string, unknown>): void;
}
const localHook = () => (globalThis as Record<symbol, LocalAwsHook | undefined>)[LOCAL_AWS_HOOK];

/** Adds the local runtime's middleware to a client, when the hook is there. */
export function instrument<T extends { middlewareStack: { add(m: InitializeMiddleware<any, any>, o: { step: 'initialize'; name: string }): void } }>(client: T): T {
  const hook = localHook();
  if (hook) client.middlewareStack.add(hook.middleware, { step: 'initialize', name: 'localAwsCalls' });
  return client;
}

/** Tells the local runtime about a call the SDK does not send itself (see LocalAwsHook.note). */
export const noteLocalCall = (client: string, operation: string, input: Record<string, unknown>): void => localHook()?.note(client, operation, input);

let dynamo: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  return (dynamo ??= DynamoDBDocumentClient.from(instrument(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  }));
}

export function s3Client(): S3Client {
  return (s3 ??= instrument(new S3Client({
    // Path-style URLs work with both S3 and the local s3rver; the checksum
    // settings keep objects and presigned uploads free of chunk framing.
    forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })));
}

export function sfnClient(): SFNClient {
  return (sfn ??= instrument(new SFNClient({})));
}
