// What the handlers ask of AWS, seen from inside the local runtime. Installed
// only locally (shared/adapters/aws.ts adds this middleware to a client only
// when the runtime has put the hook on globalThis; on Lambda it is absent):
//
// 1. Every request to Step Functions and EventBridge Scheduler is checked
//    against what the AWS API accepts before it leaves the SDK: the members
//    of the operation's input (from the SDK's own schema: required members
//    present, no unknown member, each of its type) and the constraints of
//    the API reference that the schema does not carry (lengths, patterns,
//    enums). The local endpoints would take a request AWS refuses; this
//    refuses it first, with AWS's error name.
// 2. Every call is recorded as IAM sees it: which handler made it (the
//    runtime runs each invocation in an AsyncLocalStorage, infra/local/lambda.ts), the IAM action and
//    the ARN of the resource (table or index, object, state machine,
//    schedule, role passed, email identity), with the condition keys IAM
//    would evaluate. Each new (handler, action, resource) goes to a JSONL
//    file in the data folder; test/iam compares the record of the whole test
//    suite with the roles of the synthesized template.
// 3. Every call is counted as AWS would bill it (infra/local/meter.ts): the
//    DynamoDB requests are sent asking for the capacity they consume, which
//    is read from the response (and taken out again when the handler did
//    not ask for it); S3 requests by class; messages sent.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { LOCAL_AWS_HOOK, type LocalAwsHook } from '../../shared/adapters/aws.ts';
import { ENV } from '../manifest.ts';
import { currentHandler, LOCAL_ACCOUNT, LOCAL_REGION } from './lambda.ts';
import { meter, reportsCapacity } from './meter.ts';

// --- 1. Request shapes --------------------------------------------------------

/** A Smithy schema as the SDK ships it (numbers for simple types, arrays for lists, maps and structures). */
type Schema = number | unknown[] | (() => Schema);

export class ValidationException extends Error {
  override name = 'ValidationException';
}

const resolveSchema = (schema: Schema): Schema => (typeof schema === 'function' ? resolveSchema(schema()) : schema);

/** Checks `value` against an SDK input schema: required members, unknown members, simple types. */
export function checkAgainstSchema(value: unknown, schema: Schema, path: string, problems: string[]): void {
  let s = resolveSchema(schema);
  // A member with traits: [schema, traits].
  if (Array.isArray(s) && s.length === 2 && typeof s[1] !== 'string') s = resolveSchema(s[0] as Schema);
  if (value === undefined || value === null) return;
  if (typeof s === 'number') {
    if (s >= 128) {
      if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${path} must be a map`);
      else for (const [k, v] of Object.entries(value)) checkAgainstSchema(v, s - 128, `${path}.${k}`, problems);
      return;
    }
    if (s >= 64) {
      if (!Array.isArray(value)) problems.push(`${path} must be a list`);
      else value.forEach((v, i) => checkAgainstSchema(v, s - 64, `${path}[${i}]`, problems));
      return;
    }
    const ok =
      s === 0 ? typeof value === 'string' : s === 1 ? typeof value === 'number' : s === 2 ? typeof value === 'boolean' : s >= 4 && s <= 7 ? value instanceof Date || typeof value === 'number' : true;
    if (!ok) problems.push(`${path} has the wrong type (${typeof value})`);
    return;
  }
  const [kind] = s as unknown[];
  if (kind === 1) {
    if (!Array.isArray(value)) problems.push(`${path} must be a list`);
    else value.forEach((v, i) => checkAgainstSchema(v, (s as unknown[])[4] as Schema, `${path}[${i}]`, problems));
  } else if (kind === 2) {
    if (typeof value !== 'object') problems.push(`${path} must be a map`);
    else for (const [k, v] of Object.entries(value as object)) checkAgainstSchema(v, (s as unknown[])[5] as Schema, `${path}.${k}`, problems);
  } else if (kind === 3) {
    const [, , , , names, members, required = 0] = s as [number, string, string, unknown, string[], Schema[], number?];
    if (typeof value !== 'object' || Array.isArray(value)) return void problems.push(`${path} must be a structure`);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (record[key] !== undefined && !names.includes(key)) problems.push(`${path}.${key} is not a member of ${String((s as unknown[])[2])}`);
    names.forEach((name, i) => {
      if (i < required && (record[name] === undefined || record[name] === null)) problems.push(`${path}.${name} is required`);
      checkAgainstSchema(record[name], members[i]!, `${path}.${name}`, problems);
    });
  }
}

const NAME_80 = /^[A-Za-z0-9_-]{1,80}$/; // Step Functions names: the safe subset (no whitespace, brackets, wildcards or special characters).
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : 0);
type Rule = [path: string, check: (v: unknown) => boolean, what: string];
const length = (min: number, max: number): Rule[1] => (v) => typeof v === 'string' && v.length >= min && v.length <= max;
const maxBytes = (max: number): Rule[1] => (v) => bytes(v) <= max;
const json: Rule[1] = (v) => {
  try {
    JSON.parse(String(v));
    return true;
  } catch {
    return false;
  }
};
const matches = (re: RegExp): Rule[1] => (v) => typeof v === 'string' && re.test(v);
const oneOf = (...values: string[]): Rule[1] => (v) => values.includes(String(v));

/**
 * The constraints of the API reference (Step Functions, EventBridge Scheduler)
 * for the members the handlers send, which the SDK's schema leaves out. A
 * member not sent is not checked (the schema says whether it is required).
 */
export const API_CONSTRAINTS: Record<string, Rule[]> = {
  'SFN.StartExecution': [
    ['stateMachineArn', length(1, 256), 'is 1-256 characters'],
    ['stateMachineArn', matches(ARN), 'is an ARN'],
    ['name', matches(NAME_80), 'is 1-80 characters of letters, digits, - and _'],
    ['input', maxBytes(262_144), 'is at most 256 KiB'],
    ['input', json, 'is JSON'],
  ],
  'SFN.SendTaskSuccess': [
    ['taskToken', length(1, 2048), 'is 1-2048 characters'],
    ['output', maxBytes(262_144), 'is at most 256 KiB'],
    ['output', json, 'is JSON'],
  ],
  'SFN.SendTaskFailure': [
    ['taskToken', length(1, 2048), 'is 1-2048 characters'],
    ['error', length(0, 256), 'is at most 256 characters'],
    ['cause', length(0, 32_768), 'is at most 32768 characters'],
  ],
  'SFN.DescribeExecution': [['executionArn', length(1, 256), 'is 1-256 characters']],
  'Scheduler.CreateSchedule': [
    ['Name', matches(SCHEDULE_NAME), 'is 1-64 characters of letters, digits, -, _ and .'],
    ['GroupName', matches(SCHEDULE_NAME), 'is 1-64 characters of letters, digits, -, _ and .'],
    ['ScheduleExpression', matches(/^(at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/), 'is at(yyyy-mm-ddThh:mm:ss), rate(...) or cron(...)'],
    ['ScheduleExpressionTimezone', length(1, 50), 'is 1-50 characters'],
    ['Description', length(0, 512), 'is at most 512 characters'],
    ['ActionAfterCompletion', oneOf('NONE', 'DELETE'), 'is NONE or DELETE'],
    ['State', oneOf('ENABLED', 'DISABLED'), 'is ENABLED or DISABLED'],
    ['FlexibleTimeWindow.Mode', oneOf('OFF', 'FLEXIBLE'), 'is OFF or FLEXIBLE'],
    ['Target.Arn', length(1, 1600), 'is 1-1600 characters'],
    ['Target.Arn', matches(ARN), 'is an ARN'],
    ['Target.RoleArn', matches(ROLE_ARN), 'is the ARN of an IAM role'],
    ['Target.Input', length(1, 8192), 'is 1-8192 characters'],
  ],
};

const at = (input: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), input);

/** The problems AWS would refuse a request for (empty when it would accept it). Clients other than SFN and Scheduler: none checked. */
export function requestProblems(client: string, operation: string, input: unknown, inputSchema?: Schema): string[] {
  const rules = API_CONSTRAINTS[`${client}.${operation}`];
  if (!['SFN', 'Scheduler'].includes(client)) return [];
  const problems: string[] = [];
  if (!rules) problems.push(`${client}.${operation} is not a call the local checks know: add its constraints to API_CONSTRAINTS (infra/local/aws-calls.ts)`);
  if (inputSchema !== undefined) checkAgainstSchema(input, inputSchema, operation, problems);
  for (const [path, check, what] of rules ?? []) {
    const value = at(input, path);
    if (value !== undefined && !check(value)) problems.push(`${path} must be what AWS accepts: it ${what}`);
  }
  return problems;
}

// --- 2. The record ------------------------------------------------------------

/** The record's file in the data folder. */
export const AWS_CALLS_FILE = 'aws-calls.jsonl';

export interface AwsCall {
  handler: string;
  /** The IAM action, e.g. `dynamodb:Query`. */
  action: string;
  /** The ARN IAM authorizes the action on. */
  resource: string;
  /** Condition keys IAM evaluates for this request. */
  context?: Record<string, string>;
}

/** The first line of a record: the local values of the variables that name resources, to map the template's resources to local ARNs. */
export interface RecordHeader {
  region: string;
  account: string;
  env: Record<string, string>;
}

const arn = (service: string, resource: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT) => `arn:aws:${service}:${region}:${account}:${resource}`;
const address = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/** Which state machine issued a task token (the local engine's tokens say so, as AWS's do, opaquely). */
export type TokenIssuer = (token: string) => string | undefined;

/** The IAM view of one SDK call: the actions and resources it needs (a transaction needs one per item). */
export function iamCalls(client: string, operation: string, input: Record<string, any>, issuer: TokenIssuer): Omit<AwsCall, 'handler'>[] {
  const table = (name: string, index?: string) => arn('dynamodb', `table/${name}${index ? `/index/${index}` : ''}`);
  switch (client) {
    case 'DynamoDB': {
      if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
        const actions: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
        return (input.TransactItems as Record<string, { TableName: string }>[]).flatMap((item) =>
          Object.entries(item).map(([kind, { TableName }]) => ({ action: `dynamodb:${actions[kind]}`, resource: table(TableName) })),
        );
      }
      if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
        return Object.keys(input.RequestItems as object).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
      }
      return [{ action: `dynamodb:${operation}`, resource: table(input.TableName, input.IndexName) }];
    }
    case 'S3': {
      const object = `arn:aws:s3:::${input.Bucket}/${input.Key}`;
      if (operation === 'HeadObject' || operation === 'GetObject') return [{ action: 's3:GetObject', resource: object }];
      if (operation === 'CopyObject') {
        // A read of the source and a write of the copy; the copy carries the source's tags unless told otherwise, and on
        // AWS every object has one (GuardDuty's scan result), so S3 also asks to read the source's tags and write the copy's.
        const source = `arn:aws:s3:::${decodeURIComponent(String(input.CopySource).replace(/^\//, '').split('?')[0]!)}`;
        const tags = input.TaggingDirective === 'REPLACE' ? (input.Tagging ? [{ action: 's3:PutObjectTagging', resource: object }] : []) : [{ action: 's3:GetObjectTagging', resource: source }, { action: 's3:PutObjectTagging', resource: object }];
        return [{ action: 's3:GetObject', resource: source }, { action: 's3:PutObject', resource: object }, ...tags];
      }
      // A listing of versions is authorized as s3:ListBucketVersions; a delete of one version as s3:DeleteObjectVersion.
      if (operation === 'ListObjectVersions') {
        return [{ action: 's3:ListBucketVersions', resource: `arn:aws:s3:::${input.Bucket}`, context: { 's3:prefix': String(input.Prefix ?? '') } }];
      }
      if (operation === 'DeleteObject' && input.VersionId !== undefined) return [{ action: 's3:DeleteObjectVersion', resource: object }];
      if (operation === 'ListObjectsV2' || operation === 'ListObjects') {
        return [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${input.Bucket}`, context: { 's3:prefix': String(input.Prefix ?? '') } }];
      }
      return [{ action: `s3:${operation}`, resource: input.Key === undefined ? `arn:aws:s3:::${input.Bucket}` : object }];
    }
    case 'SFN': {
      if (operation === 'StartExecution') return [{ action: 'states:StartExecution', resource: input.stateMachineArn }];
      if (operation.startsWith('SendTask')) return [{ action: `states:${operation}`, resource: issuer(input.taskToken) ?? '(a task token no local execution issued)' }];
      return [{ action: `states:${operation}`, resource: input.executionArn ?? input.stateMachineArn ?? '*' }];
    }
    case 'Scheduler': {
      const schedule = { action: `scheduler:${operation}`, resource: arn('scheduler', `schedule/${input.GroupName ?? 'default'}/${input.Name}`) };
      if (operation !== 'CreateSchedule' && operation !== 'UpdateSchedule') return [schedule];
      return [schedule, { action: 'iam:PassRole', resource: input.Target?.RoleArn, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }];
    }
    case 'SESv2':
      // SES authorizes SendEmail on the identity of the sender's address (an address identity; a domain identity when the stack verifies the domain).
      return [{ action: `ses:${operation}`, resource: arn('ses', `identity/${address(String(input.FromEmailAddress))}`) }];
    default:
      return [{ action: `${client.toLowerCase()}:${operation}`, resource: '*' }];
  }
}

/**
 * Installs the hook: from now on the clients shared/adapters/aws.ts creates
 * check and record their calls into `file` (JSONL: the header, then one line
 * per new call). Variables naming resources are recorded as the header;
 * secrets (the secretariat token hashes) never.
 */
export function recordAwsCalls(file: string, issuer: TokenIssuer): { calls: () => AwsCall[] } {
  const header: RecordHeader = {
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
    env: Object.fromEntries(
      Object.values(ENV)
        .filter((name) => !name.startsWith('ADMIN_') && process.env[name] !== undefined)
        .map((name) => [name, process.env[name]!]),
    ),
  };
  // A restart in the same data folder adds to the record.
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(header)}\n`);
  const seen = new Map<string, AwsCall>();
  const note = (client: string, operation: string, input: Record<string, unknown>) => {
    const handler = currentHandler() ?? '(outside any handler)';
    for (const call of iamCalls(client, operation, input, issuer)) {
      const entry: AwsCall = { handler, ...call };
      const key = JSON.stringify(entry);
      if (seen.has(key)) continue;
      seen.set(key, entry);
      appendFileSync(file, `${key}\n`);
    }
  };
  const hook: LocalAwsHook = {
    middleware: (next, context) => async (args) => {
      const client = String(context.clientName ?? '').replace(/Client$/, '');
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const smithy = (context as { __smithy_context?: { operationSchema?: unknown[] } }).__smithy_context;
      const inputSchema = smithy?.operationSchema?.[4] as Schema | undefined;
      const problems = requestProblems(client, operation, args.input, inputSchema);
      if (problems.length > 0) throw new ValidationException(`${client}.${operation}: ${problems.join('; ')}`);
      note(client, operation, args.input as Record<string, unknown>);
      return metered(client, operation, args, next);
    },
    note: (client, operation, input) => {
      note(client, operation, input);
      meterNoted(client, operation, input);
    },
  };
  (globalThis as Record<symbol, unknown>)[LOCAL_AWS_HOOK] = hook;
  return { calls: () => [...seen.values()] };
}

// --- 3. The meter -------------------------------------------------------------

type Next = Parameters<LocalAwsHook['middleware']>[0];
type Args = Parameters<Next>[0];

/** The requests in flight that asked for the capacity on the handler's own input object, and what it said before (a handler may send one object twice at once). */
const capacityAsked = new WeakMap<object, { count: number; own: unknown }>();

/** Sends the request, counting it as AWS bills it. */
async function metered(client: string, operation: string, args: Args, next: Next) {
  const input = args.input as Record<string, any>;
  const handler = currentHandler() ?? '(outside any handler)';
  if (client === 'DynamoDB' && reportsCapacity(operation)) {
    // On the input object itself: the document client marshals the command's own input, not the args given to next().
    const asked = capacityAsked.get(input);
    const add = asked !== undefined || input.ReturnConsumedCapacity === undefined || input.ReturnConsumedCapacity === 'NONE';
    if (add) {
      if (asked) asked.count += 1;
      else capacityAsked.set(input, { count: 1, own: input.ReturnConsumedCapacity });
      input.ReturnConsumedCapacity = 'TOTAL';
    }
    try {
      const result = await next(args);
      const output = result.output as Record<string, unknown>;
      meter.dynamodb(handler, operation, input, output.ConsumedCapacity as never);
      if (add) delete output.ConsumedCapacity;
      return result;
    } catch (error) {
      meter.dynamodb(handler, operation, input, undefined, true);
      throw error;
    } finally {
      const entry = capacityAsked.get(input);
      if (add && entry && --entry.count === 0) {
        capacityAsked.delete(input);
        if (entry.own === undefined) delete input.ReturnConsumedCapacity;
        else input.ReturnConsumedCapacity = entry.own;
      }
    }
  }
  if (client === 'S3') {
    try {
      const result = await next(args);
      // A presigned GET link (getSignedUrl stops the request before it is sent: no status): one GET when followed.
      const presigned = (result.response as { statusCode?: number } | undefined)?.statusCode === undefined;
      meter.s3(presigned && operation === 'GetObject' ? 'GetObjectLink' : operation, input.Key as string | undefined);
      return result;
    } catch (error) {
      meter.s3(operation);
      throw error;
    }
  }
  if (client === 'SESv2' && operation === 'SendEmail') meter.sesMessage();
  return next(args);
}

/** Calls the handlers tell the runtime about (infra/local/aws-calls.ts's `note`, from shared/adapters/aws.ts). */
function meterNoted(client: string, operation: string, input: Record<string, unknown>) {
  // The browser's presigned POST upload, counted when signed.
  if (client === 'S3' && operation === 'PutObject') meter.s3('PostObject', input.Key as string | undefined);
  // A mail the local SMTP stand-in sends for SES.
  else if (client === 'SESv2' && operation === 'SendEmail') meter.sesMessage();
}
