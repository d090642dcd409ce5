// The local runtime's view of AWS calls (infra/local/aws-calls.ts): each
// Step Functions and Scheduler request the adapters send is one the AWS API
// accepts (members and types from the SDK's own schema, lengths, patterns
// and enums from the API reference), and each call is recorded as IAM sees
// it. The real adapters and SDK clients run here; a middleware placed after
// the check stops each request before the network.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerClient, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { SFNClient, StartExecutionCommand, SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS_HOOK, instrument, type LocalAwsHook } from '../../shared/adapters/aws.ts';
import { newId } from '../../shared/ids.ts';
import { iamCalls, recordAwsCalls, type AwsCall } from '../../infra/local/aws-calls.ts';
import { newTaskToken, tokenIssuer } from '../../infra/local/callbacks.ts';
import { localStateMachineArn } from '../../infra/local/workflows.ts';

const dir = mkdtempSync(join(tmpdir(), 'grants-aws-calls-'));
const file = join(dir, 'aws-calls.jsonl');
const SENT = 'reached the network';

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  INTAKE_STATE_MACHINE_ARN: localStateMachineArn('intake'),
  CALL_STATE_MACHINE_ARN: localStateMachineArn('call'),
  MILESTONE_STATE_MACHINE_ARN: localStateMachineArn('milestone'),
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/local-scheduler',
  SCHEDULE_GROUP: 'grants',
  TABLE_NAME: 'grants',
});

// Installed before any client exists: the hook's own middleware, then a stop instead of the network.
const record: { calls: () => AwsCall[] } = recordAwsCalls(file, tokenIssuer);
const hook = (globalThis as Record<symbol, LocalAwsHook>)[LOCAL_AWS_HOOK]!;
const check = hook.middleware;
hook.middleware = (_next, context) => check(async () => { throw new Error(SENT); }, context);
afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[LOCAL_AWS_HOOK];
  rmSync(dir, { recursive: true, force: true });
});

const outcome = (promise: Promise<unknown>) => promise.then(() => 'sent', (error: Error) => (error.message === SENT ? 'accepted' : `${error.name}: ${error.message}`));

describe('requests the adapters send', () => {
  it('starts intakes, call reviews and reserve votes with names and inputs Step Functions accepts', async () => {
    const workflows = await import('../../shared/adapters/workflows.ts');
    expect(await outcome(workflows.startIntake(newId()))).toBe('accepted');
    expect(await outcome(workflows.startCallReview(newId(), 12))).toBe('accepted');
    expect(await outcome(workflows.startReserveVote(newId(), 3))).toBe('accepted');
  });

  it('answers tasks with tokens, outputs, errors and causes Step Functions accepts', async () => {
    const workflows = await import('../../shared/adapters/workflows.ts');
    const token = newTaskToken(localStateMachineArn('review'));
    expect(await outcome(workflows.completeTask(token, { scores: [5, 4], comment: 'é'.repeat(2000) }))).toBe('accepted');
    expect(await outcome(workflows.failTask(token, 'Declined', 'The reviewer has a conflict of interest.'))).toBe('accepted');
  });

  it("creates a grant's milestone schedules as EventBridge Scheduler accepts them (the longest names: a UUID and tranche 12)", async () => {
    const { scheduleMilestone } = await import('../../shared/adapters/scheduler.ts');
    const grantId = newId();
    expect(await outcome(scheduleMilestone(`${grantId}-tranche-12`, new Date('2029-12-31T23:59:59Z'), { grantId, milestone: 'tranche-12' }))).toBe('accepted');
  });

  it('records each call as IAM sees it, the task answer against the state machine that issued the token', () => {
    const calls = record.calls();
    expect(calls).toContainEqual({ handler: '(outside any handler)', action: 'states:StartExecution', resource: localStateMachineArn('intake') });
    expect(calls).toContainEqual({ handler: '(outside any handler)', action: 'states:SendTaskSuccess', resource: localStateMachineArn('review') });
    expect(calls.some((c) => c.action === 'scheduler:CreateSchedule' && c.resource.startsWith('arn:aws:scheduler:us-east-1:000000000000:schedule/grants/'))).toBe(true);
    expect(calls).toContainEqual({
      handler: '(outside any handler)',
      action: 'iam:PassRole',
      resource: 'arn:aws:iam::000000000000:role/local-scheduler',
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!).env).toMatchObject({ TABLE_NAME: 'grants', SCHEDULE_GROUP: 'grants' });
    expect(lines.length).toBe(calls.length + 1);
  });
});

describe('requests AWS would refuse', () => {
  const sfn = instrument(new SFNClient({}));
  const scheduler = instrument(new SchedulerClient({}));
  const arn = localStateMachineArn('intake');

  it.each([
    ['an execution name with a space', new StartExecutionCommand({ stateMachineArn: arn, name: 'intake of x' }), /name must be/],
    ['an execution name of 81 characters', new StartExecutionCommand({ stateMachineArn: arn, name: 'x'.repeat(81) }), /name must be/],
    ['an input that is not JSON', new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' }), /input must be/],
    ['an input over 256 KiB', new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify('x'.repeat(262_144)) }), /input must be/],
    ['no state machine', new StartExecutionCommand({} as never), /stateMachineArn is required/],
    ['an unknown member', new StartExecutionCommand({ stateMachineArn: arn, nmae: 'typo' } as never), /nmae is not a member/],
    ['an error name of 257 characters', new SendTaskFailureCommand({ taskToken: 't', error: 'e'.repeat(257) }), /error must be/],
  ])('Step Functions: %s', async (_, command, problem) => {
    expect(await outcome(sfn.send(command as never))).toMatch(new RegExp(`^ValidationException: .*${problem.source}`));
  });

  const schedule = {
    Name: 'grant-report-1',
    GroupName: 'grants',
    ScheduleExpression: 'at(2027-01-01T09:00:00)',
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    Target: { Arn: arn, RoleArn: 'arn:aws:iam::000000000000:role/local-scheduler', Input: '{}' },
  };
  it.each([
    ['a schedule name with a slash', { ...schedule, Name: 'grant/report-1' }, /Name must be/],
    ['an at() with a zone', { ...schedule, ScheduleExpression: 'at(2027-01-01T09:00:00.000Z)' }, /ScheduleExpression must be/],
    ['a target input over 8192 characters', { ...schedule, Target: { ...schedule.Target, Input: JSON.stringify({ x: 'y'.repeat(8192) }) } }, /Target.Input must be/],
    ['a role that is not a role', { ...schedule, Target: { ...schedule.Target, RoleArn: 'arn:aws:iam::000000000000:user/me' } }, /Target.RoleArn must be/],
    ['no flexible time window', { ...schedule, FlexibleTimeWindow: undefined }, /FlexibleTimeWindow is required/],
    ['a retry count that is a string', { ...schedule, Target: { ...schedule.Target, RetryPolicy: { MaximumRetryAttempts: '2' } } }, /MaximumRetryAttempts has the wrong type/],
  ])('Scheduler: %s', async (_, input, problem) => {
    expect(await outcome(scheduler.send(new CreateScheduleCommand(input as never)))).toMatch(new RegExp(`^ValidationException: .*${problem.source}`));
  });

  it('accepts the same schedule when it is right (the refusals above are for the faults named)', async () => {
    expect(await outcome(scheduler.send(new CreateScheduleCommand(schedule)))).toBe('accepted');
  });
});

describe('the IAM view of a call', () => {
  const none = () => undefined;
  it('splits a transaction into one action per item, on each item\'s table', () => {
    expect(
      iamCalls('DynamoDB', 'TransactWriteItems', { TransactItems: [{ Put: { TableName: 'grants' } }, { ConditionCheck: { TableName: 'grants' } }, { Update: { TableName: 'other' } }] }, none),
    ).toEqual([
      { action: 'dynamodb:PutItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/grants' },
      { action: 'dynamodb:ConditionCheckItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/grants' },
      { action: 'dynamodb:UpdateItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/other' },
    ]);
  });
  it('reads the source of a copy and writes the copy, with their tags (GuardDuty tags every object on AWS)', () => {
    expect(iamCalls('S3', 'CopyObject', { Bucket: 'b', CopySource: 'b/applications/a/x.pdf', Key: 'applications/c/x.pdf' }, none)).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/applications/a/x.pdf' },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::b/applications/c/x.pdf' },
      { action: 's3:GetObjectTagging', resource: 'arn:aws:s3:::b/applications/a/x.pdf' },
      { action: 's3:PutObjectTagging', resource: 'arn:aws:s3:::b/applications/c/x.pdf' },
    ]);
  });
  it('names the index of a query, the object of a HEAD (s3:GetObject) and the identity of a sender', () => {
    expect(iamCalls('DynamoDB', 'Query', { TableName: 'grants', IndexName: 'gsi1' }, none)[0]!.resource).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/grants/index/gsi1');
    expect(iamCalls('S3', 'HeadObject', { Bucket: 'b', Key: 'documents/a/b.pdf' }, none)).toEqual([{ action: 's3:GetObject', resource: 'arn:aws:s3:::b/documents/a/b.pdf' }]);
    expect(iamCalls('SESv2', 'SendEmail', { FromEmailAddress: 'Trust Fund <grants@fund.org>' }, none)[0]!.resource).toBe('arn:aws:ses:us-east-1:000000000000:identity/grants@fund.org');
  });
});
