// Builds the CDK app: the one stack, with cdk-nag's AwsSolutions pack and
// AWS Control Tower's proactive controls (cfn-guard, infra/controls.ts) as
// validation plugins, so an unacknowledged finding of either makes `synth()` throw.
// The bin file and the CDK tests both build it here, with the context of
// cdk.json, so that the tests check the template `cdk synth` makes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ControlTowerChecks } from './controls.ts';
import { GrantsStack, REPO_ROOT, type GrantsStackProps } from './stack.ts';

export const STACK_ID = 'TraffickingVictimsGrants';

/**
 * Feature flags this app relies on, under whatever cdk.json sets.
 * - S3 server access logs delivered through a bucket policy on the log
 *   bucket, not the legacy log-delivery ACL (the buckets disable ACLs).
 */
const REQUIRED_CONTEXT = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(resolve(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

/**
 * `controlTower: false` leaves Control Tower's rules out (cdk-nag stays): a
 * cfn-guard run over the template takes some 20 s on the 2-core machine, so
 * the CDK tests that check other things build without it, and
 * test/cdk/controls.test.ts runs it on its own synth. `cdk synth` (bin) always
 * runs it.
 */
export function buildApp(props: GrantsStackProps = {}, appProps: AppProps = {}, { controlTower = true }: { controlTower?: boolean } = {}) {
  const app = new App({
    ...appProps,
    context: { ...REQUIRED_CONTEXT, ...cdkJsonContext(), ...appProps.context },
  });
  // cdk-nag 3 is a validation plugin (Aspects.of(app).add(...) was cdk-nag 2).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (controlTower) Validations.of(app).addPlugins(new ControlTowerChecks());
  const stack = new GrantsStack(app, STACK_ID, {
    description: 'Grant management for a trust fund that supports NGOs assisting victims of human trafficking',
    ...props,
  });
  return { app, stack };
}
