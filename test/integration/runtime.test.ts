// `npm start` as a user meets it when something is wrong: a port taken, Java
// missing. Each case starts a second local system that must refuse to start,
// clearly, and leave nothing running.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/emulators/ports.ts';
import { api } from '../support/client.ts';

const root = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'grants-runtime-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  return spawnSync(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: root,
    env: { ...process.env, LOCAL_DATA_DIR: join(scratch, 'data'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start', () => {
  it('says which port is taken and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = start({ S3_PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port}`);
      expect(result.stderr).toContain('already in use');
      expect(result.stderr).toContain('S3_PORT=');
    } finally {
      blocker.close();
    }
  });

  it('says that Java is missing and how to install it', async () => {
    // A PATH with node but without java.
    const bin = join(scratch, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const names = ['PORT', 'DYNAMODB_PORT', 'S3_PORT', 'SMTP_PORT', 'MAIL_WEB_PORT', 'SFN_PORT'];
    const ports = await Promise.all(names.map(() => freePort()));
    const result = start({ PATH: bin, ...Object.fromEntries(names.map((n, i) => [n, String(ports[i])])) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Java/);
    expect(result.stderr).toMatch(/openjdk-17-jre-headless/);
  });

  it('is up and healthy for the rest of the tests', async () => {
    expect((await api('/local/health')).body).toEqual({ ok: true });
  });
});
