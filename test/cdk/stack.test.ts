// The stack's wiring, checked on the synthesized template: routes reach the
// handlers the manifest names, state machines get the right functions,
// permissions are the least each handler needs, and cdk-nag finds nothing
// unacknowledged. No snapshot: each assertion says what it protects.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { handlers, routes, substitutedHandlers, workflows, type HandlerName } from '../../infra/manifest.ts';
import type { GrantsStack } from '../../infra/stack.ts';

let template: Template;
let stack: GrantsStack;
let outdir: string;
let resources: Record<string, { Type: string; Properties: any; Metadata?: any }>;

const logicalId = (name: HandlerName) => stack.getLogicalId(stack.functions[name].node.defaultChild as never);
const roleId = (name: HandlerName) => stack.getLogicalId(stack.functions[name].role!.node.defaultChild as never);

/** Every IAM statement attached to a role (its policies), flattened. */
function statementsOf(role: string): { Action: string | string[]; Resource: unknown; Effect: string }[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}
const actionsOf = (role: string) => statementsOf(role).flatMap((s) => [s.Action].flat());

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
  const built = buildApp({ mailFrom: 'grants@trustfund.example.org' }, { outdir });
  stack = built.stack;
  // cdk-nag's AwsSolutions pack runs here: any unacknowledged finding throws.
  built.app.synth();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions finding', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8').toString() || '{}');
    const violations = report.pluginReports?.flatMap((p: { violations: unknown[] }) => p.violations) ?? [];
    expect(violations).toEqual([]);
  });
});

describe('functions', () => {
  it('deploys one Lambda per handler of the manifest, on Node 24 and arm64', () => {
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const fn = resources[logicalId(name)]!;
      expect(fn.Type).toBe('AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    }
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of the manifest, each integrated with the function it names', () => {
    const apiRoutes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(apiRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const apiRoute = apiRoutes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      const integrationId = apiRoute.Properties.Target['Fn::Join'][1][1].Ref as string;
      const integration = resources[integrationId]!;
      expect(integration.Properties.IntegrationUri['Fn::GetAtt'][0], `${route.method} ${route.path}`).toBe(logicalId(route.handler));
    }
  });

  it('logs requests without bodies or query strings', () => {
    const stage = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/requestBody|path|querystring|identity/i);
  });
});

describe('workflows', () => {
  for (const [name, spec] of Object.entries(workflows)) {
    it(`${name}: every substitution is the ARN of the function the manifest names`, () => {
      const machine = stack.stateMachines[name as keyof typeof workflows];
      const props = resources[stack.getLogicalId(machine.node.defaultChild as never)]!.Properties;
      expect(Object.keys(props.DefinitionSubstitutions).sort()).toEqual(Object.keys(spec.substitutions).sort());
      for (const [key, value] of Object.entries(spec.substitutions)) {
        expect(props.DefinitionSubstitutions[key]).toEqual(
          typeof value === 'string'
            ? { 'Fn::GetAtt': [logicalId(value as HandlerName), 'Arn'] }
            : { Ref: stack.getLogicalId(stack.stateMachines[value.stateMachine as keyof typeof workflows].node.defaultChild as never) },
        );
      }
    });

    it(`${name}: the role invokes exactly those functions`, () => {
      const machine = stack.stateMachines[name as keyof typeof workflows];
      const role = stack.getLogicalId(machine.role.node.defaultChild as never);
      const invoke = statementsOf(role).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
      const targets = invoke.flatMap((s) => [s.Resource].flat()).map((r: any) => r['Fn::GetAtt'][0]).sort();
      expect(targets).toEqual(substitutedHandlers(spec).map((h) => logicalId(h)).sort());
    });

    it(`${name}: logs at level ALL without execution data`, () => {
      const machine = stack.stateMachines[name as keyof typeof workflows];
      expect(resources[stack.getLogicalId(machine.node.defaultChild as never)]!.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
    });
  }
});

describe('permissions', () => {
  it('gives the pure intake steps no access to data', () => {
    for (const name of ['intake-eligibility', 'intake-priority'] as const) {
      expect(actionsOf(roleId(name)).filter((a) => /^(dynamodb|s3|states|ses):/.test(a))).toEqual([]);
    }
  });

  it('lets only the APIs and the tick start workflows, and only the notifying handlers send mail', () => {
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const actions = actionsOf(roleId(name));
      expect(actions.includes('states:StartExecution'), name).toBe(['api-applications', 'api-admin', 'tick'].includes(name));
      expect(actions.includes('ses:SendEmail'), name).toBe(['api-applications', 'intake-notify', 'review-request', 'tick'].includes(name));
    }
  });

  it('runs the tick on a schedule whose role can invoke the tick function only', () => {
    const schedule = Object.values(resources).find((r) => r.Type === 'AWS::Scheduler::Schedule')!;
    expect(schedule.Properties.ScheduleExpression).toMatch(/^rate\(\d+ minutes\)$/);
    expect(schedule.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [logicalId('tick'), 'Arn'] });
    const role = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(statementsOf(role)).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [logicalId('tick'), 'Arn'] } }),
    ]);
  });

  it('lets only the callback handler resume tasks, and only on the review state machine', () => {
    const reviewArn = { Ref: stack.getLogicalId(stack.stateMachines.review.node.defaultChild as never) };
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const resuming = statementsOf(roleId(name)).filter((s) => [s.Action].flat().some((a) => /^states:SendTask/.test(a)));
      if (name === 'review-answer') {
        expect(resuming).toEqual([expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskFailure', 'states:SendTaskSuccess']), Resource: reviewArn })]);
      } else {
        expect(resuming, name).toEqual([]);
      }
    }
  });

  it('lets the call state machine run review executions to their end, and nothing else', () => {
    const role = stack.getLogicalId(stack.stateMachines.call.role.node.defaultChild as never);
    const start = statementsOf(role).find((s) => [s.Action].flat().includes('states:StartExecution'))!;
    expect(start.Resource).toEqual({ Ref: stack.getLogicalId(stack.stateMachines.review.node.defaultChild as never) });
  });

  it('keeps read-only handlers read-only', () => {
    for (const name of ['api-public', 'web', 'intake-load', 'intake-notify'] as const) {
      expect(actionsOf(roleId(name)).filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || a === 's3:PutObject'), name).toEqual([]);
    }
  });

  it('uses no action wildcards', () => {
    for (const name of Object.keys(handlers) as HandlerName[]) {
      expect(actionsOf(roleId(name)).filter((a) => a.includes('*') && !a.startsWith('xray:')), name).toEqual([]);
    }
  });
});

describe('data', () => {
  it('keeps the table encrypted, recoverable to a point in time, and with the keys the local runtime creates', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'gsi2', KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }] }),
      ],
    });
  });

  it('keeps documents private, encrypted, versioned and reachable over TLS only', () => {
    const documents = resources[stack.getLogicalId(stack.node.findChild('Documents').node.defaultChild as never)]!;
    expect(documents.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      CorsConfiguration: { CorsRules: [expect.objectContaining({ AllowedMethods: expect.arrayContaining(['POST']) })] },
    });
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties.Bucket).includes(stack.getLogicalId(stack.node.findChild('Documents').node.defaultChild as never)))!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'DenyReadingUnscannedOrInfectedDocuments',
        Effect: 'Deny',
        Condition: expect.objectContaining({ StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' } }),
      }),
    );
    template.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 1);
  });

  it('can leave GuardDuty out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
    try {
      const { app, stack: bare } = buildApp({ malwareProtection: false }, { outdir: dir });
      app.synth();
      Template.fromStack(bare).resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('resolves every manifest entry file', () => {
  for (const spec of Object.values(handlers)) expect(() => readFileSync(resolve(import.meta.dirname, '../..', spec.entry))).not.toThrow();
});
