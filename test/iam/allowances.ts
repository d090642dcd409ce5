// Permissions of the handlers' roles that the local record of AWS calls does
// not show, each with the reason it is needed. test/iam/compare.ts fails on
// a permission that is neither observed nor listed here, and on an entry
// here that matches no permission any more.
export interface Allowance {
  /** The IAM action (a pattern, as in the policy). */
  action: string;
  /** The handlers it is listed for, or every handler. */
  handlers: '*' | readonly string[];
  /** A part of the resource it is listed for (default: any resource). */
  resource?: string;
  reason: string;
  /**
   * Listed only for a handler that was seen using the capability the
   * permission comes with: one of these actions observed (on any resource).
   * A handler holding a capability it never uses is not excused.
   */
  whenObserved?: readonly string[];
}

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:Query'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const ANSWER = ['states:SendTaskSuccess', 'states:SendTaskFailure'];
const PUTS_AND_UPDATES =
  'table:write is puts and updates together (conditional puts create records once, updates change them): a writer seen doing one reaches the other on paths the tests do not take (re-driven steps, first records).';
const EITHER_WAY = 'An answer capability resumes a waiting task either way: success, or failure (a decline, a task gone, a refusal), on paths the tests do not take for this handler.';
const NO_KMS_LOCALLY =
  "Locally no KMS call is ever made: DynamoDB Local and the S3 emulator do not encrypt. On AWS, DynamoDB and S3 call KMS with the caller's permission on the stack's key (the statement's kms:ViaService condition allows nothing else), for the table or documents capability it comes with (HandlerFunction):";

export const ALLOWANCES: readonly Allowance[] = [
  {
    action: 'logs:CreateLogStream',
    handlers: '*',
    reason: "The Lambda service writes the function's logs with its role, into the function's own log group; no handler code calls CloudWatch Logs.",
  },
  {
    action: 'logs:PutLogEvents',
    handlers: '*',
    reason: "The Lambda service writes the function's logs with its role, into the function's own log group; no handler code calls CloudWatch Logs.",
  },
  { action: 'xray:PutTraceSegments', handlers: '*', reason: 'Active tracing: the Lambda service sends the trace segments with the role; no handler code calls X-Ray.' },
  { action: 'xray:PutTelemetryRecords', handlers: '*', reason: 'Active tracing: the Lambda service sends telemetry with the role; no handler code calls X-Ray.' },
  {
    action: 'dynamodb:Query',
    handlers: '*',
    resource: 'table/grants',
    whenObserved: TABLE_READ,
    reason: "table:read is item reads and queries on the table together: a reader seen reading items reaches the repository's listings (queries by partition) on paths the tests do not take.",
  },
  { action: 'dynamodb:PutItem', handlers: '*', whenObserved: TABLE_WRITE, reason: PUTS_AND_UPDATES },
  { action: 'states:SendTaskFailure', handlers: '*', whenObserved: ANSWER, reason: EITHER_WAY },
  { action: 'states:SendTaskSuccess', handlers: '*', whenObserved: ANSWER, reason: EITHER_WAY },
  {
    action: 'dynamodb:GetItem',
    handlers: ['intake-store'],
    reason: 'table:get: recordDecision reads the application back when its conditional update fails (a re-driven intake step finds the decision already stored), a path the tests do not take.',
  },
  {
    action: 's3:DeleteObjectVersion',
    handlers: '*',
    whenObserved: ['s3:ListBucketVersions'],
    reason:
      "bucket:erase deletes every version of an erased application's objects (shared/erasure.ts): on AWS the bucket is versioned and each version is deleted by its VersionId; the local s3rver keeps one copy per key and lists no versions, so only the plain deletes are seen here.",
  },
  {
    action: 's3:ListBucket',
    handlers: '*',
    whenObserved: ['s3:GetObject'],
    reason:
      'No handler lists the bucket: with s3:ListBucket (under the documents prefix only) S3 answers 404 instead of 403 to a HEAD or GET of a missing upload, which inspectUpload reports as a missing document.',
  },
  { action: 'kms:Decrypt', handlers: '*', resource: 'DataKey', reason: `${NO_KMS_LOCALLY} DynamoDB decrypts the table key at each access, S3 each document a GET reads.` },
  { action: 'kms:GenerateDataKey', handlers: '*', resource: 'DataKey', reason: `${NO_KMS_LOCALLY} S3 needs a data key for each upload (the presigned POST is authorized as its signer), DynamoDB for a writer's new items.` },
  { action: 'kms:Encrypt', handlers: '*', resource: 'DataKey', reason: `${NO_KMS_LOCALLY} DynamoDB's writers get what CDK's grantWriteData gives on a table key.` },
];
