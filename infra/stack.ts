// The AWS stack. Everything it wires comes from infra/manifest.ts, the same
// description the local runtime plays: handlers and their capabilities,
// routes, workflows and their substitutions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Aws, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpRouteIntegration } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
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
import { ENV, handlers, routes, substitutedHandlers, TICK_EVERY_MINUTES, workflows, type HandlerName, type WorkflowName, type WorkflowSpec } from './manifest.ts';

/** Whether workflow `a` names workflow `b` among its substitutions. */
const dependsOn = (a: WorkflowName, b: WorkflowName) =>
  Object.values((workflows[a] as WorkflowSpec).substitutions).some((v) => typeof v !== 'string' && v.stateMachine === b);

export const REPO_ROOT = resolve(import.meta.dirname, '..');

const DOCUMENT_PREFIX = DOCUMENT_KEY_PREFIX;

export interface GrantsStackProps extends StackProps {
  /** The address the system's emails come from; its SES identity must be verified. */
  mailFrom?: string;
  /** GuardDuty Malware Protection for the documents bucket (on by default). */
  malwareProtection?: boolean;
  /** Origins allowed to upload to the bucket from a browser; default: any (the presigned POST is the guard). */
  allowedOrigins?: string[];
}

/** The tag GuardDuty Malware Protection puts on each scanned object. */
export const SCAN_TAG = { key: 'GuardDutyMalwareScanStatus', clean: 'NO_THREATS_FOUND' };

const idOf = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

export class GrantsStack extends Stack {
  readonly functions: Record<HandlerName, HandlerFunction>;
  readonly stateMachines: Record<WorkflowName, sfn.StateMachine>;

  constructor(scope: Construct, id: string, props: GrantsStackProps = {}) {
    super(scope, id, props);
    const mailFrom = props.mailFrom ?? 'grants@example.org';
    const malwareProtection = props.malwareProtection ?? true;

    const adminTokenSha256 = new CfnParameter(this, 'AdminTokenSha256', {
      type: 'String',
      noEcho: true,
      allowedPattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 (hex) of the secretariat token, until Cognito sign-in arrives',
    });

    // --- Data -------------------------------------------------------------
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE_KEYS.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the documents bucket; logging it to itself would loop.',
    });

    const documents = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedOrigins: props.allowedOrigins ?? ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    // --- Email --------------------------------------------------------------
    const identity = new ses.EmailIdentity(this, 'MailFrom', { identity: ses.Identity.email(mailFrom) });

    // --- Functions ----------------------------------------------------------
    this.functions = Object.fromEntries(
      (Object.keys(handlers) as HandlerName[]).map((name) => [
        name,
        new HandlerFunction(this, `${idOf(name)}Function`, {
          name,
          spec: handlers[name],
          entry: resolve(REPO_ROOT, handlers[name].entry),
          projectRoot: REPO_ROOT,
        }),
      ]),
    ) as Record<HandlerName, HandlerFunction>;

    // --- Workflows ----------------------------------------------------------
    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // State machines named by another's substitutions are created first.
    const order: WorkflowName[] = [];
    while (order.length < Object.keys(workflows).length) {
      const ready = (Object.keys(workflows) as WorkflowName[]).filter(
        (w) => !order.includes(w) && (Object.keys(workflows) as WorkflowName[]).every((other) => !dependsOn(w, other) || order.includes(other)),
      );
      if (ready.length === 0) throw new Error('Workflows name each other in a cycle');
      order.push(...ready);
    }
    const machines: Partial<Record<WorkflowName, sfn.StateMachine>> = {};
    for (const name of order) {
      const spec: WorkflowSpec = workflows[name];
      const substitutions = spec.substitutions;
      const machine = new sfn.StateMachine(this, `${idOf(name)}StateMachine`, {
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(resolve(REPO_ROOT, spec.file), 'utf8')),
        definitionSubstitutions: Object.fromEntries(
          Object.entries(substitutions).map(([key, value]) => [
            key,
            typeof value === 'string' ? this.functions[value].functionArn : machines[value.stateMachine as WorkflowName]!.stateMachineArn,
          ]),
        ),
        stateMachineType: sfn.StateMachineType.STANDARD,
        tracingEnabled: true,
        // Execution data can hold applicants' data: never in the logs.
        logs: { destination: workflowLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      });
      for (const handler of substitutedHandlers(spec)) {
        // Exactly the functions of the file, unqualified: no `:*` wildcard over versions.
        machine.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.functions[handler].functionArn] }),
        );
      }
      for (const value of Object.values(substitutions)) {
        if (typeof value === 'string') continue;
        // startExecution.sync:2 on a child state machine: start it, follow it, stop it, and the managed rule that reports its end.
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
          reason: 'Follows and stops the executions of its child state machine (startExecution.sync:2); execution names are generated per application.',
        });
      }
      Validations.of(machine.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Tracing and log delivery: X-Ray writes and logs:*LogDelivery actions do not support resource-level permissions.',
      });
      machines[name] = machine;
    }
    this.stateMachines = machines as Record<WorkflowName, sfn.StateMachine>;

    // --- Capabilities -------------------------------------------------------
    // Written out instead of grantReadData/grantRead: those add wildcards
    // (index/*, s3:List*, s3:GetBucket*) that no handler needs.
    const tableResources = [table.tableArn, ...TABLE_KEYS.indexes.map((i) => `${table.tableArn}/index/${i.name}`)];
    const documentObjects = documents.arnForObjects(`${DOCUMENT_PREFIX}*`);
    const bucketObjectsId = `AwsSolutions-IAM5[Resource::<${this.getLogicalId(documents.node.defaultChild as s3.CfnBucket)}.Arn>/${DOCUMENT_PREFIX}*]`;
    for (const name of Object.keys(handlers) as HandlerName[]) {
      const fn = this.functions[name];
      for (const capability of handlers[name].capabilities) {
        switch (capability) {
          case 'table:read':
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
                resources: tableResources,
              }),
            );
            fn.addEnvironment(ENV.table, table.tableName);
            break;
          case 'table:write':
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
                resources: [table.tableArn],
              }),
            );
            fn.addEnvironment(ENV.table, table.tableName);
            break;
          case 'bucket:read':
            fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [documentObjects] }));
            // Without ListBucket, S3 answers 403 instead of 404 for a missing upload.
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['s3:ListBucket'],
                resources: [documents.bucketArn],
                conditions: { StringLike: { 's3:prefix': [`${DOCUMENT_PREFIX}*`] } },
              }),
            );
            fn.addEnvironment(ENV.bucket, documents.bucketName);
            Validations.of(fn.role!).acknowledge({
              id: bucketObjectsId,
              reason: 'Reads the uploads of applications, whose keys are generated under this prefix; no other object.',
            });
            break;
          case 'bucket:write':
            fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [documentObjects] }));
            fn.addEnvironment(ENV.bucket, documents.bucketName);
            Validations.of(fn.role!).acknowledge({
              id: bucketObjectsId,
              reason: 'Signs presigned POSTs for uploads under this prefix; each POST policy fixes the exact key.',
            });
            break;
          case 'intake:start':
            this.stateMachines.intake.grantStartExecution(fn);
            fn.addEnvironment(ENV.intakeStateMachine, this.stateMachines.intake.stateMachineArn);
            break;
          case 'mail:send':
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['ses:SendEmail'],
                resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName })],
              }),
            );
            fn.addEnvironment(ENV.mailFrom, mailFrom);
            fn.addEnvironment(ENV.mailTransport, 'ses');
            break;
          case 'admin-auth':
            fn.addEnvironment(ENV.adminTokenSha256, adminTokenSha256.valueAsString);
            break;
          case 'call:start':
            this.stateMachines.call.grantStartExecution(fn);
            fn.addEnvironment(ENV.callStateMachine, this.stateMachines.call.stateMachineArn);
            break;
          case 'review:answer':
            // Only the callback handler resumes review tasks, and only those of the review state machine.
            fn.addToRolePolicy(
              new iam.PolicyStatement({
                actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
                resources: [this.stateMachines.review.stateMachineArn],
              }),
            );
            break;
        }
      }
    }

    // --- HTTP API -----------------------------------------------------------
    const apiLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const api = new HttpApi(this, 'Api', { description: 'Trust Fund grants API and web pages' });
    const stage = api.defaultStage!.node.defaultChild as apigw.CfnStage;
    // Request line without the query string, status and timing: no bodies, no tokens, no personal data.
    stage.accessLogSettings = {
      destinationArn: apiLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
    const integrations = new Map<HandlerName, HttpRouteIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${idOf(route.handler)}Integration`, this.functions[route.handler]);
        integrations.set(route.handler, integration);
      }
      const [created] = api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      Validations.of(created!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: route.path.startsWith('/admin/')
          ? 'The handler checks the secretariat bearer token (SHA-256 compared in constant time); the Cognito JWT authorizer comes with the secretariat sign-in issue.'
          : "Public by design: NGOs apply without an account; an application's routes check its access token in the handler.",
      });
    }
    for (const name of ['intake-notify', 'review-request', 'tick'] as const) this.functions[name].addEnvironment(ENV.publicBaseUrl, api.apiEndpoint);

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
    if (malwareProtection) this.protectDocuments(documents);

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucketName });
    new CfnOutput(this, 'IntakeStateMachineArn', { value: this.stateMachines.intake.stateMachineArn });
  }

  /**
   * GuardDuty scans every new object and tags it; the bucket policy lets
   * nobody read an object until its tag says clean, except GuardDuty itself
   * and the applications function, which reads the first bytes of each
   * upload to check its type before submission (it never hands out links).
   */
  private protectDocuments(bucket: s3.Bucket) {
    const role = new iam.Role(this, 'MalwareProtectionRole', {
      assumedBy: new iam.ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for the documents bucket',
    });
    // Pseudo-parameters rather than formatArn, so the ARN (and its cdk-nag finding) is the same with or without an env.
    const ruleArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [ruleArn],
        conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
      }),
    );
    role.addToPolicy(new iam.PolicyStatement({ sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule', actions: ['events:DescribeRule', 'events:ListTargetsByRule'], resources: [ruleArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AllowPostScanTagAndRead',
        actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging', 's3:GetObject', 's3:GetObjectVersion'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AllowEnableS3EventBridgeEventsAndOwnershipCheck',
        actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'],
        resources: [bucket.bucketArn],
      }),
    );
    const plan = new guardduty.CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: bucket.bucketName } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    plan.node.addDependency(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]',
      reason: 'GuardDuty names its managed EventBridge rule with this prefix; the policy AWS documents for malware protection plans uses it.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason: 'GuardDuty must read and tag every object of the documents bucket to scan it.',
    });

    const reader = this.functions['api-applications'].role!;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReadingUnscannedOrInfectedDocuments',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_TAG.key}`]: SCAN_TAG.clean },
          ArnNotEquals: { 'aws:PrincipalArn': [role.roleArn, reader.roleArn] },
        },
      }),
    );
  }
}
