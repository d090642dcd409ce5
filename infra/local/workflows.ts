// Plays Step Functions on one machine: the ASL files of workflows/ run in the
// aws-local-stepfunctions engine, with every Task bound to the in-process
// handler that its `${...}` substitution names in the manifest, the same
// binding the CDK stack makes with function ARNs.
//
// Known gaps of the engine and what we do about them: executions live in
// memory, so each one is recorded in the data folder and re-driven after a
// restart (every step is idempotent); `$$.Task.Token` and long timeouts come
// with the human-step issues.
//
// Each state entered and each retry is counted as a Standard workflow's
// state transition (infra/local/meter.ts), from the engine's event log.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { handlers, workflows, type HandlerName, type Substitution, type WorkflowName } from '../manifest.ts';
import { CALLBACK_RESOURCE, CallbackTasks, ENGINE_TIMEOUT_SECONDS, newTaskToken, TOKEN_PLACEHOLDER, withToken, type Clock } from './callbacks.ts';
import { invoke, localFunctionArn, LOCAL_ACCOUNT, LOCAL_REGION, REPO_ROOT } from './lambda.ts';
import { meter } from './meter.ts';

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
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
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
    const value = (spec.substitutions as Record<string, Substitution>)[key];
    if (!value) throw new Error(`${spec.file}: no substitution for \${${key}}`);
    return typeof value === 'string' ? localFunctionArn(value) : localStateMachineArn(value.stateMachine as WorkflowName);
  });
  return JSON.parse(text) as StateMachineDefinition;
}

type Invoke = (name: HandlerName, event: unknown) => Promise<unknown>;
/** Runs a child execution to its end and resolves with its output (for `startExecution.sync:2`). */
export type RunChild = (stateMachineArn: string, name: string, input: string) => Promise<unknown>;

export const START_EXECUTION_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

const handlerOf = (arn: string | undefined, stateName: string): HandlerName => {
  const functionName = /:function:([\w-]+)$/.exec(arn ?? '')?.[1];
  if (!functionName || !(functionName in handlers)) {
    throw new Error(`Task state ${stateName} has no local handler (${arn})`);
  }
  return functionName as HandlerName;
};

/**
 * Binds each Task state to its handler: a plain Task through the function
 * name at the end of its Resource ARN, a `.waitForTaskToken` Task through
 * `Parameters.FunctionName`, with its token and timeout handled by
 * `callbacks` (see callbacks.ts). Callback Tasks are rewritten in place so
 * that the engine's own timer stays out of the way.
 */
export function bindTasks(
  definition: StateMachineDefinition,
  callbacks?: CallbackTasks,
  call: Invoke = invoke,
  runChild?: RunChild,
  /** The ARN of the state machine, which its task tokens name. */
  issuer?: string,
): Record<string, (input: unknown) => Promise<unknown>> {
  const states = (definition as unknown as { States: Record<string, TaskState> }).States;
  return Object.fromEntries(
    taskStates(states).map(([stateName, state]) => {
      if (state.Resource === START_EXECUTION_SYNC) {
        // A child execution may last as long as its own human steps: its end, not a real timer, ends the Task.
        state.TimeoutSeconds = ENGINE_TIMEOUT_SECONDS;
        return [
          stateName,
          async (input: unknown) => {
            if (!runChild) throw new Error(`Task state ${stateName} starts a child execution but no engine was given`);
            const { StateMachineArn, Name, Input } = input as { StateMachineArn: string; Name?: string; Input: unknown };
            const output = await runChild(StateMachineArn, Name ?? crypto.randomUUID(), typeof Input === 'string' ? Input : JSON.stringify(Input));
            return { Output: output, Status: 'SUCCEEDED' };
          },
        ];
      }
      if (state.Resource !== CALLBACK_RESOURCE) {
        const handler = handlerOf(state.Resource, stateName);
        return [stateName, (input: unknown) => call(handler, input)];
      }
      const handler = handlerOf(state.Parameters?.FunctionName, stateName);
      const fixedTimeout = state.TimeoutSeconds;
      const fromPath = state.TimeoutSecondsPath !== undefined;
      state.TimeoutSeconds = ENGINE_TIMEOUT_SECONDS;
      delete state.TimeoutSecondsPath;
      return [
        stateName,
        async (input: unknown) => {
          if (!callbacks) throw new Error(`Task state ${stateName} waits for a token but no callback registry was given`);
          const { Payload } = input as { Payload: Record<string, unknown> };
          const timeoutSeconds = fromPath ? Number(Payload.timeoutSeconds) : (fixedTimeout ?? 60);
          if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 1) {
            throw new Error(`Task state ${stateName}: payload.timeoutSeconds must mirror TimeoutSecondsPath`);
          }
          const token = newTaskToken(issuer);
          const done = callbacks.wait(token, timeoutSeconds);
          await call(handler, withToken(Payload, token));
          return done;
        },
      ];
    }),
  );
}

/** The context object of local runs: `$$.Task.Token` resolves to a placeholder that each callback binding replaces. */
export const LOCAL_CONTEXT = { Task: { Token: TOKEN_PLACEHOLDER } };

export class LocalWorkflows {
  private readonly file: string;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly machines = new Map<WorkflowName, { definition: StateMachineDefinition; bindings: ReturnType<typeof bindTasks> }>();

  readonly callbacks: CallbackTasks;

  constructor(dataDir: string, clock: Clock) {
    this.callbacks = new CallbackTasks(clock);
    this.file = join(dataDir, 'executions.json');
    if (existsSync(this.file)) {
      for (const record of JSON.parse(readFileSync(this.file, 'utf8')) as ExecutionRecord[]) {
        this.executions.set(record.executionArn, record);
      }
    }
    for (const name of Object.keys(workflows) as WorkflowName[]) {
      const definition = substitute(name);
      this.machines.set(name, { definition, bindings: bindTasks(definition, this.callbacks, invoke, (arn, child, input) => this.runChild(arn, child, input), localStateMachineArn(name)) });
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
    meter.execution(machine);
    this.run(record);
    return record;
  }

  /** Starts a child execution (or joins the one of that name) and resolves with its output when it succeeds. */
  async runChild(stateMachineArn: string, name: string, input: string): Promise<unknown> {
    let record: ExecutionRecord;
    try {
      record = this.startExecution(stateMachineArn, name, input);
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExistsError)) throw error;
      record = [...this.executions.values()].find((e) => e.name === name && localStateMachineArn(e.stateMachine) === stateMachineArn)!;
    }
    // After a restart the child may not be re-driven yet: wait until it runs and ends.
    while (record.status === 'RUNNING') {
      await (this.running.get(record.executionArn)?.done ?? new Promise((r) => setTimeout(r, 50)));
    }
    if (record.status !== 'SUCCEEDED') {
      throw Object.assign(new Error(`Child execution ${name} ${record.status}`), { name: 'States.TaskFailed' });
    }
    return record.output === undefined ? null : JSON.parse(record.output);
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
    this.callbacks.clear();
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private run(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachine)!;
    const stateMachine = new StateMachine(machine.definition, { validationOptions: { checkPaths: true, checkArn: false } });
    let aborted = false;
    const execution = stateMachine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: machine.bindings as never },
      context: LOCAL_CONTEXT as never,
      noThrowOnAbort: true,
    });
    void countTransitions(record.stateMachine, execution.eventLogs);
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

/** Step Functions bills a transition for each state entered, Map iterations' and Parallel branches' states included, and each retry. */
async function countTransitions(stateMachine: WorkflowName, events: AsyncGenerator<{ type: string }>): Promise<void> {
  try {
    for await (const event of events) if (event.type === 'StateEntered' || event.type === 'StateRetried') meter.transition(stateMachine);
  } catch {
    // The log ends with the execution; an error in it is the execution's, reported there.
  }
}
