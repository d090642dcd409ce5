// `.waitForTaskToken` on one machine. The local engine has no `$$.Task.Token`
// and runs Task timeouts on real timers (which overflow past ~24.8 days), so:
//
// - each run gets a context whose Task.Token is a placeholder; the binding of
//   a callback Task replaces it in the payload with a fresh random token,
//   invokes the function, and waits until SendTaskSuccess or
//   SendTaskFailure names that token (through the local Step Functions
//   endpoint, as the real API would);
// - the Task's timeout is taken out of the engine's hands and run on the
//   virtual clock: when the clock passes the deadline the task fails with
//   `States.Timeout`, which the ASL's Catch and Retry see as on AWS.
//
// A timeout given by `TimeoutSecondsPath` is read from the payload's
// `timeoutSeconds` field: callback Tasks must pass the same value there (a
// test checks every workflow file for it).
import { randomBytes } from 'node:crypto';

export const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
export const CALLBACK_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
/** What the engine's own timer is set to for callback Tasks: below Node's 2^31-1 ms limit, never reached in practice. */
export const ENGINE_TIMEOUT_SECONDS = 2_000_000;

export class TaskTimeoutError extends Error {
  override name = 'States.Timeout';
}

export class TaskFailedError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export class TaskDoesNotExistError extends Error {
  override name = 'TaskDoesNotExist';
}

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  deadline: number;
  timer?: NodeJS.Timeout;
}

export interface Clock {
  now(): number;
  onAdvance(listener: () => void): () => void;
}

export class CallbackTasks {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock) {
    clock.onAdvance(() => this.expire());
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** Registers a token and returns the promise the Task waits on. */
  wait(token: string, timeoutSeconds: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve, reject, deadline: this.clock.now() + timeoutSeconds * 1000 };
      this.pending.set(token, entry);
      this.arm(token, entry);
    });
  }

  succeed(token: string, output: string): void {
    const entry = this.take(token);
    entry.resolve(JSON.parse(output));
  }

  fail(token: string, error = 'States.TaskFailed', cause = ''): void {
    this.take(token).reject(new TaskFailedError(error, cause));
  }

  /** Fails every waiting task whose deadline the (virtual) clock has passed. */
  expire(): void {
    const now = this.clock.now();
    for (const [token, entry] of this.pending) {
      if (now >= entry.deadline) {
        this.take(token).reject(new TaskTimeoutError('Task timed out'));
      }
    }
  }

  /** Forgets every waiting task (on stop: the executions are re-driven at the next start). */
  clear(): void {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private take(token: string): Pending {
    const entry = this.pending.get(token);
    if (!entry) throw new TaskDoesNotExistError('Task Timed Out or Does Not Exist');
    clearTimeout(entry.timer);
    this.pending.delete(token);
    return entry;
  }

  /** Real time passes too: a real timer (capped below the overflow) checks again. */
  private arm(token: string, entry: Pending) {
    const remaining = Math.min(entry.deadline - this.clock.now(), 2 ** 31 - 1);
    entry.timer = setTimeout(() => {
      if (this.pending.get(token) !== entry) return;
      if (this.clock.now() >= entry.deadline) this.expire();
      else this.arm(token, entry);
    }, Math.max(0, remaining));
    entry.timer.unref?.();
  }
}

/**
 * A task token: random, prefixed (like AWS's, opaquely) with the ARN of the
 * state machine that issued it, which IAM authorizes SendTask* against (the
 * record of AWS calls reads it back with `tokenIssuer`).
 */
export const newTaskToken = (issuer?: string) =>
  `${issuer ? `${Buffer.from(issuer).toString('base64url')}.` : ''}${randomBytes(48).toString('base64url')}`;

/** The state machine that issued a token of `newTaskToken`, if it says. */
export function tokenIssuer(token: string): string | undefined {
  const [prefix, rest] = String(token).split('.');
  if (rest === undefined) return undefined;
  const issuer = Buffer.from(prefix!, 'base64url').toString('utf8');
  return issuer.startsWith('arn:') ? issuer : undefined;
}

/** Replaces the placeholder wherever it appears in a payload. */
export function withToken<T>(payload: T, token: string): T {
  return JSON.parse(JSON.stringify(payload).split(TOKEN_PLACEHOLDER).join(token)) as T;
}
