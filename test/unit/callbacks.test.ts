// `.waitForTaskToken` in the local engine: the token reaches the function,
// SendTaskSuccess / SendTaskFailure resume the execution, and deadlines run
// on the virtual clock, even past the ~24.8 days where Node timers overflow.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { CALLBACK_RESOURCE, CallbackTasks, TaskDoesNotExistError } from '../../infra/local/callbacks.ts';
import { localFunctionArn } from '../../infra/local/lambda.ts';
import { bindTasks, LOCAL_CONTEXT } from '../../infra/local/workflows.ts';

const day = 86_400_000;

function fakeClock() {
  let now = Date.parse('2027-01-01T00:00:00Z');
  const listeners: (() => void)[] = [];
  return {
    now: () => now,
    onAdvance: (listener: () => void) => {
      listeners.push(listener);
      return () => undefined;
    },
    advance(ms: number) {
      now += ms;
      for (const listener of listeners) listener();
    },
  };
}

const definition = (): StateMachineDefinition =>
  ({
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: CALLBACK_RESOURCE,
        Parameters: {
          FunctionName: localFunctionArn('intake-notify'),
          Payload: { 'taskToken.$': '$$.Task.Token', 'timeoutSeconds.$': '$.timeoutSeconds', 'who.$': '$.who' },
        },
        TimeoutSecondsPath: '$.timeoutSeconds',
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
          { ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Declined' },
        ],
        End: true,
      },
      TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
      Declined: { Type: 'Pass', Result: 'declined', End: true },
    },
  }) as unknown as StateMachineDefinition;

function start(input: Record<string, unknown>) {
  const clock = fakeClock();
  const callbacks = new CallbackTasks(clock);
  const payloads: Record<string, unknown>[] = [];
  const def = definition();
  const bindings = bindTasks(def, callbacks, async (_name, event) => {
    payloads.push(event as Record<string, unknown>);
    return null;
  });
  const run = new StateMachine(def, { validationOptions: { checkArn: false } }).run(input as never, {
    overrides: { taskResourceLocalHandlers: bindings as never },
    context: LOCAL_CONTEXT as never,
  });
  const tokenSent = async () => {
    for (let i = 0; i < 100 && payloads.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    return payloads[0]!.taskToken as string;
  };
  return { clock, callbacks, payloads, result: run.result, tokenSent };
}

describe('callback tasks in the local engine', () => {
  it('gives the function a fresh token and resumes with the output sent for it', async () => {
    const { callbacks, payloads, result, tokenSent } = start({ who: 'reviewer-1', timeoutSeconds: 14 * 86_400 });
    const token = await tokenSent();
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(payloads[0]).toMatchObject({ who: 'reviewer-1' });
    expect(callbacks.waiting).toBe(1);

    callbacks.succeed(token, JSON.stringify({ score: 5 }));

    expect(await result).toEqual({ score: 5 });
    expect(() => callbacks.succeed(token, '{}')).toThrow(TaskDoesNotExistError);
  });

  it('times out on the virtual clock, past the point where Node timers overflow', async () => {
    const { clock, callbacks, result, tokenSent } = start({ who: 'reviewer-2', timeoutSeconds: 40 * 86_400 });
    await tokenSent();
    clock.advance(39 * day);
    await new Promise((r) => setTimeout(r, 20));
    expect(callbacks.waiting).toBe(1);
    clock.advance(1 * day);
    expect(await result).toBe('timed out');
  });

  it('lets SendTaskFailure name the error that Catch matches', async () => {
    const { callbacks, result, tokenSent } = start({ who: 'reviewer-3', timeoutSeconds: 3600 });
    callbacks.fail(await tokenSent(), 'Declined', 'conflict of interest');
    expect(await result).toBe('declined');
  });
});
