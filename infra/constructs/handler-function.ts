// The house Lambda construct: NodejsFunction with the project's defaults
// (Node 24 on arm64, bundled by the local esbuild exactly as the benchmark
// bundles it, source maps, its own log group with retention, Powertools
// settings), and one method per capability of infra/manifest.ts, each adding
// the least IAM it needs and the environment variable that names the resource.
import { resolve } from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { BUNDLING, esbuildArgs, LAMBDA_NODE_OPTIONS, trimSourceMapCommand } from '../bundling.ts';
import { ENV, type HandlerSpec } from '../manifest.ts';
import { acknowledgeControl } from '../controls.ts';

export interface HandlerFunctionProps {
  /** The handler's name in the manifest. */
  name: string;
  spec: HandlerSpec;
  /** The repository root: `spec.entry` is relative to it, and the lock file and node_modules live there. */
  projectRoot: string;
  /** The key that encrypts the function's log group (its policy must let CloudWatch Logs use it). */
  logKey?: kms.IKey;
}

/**
 * How long every log group keeps its events: a year, as Control Tower's
 * CT.CLOUDWATCH.PR.2 asks. The logs hold no personal data by design (ids,
 * route templates, statuses), and a breach is often found months after
 * it began: the investigation needs the year; storing it costs cents.
 */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** The key use of a capability, through that one service; none when the resource has no customer-managed key. */
function grantKeyUse(grantee: iam.IGrantable, key: kms.IKey | undefined, actions: string[], service: 'dynamodb' | 's3', encryptionContext?: Record<string, string[]>) {
  if (!key) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions,
      resources: [key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` },
        ...(encryptionContext ? { ArnLike: encryptionContext } : {}),
      },
    }),
  );
}
/** DynamoDB decrypts the table key with the caller's permission at each access (reads and writes alike). */
const TABLE_KEY_READ = ['kms:Decrypt'];
/** Writers also get what CDK's grantWriteData gives on a table key, without its wildcards. */
const TABLE_KEY_WRITE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
/** S3 SSE-KMS (with a bucket key, whose encryption context is the bucket's ARN): GET decrypts, PUT (and a presigned POST) needs a data key. */
const bucketContext = (bucket: s3.Bucket) => ({ 'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects('*')] });

/** The token cdk-nag prints for the ARN of a CloudFormation resource: `<LogicalId.Arn>`. */
const arnToken = (resource: Construct) => `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as CfnResource)}.Arn>`;

export class HandlerFunction extends NodejsFunction {
  readonly handlerName: string;
  /** Always set: the construct makes its own role. */
  declare readonly role: iam.IRole;

  constructor(scope: Construct, id: string, { name, spec, projectRoot, logKey }: HandlerFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: LOG_RETENTION,
      ...(logKey ? { encryptionKey: logKey } : {}),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole (a managed policy
    // writing to every log group): logs go to this function's log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Lambda ${name}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: resolve(projectRoot, spec.entry),
      role,
      handler: 'handler',
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: `grants-${name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        // The local esbuild, never Docker: synth works offline and in CI.
        forceDockerBundling: false,
        target: BUNDLING.target,
        format: OutputFormat.ESM,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourcemap,
        mainFields: BUNDLING.mainFields,
        // ESM output of CommonJS dependencies still calls require().
        banner: BUNDLING.banner,
        // The AWS SDK is bundled (pinned versions, no dependence on the
        // runtime's copy); only nodemailer, loaded dynamically by the local
        // SMTP adapter, is left out.
        externalModules: BUNDLING.external,
        // What the props above do not name (the builtins' and the credential chain's aliases): infra/bundling.ts.
        esbuildArgs: esbuildArgs(),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            // The source map keeps only what maps our own code (infra/bundling.ts: a smaller map to read at each cold start).
            ...(BUNDLING.sourcemap ? [trimSourceMapCommand(`${outputDir}/index.mjs.map`)] : []),
            // Files the handler reads at run time (e.g. the dashboard's chart library).
            ...(spec.assets ?? []).map((file) => `cp "${inputDir}/${file}" "${outputDir}/"`),
          ],
        },
      },
    });
    this.handlerName = name;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
    acknowledgeControl(
      this,
      'CT.LAMBDA.PR.3',
      'No VPC: the function reaches only AWS service endpoints (DynamoDB, S3, Step Functions, SES, EventBridge Scheduler) over TLS, authorized by its role; there is nothing private to reach, and a NAT gateway or interface endpoints would cost more than the whole system (from about US$33 a month for one NAT gateway, against US$0 idle).',
    );
  }

  // --- Capabilities (infra/manifest.ts) -------------------------------------
  // Written out instead of grantReadData/grantRead & co: those add
  // wildcards (index/*, s3:List*, s3:GetBucket*, s3:Abort*) that no handler
  // uses, each of which cdk-nag would rightly flag.

  /**
   * `table:read`: items and queries on the table, queries on the indexes
   * the manifest names for the handler. Exactly the calls the repository makes (test/iam compares the
   * record of the tests with these): no BatchGetItem, ConditionCheckItem or
   * DescribeTable, and no item reads on an index, where they mean nothing.
   */
  readTable(table: dynamodb.ITable, indexNames: readonly string[]) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [table.tableArn] }));
    grantKeyUse(this, table.encryptionKey, TABLE_KEY_READ, 'dynamodb');
    if (indexNames.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: indexNames.map((index) => `${table.tableArn}/index/${index}`) }),
      );
    }
    this.addEnvironment(ENV.table, table.tableName);
  }

  /** `table:get`: item reads by key, on the table only. */
  getItems(table: dynamodb.ITable) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }));
    grantKeyUse(this, table.encryptionKey, TABLE_KEY_READ, 'dynamodb');
    this.addEnvironment(ENV.table, table.tableName);
  }

  /** `table:put`: item puts (conditional creates; transactions authorize as these), on the table only. */
  putItems(table: dynamodb.ITable) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }));
    grantKeyUse(this, table.encryptionKey, TABLE_KEY_WRITE, 'dynamodb');
    this.addEnvironment(ENV.table, table.tableName);
  }

  /** `table:delete`: item deletes (transactions authorize as these), on the table only. */
  deleteItems(table: dynamodb.ITable) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DeleteItem'], resources: [table.tableArn] }));
    grantKeyUse(this, table.encryptionKey, TABLE_KEY_READ, 'dynamodb');
    this.addEnvironment(ENV.table, table.tableName);
  }

  /** `table:write`: puts and updates (transactions authorize as these), on the table only; no BatchWriteItem, which nothing calls, and deletes are `table:delete`. */
  writeTable(table: dynamodb.ITable) {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
      }),
    );
    grantKeyUse(this, table.encryptionKey, TABLE_KEY_WRITE, 'dynamodb');
    this.addEnvironment(ENV.table, table.tableName);
  }

  /** `bucket:read`: GET/HEAD of the objects under `prefix` (and presigned GET links, signed with this role). */
  readDocuments(bucket: s3.Bucket, prefix: string) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    grantKeyUse(this, bucket.encryptionKey, ['kms:Decrypt'], 's3', bucketContext(bucket));
    // Without ListBucket, S3 answers 403 instead of 404 for a missing upload.
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
    this.addEnvironment(ENV.bucket, bucket.bucketName);
    this.acknowledgeObjectWildcard(bucket, prefix, 'reads');
  }

  /** `bucket:write`: presigned POSTs for uploads under `prefix`, signed with this role. */
  writeDocuments(bucket: s3.Bucket, prefix: string) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    // The browser's upload (presigned POST) is authorized as this role: S3 asks KMS for the data key on its behalf.
    grantKeyUse(this, bucket.encryptionKey, ['kms:GenerateDataKey'], 's3', bucketContext(bucket));
    this.addEnvironment(ENV.bucket, bucket.bucketName);
    this.acknowledgeObjectWildcard(bucket, prefix, 'signs uploads (each presigned POST policy fixes the exact key) of');
  }

  /**
   * `bucket:copy`: CopyObject under `prefix` keeps the source's tags (the
   * default tagging directive), and every object on AWS has GuardDuty's
   * scan tag: S3 then asks to read the source's tags and write the copy's.
   * The object read and write themselves, and their key use, come with bucket:read and bucket:write.
   */
  copyDocuments(bucket: s3.Bucket, prefix: string) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObjectTagging', 's3:PutObjectTagging'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    this.addEnvironment(ENV.bucket, bucket.bucketName);
    this.acknowledgeObjectWildcard(bucket, prefix, 'copies, tags included,');
  }

  /**
   * `bucket:erase`: the erasure of personal data (shared/erasure.ts) deletes
   * every version of the objects under `prefix`: it lists the versions
   * (ListObjectVersions, authorized as s3:ListBucketVersions, and the plain
   * listing as s3:ListBucket, both under the prefix only) and deletes each
   * (DeleteObject with a VersionId is s3:DeleteObjectVersion; without one,
   * s3:DeleteObject).
   */
  eraseDocuments(bucket: s3.Bucket, prefix: string) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'], resources: [bucket.arnForObjects(`${prefix}*`)] }));
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
      }),
    );
    this.addEnvironment(ENV.bucket, bucket.bucketName);
    this.acknowledgeObjectWildcard(bucket, prefix, 'erases (every version of)');
  }

  /** `intake:start`, `call:start`: StartExecution on that one state machine, whose ARN goes in `envName`. */
  startWorkflow(machine: sfn.IStateMachine, envName: string) {
    machine.grantStartExecution(this);
    this.addEnvironment(envName, machine.stateMachineArn);
  }

  /**
   * `review:answer`, `call:answer`: resume the `.waitForTaskToken` tasks of that state
   * machine. IAM evaluates SendTask* against the ARN of the state machine
   * that issued the token, so the grant is scoped to it (as CDK's
   * grantTaskResponse does), not `*`.
   */
  answerTasks(machine: sfn.IStateMachine) {
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [machine.stateMachineArn] }),
    );
  }

  /**
   * `milestone:schedule`: create one-time schedules in the milestone group
   * (the schedule names are per grant, hence the wildcard), passing the one
   * role that may start milestone executions.
   */
  scheduleMilestones(group: scheduler.CfnScheduleGroup, machine: sfn.IStateMachine, role: iam.IRole) {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [`arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${group.name}/*`],
      }),
    );
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }));
    this.addEnvironment(ENV.milestoneStateMachine, machine.stateMachineArn);
    this.addEnvironment(ENV.schedulerRole, role.roleArn);
    this.addEnvironment(ENV.scheduleGroup, group.name!);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group.name}/*]`,
      reason: 'The wildcard is the schedule names of the milestone group: one per report and tranche of each grant, named after them when the grant is made.',
    });
  }

  /** `mail:send`: SES v2 SendEmail from that identity only, and the address to send from. */
  sendMail(identity: ses.IEmailIdentity, mailFrom: string, secretariatEmail: string) {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity.emailIdentityArn] }));
    this.addEnvironment(ENV.mailFrom, mailFrom);
    this.addEnvironment(ENV.mailTransport, 'ses');
    this.addEnvironment(ENV.secretariatEmail, secretariatEmail);
  }

  private acknowledgeObjectWildcard(bucket: s3.Bucket, prefix: string, verb: string) {
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnToken(bucket)}/${prefix}*]`,
      reason: `The wildcard is the object keys under ${prefix} of the documents bucket, which the API generates per application and document; this role ${verb} those objects and no other.`,
    });
  }
}
