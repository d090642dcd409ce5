// The workflow files against the manifest, the half that the CDK stack
// relies on: every file in workflows/ has a manifest entry, every `${...}`
// in it is a substitution of that entry and every substitution is used, and
// every Task reaches AWS only through a substitution (a function ARN as its
// Resource, or the target of a service integration the stack grants), never
// through a hard-coded ARN. Files are read from disk, so a new file without
// a manifest entry fails here. No synth: this runs in milliseconds.
// (The local runtime's binding of the same files is tested next to it.)
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlers, workflows, type Substitution, type WorkflowSpec } from '../../infra/manifest.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FILES = readdirSync(resolve(ROOT, 'workflows'))
  .filter((f) => f.endsWith('.asl.json'))
  .map((f) => `workflows/${f}`)
  .sort();

const PLACEHOLDER = /^\$\{(\w+)\}$/;

/**
 * The service integrations a Task may use, with the parameter naming its
 * target and what that target must be. The stack grants exactly these
 * (lambda:InvokeFunction on substituted functions; StartExecution,
 * DescribeExecution/StopExecution and the events rule for child state
 * machines): a new integration needs its IAM in infra/stack.ts, then here.
 */
const INTEGRATIONS: Record<string, { parameter: string; target: 'handler' | 'stateMachine' }> = {
  'arn:aws:states:::lambda:invoke': { parameter: 'FunctionName', target: 'handler' },
  'arn:aws:states:::lambda:invoke.waitForTaskToken': { parameter: 'FunctionName', target: 'handler' },
  'arn:aws:states:::states:startExecution': { parameter: 'StateMachineArn', target: 'stateMachine' },
  'arn:aws:states:::states:startExecution.sync:2': { parameter: 'StateMachineArn', target: 'stateMachine' },
};

interface State {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Iterator?: { States: Record<string, State> };
  ItemProcessor?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}

/** Every Task state, including those nested in Map and Parallel states, by name. */
const tasksOf = (states: Record<string, State>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]): [string, State][] => [
    ...(state.Type === 'Task' ? [[name, state] as [string, State]] : []),
    ...tasksOf(state.Iterator?.States ?? {}),
    ...tasksOf(state.ItemProcessor?.States ?? {}),
    ...(state.Branches ?? []).flatMap((branch) => tasksOf(branch.States)),
  ]);

/** Every string in a JSON value. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

const kindOf = (substitution: Substitution | undefined) =>
  substitution === undefined ? 'none' : typeof substitution === 'string' ? 'handler' : 'stateMachine';

it('has a manifest entry for every workflow file, and a file for every entry', () => {
  expect(FILES.length).toBeGreaterThan(0);
  expect(Object.values(workflows).map((w) => w.file).sort()).toEqual(FILES);
});

for (const file of FILES) {
  describe(file, () => {
    const text = readFileSync(resolve(ROOT, file), 'utf8');
    const [name, spec] = (Object.entries(workflows) as [string, WorkflowSpec][]).find(([, w]) => w.file === file) ?? [file, { file, substitutions: {} }];
    const substitutions = spec.substitutions;

    it('is valid JSON with StartAt and States', () => {
      const definition = JSON.parse(text) as { StartAt?: string; States?: Record<string, State> };
      expect(typeof definition.StartAt).toBe('string');
      expect(definition.States).toHaveProperty(definition.StartAt!);
    });

    it('names every substitution of its manifest entry, and no other', () => {
      const placeholders = new Set([...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]));
      expect([...placeholders].sort()).toEqual(Object.keys(substitutions).sort());
    });

    it('uses each placeholder as a whole string value, never inside a longer one', () => {
      const partial = stringsOf(JSON.parse(text)).filter((s) => s.includes('${') && !PLACEHOLDER.test(s));
      expect(partial).toEqual([]);
    });

    it('substitutes only handlers and other state machines that exist, never itself', () => {
      for (const [key, value] of Object.entries(substitutions)) {
        if (typeof value === 'string') expect(handlers, key).toHaveProperty(value);
        else {
          expect(workflows, key).toHaveProperty(value.stateMachine);
          expect(value.stateMachine, key).not.toBe(name);
        }
      }
    });

    it('reaches AWS from every Task only through a substitution', () => {
      const tasks = tasksOf((JSON.parse(text) as { States: Record<string, State> }).States);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [stateName, task] of tasks) {
        const resource = task.Resource ?? '';
        const direct = PLACEHOLDER.exec(resource);
        if (direct) {
          // A Lambda ARN as the Resource: the stack substitutes the function's ARN.
          expect(kindOf(substitutions[direct[1]!]), stateName).toBe('handler');
          continue;
        }
        const integration = INTEGRATIONS[resource];
        expect(integration, `${stateName}: ${resource} is neither a \${...} placeholder nor a known integration`).toBeDefined();
        const target = PLACEHOLDER.exec(String(task.Parameters?.[integration!.parameter] ?? ''));
        expect(target, `${stateName}: ${integration!.parameter} must be a \${...} placeholder`).not.toBeNull();
        expect(kindOf(substitutions[target![1]!]), stateName).toBe(integration!.target);
        if (resource.endsWith('.waitForTaskToken')) {
          expect(stringsOf(task.Parameters), `${stateName} passes its task token`).toContain('$$.Task.Token');
        }
      }
    });

    it('gives every Task a timeout', () => {
      // TimeoutSeconds, or for a human step TimeoutSecondsPath (its deadline,
      // from the input); without either, Step Functions waits up to a year
      // and the local engine 60 s.
      for (const [stateName, task] of tasksOf((JSON.parse(text) as { States: Record<string, State> }).States)) {
        const seconds = task.TimeoutSeconds;
        expect(seconds !== undefined || task.TimeoutSecondsPath !== undefined, stateName).toBe(true);
        if (seconds !== undefined) expect(Number.isInteger(seconds) && seconds > 0, stateName).toBe(true);
      }
    });

    it('hard-codes no account, region or resource ARN', () => {
      const arns = stringsOf(JSON.parse(text)).filter((s) => /arn:aws[\w-]*:/.test(s) && !Object.hasOwn(INTEGRATIONS, s));
      expect(arns).toEqual([]);
    });
  });
}
