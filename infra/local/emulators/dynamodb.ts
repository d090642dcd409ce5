// DynamoDB Local, AWS's own emulator (a Java jar shipped in an npm package),
// with its data under the runtime's data folder.
//
// DynamoDB Local has no option to choose the address it binds to: it listens
// on every interface of the machine. We restrict what we can (CORS to none,
// fake credentials) and the tests send traffic to 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module without types, shared with the postinstall script
import { ensureDynamoDbLocal } from '../fetch-dynamodb-local.mjs';
import { track, terminate } from './children.ts';
import { assertPortFree, LocalRuntimeError, waitForPort } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalRuntimeError(
      'Java was not found. DynamoDB Local needs Java 17 or later: on Debian or Ubuntu, ' +
        '`sudo apt-get install openjdk-17-jre-headless`; elsewhere, any Java 17+ runtime on the PATH.',
    );
  }
}

export async function startDynamoDbLocal(opts: { port: number; dataDir: string; envVar?: string }): Promise<DynamoDbLocal> {
  assertJava();
  await assertPortFree(opts.port, 'DynamoDB Local', opts.envVar ?? 'DYNAMODB_PORT');
  const dir = (ensureDynamoDbLocal as () => string)();
  mkdirSync(opts.dataDir, { recursive: true });
  const javaTmp = join(opts.dataDir, 'tmp');
  mkdirSync(javaTmp, { recursive: true });
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      // Nothing outside the data folder: no JVM performance file in the system's temporary folder, Java's own temporary files here.
      '-XX:-UsePerfData',
      `-Djava.io.tmpdir=${javaTmp}`,
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-sharedDb',
      '-disableTelemetry',
      '-dbPath',
      opts.dataDir,
      '-port',
      String(opts.port),
      '-cors',
      'http://127.0.0.1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const up = await waitForPort(opts.port, 30_000, () => child.exitCode === null);
  if (!up) {
    await terminate(child);
    throw new LocalRuntimeError(`DynamoDB Local did not start:\n${output.join('').split('\n').slice(-15).join('\n')}`);
  }
  return { endpoint: `http://127.0.0.1:${opts.port}`, stop: () => terminate(child) };
}
