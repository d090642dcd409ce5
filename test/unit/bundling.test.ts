// The Lambda bundles as infra/bundling.ts makes them (the bench and the CDK
// construct share it): Node builtins come from process.getBuiltinModule, not
// from ESM imports; the SDK's credential chain is its environment step only;
// the source map maps our own code only. One bundle is run as Lambda would
// run it (with the deployed NODE_OPTIONS) against a stand-in DynamoDB on
// loopback that records the request.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, LAMBDA_NODE_OPTIONS, trimSourceMap } from '../../infra/bundling.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'grants-bundling-'));
const bundle = join(dir, 'index.mjs');
let code: string;

beforeAll(async () => {
  // Prepare: a handler-like entry that reads the table through the repository, then fails in our own code.
  writeFileSync(
    join(dir, 'entry.ts'),
    `import { getCall } from ${JSON.stringify(join(ROOT, 'shared/repository/calls.ts'))};
export async function handler() {
  const call = await getCall('C-none');
  if (!call) throw new Error('no such call');
}
`,
  );
  await build({ ...esbuildOptions(), entryPoints: [join(dir, 'entry.ts')], outfile: bundle, logLevel: 'error' });
  trimSourceMap(`${bundle}.map`);
  code = readFileSync(bundle, 'utf8');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a Lambda bundle', () => {
  it('takes every Node builtin from process.getBuiltinModule, none from an ESM import', () => {
    expect(code).not.toMatch(/\bfrom\s*["'](node:)?(http|https|crypto|fs|stream|zlib|os|path|util|timers|process|child_process|async_hooks)["']/);
    expect(code).not.toMatch(/import\(\s*["']node:/);
    expect(code).toContain('process.getBuiltinModule("node:https")');
  });

  it("keeps only the environment step of the SDK's credential chain", () => {
    for (const step of ['fromSSO', 'fromIni', 'fromProcess', 'fromTokenFile', 'remoteProvider', 'fromInstanceMetadata']) expect(code).not.toContain(step);
  });

  it('maps only our own code in its source map', () => {
    const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[]; sourcesContent: (string | null)[]; mappings: string };
    const used = new Set(decode(map.mappings).flatMap((line) => line.filter((s) => s.length > 1).map((s) => s[1]!)));
    expect([...used].map((i) => map.sources[i]).filter((s) => s!.includes('node_modules/'))).toEqual([]);
    expect([...used].map((i) => map.sources[i])).toEqual(expect.arrayContaining([expect.stringMatching(/entry\.ts$/), expect.stringMatching(/shared\/repository\/calls\.ts$/)]));
    map.sources.forEach((source, i) => expect(map.sourcesContent[i] === null, source).toBe(source.includes('node_modules/')));
  });

  it("signs its requests with the environment's credentials, and its stack traces name our files", async () => {
    // Prepare: a stand-in DynamoDB that answers "no item" and keeps the request headers.
    const requests: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      requests.push(req.headers);
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    writeFileSync(join(dir, 'invoke.mjs'), "const { handler } = await import('./index.mjs');\nawait handler();\n");

    // Act
    const child = spawn(process.execPath, [join(dir, 'invoke.mjs')], {
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'session',
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
        TABLE_NAME: 'grants',
        HOME: dir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((done) => child.on('exit', done));
    server.close();

    // Assess
    expect(requests).toHaveLength(1);
    expect(requests[0]!['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(requests[0]!.authorization).toContain('Credential=AKIDBUNDLETEST/');
    expect(requests[0]!['x-amz-security-token']).toBe('session');
    expect(status).toBe(1);
    expect(stderr).toContain('no such call');
    expect(stderr).toMatch(/entry\.ts:4:\d+/);
  });
});
