// The house Lambda construct: NodejsFunction with the project's defaults
// (Node 24 on arm64, bundled by the local esbuild exactly as the benchmark
// bundles it, source maps, a log group with retention, Powertools settings).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLING } from '../bundling.ts';
import type { HandlerSpec } from '../manifest.ts';

export interface HandlerFunctionProps {
  name: string;
  spec: HandlerSpec;
  /** Absolute path of the entry file. */
  entry: string;
  /** The repository root: the lock file and node_modules live there. */
  projectRoot: string;
}

export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, { name, spec, entry, projectRoot }: HandlerFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs go to this function's log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Lambda ${name}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry,
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
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `grants-${name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        forceDockerBundling: false,
        target: BUNDLING.target,
        format: OutputFormat.ESM,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourcemap,
        mainFields: BUNDLING.mainFields,
        banner: BUNDLING.banner,
        externalModules: BUNDLING.external,
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
  }
}
