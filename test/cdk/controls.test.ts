// The customer-managed key and AWS Control Tower's proactive controls, on
// the synthesized template (without bundling: keys, policies and log groups
// do not depend on the code's bytes). The app runs the controls as a
// validation plugin (infra/app.ts), so the synth fails on an unacknowledged
// finding; here the same rules run blind to acknowledgements, to check that
// each acknowledgement covers a real finding, names its control and says
// why, and that what the issue asked for is fixed rather than acknowledged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { CfnResource, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { CFN_GUARD_PLUGIN, CONTROLS, type Control } from '../../infra/controls.ts';
import { handlers, type Capability, type HandlerName } from '../../infra/manifest.ts';
import type { GrantsStack } from '../../infra/stack.ts';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
/** CT.CLOUDWATCH.PR.3's rule (not acknowledged anywhere, so not in CONTROLS). */
const CONTROLS_RULE_LOG_KEY = 'cloudwatch_log_group_encrypted_check';
const RULES = resolve(import.meta.dirname, '../../node_modules/@cdklabs/cdk-validator-cfnguard/rules/control-tower/cfn-guard');

interface Resource {
  Type: string;
  Properties: any;
  DeletionPolicy?: string;
}
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
interface Finding {
  control: string;
  rule: string;
  logicalId: string;
}

let outdir: string;
let app: ReturnType<typeof buildApp>['app'];
let stack: GrantsStack;
let templateFile: string;
let resources: Record<string, Resource>;
let findings: Finding[];

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([value].flat() as T[]));
const idOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const keyArn = () => ({ 'Fn::GetAtt': [idOf(stack.key), 'Arn'] });
const statementsOf = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => list<Statement>(p.Properties.PolicyDocument.Statement));
const kmsStatementsOf = (roleId: string) => statementsOf(roleId).filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'grants-controls-'));
  ({ app, stack } = buildApp({}, { outdir, context: NO_BUNDLING }));
  // Throws with the report on an unacknowledged finding of cdk-nag or of the controls.
  const assembly = app.synth();
  templateFile = assembly.getStackByName(stack.stackName).templateFullPath;
  resources = (JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, Resource> }).Resources;
  // Every Control Tower rule, blind to acknowledgements (those are CDK's, applied after the plugin reports).
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: true }).validate({ templatePaths: [templateFile], appConstruct: app } as Parameters<CfnGuardValidator["validate"]>[0]);
  findings = report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({ control: /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(v.description)?.[1] ?? '?', rule: v.ruleName, logicalId: r.resourceLogicalId })),
  );
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Control Tower proactive controls (cfn-guard)', () => {
  it('names each acknowledged control by the rule of its guard file', () => {
    for (const [control, rule] of Object.entries(CONTROLS)) {
      const [, service, n] = /^CT\.([A-Z0-9]+)\.PR\.(\d+)$/.exec(control)!;
      const file = readFileSync(join(RULES, { APIGATEWAY: 'apigateway', LAMBDA: 'lambda', S3: 's3' }[service!]!, `ct-${service!.toLowerCase()}-pr-${n}.guard`), 'utf8');
      expect(file, control).toContain(`rule ${rule} when`);
      expect(file, control).toContain(`[${control}]`);
    }
  });

  it('finds something in the template, blind to acknowledgements (the rules run)', () => {
    expect(findings.length).toBeGreaterThan(50);
    expect(findings.every((f) => f.control !== '?')).toBe(true);
  });

  it('leaves no finding unacknowledged, and acknowledges only findings that exist, each naming its control with a reason', () => {
    const acknowledgements = app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>))
        .filter(([id]) => id.startsWith(`${CFN_GUARD_PLUGIN}::`))
        .map(([id, reason]) => ({ construct, rule: id.slice(CFN_GUARD_PLUGIN.length + 2), reason })),
    );
    expect(acknowledgements.length).toBeGreaterThan(0);
    const covers = (construct: IConstruct) =>
      new Set(construct.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c)).map((c) => stack.getLogicalId(c)));
    for (const { construct, rule, reason } of acknowledgements) {
      const where = `${rule} on ${construct.node.path}`;
      expect(Stack.isStack(construct) || construct === app, where).toBe(false);
      const control = Object.entries(CONTROLS).find(([, r]) => r === rule)?.[0];
      expect(control, where).toBeDefined();
      expect(reason.startsWith(`${control}: `), where).toBe(true);
      expect(reason.length, where).toBeGreaterThan(80);
      const ids = covers(construct);
      expect(findings.filter((f) => f.rule === rule && ids.has(f.logicalId)).length, `stale acknowledgement: ${where}`).toBeGreaterThan(0);
    }
    const unacknowledged = findings.filter((f) => !acknowledgements.some((a) => a.rule === f.rule && covers(a.construct).has(f.logicalId)));
    expect(unacknowledged.map((f) => `${f.control} ${f.logicalId}`)).toEqual([]);
  });

  it('fixes rather than acknowledges the key on the documents, the key on every log group and the year of retention', () => {
    const found = (control: Control | string) => findings.filter((f) => f.control === control).map((f) => f.logicalId);
    expect(found('CT.S3.PR.10')).toEqual([expect.stringMatching(/^AccessLogs/)]);
    // The documents' events go to EventBridge, what GuardDuty scans from.
    expect(found('CT.S3.PR.4')).toEqual([expect.stringMatching(/^AccessLogs/)]);
    expect(resources[idOf(stack.documents)]!.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(found('CT.CLOUDWATCH.PR.2')).toEqual([]);
    expect(found('CT.CLOUDWATCH.PR.3')).toEqual([]);
    expect(found('CT.KMS.PR.1')).toEqual([]);
    expect(found('CT.KMS.PR.3')).toEqual([]);
  });

  it('acknowledges no VPC for each function, and no authorizer for the public routes only', () => {
    const functions = ofType('AWS::Lambda::Function').map(([id]) => id).sort();
    expect(findings.filter((f) => f.control === 'CT.LAMBDA.PR.3').map((f) => f.logicalId).sort()).toEqual(functions);
    const publicRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => !String(r.Properties.RouteKey).includes(' /admin/')).map(([id]) => id).sort();
    expect(findings.filter((f) => f.control === 'CT.APIGATEWAY.PR.5').map((f) => f.logicalId).sort()).toEqual(publicRoutes);
  });

  it("finds API Gateway's invoke permissions public only because it cannot read their SourceArn: each is this API's route", () => {
    const permissions = ofType('AWS::Lambda::Permission');
    expect(findings.filter((f) => f.control === 'CT.LAMBDA.PR.2').map((f) => f.logicalId).sort()).toEqual(permissions.map(([id]) => id).sort());
    for (const [id, { Properties: p }] of permissions) {
      expect(p.Principal, id).toBe('apigateway.amazonaws.com');
      const [, parts] = p.SourceArn['Fn::Join'] as [string, unknown[]];
      expect(parts, id).toContainEqual({ Ref: idOf(stack.api) });
      expect(parts.filter((x) => typeof x === 'string').join(''), id).toMatch(/^arn:.*:execute-api:.*\/\*\/.+/);
    }
  });

  it('is registered on the app: a log group without the key fails the synth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-controls-'));
    try {
      const { app: probeApp, stack: probeStack } = buildApp({}, { outdir: dir, context: NO_BUNDLING });
      new logs.LogGroup(probeStack, 'PlainLogs', { retention: logs.RetentionDays.ONE_YEAR });
      // Even with every acknowledgement of the stack in place (CDK then fails only on violations of severity error).
      expect(() => probeApp.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.3/);
      const report = JSON.parse(readFileSync(join(dir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
      };
      const guard = report.pluginReports.find((p) => p.pluginName === CFN_GUARD_PLUGIN)!;
      expect(guard.conclusion).toBe('failure');
      expect(guard.violations.map((v) => [v.ruleName, v.violatingConstructs.map((c) => c.constructPath)])).toEqual([
        [CONTROLS_RULE_LOG_KEY, ['TraffickingVictimsGrants/PlainLogs/Resource']],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the customer-managed key', () => {
  const keyPolicy = () => list<Statement>(resources[idOf(stack.key)]!.Properties.KeyPolicy.Statement);

  it('is one symmetric key, rotated, retained with the data it decrypts', () => {
    expect(ofType('AWS::KMS::Key')).toHaveLength(1);
    const key = resources[idOf(stack.key)]!;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('encrypts the documents (with a bucket key), the table, every log group and the alarms topic', () => {
    expect(resources[idOf(stack.documents)]!.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() }, BucketKeyEnabled: true },
    ]);
    expect(resources[idOf(stack.table)]!.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() });
    const logGroups = ofType('AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThan(Object.keys(handlers).length);
    for (const [id, group] of logGroups) expect(group.Properties, id).toMatchObject({ KmsKeyId: keyArn(), RetentionInDays: 365 });
    expect(resources[idOf(stack.alarmTopic)]!.Properties.KmsMasterKeyId).toEqual(keyArn());
  });

  it('lets CloudWatch Logs use it for this account and region only, and CloudWatch publish alarms', () => {
    const logsStatement = keyPolicy().find((s) => s.Sid === 'AllowCloudWatchLogsForTheLogGroups')!;
    expect(logsStatement).toMatchObject({ Effect: 'Allow', Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } });
    expect(JSON.stringify(logsStatement.Condition!.ArnLike!['kms:EncryptionContext:aws:logs:arn'])).toMatch(/AWS::Region.*AWS::AccountId.*:log-group:\*/);
    expect(keyPolicy().find((s) => s.Sid === 'AllowCloudWatchAlarmsToPublishToTheTopic')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    });
    // Everyone else only through IAM (the account's root, CDK's default statement): the roles' own policies below.
    const others = keyPolicy().filter((s) => s.Effect === 'Allow' && !s.Sid?.startsWith('AllowCloudWatch'));
    expect(others).toEqual([expect.objectContaining({ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } } })]);
    expect(keyPolicy().find((s) => s.Sid === 'DenyGrantsButForAwsServices')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  it("gives each handler's role exactly the key use of its capabilities, through DynamoDB or S3 only", () => {
    const viaService = (service: string) => ({ 'Fn::Join': ['', [`${service}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] });
    const bucket = { 'Fn::GetAtt': [idOf(stack.documents), 'Arn'] };
    const s3Context = { 'kms:EncryptionContext:aws:s3:arn': [bucket, { 'Fn::Join': ['', [bucket, '/*']] }] };
    const keyUse: Partial<Record<Capability, { service: string; actions: string[] }>> = {
        'table:read': { service: 'dynamodb', actions: ['kms:Decrypt'] },
        'table:get': { service: 'dynamodb', actions: ['kms:Decrypt'] },
        'table:delete': { service: 'dynamodb', actions: ['kms:Decrypt'] },
        'table:put': { service: 'dynamodb', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] },
        'table:write': { service: 'dynamodb', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] },
        'bucket:read': { service: 's3', actions: ['kms:Decrypt'] },
        'bucket:write': { service: 's3', actions: ['kms:GenerateDataKey'] },
    };
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const roleId = idOf(stack.functions[name].role);
      const actual = new Map<string, Set<string>>();
      for (const s of kmsStatementsOf(roleId)) {
        expect(s.Resource, name).toEqual(keyArn());
        const service = JSON.stringify(s.Condition?.StringEquals?.['kms:ViaService']);
        if (service === JSON.stringify(viaService('s3'))) expect(s.Condition!.ArnLike, name).toEqual(s3Context);
        for (const a of list(s.Action)) actual.set(service, (actual.get(service) ?? new Set()).add(a));
      }
      const wanted = new Map<string, Set<string>>();
      for (const c of handlers[name].capabilities as readonly Capability[]) {
        const use = keyUse[c];
        if (!use) continue;
        const service = JSON.stringify(viaService(use.service));
        for (const a of use.actions) wanted.set(service, (wanted.get(service) ?? new Set()).add(a));
      }
      const flat = (m: Map<string, Set<string>>) => [...m].flatMap(([service, actions]) => [...actions].map((a) => `${a} via ${service}`)).sort();
      expect(flat(actual), name).toEqual(flat(wanted));
    }
  });

  it('signs uploads and links only with roles that may use the key for them', () => {
    // Browsers upload by presigned POST and download by presigned GET: S3 uses the key with the signer's permission.
    for (const name of ['api-applications', 'report-answer', 'question-answer'] as HandlerName[]) {
      const actions = kmsStatementsOf(idOf(stack.functions[name].role))
        .filter((s) => JSON.stringify(s.Condition).includes('"s3.'))
        .flatMap((s) => list(s.Action));
      expect(actions, name).toContain('kms:GenerateDataKey');
    }
    for (const name of (Object.keys(handlers) as HandlerName[]).filter((n) => (handlers[n].capabilities as readonly Capability[]).includes('bucket:read'))) {
      const actions = kmsStatementsOf(idOf(stack.functions[name].role)).flatMap((s) => list(s.Action));
      expect(actions, name).toContain('kms:Decrypt');
    }
  });

  it("lets GuardDuty's malware scan decrypt the documents, through S3, for this bucket only", () => {
    const scan = statementsOf(idOf(stack.malwareProtectionRole!)).find((s) => s.Sid === 'AllowDecryptForMalwareScan')!;
    expect(scan).toMatchObject({ Effect: 'Allow', Resource: keyArn() });
    expect(list(scan.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(scan.Condition)).toContain('"kms:ViaService"');
    expect(isDeepStrictEqual(scan.Condition!.ArnLike!['kms:EncryptionContext:aws:s3:arn'], [{ 'Fn::GetAtt': [idOf(stack.documents), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(stack.documents), 'Arn'] }, '/*']] }])).toBe(true);
  });

  it('lets no other role use the key', () => {
    const users = ofType('AWS::IAM::Policy')
      .filter(([, p]) => list<Statement>(p.Properties.PolicyDocument.Statement).some((s) => list(s.Action).some((a) => a.startsWith('kms:'))))
      .flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref));
    const allowed = new Set([...Object.values(stack.functions).map((f) => idOf(f.role)), idOf(stack.malwareProtectionRole!)]);
    expect(users.filter((r: string) => !allowed.has(r))).toEqual([]);
  });
});
