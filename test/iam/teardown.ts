// The IAM comparison at the end of the system tests (called by the global
// setup's teardown, once every integration and browser file has run against
// the one local system, the demo included). Calls outside a role always fail
// the run; permissions never observed fail it only when the whole system
// suite ran and passed (a run of one file cannot observe everything).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { compare, readRecord, report } from './compare.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const systemFiles = () =>
  ['test/integration', 'test/browser'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(ROOT, dir, f)),
  );

export async function checkAwsCalls(recordFile: string, project: TestProject): Promise<void> {
  if (!existsSync(recordFile)) throw new Error(`No record of AWS calls at ${recordFile}: the local runtime records every call its handlers make.`);
  const files = project.vitest.state.getFiles();
  const passed = new Set(files.filter((f) => f.result?.state === 'pass').map((f) => resolve(f.filepath)));
  const whole = systemFiles().every((f) => passed.has(f));
  const result = compare(readRecord(recordFile));
  const text = report(result);
  writeFileSync(resolve(recordFile, '..', 'iam-report.txt'), `${text}\n`);
  if (result.denied.length > 0) throw new Error(text);
  if (whole && (result.unexplained.length > 0 || result.staleAllowances.length > 0)) throw new Error(text);
  console.log(whole ? text : `${text}\n(Not the whole system suite: permissions never observed are reported, not failed.)`);
}
