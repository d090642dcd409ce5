// Starts the local system once for the integration and browser tests, the way
// a user does (`npm start`), in a temporary data folder on free loopback
// ports, and stops it with Ctrl-C (SIGINT) at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../infra/local/emulators/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    adminToken: string;
    mailWebUrl: string;
    dynamodbUrl: string;
    s3Url: string;
  }
}

const root = resolve(import.meta.dirname, '..');
let child: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'grants-test-'));
  const ports = {
    PORT: await freePort(),
    DYNAMODB_PORT: await freePort(),
    S3_PORT: await freePort(),
    SMTP_PORT: await freePort(),
    MAIL_WEB_PORT: await freePort(),
    SFN_PORT: await freePort(),
  };
  const output: string[] = [];
  child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: root,
    env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), LOCAL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const apiUrl = `http://127.0.0.1:${ports.PORT}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The local system exited during start:\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`The local system did not start within 90 s:\n${output.join('')}`);
    const ready = await fetch(`${apiUrl}/local/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  project.provide('apiUrl', apiUrl);
  project.provide('adminToken', readFileSync(join(dataDir, 'admin-token'), 'utf8').trim());
  project.provide('mailWebUrl', `http://127.0.0.1:${ports.MAIL_WEB_PORT}`);
  project.provide('dynamodbUrl', `http://127.0.0.1:${ports.DYNAMODB_PORT}`);
  project.provide('s3Url', `http://127.0.0.1:${ports.S3_PORT}`);

  return async function teardown() {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
