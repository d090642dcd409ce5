// Every workflow file is fully wired in both places it runs: every `${...}`
// has a substitution in the manifest (which the CDK stack turns into function
// ARNs), and the local runtime binds every Task state to a handler.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlers, workflows, type Substitution, type WorkflowName } from '../../infra/manifest.ts';
import { CALLBACK_RESOURCE } from '../../infra/local/callbacks.ts';
import { bindTasks, substitute, taskStates } from '../../infra/local/workflows.ts';

const root = resolve(import.meta.dirname, '..', '..');
const files = readdirSync(resolve(root, 'workflows')).filter((f) => f.endsWith('.asl.json'));

describe('workflow bindings', () => {
  it('has a manifest entry for every workflow file', () => {
    const declared = Object.values(workflows).map((w) => w.file.replace(/^workflows\//, ''));
    expect(files.sort()).toEqual(declared.sort());
  });

  for (const name of Object.keys(workflows) as WorkflowName[]) {
    describe(name, () => {
      const text = readFileSync(resolve(root, workflows[name].file), 'utf8');

      it('names only substitutions the manifest provides, and the manifest provides no unused one', () => {
        const placeholders = new Set([...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
        expect([...placeholders].sort()).toEqual(Object.keys(workflows[name].substitutions).sort());
        for (const value of Object.values(workflows[name].substitutions as Record<string, Substitution>)) {
          if (typeof value === 'string') expect(handlers).toHaveProperty(value);
          else expect(workflows).toHaveProperty(value.stateMachine);
        }
      });

      it('binds every Task state to a local handler', () => {
        const definition = substitute(name);
        const bindings = bindTasks(definition);
        const tasks = taskStates((definition as unknown as { States: Record<string, { Type: string }> }).States);
        expect(tasks.length).toBeGreaterThan(0);
        expect(Object.keys(bindings).sort()).toEqual(tasks.map(([stateName]) => stateName).sort());
      });

      it('mirrors TimeoutSecondsPath in the payload of callback Tasks (the local runtime reads it there)', () => {
        const definition = JSON.parse(text) as { States: Record<string, never> };
        for (const [stateName, state] of taskStates(definition.States)) {
          const task = state as { Resource?: string; TimeoutSecondsPath?: string; Parameters?: { Payload?: Record<string, unknown> } };
          if (task.Resource !== CALLBACK_RESOURCE || task.TimeoutSecondsPath === undefined) continue;
          expect(task.Parameters?.Payload?.['timeoutSeconds.$'], stateName).toBe(task.TimeoutSecondsPath);
        }
      });

      it('gives every Task an explicit timeout (the local engine defaults to 60 s)', () => {
        const definition = JSON.parse(text) as { States: Record<string, { Type: string; TimeoutSeconds?: number }> };
        for (const [stateName, state] of taskStates(definition.States as never)) {
          const timeout = state as { TimeoutSeconds?: number; TimeoutSecondsPath?: string };
          expect(timeout.TimeoutSeconds !== undefined || timeout.TimeoutSecondsPath !== undefined, stateName).toBe(true);
        }
      });
    });
  }
});
