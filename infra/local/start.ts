// `npm start`: the whole system on this machine. Ctrl-C stops everything.
import { resolve } from 'node:path';
import { LocalRuntimeError } from './emulators/ports.ts';
import { REPO_ROOT } from './lambda.ts';
import { portsFromEnv, startLocalSystem, type LocalSystem } from './runtime.ts';

const dataDir = resolve(process.env.LOCAL_DATA_DIR || resolve(REPO_ROOT, '.local', 'data'));

let system: LocalSystem | undefined;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local system…`);
  await system?.stop();
  console.log('Stopped.');
  process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// Started by a test run or the benchmark (infra/local/spawn.ts): stop when that process is gone,
// so that a runner killed hard leaves no system (and no Java) behind.
const watched = Number(process.env.LOCAL_STOP_WITH_PID);
if (Number.isInteger(watched) && watched > 0) {
  setInterval(() => {
    try {
      process.kill(watched, 0); // signal 0: only asks whether the process exists
    } catch {
      void shutdown('the process that started it is gone');
    }
  }, 1_000).unref();
}

try {
  const started = Date.now();
  system = await startLocalSystem({ dataDir, ports: portsFromEnv() });
  const { urls, adminToken, financeToken } = system;
  console.log(
    [
      '',
      `Trust Fund grants — local system ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
      `  Web (apply to a call)   ${urls.web}`,
      `  API                     ${urls.api}   (description: ${urls.api}/openapi.json)`,
      `  Mail inbox (MailDev)    ${urls.mailWeb}`,
      `  Dashboard (sign-in)     ${urls.api}/signin#token=${adminToken}`,
      `                          (officer@trustfund.local; the second member, finance@trustfund.local, who approves releases: ${urls.api}/signin#token=${financeToken})`,
      `  API documentation       ${urls.api}/docs`,
      `  Admin token             ${adminToken}`,
      `                          (header "Authorization: Bearer <token>"; kept in ${dataDir}/admin-token, and admin-token-finance)`,
      `  Virtual clock           ${urls.api}/local/clock   (POST {"advanceBy":"P7D"} with the admin token)`,
      `  Data                    ${dataDir}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof LocalRuntimeError) {
    console.error(`\nCannot start the local system: ${error.message}\n`);
  } else {
    console.error('\nCannot start the local system:', error);
  }
  await system?.stop();
  process.exit(1);
}
