// AWS Control Tower's proactive controls, as cfn-guard rules run on the
// synthesized template by @cdklabs/cdk-validator-cfnguard (a validation
// plugin of the app, beside cdk-nag: an unacknowledged finding makes
// `synth()` throw). The plugin names a finding by the rule's name in the
// guard file; the decisions in the code and the README name the control.
// Only the controls this stack acknowledges somewhere are listed here:
// test/cdk/controls.test.ts checks each against the control's guard file.
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Validations, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin's name, the namespace of its rule ids in acknowledgements. */
export const CFN_GUARD_PLUGIN = 'cdk-validator-cfnguard';

/** Control id → the name of its rule in `rules/control-tower/cfn-guard/<service>/ct-<service>-pr-<n>.guard`. */
export const CONTROLS = {
  'CT.APIGATEWAY.PR.5': 'api_gw_v2_authorization_type_configured_check',
  'CT.LAMBDA.PR.2': 'lambda_function_public_access_prohibited_check',
  'CT.LAMBDA.PR.3': 'lambda_inside_vpc_check',
  'CT.S3.PR.2': 's3_bucket_logging_enabled_check',
  'CT.S3.PR.4': 's3_event_notifications_enabled_check',
  'CT.S3.PR.9': 's3_bucket_object_lock_enabled_check',
  'CT.S3.PR.10': 's3_bucket_default_encryption_kms_check',
  'CT.S3.PR.11': 's3_bucket_versioning_enabled_check',
} as const;

export type Control = keyof typeof CONTROLS;

/** The id an acknowledgement of the control takes (the plugin's rule id). */
export const controlRuleId = (control: Control) => `${CFN_GUARD_PLUGIN}::${CONTROLS[control]}`;

/**
 * Every Control Tower rule the package bundles, with its own cfn-guard
 * binary (offline), as a validation plugin. Its violations carry no
 * severity, and CDK, once it has applied acknowledgements to a report,
 * counts only violations of severity error as failing: without one, a new
 * finding would no longer fail the synth as soon as anything is
 * acknowledged. So each is reported as an error.
 */
export class ControlTowerChecks implements IPolicyValidationPlugin {
  private readonly guard = new CfnGuardValidator({ controlTowerRulesEnabled: true });
  readonly name = this.guard.name;
  readonly version = this.guard.version;
  readonly ruleIds = this.guard.ruleIds;

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.guard.validate(context);
    return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
  }
}

/**
 * Acknowledges a Control Tower control on a construct and the resources
 * under it, with the decision: the reason starts with the control's id.
 */
export function acknowledgeControl(scope: IConstruct, control: Control, reason: string) {
  Validations.of(scope).acknowledge({ id: controlRuleId(control), reason: `${control}: ${reason}` });
}
