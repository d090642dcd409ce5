// The AWS stack. Everything it wires comes from infra/manifest.ts, the same
// description the local runtime plays: handlers and their capabilities,
// routes, workflows and their substitutions. Nothing here names a handler,
// except where a comment says why.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRouteIntegration } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { HandlerFunction, LOG_RETENTION } from './constructs/handler-function.ts';
import { acknowledgeControl } from './controls.ts';
import { DOCUMENT_KEY_PREFIX } from '../shared/domain/vocabulary.ts';
import { TABLE_KEYS } from './local/table.ts';
import {
  ENV,
  handlers,
  ROUTE_THROTTLES,
  routes,
  STAGE_THROTTLE,
  substitutedHandlers,
  TICK_EVERY_MINUTES,
  workflows,
  type Capability,
  type HandlerName,
  type HandlerSpec,
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
  /** Where the alarms go (an SNS email subscription, confirmed from the first message). Default: `secretariatEmail`. */
  alarmEmail?: string;
  /** Four eyes on releases: a second member approves each tranche (default true; needs two members in the user pool). */
  fourEyesReleases?: boolean;
  /** GuardDuty Malware Protection for the documents bucket (default true). */
  malwareProtection?: boolean;
  /**
   * Origins that may upload to and download from the documents bucket in a
   * browser (S3 CORS). Default: the HTTP API's own endpoint, which serves
   * the web pages. Set it when the pages are served from a custom domain.
   */
  allowedOrigins?: string[];
  /**
   * The prefix of the secretariat's managed login domain,
   * `https://<prefix>.auth.<region>.amazoncognito.com`: unique in the region
   * across all AWS accounts, lowercase letters, digits and hyphens, without
   * "aws", "amazon" or "cognito". Default: the context value
   * `cognitoDomainPrefix`, else `<stack name>-<account id>`.
   */
  cognitoDomainPrefix?: string;
}

/** How long a secretariat sign-in lasts: the ID token's validity, and so the session cookie's (8 hours, as locally). */
export const SESSION_HOURS = 8;

/** The tag GuardDuty Malware Protection puts on each scanned object. */
export const SCAN_TAG = { key: 'GuardDutyMalwareScanStatus', clean: 'NO_THREATS_FOUND' } as const;

/**
 * Handlers that may read a document before GuardDuty has tagged it clean.
 * Each only reads the first bytes of an upload to check its real type
 * (api-applications before it accepts the submission, intake-load again
 * when the intake runs, seconds later, usually before the scan has ended;
 * report-answer for a report's financial statement, question-answer for
 * the document of an answer to the secretariat's question);
 * neither hands out links or content. Everyone else, including the
 * presigned GET links for reviewers that review-answer signs, gets clean
 * documents only. (Not a manifest capability, since the local runtime has
 * no scanner; if a third handler ever needs it, make it one.)
 */
export const UNSCANNED_READERS = ['api-applications', 'intake-load', 'report-answer', 'question-answer'] as const satisfies readonly HandlerName[];

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
  /** The secretariat's members, their managed login domain and the dashboard's client. */
  readonly userPool: cognito.UserPool;
  readonly signInDomain: cognito.UserPoolDomain;
  readonly signInClient: cognito.UserPoolClient;
  /** The role the milestone schedules run with: it may start milestone executions, nothing else. */
  readonly milestoneScheduleRole: iam.Role;
  /** The alarms' topic (an email subscription to the secretariat) and the alarms: failed executions, Lambda errors, API 5xx. */
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The role of GuardDuty's malware protection plan, when it is on. */
  readonly malwareProtectionRole?: iam.Role;
  /** The customer-managed key of the data at rest: the documents, the table, the log groups and the alarms' topic. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: GrantsStackProps = {}) {
    super(scope, id, props);
    const mailFrom = props.mailFrom ?? 'grants@example.org';
    const secretariatEmail = props.secretariatEmail ?? mailFrom;

    // The API first (without routes): its endpoint is the default CORS origin
    // of the bucket, the base URL of the links in emails, and where the
    // managed login sends the secretariat back.
    this.api = new HttpApi(this, 'Api', { description: 'Trust Fund grants API and web pages', createDefaultStage: false });

    // --- The secretariat's sign-in --------------------------------------------
    // No secretariat tokens on AWS: each member is a user of this pool
    // (created by an administrator, see the README), signs in through the
    // managed login with a password and a TOTP app, and is named in the audit
    // log by the email claim. The /admin routes take the pool's JWTs through
    // API Gateway's JWT authorizer; the dashboard keeps the verified ID token
    // in its session cookie.
    this.userPool = new cognito.UserPool(this, 'SecretariatUsers', {
      userPoolName: `${this.stackName}-secretariat`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Threat protection (adaptive authentication, compromised-credential
      // checks) blocks risky sign-ins instead of only logging them. The Plus
      // plan is billed per monthly active user: a handful of members cost
      // cents a month (see "What it costs").
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your Trust Fund grants secretariat account',
        emailBody: `You can now sign in to the Trust Fund grants dashboard at ${this.api.apiEndpoint}/signin as {username} with the temporary password {####}. You will choose your own password and set up an authenticator app (TOTP) at the first sign-in. The temporary password expires in 3 days.`,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const domainPrefix: string =
      props.cognitoDomainPrefix ?? (this.node.tryGetContext('cognitoDomainPrefix') as string | undefined) ?? `${this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${Aws.ACCOUNT_ID}`;
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.signInClient = this.userPool.addClient('DashboardClient', {
      // A public client: the dashboard uses the authorization-code flow with PKCE and holds no secret.
      generateSecret: false,
      // SRP and USER_PASSWORD_AUTH (with the TOTP challenge) let a member get a token for the admin API from the command line.
      authFlows: { userSrp: true, userPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${this.api.apiEndpoint}/signin/callback`],
        logoutUrls: [`${this.api.apiEndpoint}/signin`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(SESSION_HOURS),
      accessTokenValidity: Duration.hours(SESSION_HOURS),
      // Nothing uses refresh tokens (the dashboard signs in again after 8 hours); the shortest that Cognito allows above the ID token's.
      refreshTokenValidity: Duration.hours(SESSION_HOURS),
    });
    // The managed login (version 2) shows a page only with a style: Cognito's own.
    new cognito.CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.signInClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    const adminAuthorizer = new HttpJwtAuthorizer('SecretariatAuthorizer', `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`, {
      jwtAudience: [this.signInClient.userPoolClientId],
    });

    // --- Data -------------------------------------------------------------
    this.key = this.dataKey();
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Short-lived items (the per-client counters of shared/rate-limit.ts) go by themselves, at no cost.
      timeToLiveAttribute: TABLE_KEYS.timeToLive,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The key's grants come with the capabilities (HandlerFunction), through DynamoDB only.
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
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
    acknowledgeControl(accessLogs, 'CT.S3.PR.10', 'S3 delivers server access logs only to a bucket whose default encryption is SSE-S3 (SSE-KMS is not supported for a log target bucket); the logs name requests to the documents bucket, not their content.');
    acknowledgeControl(accessLogs, 'CT.S3.PR.2', 'This is the access log bucket itself: logging it into itself would log its own log deliveries without end, and into another bucket would need a third one.');
    acknowledgeControl(accessLogs, 'CT.S3.PR.11', 'S3 log delivery writes each log object once under a new key and nothing overwrites them; they expire after a year, and versions would only keep expired logs longer.');
    acknowledgeControl(accessLogs, 'CT.S3.PR.4', 'Nothing reacts to new access logs: they are read only when investigating, so no event notification has a receiver.');
    acknowledgeControl(accessLogs, 'CT.S3.PR.9', 'Object Lock needs versioning (see CT.S3.PR.11), and the logs need no WORM retention: they expire after a year, and no role of the stack may delete them.');

    this.documents = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // SSE-KMS with a bucket key: S3 asks KMS for a bucket-level data key now
      // and then instead of once per object, which keeps KMS requests (and their cost) near zero.
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
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
    // Events to EventBridge (free; Control Tower's CT.S3.PR.4): what GuardDuty Malware Protection scans from,
    // and would turn on itself (its role has s3:PutBucketNotification); here a deploy keeps them on.
    (this.documents.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    acknowledgeControl(this.documents, 'CT.S3.PR.9', "Object Lock would forbid what the law requires: an applicant's documents must be erased on request or at the end of their retention (every version deleted), which WORM retention prevents (shared/erasure.ts); versioning (90 days) guards against mistakes instead.");

    // --- Email --------------------------------------------------------------
    const identity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: props.mailDomain ? ses.Identity.domain(props.mailDomain) : ses.Identity.email(mailFrom),
    });

    // --- Functions ----------------------------------------------------------
    this.functions = Object.fromEntries(
      (Object.keys(handlers) as HandlerName[]).map((name) => [
        name,
        new HandlerFunction(this, `${idOf(name)}Function`, { name, spec: handlers[name], projectRoot: REPO_ROOT, logKey: this.key }),
      ]),
    ) as Record<HandlerName, HandlerFunction>;

    // --- Workflows ----------------------------------------------------------
    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      retention: LOG_RETENTION,
      encryptionKey: this.key,
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
          case 'table:read': {
            // Only the indexes it queries (the manifest names them; test/cdk/env.test.ts checks them against the code).
            const indexes = (handlers[name] as HandlerSpec).indexes ?? [];
            const unknown = indexes.filter((index) => !TABLE_KEYS.indexes.some((i) => i.name === index));
            if (unknown.length) throw new Error(`${name}: no index ${unknown.join(', ')} on the table`);
            fn.readTable(this.table, indexes);
            break;
          }
          case 'table:write':
            fn.writeTable(this.table);
            break;
          case 'table:get':
            fn.getItems(this.table);
            break;
          case 'table:put':
            fn.putItems(this.table);
            break;
          case 'table:delete':
            fn.deleteItems(this.table);
            break;
          case 'bucket:read':
            fn.readDocuments(this.documents, DOCUMENT_KEY_PREFIX);
            break;
          case 'bucket:write':
            fn.writeDocuments(this.documents, DOCUMENT_KEY_PREFIX);
            break;
          case 'bucket:copy':
            fn.copyDocuments(this.documents, DOCUMENT_KEY_PREFIX);
            break;
          case 'bucket:erase':
            fn.eraseDocuments(this.documents, DOCUMENT_KEY_PREFIX);
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
            // Cognito mode (shared/http/auth.ts): no token variables on AWS. The
            // base URL makes the redirect and sign-out addresses of the managed login.
            fn.addEnvironment(ENV.cognitoUserPoolId, this.userPool.userPoolId);
            fn.addEnvironment(ENV.cognitoClientId, this.signInClient.userPoolClientId);
            fn.addEnvironment(ENV.cognitoDomain, this.signInDomain.baseUrl());
            fn.addEnvironment(ENV.cognitoRegion, Aws.REGION);
            fn.addEnvironment(ENV.publicBaseUrl, this.api.apiEndpoint);
            break;
          default: {
            const unknown: never = capability;
            throw new Error(`${name}: no grant for capability ${String(unknown)}`);
          }
        }
      }
      // No dependency cycle even for API integrations: a function needs only the API's id, not its routes.
      if (needsPublicBaseUrl(capabilities)) fn.addEnvironment(ENV.publicBaseUrl, this.api.apiEndpoint);
      // The fund's retention periods (shared/retention.ts) for the handlers that erase or list erasures: from CDK context when
      // given (`-c retentionNotFundedMonths=36 -c retentionAfterGrantMonths=120`), else the defaults in code (24 and 84 months).
      if (capabilities.includes('bucket:erase') || name === 'dashboard') {
        for (const [context, variable] of [['retentionNotFundedMonths', 'RETENTION_NOT_FUNDED_MONTHS'], ['retentionAfterGrantMonths', 'RETENTION_AFTER_GRANT_MONTHS']] as const) {
          const months: unknown = this.node.tryGetContext(context);
          if (months === undefined) continue;
          if (!/^\d{1,3}$/.test(String(months))) throw new Error(`${context} must be a whole number of months`);
          fn.addEnvironment(variable, String(months));
        }
      }
      if (name === 'tranche-release' && props.fourEyesReleases === false) fn.addEnvironment('FOUR_EYES_RELEASES', 'false');
    }

    // --- HTTP API -----------------------------------------------------------
    const apiLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
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
    // The public write routes' own throttling (infra/manifest.ts), which the local server plays alike.
    // RouteSettings is a JSON map in CloudFormation's own spelling (CDK passes it through unchanged).
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(ROUTE_THROTTLES).map(([routeKey, { rateLimit, burstLimit }]) => [routeKey, { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }]),
    );
    const integrations = new Map<HandlerName, HttpRouteIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${idOf(route.handler)}Integration`, this.functions[route.handler]);
        integrations.set(route.handler, integration);
      }
      // Every /admin route takes a JWT of the secretariat's user pool, checked by API Gateway before the handler runs.
      const admin = route.path.startsWith('/admin/');
      const [created] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, ...(admin ? { authorizer: adminAuthorizer } : {}) });
      // A stage's route settings name routes that must exist first.
      if (ROUTE_THROTTLES[`${route.method} ${route.path}`]) stage.node.addDependency(created!);
      if (admin) continue;
      const noAuthorizer = /^\/(dashboard|signin|signout)/.test(route.path)
        ? "The secretariat's pages are read by a browser, which cannot send a bearer header on a page load: the handler verifies the Cognito ID token held in the session cookie (HttpOnly, SameSite=Strict; signature, issuer, audience and expiry by aws-jwt-verify). The sign-in routes, which start and finish the managed login, are public by design."
        : /^\/(review|ballot|report)\//.test(route.path)
          ? "A reviewer's, trustee's or grantee's page is authorized by the opaque single-use reference in its path (stored hashed, with an expiry), checked by the handler."
          : "Public by design: NGOs apply without an account; an application's routes check its access token in the handler.";
      Validations.of(created!).acknowledge({ id: 'AwsSolutions-APIG4', reason: noAuthorizer });
      // The same decision, as Control Tower words it (AuthorizationType NONE).
      acknowledgeControl(created!, 'CT.APIGATEWAY.PR.5', noAuthorizer);
    }
    // The permissions HttpLambdaIntegration gives API Gateway (one per route) carry a SourceArn: this API,
    // the route's method and path. The rule reads only a literal string or a reference as SourceArn, not the Fn::Join
    // of an ARN with the API's id, so it finds each public; test/cdk/controls.test.ts checks the SourceArn of each.
    acknowledgeControl(this.api, 'CT.LAMBDA.PR.2', "Not public: each permission lets apigateway.amazonaws.com invoke the function only with a SourceArn of this API's route (execute-api:<region>:<account>:<api id>/*/<method><path>), which the rule cannot read.");

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

    // --- Alarms -------------------------------------------------------------
    this.alarmTopic = this.watch(props.alarmEmail ?? secretariatEmail);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the API and the web pages' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Alarms (failed executions, Lambda errors, API 5xx) go here; its email subscription must be confirmed once' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: this.documents.bucketName });
    new CfnOutput(this, 'SecretariatUserPoolId', { value: this.userPool.userPoolId, description: 'Add secretariat members here (aws cognito-idp admin-create-user)' });
    new CfnOutput(this, 'SecretariatClientId', { value: this.signInClient.userPoolClientId, description: 'The dashboard client (public, code flow with PKCE); also for tokens for the admin API' });
    new CfnOutput(this, 'SignInDomain', { value: this.signInDomain.baseUrl(), description: "The secretariat's managed login" });
    for (const name of Object.keys(workflows) as WorkflowName[]) {
      new CfnOutput(this, `${idOf(name)}StateMachineArn`, { value: this.stateMachines[name].stateMachineArn });
    }
  }

  /**
   * What someone must look at, to the secretariat's address by email (SNS):
   * an execution of a workflow that failed, timed out or was aborted (an
   * application, a call or a grant stuck), a Lambda error (10 functions per
   * alarm, the most a metric-math alarm takes), a 5xx of the API. One or
   * more in 5 minutes sounds the alarm; no data is no problem. About US$0.10
   * a month per alarm (9 with 37 functions); email notifications are free
   * up to 1,000 a month.
   */
  private watch(email: string): sns.Topic {
    // Encrypted with the stack's key, whose policy lets CloudWatch publish to it (see dataKey): the messages are
    // alarm names and states only (which workflow or function, when), no personal data, but the key is there anyway
    // (CloudWatch cannot publish to a topic under the AWS-managed SNS key).
    const topic = new sns.Topic(this, 'Alarms', { displayName: 'Trust Fund grants: alarms', enforceSSL: true, masterKey: this.key });
    topic.addSubscription(new subscriptions.EmailSubscription(email));
    const action = new SnsAction(topic);
    const period = Duration.minutes(5);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) => {
      const made = new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      made.addAlarmAction(action);
      this.alarms.push(made);
    };
    for (const name of Object.keys(this.stateMachines) as WorkflowName[]) {
      const machine = this.stateMachines[name];
      alarm(
        `${idOf(name)}ExecutionsFailedAlarm`,
        new cloudwatch.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: { failed: machine.metricFailed({ period }), timedOut: machine.metricTimedOut({ period }), aborted: machine.metricAborted({ period }) },
          period,
          label: `${name} executions failed, timed out or aborted`,
        }),
        `An execution of the ${name} workflow failed, timed out or was aborted: open it in the Step Functions console (state machine ${name}) to see the step and the error, then redrive it or act by hand.`,
      );
    }
    const names = Object.keys(this.functions) as HandlerName[];
    for (let group = 0; group * 10 < names.length; group++) {
      const some = names.slice(group * 10, group * 10 + 10);
      alarm(
        `LambdaErrorsAlarm${group + 1}`,
        new cloudwatch.MathExpression({
          expression: some.map((_, i) => `e${i}`).join(' + '),
          usingMetrics: Object.fromEntries(some.map((name, i) => [`e${i}`, this.functions[name].metricErrors({ period, statistic: 'Sum' })])),
          period,
          label: `Lambda errors: ${some.join(', ')}`,
        }),
        `A Lambda function failed (an error or a timeout) among: ${some.join(', ')}. Its log group (/aws/lambda/..., 1 year) has the error; CloudWatch Logs Insights finds it with: filter level = "ERROR".`,
      );
    }
    alarm(
      'Api5xxAlarm',
      this.api.metricServerError({ period, statistic: 'Sum' }),
      'The HTTP API answered with a 5xx: see the API access log group (route, status, integration error), then the function behind the route.',
    );
    return topic;
  }

  /**
   * The one customer-managed key of the data at rest (US$1 a month, see
   * "What it costs"), rotated every year. Its policy trusts the account's
   * IAM (CDK's default statement), so that each role holds exactly the key
   * use of its capabilities (HandlerFunction: through DynamoDB or S3 only).
   * It lets in two services that use it with no role of ours: CloudWatch
   * Logs, for the log groups of this account and region, and CloudWatch, to
   * publish alarms to the encrypted topic. It denies KMS grants but for AWS services.
   */
  private dataKey(): kms.Key {
    const key = new kms.Key(this, 'DataKey', {
      description: 'Trust Fund grants: documents, table, log groups and alarms at rest',
      enableKeyRotation: true,
      // The table and the bucket are retained: so is the key that decrypts them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The statement AWS documents for encrypted log groups, for this account's log groups in this region only.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForTheLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
      }),
    );
    // Grants only for AWS services on behalf of a resource (DynamoDB makes one for the table), never
    // for a principal of the account directly (Control Tower's CT.KMS.PR.3).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyGrantsButForAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
    // The statement AWS documents for CloudWatch alarms to an encrypted SNS topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToTheTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return key;
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
    // The policy AWS documents for a malware protection plan role, with its
    // statement for an SSE-KMS bucket (AllowDecryptForMalwareScan). Pseudo-parameters rather than
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
    if (bucket.encryptionKey) {
      // Reading an object to scan it decrypts it; the validation object it puts needs a data key. Through S3, for this bucket only.
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AllowDecryptForMalwareScan',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [bucket.encryptionKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` },
            ArnLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects('*')] },
          },
        }),
      );
    }
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
