// The record of AWS calls of a local run (infra/local/aws-calls.ts) against
// the roles of the synthesized template, in both directions, as IAM Access
// Analyzer's policy generation does from CloudTrail, before the first deploy:
//
// 1. Every (handler, action, resource) observed must be allowed by that
//    handler's role: its Allow statements, with their conditions, and no
//    Deny. A call outside the role is an AccessDenied waiting on AWS.
// 2. Every permission of a handler's role (each action and resource of each
//    statement) must have been observed at least once, or be listed in
//    allowances.ts with the reason it is needed.
//
// Everything comes from the manifest and the template: the handlers, their
// roles and statements. Template resources become local ARNs through the
// environment variables both sides set for each function (TABLE_NAME is the
// table's Ref on AWS and `grants` locally, and so on), so a new handler,
// grant or variable needs no line here. Run on its own with
// `npx tsx test/iam/compare.ts [record.jsonl]`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { AwsCall, RecordHeader } from '../../infra/local/aws-calls.ts';
import { handlers, workflows, type HandlerName, type WorkflowName } from '../../infra/manifest.ts';
import type { GrantsStack } from '../../infra/stack.ts';
import { ALLOWANCES, type Allowance } from './allowances.ts';

export interface AwsRecord {
  header: RecordHeader;
  calls: AwsCall[];
}

export function readRecord(file: string): AwsRecord {
  const [first, ...rest] = readFileSync(file, 'utf8').trim().split('\n');
  const calls = new Map<string, AwsCall>();
  for (const line of rest) calls.set(line, JSON.parse(line) as AwsCall);
  return { header: JSON.parse(first!) as RecordHeader, calls: [...calls.values()] };
}

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** One permission of a role: an action (maybe a pattern) on a resource (maybe a pattern), under the statement's conditions. */
export interface Permission {
  handler: string;
  action: string;
  resource: string;
  condition?: Statement['Condition'];
}

export interface Comparison {
  /** Observed calls no statement of the handler's role allows (each one an AccessDenied on AWS). */
  denied: (AwsCall & { why: string })[];
  /** Permissions never observed and not listed in allowances.ts. */
  unexplained: Permission[];
  /** Permissions never observed, listed with a reason. */
  allowed: (Permission & { reason: string })[];
  /** Allowances that match no permission any more (stale). */
  staleAllowances: Allowance[];
  /** Permissions observed at least once. */
  observed: Permission[];
  handlers: number;
  calls: number;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([value].flat() as T[]));
const glob = (pattern: string, value: string, ignoreCase = false) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '').test(value);

const address = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/**
 * Synthesizes the stack without bundling (IAM and variables do not depend on
 * the code's bytes), with the local run's addresses as the stack's mail
 * settings, so that the SES identity is the local sender's.
 */
export function synthesize(header: RecordHeader): { stack: GrantsStack; template: Record<string, any> } {
  const { MAIL_FROM, SECRETARIAT_EMAIL } = header.env;
  const { stack } = buildApp(
    { ...(MAIL_FROM ? { mailFrom: address(MAIL_FROM) } : {}), ...(SECRETARIAT_EMAIL ? { secretariatEmail: SECRETARIAT_EMAIL } : {}) },
    { context: { 'aws:cdk:bundling-stacks': [] } },
  );
  return { stack, template: Template.fromStack(stack).toJSON() };
}

/**
 * Maps the template's tokens to local values. From each function's
 * variables: a `Ref`/`Fn::GetAtt` of a resource is what the local runtime
 * sets the same variable to; a literal (the schedule group's name) becomes
 * the local one where it is a whole path segment of an ARN. Then what
 * follows from the resource's type (a table's ARN from its name, ...).
 */
function localResolver(template: Record<string, any>, functionIds: string[], header: RecordHeader, machines: Record<string, string>) {
  const resources = template.Resources as Record<string, { Type: string; Properties: any }>;
  const attrs = new Map<string, Record<string, string>>();
  const literals = new Map<string, string>();
  const set = (id: string, attr: string, value: string) => attrs.set(id, { ...attrs.get(id), [attr]: value });
  // Every state machine of the manifest, named by no variable or by several (SendTask* is authorized on the one that issued the token).
  for (const [name, id] of Object.entries(machines)) set(id, 'Ref', `arn:aws:states:${header.region}:${header.account}:stateMachine:${name}`);
  for (const id of functionIds) {
    for (const [name, value] of Object.entries((resources[id]!.Properties.Environment?.Variables ?? {}) as Record<string, unknown>)) {
      const local = header.env[name];
      if (local === undefined) continue;
      // A literal name (not an address with a display name) stands for the local one in ARNs.
      if (typeof value === 'string') {
        if (value !== local && !/[\s<>]/.test(local)) literals.set(value, local);
      }
      else if (value && typeof value === 'object' && 'Ref' in value) set(String(value.Ref), 'Ref', local);
      else if (value && typeof value === 'object' && 'Fn::GetAtt' in value) {
        const [target, attr] = (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
        set(target, attr, local);
      }
    }
  }
  const { region, account } = header;
  for (const [id, resource] of Object.entries(resources)) {
    const ref = attrs.get(id)?.Ref;
    if (resource.Type === 'AWS::DynamoDB::Table' && ref) set(id, 'Arn', `arn:aws:dynamodb:${region}:${account}:table/${ref}`);
    if (resource.Type === 'AWS::S3::Bucket' && ref) set(id, 'Arn', `arn:aws:s3:::${ref}`);
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && ref) set(id, 'Name', ref.split(':').pop()!);
    if (resource.Type === 'AWS::SES::EmailIdentity') set(id, 'Ref', resource.Properties.EmailIdentity as string);
  }
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': region, 'AWS::AccountId': account, 'AWS::URLSuffix': 'amazonaws.com' };
  const segments = (text: string) =>
    text
      .split('/')
      .map((segment) => literals.get(segment) ?? segment)
      .join('/');
  const resolveValue = (value: unknown): string => {
    if (typeof value === 'string') return segments(value);
    const v = value as Record<string, any>;
    if ('Ref' in v) return pseudo[v.Ref] ?? attrs.get(v.Ref)?.Ref ?? `<${v.Ref}>`;
    if ('Fn::GetAtt' in v) return attrs.get(v['Fn::GetAtt'][0])?.[v['Fn::GetAtt'][1]] ?? `<${v['Fn::GetAtt'].join('.')}>`;
    if ('Fn::Join' in v) return segments((v['Fn::Join'][1] as unknown[]).map(resolveValue).join(v['Fn::Join'][0]));
    return `<${JSON.stringify(value)}>`;
  };
  return resolveValue;
}

/** Whether a statement's conditions hold for a call's context (a key the call does not carry fails the condition, as in IAM). */
function conditionsHold(condition: Statement['Condition'], context: Record<string, string> = {}): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (actual === undefined) return false;
      const values = list(expected);
      const ok =
        operator === 'StringEquals' || operator === 'ArnEquals'
          ? values.includes(actual)
          : operator === 'StringLike' || operator === 'ArnLike'
            ? values.some((v) => glob(v, actual))
            : false; // An operator this comparison does not know: not allowed, so it shows.
      if (!ok) return false;
    }
  }
  return true;
}

export function compare(record: AwsRecord, synthesized = synthesize(record.header)): Comparison {
  const { stack, template } = synthesized;
  const resources = template.Resources as Record<string, { Type: string; Properties: any }>;
  const names = Object.keys(handlers) as HandlerName[];
  const idOf = (name: HandlerName) => Stack.of(stack).getLogicalId(stack.functions[name].node.defaultChild as CfnElement);
  const machines = Object.fromEntries(
    (Object.keys(workflows) as WorkflowName[]).map((w) => [w, Stack.of(stack).getLogicalId(stack.stateMachines[w].node.defaultChild as CfnElement)]),
  );
  const resolveValue = localResolver(template, names.map(idOf), record.header, machines);

  const statementsOf = (name: HandlerName): Statement[] => {
    const roleId = (resources[idOf(name)]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
      .flatMap((r) => list<Statement>(r.Properties.PolicyDocument.Statement));
  };
  const permissions = new Map<HandlerName, (Permission & { effect: Statement['Effect'] })[]>(
    names.map((name) => [
      name,
      statementsOf(name).flatMap((s) =>
        list(s.Action).flatMap((action) =>
          list(s.Resource).map((r) => ({ handler: name, action, resource: resolveValue(r), effect: s.Effect, ...(s.Condition ? { condition: s.Condition } : {}) })),
        ),
      ),
    ]),
  );
  const matches = (p: Permission, call: AwsCall) =>
    glob(p.action, call.action, true) && glob(p.resource, call.resource) && conditionsHold(p.condition, call.context);

  const denied: Comparison['denied'] = [];
  const used = new Set<Permission>();
  for (const call of record.calls) {
    const own = permissions.get(call.handler as HandlerName);
    if (!own) {
      denied.push({ ...call, why: 'made outside any handler of the manifest' });
      continue;
    }
    const allowing = own.filter((p) => p.effect === 'Allow' && matches(p, call));
    const denying = own.filter((p) => p.effect === 'Deny' && matches(p, call));
    if (allowing.length === 0 || denying.length > 0) {
      denied.push({ ...call, why: denying.length > 0 ? 'an explicit Deny of the role' : 'no statement of the role allows it' });
    }
    for (const p of allowing) used.add(p);
  }

  const unexplained: Permission[] = [];
  const allowed: Comparison['allowed'] = [];
  const usedAllowances = new Set<Allowance>();
  const observed: Permission[] = [];
  for (const name of names) {
    for (const p of permissions.get(name)!.filter((p) => p.effect === 'Allow')) {
      const { effect: _, ...permission } = p;
      if (used.has(p)) {
        observed.push(permission);
        continue;
      }
      const seen = (actions: readonly string[]) => record.calls.some((c) => c.handler === name && actions.includes(c.action));
      const allowance = ALLOWANCES.find(
        (a) =>
          glob(a.action, p.action, true) &&
          (a.handlers === '*' || a.handlers.includes(name)) &&
          (a.resource === undefined || p.resource.includes(a.resource)) &&
          (a.whenObserved === undefined || seen(a.whenObserved)),
      );
      if (allowance) {
        usedAllowances.add(allowance);
        allowed.push({ ...permission, reason: allowance.reason });
      } else unexplained.push(permission);
    }
  }
  return {
    denied,
    unexplained,
    allowed,
    staleAllowances: ALLOWANCES.filter((a) => !usedAllowances.has(a)),
    observed,
    handlers: names.length,
    calls: record.calls.length,
  };
}

const show = (p: Permission) => `${p.handler}: ${p.action} on ${p.resource}${p.condition ? ` if ${JSON.stringify(p.condition)}` : ''}`;

/** The comparison as a reader wants it: what fails first, then what is unexplained, then the figures. */
export function report(c: Comparison): string {
  return [
    `IAM, the record of the local run against the template: ${c.calls} distinct calls of ${c.handlers} handlers; ${c.observed.length} permissions observed, ${c.allowed.length} listed with a reason.`,
    ...(c.denied.length ? [`Observed but not allowed by the handler's role (${c.denied.length}) — AccessDenied on AWS:`, ...c.denied.map((d) => `  ${d.handler}: ${d.action} on ${d.resource}${d.context ? ` ${JSON.stringify(d.context)}` : ''} (${d.why})`)] : []),
    ...(c.unexplained.length ? [`Allowed but never observed, and not in test/iam/allowances.ts (${c.unexplained.length}):`, ...c.unexplained.map((p) => `  ${show(p)}`)] : []),
    ...(c.staleAllowances.length ? [`Allowances that match no permission (${c.staleAllowances.length}):`, ...c.staleAllowances.map((a) => `  ${a.action} for ${String(a.handlers)}`)] : []),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const result = compare(readRecord(process.argv[2] ?? resolve(import.meta.dirname, '../../test-results/aws-calls.jsonl')));
  console.log(report(result));
  process.exitCode = result.denied.length > 0 || result.unexplained.length > 0 || result.staleAllowances.length > 0 ? 1 : 0;
}
