// How every Lambda is bundled, shared by the CDK construct and the benchmark
// so that the bench measures what is deployed: one minified ESM file, the AWS
// SDK included (pinned versions, no dependence on the runtime's copy), and
// nodemailer left out (only the local SMTP adapter loads it, dynamically).
import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

export const BUNDLING = {
  target: 'node24',
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  external: ['nodemailer'],
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require().
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // import() of a Node builtin becomes require(): an ESM import of a builtin
  // builds its namespace by reading every export, and node:http's exports
  // include getters that load undici (~12 ms of a cold start when the SDK
  // loads node:http for an http:// endpoint or the instance metadata).
  supported: { 'dynamic-import': false } as Record<string, boolean>,
  // The SDK's default credential chain, down to its first step (the
  // environment, where Lambda puts the role's credentials): see
  // shared/adapters/lambda-credentials.ts.
  alias: { '@aws-sdk/credential-provider-node': resolve(root, 'shared/adapters/lambda-credentials.ts') } as Record<string, string>,
};

/**
 * NODE_OPTIONS of every function. The bench runs the bundles with it too:
 * source maps cost ~15 ms of each cold start (Node reads and decodes the map
 * when it loads the bundle) and buy readable stack traces in the logs.
 */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** The esbuild options of BUNDLING, for a build through esbuild's API (the bench). */
export const esbuildOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  target: BUNDLING.target,
  format: BUNDLING.format,
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourcemap,
  external: BUNDLING.external,
  mainFields: BUNDLING.mainFields,
  banner: { js: BUNDLING.banner },
  supported: BUNDLING.supported,
  alias: BUNDLING.alias,
});

/** The same settings as arguments of the esbuild CLI, for what NodejsFunction's bundling props do not name (see its `esbuildArgs`). */
export const esbuildArgs = (): Record<string, string | string[]> => ({
  ...Object.fromEntries(Object.entries(BUNDLING.supported).map(([feature, on]) => [`--supported:${feature}`, String(on)])),
  '--alias': Object.entries(BUNDLING.alias).map(([from, to]) => `${from}=${to}`),
});
