// The alarms: every workflow's failed, timed-out and aborted executions,
// every function's errors (exactly once), the API's 5xx, each to the SNS
// topic that emails the secretariat; and the stack still passes cdk-nag
// with them. Synthesized without bundling (the alarms do not depend on the
// code): seconds, not minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { handlers, workflows } from '../../infra/manifest.ts';
import type { GrantsStack } from '../../infra/stack.ts';

const SECRETARIAT = 'secretariat@fund.example.org';
let outdir: string;
let stack: GrantsStack;
let resources: Record<string, { Type: string; Properties: any }>;
let synthError: unknown;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'grants-alarms-'));
  const built = buildApp({ mailFrom: 'grants@fund.example.org', secretariatEmail: SECRETARIAT }, { outdir, context: { 'aws:cdk:bundling-stacks': [] } }, { controlTower: false });
  stack = built.stack;
  try {
    built.app.synth(); // cdk-nag runs here: an unacknowledged finding throws
  } catch (error) {
    synthError = error;
  }
  resources = Template.fromStack(stack).toJSON().Resources;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const idOf = (construct: { node: { defaultChild?: unknown } }) => Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnElement);
const alarms = () => Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
const metricsOf = (alarm: { Properties: any }) => (alarm.Properties.Metrics ?? []).filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric);

describe('alarms', () => {
  it('synthesize and pass cdk-nag', () => expect(synthError ? String(synthError) : undefined).toBeUndefined());

  it('email the secretariat through one SNS topic (TLS only), every alarm and only on alarm', () => {
    const topicId = idOf(stack.alarmTopic);
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription')).toEqual([
      { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email', Endpoint: SECRETARIAT, TopicArn: { Ref: topicId } } },
    ]);
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::SNS::TopicPolicy')!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', EvaluationPeriods: 1 });
    }
  });

  it("watch every workflow's failed, timed-out and aborted executions", () => {
    for (const name of Object.keys(workflows) as (keyof typeof workflows)[]) {
      const arn = { Ref: idOf(stack.stateMachines[name]) };
      const watching = alarms().filter((a) => metricsOf(a).some((m: any) => m.Dimensions?.some((d: any) => JSON.stringify(d.Value) === JSON.stringify(arn))));
      expect(watching, name).toHaveLength(1);
      expect(metricsOf(watching[0]!).map((m: any) => m.MetricName).sort(), name).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    }
  });

  it("watch every function's errors, each in exactly one alarm of at most 10 metrics", () => {
    const watched = alarms()
      .flatMap(metricsOf)
      .filter((m: any) => m.Namespace === 'AWS/Lambda' && m.MetricName === 'Errors')
      .map((m: any) => m.Dimensions[0].Value.Ref);
    expect(watched.sort()).toEqual((Object.keys(handlers) as (keyof typeof handlers)[]).map((n) => idOf(stack.functions[n])).sort());
    for (const alarm of alarms()) expect(metricsOf(alarm).length).toBeLessThanOrEqual(10);
  });

  it("watch the API's 5xx", () => {
    const api = alarms().filter((a) => a.Properties.MetricName === '5xx' && a.Properties.Namespace === 'AWS/ApiGateway');
    expect(api).toHaveLength(1);
    expect(api[0]!.Properties.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: idOf(stack.api) } }]);
  });
});
