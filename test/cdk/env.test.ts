// Every environment variable a handler's code reads is one the stack sets for
// that function, or one Lambda sets itself, or one listed below with why it
// may be absent on AWS. The code is each handler's bundle as esbuild makes
// it (one build of every entry, tree-shaken, not minified; the AWS SDK's own
// reads are Lambda's variables); the variables are what it reads
// (process.env.X, requireEnv("X"), envGetter("X"), and the names of
// COGNITO_ENV, which auth.ts reads by a computed name). The stack is
// synthesized without bundling. A variable read but never set is a ConfigurationError on the
// first request after a deploy; locally the runtime sets everything, so
// nothing else would show it.
import { resolve } from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { BUNDLING } from '../../infra/bundling.ts';
import { handlers, type HandlerName, type HandlerSpec } from '../../infra/manifest.ts';
import type { GrantsStack } from '../../infra/stack.ts';
import { COGNITO_ENV } from '../../shared/http/auth.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NAMES = Object.keys(handlers) as HandlerName[];

/** What the Lambda service sets in every function's environment (the AWS SDK and Powertools read some). */
const SET_BY_LAMBDA = new Set([
  'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', '_HANDLER', '_X_AMZN_TRACE_ID', 'TZ',
]);

/** Read by the code, set by the stack only in some configurations or never on AWS, each harmless when absent. */
const ABSENT_ON_AWS: Record<string, string> = {
  ADMIN_TOKEN_SHA256: 'Token mode only (the local runtime): in Cognito mode, which the stack always configures, requireAdmin and sessionMember never read it.',
  ADMIN_TOKENS: 'Token mode only (the local runtime): read with a default of none.',
  SMTP_URL: 'The local SMTP sender only: MAIL_TRANSPORT is "ses" on AWS, and the SES sender never reads it.',
  AWS_ENDPOINT_URL_S3: 'Set locally to the S3 emulator (path-style URLs then); unset on AWS, which is the default the code expects.',
  FOUR_EYES_RELEASES: 'A fund setting read with a default (on): the stack sets it, to false, only when fourEyesReleases is false.',
};

/** Variables read by a computed name (auth.ts, over COGNITO_ENV): read by a bundle that holds their names. */
const COMPUTED = Object.values(COGNITO_ENV);

const READS = [
  /process\.env\.([A-Z][A-Z0-9_]*)/g,
  /process\.env\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g,
  /\b(?:requireEnv|envGetter)\d*\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
];

let stack: GrantsStack;
let template: Record<string, any>;
const bundleOf = new Map<HandlerName, string>();

beforeAll(async () => {
  ({ stack } = buildApp({}, { context: { 'aws:cdk:bundling-stacks': [] } }, { controlTower: false }));
  template = Template.fromStack(stack).toJSON();
  const result = await build({
    entryPoints: NAMES.map((name) => ({ in: resolve(ROOT, handlers[name].entry), out: name })),
    bundle: true,
    write: false,
    metafile: true,
    outdir: '/nonexistent',
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    mainFields: BUNDLING.mainFields,
    external: BUNDLING.external,
    logLevel: 'silent',
  });
  for (const file of result.outputFiles) {
    const name = NAMES.find((n) => file.path.endsWith(`/${n}.js`));
    // Only the repository's own code: esbuild heads each module of a bundle with a comment naming its file.
    if (name) bundleOf.set(name, ownCode(file.text));
  }
}, 120_000);

/** The parts of a bundle that come from the repository's files (not node_modules: the SDK's own reads are its business). */
const ownCode = (bundle: string) =>
  bundle
    .split(/^(?=\/\/ [^\n]+\.[cm]?[jt]s\n)/m)
    .filter((chunk) => !chunk.startsWith('// node_modules/'))
    .join('');

/** The variables some code reads. */
function readsOf(text: string): string[] {
  // A getter made at a module's top (`const x = envGetter("X")`) reads only if the bundle calls it somewhere (the functions calling it may be shaken out).
  const unusedGetters = [...text.matchAll(/\b(?:var|let|const) (\w+) = envGetter\d*\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)]
    .filter(([, id]) => (text.match(new RegExp(`\\b${id}\\b`, 'g')) ?? []).length === 1)
    .map(([, , variable]) => variable!);
  const names = READS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)).filter((v) => !unusedGetters.includes(v));
  return [...new Set([...names, ...COMPUTED.filter((v) => text.includes(`"${v}"`))])];
}

const setByStack = (name: HandlerName): string[] => {
  const id = Stack.of(stack).getLogicalId(stack.functions[name].node.defaultChild as CfnElement);
  return Object.keys(template.Resources[id].Properties.Environment?.Variables ?? {});
};

describe('environment variables', () => {
  it('bundles every handler of the manifest', () => expect([...bundleOf.keys()].sort()).toEqual([...NAMES].sort()));

  for (const name of NAMES) {
    it(`${name} reads only what the stack or Lambda sets for it`, () => {
      const set = new Set(setByStack(name));
      const unset = readsOf(bundleOf.get(name) ?? '').filter((v) => !set.has(v) && !SET_BY_LAMBDA.has(v) && !(v in ABSENT_ON_AWS));
      expect(unset).toEqual([]);
    });
  }

  it('lists only variables some handler reads (no stale entry)', () => {
    const read = new Set(NAMES.flatMap((name) => readsOf(bundleOf.get(name) ?? '')));
    expect(Object.keys(ABSENT_ON_AWS).filter((v) => !read.has(v))).toEqual([]);
  });

  // The same bundles say which indexes each handler's code queries: its role may query those and no other.
  const queried = (text: string) => [...new Set([...text.matchAll(/\bIndexName: "([\w.-]+)"/g)].map((m) => m[1]!))].sort();
  for (const name of NAMES) {
    it(`${name} queries exactly the indexes the manifest names for it`, () => {
      expect(queried(bundleOf.get(name) ?? '')).toEqual([...((handlers[name] as HandlerSpec).indexes ?? [])].sort());
    });
  }

  it('sees a read the stack does not cover, and a query of an index (the checks can fail)', () => {
    expect(queried('queryAll({ IndexName: "gsi2", KeyConditionExpression: "x" }); get({ IndexName: "gsi1" })')).toEqual(['gsi1', 'gsi2']);
    const reads = readsOf('var a = envGetter2("SECRETARIAT_EMAIL"); a(); var u = envGetter("UNUSED_ONE"); const b = process.env.FOO_BAR; const c = "COGNITO_REGION";');
    expect(reads.sort()).toEqual(['COGNITO_REGION', 'FOO_BAR', 'SECRETARIAT_EMAIL']);
    expect(setByStack('api-public')).not.toContain('SECRETARIAT_EMAIL');
  });
});
