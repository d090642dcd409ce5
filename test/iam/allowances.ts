// Permissions of the handlers' roles that the local record of AWS calls
// cannot show, each with the reason it is needed. test/iam/compare.ts fails
// on a permission that is neither observed nor listed here, and on an entry
// here that matches no permission any more.
export interface Allowance {
  /** The IAM action (a pattern, as in the policy). */
  action: string;
  /** The handlers it is listed for, or every handler. */
  handlers: '*' | readonly string[];
  /** A part of the resource it is listed for (default: any resource). */
  resource?: string;
  reason: string;
}

export const ALLOWANCES: readonly Allowance[] = [
  {
    action: 'logs:CreateLogStream',
    handlers: '*',
    reason: "The Lambda service writes the function's logs with its role, into the function's own log group; no handler code calls CloudWatch Logs.",
  },
  {
    action: 'logs:PutLogEvents',
    handlers: '*',
    reason: "The Lambda service writes the function's logs with its role, into the function's own log group; no handler code calls CloudWatch Logs.",
  },
  {
    action: 'xray:PutTraceSegments',
    handlers: '*',
    reason: 'Active tracing: the Lambda service sends the trace segments with the role; no handler code calls X-Ray.',
  },
  {
    action: 'xray:PutTelemetryRecords',
    handlers: '*',
    reason: 'Active tracing: the Lambda service sends telemetry with the role; no handler code calls X-Ray.',
  },
];
