import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GrantsStack, type GrantsStackProps } from './stack.ts';

export const STACK_ID = 'TraffickingVictimsGrants';

/** The CDK app with cdk-nag's AwsSolutions pack: an unacknowledged finding makes `synth()` throw. */
export function buildApp(props: GrantsStackProps = {}, appProps: ConstructorParameters<typeof App>[0] = {}) {
  const app = new App(appProps);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new GrantsStack(app, STACK_ID, {
    description: 'Grant management for a trust fund that supports NGOs assisting victims of human trafficking',
    ...props,
  });
  return { app, stack };
}
