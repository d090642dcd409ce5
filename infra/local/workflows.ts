// Plays Step Functions on one machine: the ASL files of workflows/ run in the
// aws-local-stepfunctions engine, with every Task bound to the in-process
// handler that its `${...}` substitution names in the manifest, the same
// binding the CDK stack makes with function ARNs.
//
// Known gaps of the engine and what we do about them: executions live in
// memory, so each one is recorded in the data folder and re-driven after a
// restart (every step is idempotent); `$$.Task.Token` and long timeouts come
// with the human-step issues.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { handlers, workflows, type HandlerName, type WorkflowName } from '../manifest.ts';
import { invoke, localFunctionArn, LOCAL_ACCOUNT, LOCAL_REGION, REPO_ROOT } from './lambda.ts';

export const localStateMachineArn = (name: WorkflowName) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;

export interface ExecutionRecord {
  executionArn: string;
  stateMachine: WorkflowName;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
}

export class ExecutionAlreadyExistsError extends Error {
  override name = 'ExecutionAlreadyExists';
}
export class StateMachineDoesNotExistError extends Error {
  override name = 'StateMachineDoesNotExist';
}
export class ExecutionDoesNotExistError extends Error {
  override name = 'ExecutionDoesNotExist';
}

interface TaskState {
  Type: string;
  Resource?: string;
  States?: Record<string, TaskState>;
  Iterator?: { States: Record<string, TaskState> };
  ItemProcessor?: { States: Record<string, TaskState> };
  Branches?: { States: Record<string, TaskState> }[];
}

/** Every Task state (including those nested in Map and Parallel states), by name. */
export function taskStates(states: Record<string, TaskState>): [string, TaskState][] {
  return Object.entries(states).flatMap(([name, state]): [string, TaskState][] => [
    ...(state.Type === 'Task' ? [[name, state] as [string, TaskState]] : []),
    ...taskStates(state.Iterator?.States ?? {}),
    ...taskStates(state.ItemProcessor?.States ?? {}),
    ...(state.Branches ?? []).flatMap((branch) => taskStates(branch.States)),
  ]);
}

/** Replaces each `${Name}` of a workflow file with the local ARN of the handler the manifest names. */
export function substitute(name: WorkflowName): StateMachineDefinition {
  const spec = workflows[name];
  const text = readFileSync(resolve(REPO_ROOT, spec.file), 'utf8').replace(/\$\{(\w+)\}/g, (_, key: string) => {
    const handler = (spec.substitutions as Record<string, HandlerName>)[key];
    if (!handler) throw new Error(`${spec.file}: no substitution for \${${key}}`);
    return localFunctionArn(handler);
  });
  return JSON.parse(text) as StateMachineDefinition;
}

/** Binds each Task state to its handler through the function name at the end of its Resource ARN. */
export function bindTasks(definition: StateMachineDefinition): Record<string, (input: unknown) => Promise<unknown>> {
  const states = (definition as unknown as { States: Record<string, TaskState> }).States;
  return Object.fromEntries(
    taskStates(states).map(([stateName, state]) => {
      const functionName = /:function:([\w-]+)$/.exec(state.Resource ?? '')?.[1];
      if (!functionName || !(functionName in handlers)) {
        throw new Error(`Task state ${stateName} has no local handler (Resource ${state.Resource})`);
      }
      return [stateName, (input: unknown) => invoke(functionName as HandlerName, input)];
    }),
  );
}

export class LocalWorkflows {
  private readonly file: string;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly machines = new Map<WorkflowName, { definition: StateMachineDefinition; bindings: ReturnType<typeof bindTasks> }>();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'executions.json');
    if (existsSync(this.file)) {
      for (const record of JSON.parse(readFileSync(this.file, 'utf8')) as ExecutionRecord[]) {
        this.executions.set(record.executionArn, record);
      }
    }
    for (const name of Object.keys(workflows) as WorkflowName[]) {
      const definition = substitute(name);
      this.machines.set(name, { definition, bindings: bindTasks(definition) });
    }
  }

  /** Re-drives the executions that were running when the runtime last stopped. */
  resumeInterrupted(): number {
    const interrupted = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const record of interrupted) this.run(record);
    return interrupted.length;
  }

  startExecution(stateMachineArn: string, name: string, input: string): ExecutionRecord {
    const machine = (Object.keys(workflows) as WorkflowName[]).find((w) => localStateMachineArn(w) === stateMachineArn);
    if (!machine) throw new StateMachineDoesNotExistError(`State Machine Does Not Exist: '${stateMachineArn}'`);
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${machine}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // Step Functions: same name and input while running is idempotent; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new ExecutionAlreadyExistsError(`Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachine: machine,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
    };
    this.executions.set(executionArn, record);
    this.persist();
    this.run(record);
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (!record) throw new ExecutionDoesNotExistError(`Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  list(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** Resolves when no execution is running (for tests and benchmarks that wait for quiet). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Stops running executions without marking them finished: they are re-driven at the next start. */
  async stop(): Promise<void> {
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private run(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachine)!;
    const stateMachine = new StateMachine(machine.definition, { validationOptions: { checkPaths: true, checkArn: false } });
    let aborted = false;
    const execution = stateMachine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: machine.bindings as never },
      noThrowOnAbort: true,
    });
    const done = execution.result.then(
      (output) => {
        if (aborted) return;
        Object.assign(record, { status: 'SUCCEEDED', output: JSON.stringify(output), stopDate: new Date().toISOString() });
      },
      (error: Error) => {
        if (aborted) return;
        // Our steps throw messages with ids only; the engine's message names the failing state.
        const reason = `${error.name}: ${error.message}`.slice(0, 500);
        Object.assign(record, { status: 'FAILED', error: reason, stopDate: new Date().toISOString() });
        console.error(`[workflows] ${record.stateMachine} execution ${record.name} failed: ${reason}`);
      },
    ).finally(() => {
      this.running.delete(record.executionArn);
      if (!aborted) this.persist();
    });
    this.running.set(record.executionArn, {
      abort: () => {
        aborted = true;
        execution.abort();
      },
      done,
    });
  }

  private persist(): void {
    writeFileSync(this.file, JSON.stringify([...this.executions.values()], null, 1));
  }
}
