// Starts `npm start`'s entry point as a child process, on free loopback ports
// and in a data folder of the caller's choice, and waits until it answers.
// The tests, the benchmarks and the demo meet the system this way, as a user
// does; `stop()` sends Ctrl-C (SIGINT) and waits for a clean exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './emulators/ports.ts';

export interface SpawnedSystem {
  apiUrl: string;
  mailWebUrl: string;
  dynamodbUrl: string;
  s3Url: string;
  /** The Step Functions (and Scheduler) endpoint the handlers use. */
  sfnUrl: string;
  adminToken: string;
  financeToken: string;
  output: () => string;
  stop(): Promise<number | null>;
}

const root = resolve(import.meta.dirname, '..', '..');

export async function spawnLocalSystem(dataDir: string, { startTimeoutMs = 90_000, env = {} as Record<string, string> } = {}): Promise<SpawnedSystem> {
  const ports = {
    PORT: await freePort(),
    DYNAMODB_PORT: await freePort(),
    S3_PORT: await freePort(),
    SMTP_PORT: await freePort(),
    MAIL_WEB_PORT: await freePort(),
    SFN_PORT: await freePort(),
  };
  const output: string[] = [];
  // Node itself with tsx as its loader, not the tsx command: the command runs Node as a child of its own and relays
  // Ctrl-C to it, and now and then answered 130 (killed by the signal) for a system that had stopped cleanly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      LOCAL_DATA_DIR: dataDir,
      LOCAL_STOP_WITH_PID: String(process.pid),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 20_000)))]);
    clearTimeout(timer);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`The local system did not stop within 20 s after SIGINT:\n${output.join('')}`);
    }
    return code;
  };

  const apiUrl = `http://127.0.0.1:${ports.PORT}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The local system exited during start:\n${output.join('')}`);
    if (Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`The local system did not start within ${startTimeoutMs / 1000} s:\n${output.join('')}`);
    }
    const ready = await fetch(`${apiUrl}/local/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    apiUrl,
    mailWebUrl: `http://127.0.0.1:${ports.MAIL_WEB_PORT}`,
    dynamodbUrl: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    s3Url: `http://127.0.0.1:${ports.S3_PORT}`,
    sfnUrl: `http://127.0.0.1:${ports.SFN_PORT}`,
    adminToken: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
    financeToken: readFileSync(join(dataDir, 'admin-token-finance'), 'utf8').trim(),
    output: () => output.join(''),
    stop,
  };
}
