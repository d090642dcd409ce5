// Starts the local system once for the integration and browser tests, the way
// a user does (`npm start`), in a temporary data folder on free loopback
// ports, and stops it with Ctrl-C (SIGINT) at the end.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { AWS_CALLS_FILE } from '../infra/local/aws-calls.ts';
import { listMail } from '../infra/local/emulators/mail.ts';
import { spawnLocalSystem } from '../infra/local/spawn.ts';
import { checkAwsCalls } from './iam/teardown.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    adminToken: string;
    financeToken: string;
    mailWebUrl: string;
    dynamodbUrl: string;
    s3Url: string;
    sfnUrl: string;
  }
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'grants-test-'));
  // MailDev's own default folder (shared by every MailDev on the machine): the system must write nothing there.
  const sharedMail = join(tmpdir(), 'maildev');
  const sharedBefore = new Set(existsSync(sharedMail) ? readdirSync(sharedMail) : []);
  // Nothing the system writes may land outside its data folder: it runs with a temporary folder and a home of its own,
  // outside the data folder, which must stay empty (but for the TypeScript runner's compile cache, which is tsx's and not
  // the system's). Writes to an absolute path elsewhere are the other checks' (the shared MailDev folder, below).
  const outside = mkdtempSync(join(tmpdir(), 'grants-outside-'));
  mkdirSync(join(outside, 'tmp'));
  mkdirSync(join(outside, 'home'));
  // INFO level, so that every log line the handlers write is checked below.
  const system = await spawnLocalSystem(dataDir, {
    env: { POWERTOOLS_LOG_LEVEL: 'INFO', TMPDIR: join(outside, 'tmp'), TMP: join(outside, 'tmp'), TEMP: join(outside, 'tmp'), HOME: join(outside, 'home') },
  });
  project.provide('apiUrl', system.apiUrl);
  project.provide('adminToken', system.adminToken);
  project.provide('financeToken', system.financeToken);
  project.provide('mailWebUrl', system.mailWebUrl);
  project.provide('dynamodbUrl', system.dynamodbUrl);
  project.provide('s3Url', system.s3Url);
  project.provide('sfnUrl', system.sfnUrl);

  return async function teardown() {
    const sent = (await listMail(system.mailWebUrl)).length;
    const code = await system.stop();
    // Ctrl-C must leave no DynamoDB Local (Java) process behind.
    const orphans = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('DynamoDBLocal') && line.includes(dataDir));
    // The record of every AWS call the handlers made in this run, kept (test-results/), and compared with the template below.
    const record = process.env.AWS_CALLS_RECORD || resolve(import.meta.dirname, '..', 'test-results', AWS_CALLS_FILE);
    mkdirSync(resolve(record, '..'), { recursive: true });
    if (existsSync(join(dataDir, AWS_CALLS_FILE))) copyFileSync(join(dataDir, AWS_CALLS_FILE), record);
    // Every email of the run is kept under the data folder, and none in the shared temporary folder.
    const kept = existsSync(join(dataDir, 'mail')) ? readdirSync(join(dataDir, 'mail')).length : 0;
    const inSharedMail = (existsSync(sharedMail) ? readdirSync(sharedMail) : []).filter((name) => !sharedBefore.has(name));
    const written = filesUnder(outside).filter((file) => !/^tmp\/tsx-[^/]*\//.test(file));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    if (inSharedMail.length > 0) throw new Error(`The system wrote ${inSharedMail.length} files outside its data folder (${sharedMail})`);
    if (written.length > 0) throw new Error(`The system wrote files outside its data folder (in its temporary folder or home): ${written.slice(0, 10).join(', ')}`);
    if (sent > 0 && kept === 0) throw new Error(`${sent} emails were sent and none is kept under the data folder (mail/): MailDev is not writing where the data lives`);
    if (code !== 0) throw new Error(`The local system exited with ${code} on SIGINT:\n${system.output()}`);
    if (orphans.length > 0) throw new Error(`Processes left after SIGINT:\n${orphans.join('\n')}`);
    // The tests' applicants have contact names and addresses; none may reach a log line.
    const output = system.output();
    const leaks = output.split('\n').filter((line) => /@[\w-]+\.example\.org|Programme Officer|accessToken|"token"/i.test(line));
    if (leaks.length > 0) throw new Error(`Personal data or secrets in the logs:\n${leaks.slice(0, 5).join('\n')}`);
    // IAM: every call observed allowed by its handler's role; every permission observed or explained (when the whole suite ran).
    await checkAwsCalls(record, project);
  };
}
