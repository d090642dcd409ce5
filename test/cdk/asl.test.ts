// Every workflow file passes asl-validator (the Amazon States Language's JSON
// schema, transitions, terminal states, paths, ARNs), with each `${...}`
// replaced by an ARN of the kind the stack substitutes: a function's or a
// state machine's, as CloudFormation writes them. Files are read from disk,
// so a new file is checked without a line here. No synth: milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflows, type WorkflowSpec } from '../../infra/manifest.ts';

const validator = createRequire(import.meta.url)('asl-validator') as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: unknown[]; errorsText(separator?: string): string };

const ROOT = resolve(import.meta.dirname, '..', '..');
const FILES = readdirSync(resolve(ROOT, 'workflows')).filter((f) => f.endsWith('.asl.json'));
const ACCOUNT = 'arn:aws:REPLACE:eu-west-1:123456789012';

/** The file as the stack deploys it: every placeholder of its manifest entry replaced by an ARN of that kind. */
function deployed(file: string): unknown {
  const spec = (Object.values(workflows) as WorkflowSpec[]).find((w) => w.file === `workflows/${file}`);
  const text = readFileSync(resolve(ROOT, 'workflows', file), 'utf8').replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = spec?.substitutions[name];
    if (value === undefined) return `\${${name}}`; // left as is: the validator names it
    return typeof value === 'string'
      ? `${ACCOUNT.replace('REPLACE', 'lambda')}:function:TraffickingVictimsGrants-${value}-AbCdEf123456`
      : `${ACCOUNT.replace('REPLACE', 'states')}:stateMachine:${value.stateMachine}StateMachineAbCdEf12-XyZ`;
  });
  return JSON.parse(text);
}

describe('asl-validator', () => {
  it('finds every file of workflows/', () => expect(FILES.length).toBe(Object.keys(workflows).length));

  for (const file of FILES) {
    it(`accepts ${file}, paths and ARNs checked`, () => {
      const result = validator(deployed(file), { checkPaths: true, checkArn: true });
      expect(result.errorsText('\n')).toBe('');
      expect(result.isValid).toBe(true);
    });
  }

  it('refuses a broken definition (the check can fail)', () => {
    const definition = deployed(FILES[0]!) as { StartAt: string; States: Record<string, { Next?: string; End?: boolean }> };
    const first = definition.States[definition.StartAt]!;
    first.Next = 'NoSuchState';
    delete first.End;
    expect(validator(definition, { checkPaths: true, checkArn: true }).isValid).toBe(false);
  });
});
