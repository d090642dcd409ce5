// The stack's wiring, checked on the synthesized template: cdk-nag finds
// nothing unacknowledged (and nothing is acknowledged for no reason), routes
// reach the handlers the manifest names, state machines get the right
// functions, every handler gets exactly the permissions and variables of its
// capabilities, and the data stays private. No snapshot: each assertion says
// what it protects, and references are resolved to logical ids.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { ENV, handlers, ROUTE_THROTTLES, routes, STAGE_THROTTLE, substitutedHandlers, workflows, type Capability, type HandlerName, type WorkflowName, type WorkflowSpec } from '../../infra/manifest.ts';
import { SCAN_TAG, UNSCANNED_READERS, type GrantsStack } from '../../infra/stack.ts';
import { SESSION_SECONDS } from '../../shared/http/auth.ts';

const MAIL_FROM = 'grants@trustfund.example.org';
/** Skips esbuild: for the extra apps that only check a variant of the wiring. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

interface Resource {
  Type: string;
  Properties: any;
  DependsOn?: string | string[];
}
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let app: ReturnType<typeof buildApp>['app'];
let stack: GrantsStack;
let outdir: string;
let synthError: unknown;
let template: Template;
let resources: Record<string, Resource>;

const HANDLERS = Object.keys(handlers) as HandlerName[];
const WORKFLOWS = Object.keys(workflows) as WorkflowName[];
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([value].flat() as T[]));
const idOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const fnId = (name: HandlerName) => idOf(stack.functions[name]);
const fnRoleId = (name: HandlerName) => idOf(stack.functions[name].role);
const smId = (name: WorkflowName) => idOf(stack.stateMachines[name]);
const smRoleId = (name: WorkflowName) => idOf(stack.stateMachines[name].role);
const fnArn = (name: HandlerName) => ({ 'Fn::GetAtt': [fnId(name), 'Arn'] });
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const capabilitiesOf = (name: HandlerName): readonly Capability[] => handlers[name].capabilities;

/** The IAM statements of the policies attached to a role. */
const statementsOf = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => list<Statement>(p.Properties.PolicyDocument.Statement));
const actionsOf = (roleId: string) => statementsOf(roleId).flatMap((s) => list(s.Action));
const matchesAction = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** The roles (logical ids) an Allow statement lets perform `action` on `resource`, or on `*`. */
function rolesAllowed(action: string, resource: unknown): string[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) =>
      list<Statement>(p.Properties.PolicyDocument.Statement).some(
        (s) =>
          s.Effect === 'Allow' &&
          list(s.Action).some((a) => matchesAction(a, action)) &&
          list(s.Resource).some((r) => r === '*' || isDeepStrictEqual(r, resource)),
      ),
    )
    .flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref))
    .sort();
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
  // Control Tower's rules are checked in controls.test.ts (their own synth); cdk-nag runs here.
  ({ app, stack } = buildApp({ mailFrom: MAIL_FROM }, { outdir }, { controlTower: false }));
  try {
    // Bundles every handler with esbuild and runs cdk-nag's AwsSolutions pack.
    app.synth();
  } catch (error) {
    synthError = error;
    return;
  }
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk-nag (AwsSolutions)', () => {
  it('synthesizes: an unacknowledged error or warning would make synth() throw with the report', () => {
    expect(synthError ? String(synthError) : undefined).toBeUndefined();
  });

  it('leaves no violation in the validation report, warnings included', () => {
    // cdk-nag reports nothing when all is clean; CDK's own CloudFormation
    // checks report warnings here without failing the synth.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
    };
    expect(report.pluginReports.flatMap((p) => p.violations.map((v) => `${p.pluginName}: ${v.ruleName}`))).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges only findings that exist, each on a resource (never the stack) and with a reason', () => {
    // The same pack, blind to acknowledgements: every finding there is.
    const blind = new AwsSolutionsChecks();
    (blind as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const findings = blind
      .validateScope(app)
      .violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: (r as { constructPath: string }).constructPath })));
    expect(findings.length).toBeGreaterThan(0);

    const acknowledgements = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>))
        .map(([key, reason]) => ({ construct, id: key.replace(/^annotation::/i, ''), reason }))
        // Control Tower's (cfn-guard) are checked in controls.test.ts.
        .filter(({ id }) => !id.startsWith('cdk-validator-cfnguard::')),
    );
    for (const { construct, id, reason } of acknowledgements) {
      const where = `${id} on ${construct.node.path}`;
      expect(Stack.isStack(construct) || construct === app, where).toBe(false);
      expect(reason.length, where).toBeGreaterThan(40);
      const covered = findings.filter((f) => f.id === id && (f.path === construct.node.path || f.path.startsWith(`${construct.node.path}/`)));
      expect(covered.length, `stale acknowledgement: ${where}`).toBeGreaterThan(0);
    }
  });

  it('is registered on the app: a non-compliant resource fails the synth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
    try {
      const { app: probeApp, stack: probeStack } = buildApp({}, { outdir: dir, context: NO_BUNDLING }, { controlTower: false });
      new s3.Bucket(probeStack, 'UnloggedBucket', { enforceSSL: true });
      expect(() => probeApp.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('template', () => {
  it('has no circular dependency between resources (CloudFormation would refuse it; CDK does not check)', () => {
    const ids = new Set(Object.keys(resources));
    const refs = (value: unknown, out = new Set<string>()): Set<string> => {
      if (Array.isArray(value)) value.forEach((v) => refs(v, out));
      else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (key === 'Ref' && typeof v === 'string' && ids.has(v)) out.add(v);
          else if (key === 'Fn::GetAtt') out.add(Array.isArray(v) ? (v[0] as string) : String(v).split('.')[0]!);
          else refs(v, out);
        }
      }
      return out;
    };
    const graph = new Map(Object.entries(resources).map(([id, r]) => [id, [...refs(r.Properties), ...list(r.DependsOn)]]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycleFrom = (id: string, path: string[]): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
      state.set(id, 'visiting');
      for (const next of graph.get(id) ?? []) {
        const cycle = cycleFrom(next, [...path, id]);
        if (cycle) return cycle;
      }
      state.set(id, 'done');
      return undefined;
    };
    for (const id of graph.keys()) expect(cycleFrom(id, [])).toBeUndefined();
  });

  it('takes no secretariat tokens: the members are users of the Cognito user pool', () => {
    expect(template.toJSON().Parameters ?? {}).not.toHaveProperty('AdminTokenSha256');
    expect(template.toJSON().Parameters ?? {}).not.toHaveProperty('SecretariatTokens');
    expect(JSON.stringify(resources)).not.toMatch(/ADMIN_TOKEN/);
  });

  it('outputs the API URL, the table, the bucket and every state machine', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ApiUrl?.Value).toEqual({ 'Fn::GetAtt': [idOf(stack.api), 'ApiEndpoint'] });
    expect(outputs.TableName?.Value).toEqual({ Ref: idOf(stack.table) });
    expect(outputs.DocumentsBucket?.Value).toEqual({ Ref: idOf(stack.documents) });
    for (const name of WORKFLOWS) expect(Object.values(outputs).map((o) => o.Value)).toContainEqual({ Ref: smId(name) });
  });
});

describe('functions', () => {
  it('deploys one Lambda per handler of the manifest, on Node 24 and arm64, with source maps', () => {
    expect(ofType('AWS::Lambda::Function').map(([id]) => id).sort()).toEqual(HANDLERS.map(fnId).sort());
    for (const name of HANDLERS) {
      expect(resources[fnId(name)]!.Properties, name).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: handlers[name].memoryMb,
        Timeout: handlers[name].timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_LOG_LEVEL: 'INFO' }) },
      });
    }
  });

  it('logs each function to its own log group, with a retention', () => {
    for (const name of HANDLERS) {
      const logGroup = resources[fnId(name)]!.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(resources[logGroup]!.Properties.RetentionInDays, name).toBeGreaterThan(0);
    }
  });

  it('sets exactly the environment variables of its capabilities (names from ENV)', () => {
    const expected = (capability: Capability): Record<string, unknown> =>
      ({
        'table:read': { [ENV.table]: { Ref: idOf(stack.table) } },
        'table:write': { [ENV.table]: { Ref: idOf(stack.table) } },
        'table:get': { [ENV.table]: { Ref: idOf(stack.table) } },
        'table:put': { [ENV.table]: { Ref: idOf(stack.table) } },
        'table:delete': { [ENV.table]: { Ref: idOf(stack.table) } },
        'bucket:read': { [ENV.bucket]: { Ref: idOf(stack.documents) } },
        'bucket:write': { [ENV.bucket]: { Ref: idOf(stack.documents) } },
        'bucket:copy': { [ENV.bucket]: { Ref: idOf(stack.documents) } },
        'bucket:erase': { [ENV.bucket]: { Ref: idOf(stack.documents) } },
        'intake:start': { [ENV.intakeStateMachine]: { Ref: smId('intake') } },
        'call:start': { [ENV.callStateMachine]: { Ref: smId('call') } },
        'review:answer': {},
        'call:answer': {},
        'milestone:answer': {},
        'milestone:schedule': {
          [ENV.milestoneStateMachine]: { Ref: smId('milestone') },
          [ENV.schedulerRole]: { 'Fn::GetAtt': [expect.stringMatching(/^MilestoneScheduleRole/), 'Arn'] },
          [ENV.scheduleGroup]: 'TraffickingVictimsGrants-milestones',
        },
        // Emails carry links back to the site.
        'mail:send': { [ENV.mailFrom]: MAIL_FROM, [ENV.mailTransport]: 'ses', [ENV.secretariatEmail]: MAIL_FROM, [ENV.publicBaseUrl]: { 'Fn::GetAtt': [idOf(stack.api), 'ApiEndpoint'] } },
        // Cognito mode: the pool, the dashboard client, the managed login and its region; the base URL makes its redirect addresses.
        'admin-auth': {
          [ENV.cognitoUserPoolId]: { Ref: idOf(stack.userPool) },
          [ENV.cognitoClientId]: { Ref: idOf(stack.signInClient) },
          [ENV.cognitoDomain]: expect.objectContaining({ 'Fn::Join': expect.anything() }),
          [ENV.cognitoRegion]: { Ref: 'AWS::Region' },
          [ENV.publicBaseUrl]: { 'Fn::GetAtt': [idOf(stack.api), 'ApiEndpoint'] },
        },
      })[capability];
    for (const name of HANDLERS) {
      const { NODE_OPTIONS, POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, ...variables } = resources[fnId(name)]!.Properties.Environment.Variables;
      expect(variables, name).toEqual(Object.assign({}, ...capabilitiesOf(name).map(expected)));
    }
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of the manifest, each integrated with the function it names', () => {
    const apiRoutes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(apiRoutes.map((r) => r.RouteKey).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const apiRoute = apiRoutes.find((r) => r.RouteKey === key)!;
      // Target: "integrations/<IntegrationId>"
      const [, [prefix, { Ref: integrationId }]] = apiRoute.Target['Fn::Join'] as [string, [string, { Ref: string }]];
      expect(prefix, key).toBe('integrations/');
      const integration = resources[integrationId]!.Properties;
      expect(integration.IntegrationType, key).toBe('AWS_PROXY');
      expect(integration.IntegrationUri, key).toEqual(fnArn(route.handler));
    }
  });

  it('puts the JWT authorizer of the secretariat user pool on every /admin route, and on no other', () => {
    const [[authorizerId, authorizer]] = ofType('AWS::ApiGatewayV2::Authorizer') as [[string, Resource]];
    expect(ofType('AWS::ApiGatewayV2::Authorizer')).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: idOf(stack.signInClient) }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: idOf(stack.userPool) }]] },
      },
    });
    const apiRoutes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const admin = routes.filter((r) => r.path.startsWith('/admin/'));
    expect(admin.length).toBeGreaterThan(20);
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const apiRoute = apiRoutes.find((r) => r.RouteKey === key)!;
      if (route.path.startsWith('/admin/')) expect(apiRoute, key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      else expect([apiRoute.AuthorizationType ?? 'NONE', apiRoute.AuthorizerId], key).toEqual(['NONE', undefined]);
    }
    // The public ones by name, so that a change of the filter above cannot hide them.
    for (const key of ['GET /calls', 'GET /reviewer/{ref}', 'GET /signin', 'GET /signin/callback', 'POST /signout', 'GET /dashboard']) {
      expect(routes.map((r) => `${r.method} ${r.path}`), key).toContain(key);
      expect(apiRoutes.find((r) => r.RouteKey === key)!.AuthorizerId, key).toBeUndefined();
    }
  });

  it('has one integration per handler, reused by its routes', () => {
    expect(ofType('AWS::ApiGatewayV2::Integration').length).toBe(new Set(routes.map((r) => r.handler)).size);
  });

  it('lets API Gateway invoke only the functions behind routes', () => {
    const invoked = new Set(ofType('AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com').map(([, p]) => p.Properties.FunctionName['Fn::GetAtt'][0]));
    expect([...invoked].sort()).toEqual([...new Set(routes.map((r) => fnId(r.handler)))].sort());
  });

  it('logs requests without bodies, raw paths or query strings, and throttles by default', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties.StageName).toBe('$default');
    const format = stage.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/requestBody|\.path|querystring|identity|userAgent|sourceIp/i);
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit, ThrottlingRateLimit: STAGE_THROTTLE.rateLimit });
  });

  it('throttles each public write route with the figures the local server plays (infra/manifest.ts), after the route exists', () => {
    const [[stageId, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const expected = Object.fromEntries(
      Object.entries(ROUTE_THROTTLES).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }]),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(stage.Properties.RouteSettings).toEqual(expected);
    const routeIds = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, route]) => ROUTE_THROTTLES[route.Properties.RouteKey])
      .map(([id]) => id);
    expect(routeIds.length).toBe(Object.keys(expected).length);
    expect(template.toJSON().Resources[stageId].DependsOn).toEqual(expect.arrayContaining(routeIds));
  });
});

describe('workflows', () => {
  for (const name of WORKFLOWS) {
    const spec: WorkflowSpec = workflows[name];
    describe(name, () => {
      it('is a traced Standard state machine from its file, each substitution the ARN the manifest names', () => {
        const props = resources[smId(name)]!.Properties;
        expect(props.StateMachineType).toBe('STANDARD');
        expect(props.TracingConfiguration).toEqual({ Enabled: true });
        expect(Object.keys(props.DefinitionSubstitutions).sort()).toEqual(Object.keys(spec.substitutions).sort());
        for (const [key, value] of Object.entries(spec.substitutions)) {
          expect(props.DefinitionSubstitutions[key], key).toEqual(typeof value === 'string' ? fnArn(value) : { Ref: smId(value.stateMachine as WorkflowName) });
        }
      });

      it('can invoke exactly the functions its file names, unqualified', () => {
        const invoke = statementsOf(smRoleId(name)).filter((s) => list(s.Action).some((a) => matchesAction(a, 'lambda:InvokeFunction')));
        const targets = invoke.flatMap((s) => list(s.Resource));
        expect(targets).toHaveLength(substitutedHandlers(spec).length);
        expect(targets).toEqual(expect.arrayContaining(substitutedHandlers(spec).map(fnArn)));
      });

      it('logs at level ALL without execution data', () => {
        expect(resources[smId(name)]!.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
      });
    });
  }
});

describe('permissions', () => {
  it('gives the pure intake steps no access to data, mail or workflows', () => {
    for (const name of ['intake-eligibility', 'intake-priority'] as const) {
      expect(actionsOf(fnRoleId(name)).filter((a) => /^(dynamodb|s3|states|ses|kms):/.test(a)), name).toEqual([]);
    }
  });

  it('keeps handlers without table:write (api-public among them) from writing the table or the bucket', () => {
    expect(capabilitiesOf('api-public')).not.toContain('table:write');
    for (const name of HANDLERS.filter((n) => !capabilitiesOf(n).includes('table:write'))) {
      // table:put and table:delete give puts and deletes alone.
      const allowed = [...(capabilitiesOf(name).includes('table:put') ? ['dynamodb:PutItem'] : []), ...(capabilitiesOf(name).includes('table:delete') ? ['dynamodb:DeleteItem'] : [])];
      expect(actionsOf(fnRoleId(name)).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite|PartiQL)/.test(a) && !allowed.includes(a)), name).toEqual([]);
    }
    for (const name of HANDLERS.filter((n) => !capabilitiesOf(n).includes('bucket:write'))) {
      expect(actionsOf(fnRoleId(name)).filter((a) => matchesAction(a, 's3:PutObject')), name).toEqual([]);
    }
  });

  it('lets start each state machine only the handlers with its capability and the state machines that name it', () => {
    const startedBy: Partial<Record<WorkflowName, Capability>> = { intake: 'intake:start', call: 'call:start' };
    for (const name of WORKFLOWS) {
      const expected = [
        ...HANDLERS.filter((h) => startedBy[name] && capabilitiesOf(h).includes(startedBy[name])).map(fnRoleId),
        ...WORKFLOWS.filter((w) => Object.values((workflows[w] as WorkflowSpec).substitutions).some((v) => typeof v !== 'string' && v.stateMachine === name)).map(smRoleId),
        // Milestones are started by their one-time schedules, through the one role those run with.
        ...(name === 'milestone' ? [idOf(stack.milestoneScheduleRole)] : []),
      ].sort();
      expect(rolesAllowed('states:StartExecution', { Ref: smId(name) }), name).toEqual(expected);
    }
    // Handlers with milestone:schedule may pass that role, to the scheduler only, and create schedules in their group only.
    for (const name of HANDLERS.filter((h) => capabilitiesOf(h).includes('milestone:schedule'))) {
      expect(statementsOf(fnRoleId(name)).filter((s) => list(s.Action).some((a) => a === 'iam:PassRole' || a.startsWith('scheduler:')))).toEqual([
        expect.objectContaining({ Action: 'scheduler:CreateSchedule', Resource: { 'Fn::Join': ['', expect.arrayContaining([':schedule/TraffickingVictimsGrants-milestones/*'])] } }),
        expect.objectContaining({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [idOf(stack.milestoneScheduleRole), 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
      ]);
    }
    // The applicant's submission is the only way into the intake.
    expect(rolesAllowed('states:StartExecution', { Ref: smId('intake') })).toEqual([fnRoleId('api-applications')]);
  });

  it('lets invoke each function only the state machines that name it (and the schedule, the tick)', () => {
    for (const name of HANDLERS) {
      const expected = WORKFLOWS.filter((w) => substitutedHandlers(workflows[w]).includes(name)).map(smRoleId);
      const byRoles = rolesAllowed('lambda:InvokeFunction', fnArn(name)).filter((role) => resources[role]!.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service !== 'scheduler.amazonaws.com');
      expect(byRoles, name).toEqual(expected.sort());
    }
  });

  it('runs the tick on a schedule whose role can invoke the tick function only', () => {
    const [[, schedule]] = ofType('AWS::Scheduler::Schedule') as [[string, Resource]];
    expect(schedule.Properties.ScheduleExpression).toMatch(/^rate\(\d+ minutes\)$/);
    expect(schedule.Properties.Target.Arn).toEqual(fnArn('tick'));
    const role = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    expect(statementsOf(role)).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: fnArn('tick') })]);
  });

  it('lets only the :answer handlers resume tasks, and only those of their state machine', () => {
    expect(HANDLERS.filter((name) => capabilitiesOf(name).includes('call:answer')).sort()).toEqual(['ballot-answer', 'slate-submit']);
    expect(HANDLERS.filter((name) => capabilitiesOf(name).includes('milestone:answer')).sort()).toEqual(['dashboard-actions', 'report-answer', 'report-review']);
    for (const name of HANDLERS) {
      const resuming = statementsOf(fnRoleId(name)).filter((s) => list(s.Action).some((a) => a.startsWith('states:SendTask')));
      const machine = capabilitiesOf(name).includes('review:answer')
        ? 'review'
        : capabilitiesOf(name).includes('call:answer')
          ? 'call'
          : capabilitiesOf(name).includes('milestone:answer')
            ? 'milestone'
            : undefined;
      if (machine) {
        expect(resuming, name).toEqual([
          expect.objectContaining({ Action: expect.arrayContaining(['states:SendTaskFailure', 'states:SendTaskSuccess']), Resource: { Ref: smId(machine) } }),
        ]);
      } else {
        expect(resuming, name).toEqual([]);
      }
    }
  });

  it('lets only mail:send handlers send mail, from the SES identity only', () => {
    for (const name of HANDLERS) {
      const sending = statementsOf(fnRoleId(name)).filter((s) => list(s.Action).some((a) => a.startsWith('ses:')));
      if (!capabilitiesOf(name).includes('mail:send')) {
        expect(sending, name).toEqual([]);
        continue;
      }
      expect(sending.flatMap((s) => list(s.Action)), name).toEqual(['ses:SendEmail']);
      expect(JSON.stringify(sending[0]!.Resource), name).toMatch(/:identity\/.*"Ref":"MailIdentity/);
    }
  });

  it('uses no action wildcards in the handlers roles, and no resource wildcard but X-Ray', () => {
    for (const name of HANDLERS) {
      const statements = statementsOf(fnRoleId(name));
      expect(statements.flatMap((s) => list(s.Action)).filter((a) => a.includes('*')), name).toEqual([]);
      expect(statements.filter((s) => s.Resource === '*').flatMap((s) => list(s.Action)).filter((a) => !a.startsWith('xray:')), name).toEqual([]);
    }
  });
});

describe('secretariat sign-in', () => {
  it('has a user pool without self sign-up, with TOTP MFA required, a strong password policy, recovery by email, threat protection, retained', () => {
    const pool = resources[idOf(stack.userPool)]!;
    expect(pool.Type).toBe('AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.Properties.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toBeDefined();
    expect((pool as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
  });

  it('has a managed login domain with a Cognito prefix, unique per account', () => {
    const [[, domain]] = ofType('AWS::Cognito::UserPoolDomain') as [[string, Resource]];
    expect(domain.Properties).toMatchObject({ UserPoolId: { Ref: idOf(stack.userPool) }, ManagedLoginVersion: 2 });
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::AccountId');
    expect(ofType('AWS::Cognito::ManagedLoginBranding')).toHaveLength(1);
  });

  it('has a public client for the code flow with PKCE, back to /signin/callback, for 8 hours', () => {
    const client = resources[idOf(stack.signInClient)]!.Properties;
    const endpoint = (path: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(stack.api), 'ApiEndpoint'] }, path]] });
    expect(client).toMatchObject({
      UserPoolId: { Ref: idOf(stack.userPool) },
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [endpoint('/signin/callback')],
      LogoutURLs: [endpoint('/signin')],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      // The session cookie's 8 hours (shared/http/auth.ts), in minutes.
      IdTokenValidity: SESSION_SECONDS / 60,
      AccessTokenValidity: SESSION_SECONDS / 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      RefreshTokenValidity: 480,
    });
    expect([...client.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect(client.AllowedOAuthFlows).not.toContain('implicit');
  });

  it('can take the domain prefix from a prop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
    try {
      const { app: other, stack: named } = buildApp({ cognitoDomainPrefix: 'fund-grants-signin' }, { outdir: dir, context: NO_BUNDLING }, { controlTower: false });
      other.synth();
      Template.fromStack(named).hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'fund-grants-signin' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data', () => {
  it('keeps the table encrypted, recoverable to a point in time, retained, and with the keys the local runtime creates', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table') as [[string, Resource & { DeletionPolicy?: string }]];
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // The stack's key (controls.test.ts).
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      // The per-client counters (shared/rate-limit.ts) expire by themselves.
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({ IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }] }),
      expect.objectContaining({ IndexName: 'gsi2', KeySchema: [{ AttributeName: 'gsi2pk', KeyType: 'HASH' }, { AttributeName: 'gsi2sk', KeyType: 'RANGE' }] }),
    ]);
  });

  const documentsPolicy = () => {
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([, p]) => isDeepStrictEqual(p.Properties.Bucket, { Ref: idOf(stack.documents) })) as [[string, Resource]];
    return list<Statement>(policy.Properties.PolicyDocument.Statement);
  };

  it('keeps documents private, encrypted, versioned, logged and reachable over TLS only', () => {
    expect(resources[idOf(stack.documents)]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      // The stack's key, with a bucket key (controls.test.ts).
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() }, BucketKeyEnabled: true }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
    expect(documentsPolicy()).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('aborts incomplete uploads and expires old versions after 90 days', () => {
    const rules = resources[idOf(stack.documents)]!.Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: expect.any(Number) }, Status: 'Enabled' }));
    expect(rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }));
  });

  it("allows browser uploads from the API's own origin only, by default", () => {
    expect(resources[idOf(stack.documents)]!.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: ['POST', 'GET', 'HEAD'],
        AllowedOrigins: [{ 'Fn::GetAtt': [idOf(stack.api), 'ApiEndpoint'] }],
      }),
    ]);
  });

  it('lets nobody read a document GuardDuty has not tagged clean, but GuardDuty and the handlers that check uploads', () => {
    template.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 1);
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      Role: { 'Fn::GetAtt': [idOf(stack.malwareProtectionRole!), 'Arn'] },
      ProtectedResource: { S3Bucket: { BucketName: { Ref: idOf(stack.documents) } } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    const role = resources[idOf(stack.malwareProtectionRole!)]!.Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } }),
    ]);
    const deny = documentsPolicy().find((s) => s.Sid === 'DenyReadingUnscannedOrInfectedDocuments')!;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: expect.arrayContaining(['s3:GetObject']) });
    expect(deny.Condition!.StringNotEquals).toEqual({ [`s3:ExistingObjectTag/${SCAN_TAG.key}`]: SCAN_TAG.clean });
    const exempt = list(deny.Condition!.ArnNotEquals!['aws:PrincipalArn']).map((arn) => (arn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0]);
    expect(exempt.sort()).toEqual([idOf(stack.malwareProtectionRole!), ...UNSCANNED_READERS.map(fnRoleId)].sort());
    // review-answer signs the reviewers' links: clean documents only.
    expect(UNSCANNED_READERS).not.toContain('review-answer');
  });

  it('can leave GuardDuty out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-cdk-'));
    try {
      const { app: bareApp, stack: bare } = buildApp({ malwareProtection: false }, { outdir: dir, context: NO_BUNDLING }, { controlTower: false });
      bareApp.synth();
      const bareTemplate = Template.fromStack(bare);
      bareTemplate.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 0);
      expect(JSON.stringify(bareTemplate.toJSON())).not.toContain(SCAN_TAG.key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
