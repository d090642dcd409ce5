// The AWS stack. Everything it wires comes from infra/manifest.ts, the same
// description the local runtime plays: handlers and their capabilities,
// routes, workflows and their substitutions. Nothing here names a handler,
// except where a comment says why.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Aws, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRouteIntegration } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { HandlerFunction } from './constructs/handler-function.ts';
import { DOCUMENT_KEY_PREFIX } from '../shared/domain/vocabulary.ts';
import { TABLE_KEYS } from './local/table.ts';
import {
  ENV,
  handlers,
  routes,
  substitutedHandlers,
  TICK_EVERY_MINUTES,
  workflows,
  type Capability,
  type HandlerName,
  type WorkflowName,
  type WorkflowSpec,
} from './manifest.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

export interface GrantsStackProps extends StackProps {
  /** The address the system's emails come from (default `grants@example.org`). */
  mailFrom?: string;
  /**
   * Verify this domain in SES instead of the single `mailFrom` address
   * (Easy DKIM; publish the DNS records SES shows). Default: the address.
   */
  mailDomain?: string;
  /** Where the system writes to the secretariat (projects without quorum and the like). Default: `mailFrom`. */
  secretariatEmail?: string;
  /** Four eyes on releases: a second member approves each tranche (default true; needs named members, see SecretariatTokens). */
  fourEyesReleases?: boolean;
  /** GuardDuty Malware Protection for the documents bucket (default true). */
  malwareProtection?: boolean;
  /**
   * Origins that may upload to and download from the documents bucket in a
   * browser (S3 CORS). Default: the HTTP API's own endpoint, which serves
   * the web pages. Set it when the pages are served from a custom domain.
   */
  allowedOrigins?: string[];
}

/** The tag GuardDuty Malware Protection puts on each scanned object. */
export const SCAN_TAG = { key: 'GuardDutyMalwareScanStatus', clean: 'NO_THREATS_FOUND' } as const;

/**
 * Handlers that may read a document before GuardDuty has tagged it clean.
 * Each only reads the first bytes of an upload to check its real type
 * (api-applications before it accepts the submission, intake-load again
 * when the intake runs, seconds later, usually before the scan has ended;
 * report-answer for a report's financial statement);
 * neither hands out links or content. Everyone else, including the
 * presigned GET links for reviewers that review-answer signs, gets clean
 * documents only. (Not a manifest capability, since the local runtime has
 * no scanner; if a third handler ever needs it, make it one.)
 */
export const UNSCANNED_READERS = ['api-applications', 'intake-load', 'report-answer'] as const satisfies readonly HandlerName[];

/** Handlers whose emails carry links back to the site get its base URL. */
const needsPublicBaseUrl = (capabilities: readonly Capability[]) => capabilities.includes('mail:send');

const idOf = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/** Whether workflow `a` names workflow `b` among its substitutions. */
const dependsOn = (a: WorkflowName, b: WorkflowName) =>
  Object.values((workflows[a] as WorkflowSpec).substitutions).some((v) => typeof v !== 'string' && v.stateMachine === b);

/** The workflows in an order where every state machine comes after those it names. */
function creationOrder(): WorkflowName[] {
  const all = Object.keys(workflows) as WorkflowName[];
  const order: WorkflowName[] = [];
  while (order.length < all.length) {
    const ready = all.filter((w) => !order.includes(w) && all.every((other) => !dependsOn(w, other) || order.includes(other)));
    if (ready.length === 0) throw new Error('Workflows name each other in a cycle');
    order.push(...ready);
  }
  return order;
}

export class GrantsStack extends Stack {
  readonly functions: Record<HandlerName, HandlerFunction>;
  readonly stateMachines: Record<WorkflowName, sfn.StateMachine>;
  readonly table: dynamodb.Table;
  readonly documents: s3.Bucket;
  readonly api: HttpApi;
  /** The role the milestone schedules run with: it may start milestone executions, nothing else. */
  readonly milestoneScheduleRole: iam.Role;
  /** The role of GuardDuty's malware protection plan, when it is on. */
  readonly malwareProtectionRole?: iam.Role;

  constructor(scope: Construct, id: string, props: GrantsStackProps = {}) {
    super(scope, id, props);
    const mailFrom = props.mailFrom ?? 'grants@example.org';
    const secretariatEmail = props.secretariatEmail ?? mailFrom;

    const adminTokenSha256 = new CfnParameter(this, 'AdminTokenSha256', {
      type: 'String',
      noEcho: true,
      allowedPattern: '^[0-9a-f]{64}$',
      constraintDescription: 'the SHA-256 of the token, as 64 lowercase hex characters',
      description: 'SHA-256 (hex) of the secretariat token, until Cognito sign-in arrives',
    });
    const secretariatTokens = new CfnParameter(this, 'SecretariatTokens', {
      type: 'String',
      noEcho: true,
      default: '{}',
      description: 'JSON object: SHA-256 (hex) of each secretariat member\'s token → the member\'s email. Named members make the audit log name who acted, and make four eyes on releases possible (the member who accepted a report cannot approve its tranche).',
    });

    // The API first (without routes): its endpoint is the default CORS origin
    // of the bucket, and the base URL of the links in emails.
    this.api = new HttpApi(this, 'Api', { description: 'Trust Fund grants API and web pages', createDefaultStage: false });

    // --- Data -------------------------------------------------------------
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_KEYS.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // S3 log delivery through a bucket policy (feature flag set in app.ts), no ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No AwsSolutions-S1 finding to acknowledge: cdk-nag knows a log destination bucket needs no logs of its own.

    this.documents = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          // Presigned POST uploads from the application form, presigned GET links for reviewers.
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: props.allowedOrigins ?? [this.api.apiEndpoint],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'ExpireOldVersions', noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    // --- Email --------------------------------------------------------------
    const identity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: props.mailDomain ? ses.Identity.domain(props.mailDomain) : ses.Identity.email(mailFrom),
    });

    // --- Functions ----------------------------------------------------------
    this.functions = Object.fromEntries(
      (Object.keys(handlers) as HandlerName[]).map((name) => [
        name,
        new HandlerFunction(this, `${idOf(name)}Function`, { name, spec: handlers[name], projectRoot: REPO_ROOT }),
      ]),
    ) as Record<HandlerName, HandlerFunction>;

    // --- Workflows ----------------------------------------------------------
    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const machines: Partial<Record<WorkflowName, sfn.StateMachine>> = {};
    for (const name of creationOrder()) {
      const spec: WorkflowSpec = workflows[name];
      const machine = new sfn.StateMachine(this, `${idOf(name)}StateMachine`, {
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(resolve(REPO_ROOT, spec.file), 'utf8')),
        definitionSubstitutions: Object.fromEntries(
          Object.entries(spec.substitutions).map(([key, value]) => [
            key,
            typeof value === 'string' ? this.functions[value].functionArn : machines[value.stateMachine as WorkflowName]!.stateMachineArn,
          ]),
        ),
        stateMachineType: sfn.StateMachineType.STANDARD,
        tracingEnabled: true,
        // Execution data holds applicants' data: never in the logs.
        logs: { destination: workflowLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      });
      for (const handler of substitutedHandlers(spec)) {
        // Exactly the functions of the file, unqualified. Not fn.grantInvoke(machine):
        // it adds `<arn>:*` (every version and alias), which nothing here uses.
        machine.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.functions[handler].functionArn] }),
        );
      }
      for (const value of Object.values(spec.substitutions)) {
        if (typeof value === 'string') continue;
        // startExecution.sync:2 on a child state machine: start it, follow it,
        // stop it, and the managed rule through which Step Functions learns its end.
        const child = machines[value.stateMachine as WorkflowName]!;
        child.grantStartExecution(machine);
        machine.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:DescribeExecution', 'states:StopExecution'],
            resources: [`arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${child.stateMachineName}:*`],
          }),
        );
        machine.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            resources: [`arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`],
          }),
        );
        Validations.of(machine.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${this.getLogicalId(child.node.defaultChild as sfn.CfnStateMachine)}.Name>:*]`,
          reason: `The wildcard is the execution names of the ${value.stateMachine} state machine (one per application), which this one starts, follows and stops through startExecution.sync:2.`,
        });
      }
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Tracing and log delivery: the X-Ray writes and logs:*LogDelivery actions that CDK adds do not support resource-level permissions.',
      });
      machines[name] = machine;
    }
    this.stateMachines = machines as Record<WorkflowName, sfn.StateMachine>;

    // --- Milestone schedules ----------------------------------------------
    // One-time schedules (one per report and tranche of each grant) live in
    // their own group; the role they run with may start milestone executions
    // and nothing else.
    const milestoneSchedules = new scheduler.CfnScheduleGroup(this, 'MilestoneSchedules', { name: `${this.stackName}-milestones` });
    const milestoneRole = (this.milestoneScheduleRole = new iam.Role(this, 'MilestoneScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge Scheduler: start milestone executions only',
    }));
    this.stateMachines.milestone.grantStartExecution(milestoneRole);

    // --- Capabilities -------------------------------------------------------
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const fn = this.functions[name];
      const capabilities: readonly Capability[] = handlers[name].capabilities;
      for (const capability of capabilities) {
        switch (capability) {
          case 'table:read':
            fn.readTable(this.table, TABLE_KEYS.indexes.map((i) => i.name));
            break;
          case 'table:write':
            fn.writeTable(this.table);
            break;
          case 'bucket:read':
            fn.readDocuments(this.documents, DOCUMENT_KEY_PREFIX);
            break;
          case 'bucket:write':
            fn.writeDocuments(this.documents, DOCUMENT_KEY_PREFIX);
            break;
          case 'intake:start':
            fn.startWorkflow(this.stateMachines.intake, ENV.intakeStateMachine);
            break;
          case 'call:start':
            fn.startWorkflow(this.stateMachines.call, ENV.callStateMachine);
            break;
          case 'review:answer':
            fn.answerTasks(this.stateMachines.review);
            break;
          case 'call:answer':
            fn.answerTasks(this.stateMachines.call);
            break;
          case 'milestone:answer':
            fn.answerTasks(this.stateMachines.milestone);
            break;
          case 'milestone:schedule':
            fn.scheduleMilestones(milestoneSchedules, this.stateMachines.milestone, milestoneRole);
            break;
          case 'mail:send':
            fn.sendMail(identity, mailFrom, secretariatEmail);
            break;
          case 'admin-auth':
            fn.checkAdminToken(adminTokenSha256.valueAsString, secretariatTokens.valueAsString);
            break;
          default: {
            const unknown: never = capability;
            throw new Error(`${name}: no grant for capability ${String(unknown)}`);
          }
        }
      }
      // No dependency cycle even for API integrations: a function needs only the API's id, not its routes.
      if (needsPublicBaseUrl(capabilities)) fn.addEnvironment(ENV.publicBaseUrl, this.api.apiEndpoint);
      if (name === 'tranche-release' && props.fourEyesReleases === false) fn.addEnvironment('FOUR_EYES_RELEASES', 'false');
    }

    // --- HTTP API -----------------------------------------------------------
    const apiLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(apiLogs),
        // The route template (never the raw path or query string), status and
        // timing: no bodies, ids, tokens or addresses of victims or NGOs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const integrations = new Map<HandlerName, HttpRouteIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${idOf(route.handler)}Integration`, this.functions[route.handler]);
        integrations.set(route.handler, integration);
      }
      const [created] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      Validations.of(created!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: route.path.startsWith('/admin/')
          ? 'The handler checks the secretariat bearer token (SHA-256 compared in constant time); the Cognito JWT authorizer comes with the secretariat sign-in issue.'
          : /^\/(dashboard|signin|signout)/.test(route.path)
            ? "The secretariat's pages check the session cookie (HttpOnly, SameSite=Strict, holding the secretariat token) in the handler; the sign-in page is public by design."
          : /^\/(review|ballot|report)\//.test(route.path)
            ? "A reviewer's, trustee's or grantee's page is authorized by the opaque single-use reference in its path (stored hashed, with an expiry), checked by the handler."
            : "Public by design: NGOs apply without an account; an application's routes check its access token in the handler.",
      });
    }

    // --- The fund's clock tick ----------------------------------------------
    const tickRole = new iam.Role(this, 'TickScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge Scheduler: invoke the tick function only',
    });
    tickRole.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.functions.tick.functionArn] }));
    new scheduler.CfnSchedule(this, 'TickSchedule', {
      description: 'Close calls at their closing time and send due review reminders',
      scheduleExpression: `rate(${TICK_EVERY_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: this.functions.tick.functionArn, roleArn: tickRole.roleArn, retryPolicy: { maximumRetryAttempts: 2 } },
    });

    // --- Malware protection -------------------------------------------------
    if (props.malwareProtection ?? true) this.malwareProtectionRole = this.protectDocuments(this.documents);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the API and the web pages' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: this.documents.bucketName });
    for (const name of Object.keys(workflows) as WorkflowName[]) {
      new CfnOutput(this, `${idOf(name)}StateMachineArn`, { value: this.stateMachines[name].stateMachineArn });
    }
  }

  /**
   * GuardDuty scans every new object and tags it; the bucket policy then
   * lets nobody read an object until its tag says clean, except GuardDuty
   * itself and UNSCANNED_READERS (see there why). So the presigned GET
   * links reviewers get work on clean documents only.
   */
  private protectDocuments(bucket: s3.Bucket): iam.Role {
    const role = new iam.Role(this, 'MalwareProtectionRole', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for the documents bucket',
    });
    // The policy AWS documents for a malware protection plan role (S3-managed
    // encryption, so no KMS statement). Pseudo-parameters rather than
    // formatArn, so the ARN (and its cdk-nag finding) is the same with or without an env.
    const ruleArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [ruleArn],
        conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule', actions: ['events:DescribeRule', 'events:ListTargetsByRule'], resources: [ruleArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AllowPostScanTag',
        actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'AllowEnableS3EventBridgeEvents', actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'], resources: [bucket.bucketArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'AllowPutValidationObject', actions: ['s3:PutObject'], resources: [bucket.arnForObjects('malware-protection-resource-validation-object')] }),
    );
    role.addToPolicy(new iam.PolicyStatement({ sid: 'AllowCheckBucketOwnership', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'AllowMalwareScan', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [bucket.arnForObjects('*')] }),
    );
    const plan = new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    // The plan checks the role's permissions when it is created: wait for its policy too.
    plan.node.addDependency(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]',
      reason: 'GuardDuty names its managed EventBridge rule with this prefix; the role policy AWS documents for malware protection plans uses it.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason: 'The wildcard is every object of the documents bucket: GuardDuty reads and tags each new object to scan it.',
    });

    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadingUnscannedOrInfectedDocuments',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_TAG.key}`]: SCAN_TAG.clean },
          ArnNotEquals: { 'aws:PrincipalArn': [role.roleArn, ...UNSCANNED_READERS.map((name) => this.functions[name].role.roleArn)] },
        },
      }),
    );
    return role;
  }
}
