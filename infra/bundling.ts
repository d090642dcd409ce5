// How every Lambda is bundled, shared by the CDK construct and the benchmark
// so that the bench measures what is deployed: one minified ESM file, the AWS
// SDK included (pinned versions, no dependence on the runtime's copy), and
// nodemailer left out (only the local SMTP adapter loads it, dynamically).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import type { BuildOptions } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/**
 * The Node builtins the bundles import. An ESM import of a builtin builds
 * its namespace by reading every export, getters included: node:http's load
 * undici (~12 ms of a cold start), node:crypto's the Web Crypto API,
 * node:fs's the file streams (~7 ms for these together). The bundles take
 * each of them from process.getBuiltinModule instead (a small CommonJS shim
 * per builtin, aliased in place of the builtin), which reads nothing.
 */
const BUILTINS = ['async_hooks', 'buffer', 'child_process', 'console', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'os', 'path', 'process', 'stream', 'timers', 'url', 'util', 'zlib'];

/** Writes the shims (once, in node_modules/.cache: a fixed path, so that the bundles' source maps stay the same from one synth to the next) and returns their aliases. */
function builtinAliases(): Record<string, string> {
  const dir = resolve(root, 'node_modules/.cache/grants-bundling');
  mkdirSync(dir, { recursive: true });
  const aliases: Record<string, string> = {};
  for (const name of BUILTINS) {
    const file = join(dir, `node-${name.replace('/', '-')}.cjs`);
    const text = `module.exports = process.getBuiltinModule('node:${name}');\n`;
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    aliases[name] = aliases[`node:${name}`] = file;
  }
  return aliases;
}

export const BUNDLING = {
  target: 'node24',
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  external: ['nodemailer'],
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require().
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // The SDK's default credential chain, down to its first step (the
  // environment, where Lambda puts the role's credentials): see
  // shared/adapters/lambda-credentials.ts.
  alias: { '@aws-sdk/credential-provider-node': resolve(root, 'shared/adapters/lambda-credentials.ts') } as Record<string, string>,
};

/**
 * NODE_OPTIONS of every function; the bench runs the bundles with it too.
 * With source maps on, Node reads and decodes a bundle's map when it loads
 * the bundle: the whole map (1–3 MiB, the SDK's code mostly) cost ~13 ms of
 * each cold start, the trimmed one (trimSourceMap) ~5 ms.
 */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * Keeps, in a bundle's source map, only what maps the repository's own code
 * (and its sources' text): a stack trace still names our files and lines,
 * and a frame inside a dependency keeps its place in the bundle. Run on each
 * bundle after esbuild, by the bench and by the CDK construct (`node
 * infra/bundling.ts trim-source-map <file>`, see trimSourceMapCommand).
 */
export function trimSourceMap(file: string): void {
  if (!existsSync(file)) return;
  const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[]; mappings: string };
  const ours = map.sources.map((source) => !source.includes('node_modules/'));
  map.mappings = encode(decode(map.mappings).map((line) => line.filter((segment) => segment.length === 1 || ours[segment[1]!])));
  if (map.sourcesContent) map.sourcesContent = map.sourcesContent.map((text, i) => (ours[i] ? text : null));
  writeFileSync(file, JSON.stringify(map));
}

/** The shell command that trims a bundle's map, for NodejsFunction's afterBundling hook. */
export const trimSourceMapCommand = (file: string): string => `"${process.execPath}" "${fileURLToPath(import.meta.url)}" trim-source-map "${file}"`;

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'trim-source-map') trimSourceMap(process.argv[3]!);

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
  alias: { ...BUNDLING.alias, ...builtinAliases() },
});

/** The same settings as arguments of the esbuild CLI, for what NodejsFunction's bundling props do not name (see its `esbuildArgs`). */
export const esbuildArgs = (): Record<string, string | string[]> => ({
  '--alias': Object.entries({ ...BUNDLING.alias, ...builtinAliases() }).map(([from, to]) => `${from}=${to}`),
});
