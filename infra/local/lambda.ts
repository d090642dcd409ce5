// Loads the handlers named in the manifest, in-process, and invokes them the
// way Lambda would: one event, one context object. Each invocation is
// counted as Lambda bills it, and as API Gateway bills it when its event is
// an HTTP API request (infra/local/meter.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { handlers, type HandlerName } from '../manifest.ts';
import { meter } from './meter.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export const localFunctionArn = (name: HandlerName) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<HandlerName, Promise<Handler>>();

function load(name: HandlerName): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    const url = pathToFileURL(resolve(REPO_ROOT, handlers[name].entry)).href;
    handler = import(url).then((module: { handler?: Handler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${handlers[name].entry} does not export a handler`);
      return module.handler;
    });
    loaded.set(name, handler);
  }
  return handler;
}

/** The handler whose invocation is running (what the record of AWS calls attributes each call to, infra/local/aws-calls.ts). */
const invocation = new AsyncLocalStorage<HandlerName>();
export const currentHandler = (): HandlerName | undefined => invocation.getStore();

let running = 0;
/** Handler invocations in progress (the runtime waits for none before moving the clock on). */
export const inFlight = () => running;

export async function invoke(name: HandlerName, event: unknown): Promise<unknown> {
  running += 1;
  const started = performance.now();
  let result: unknown;
  try {
    result = await invocation.run(name, () => invokeNow(name, event));
    return result;
  } finally {
    running -= 1;
    meter.lambda(name, performance.now() - started);
    if (isHttpApiEvent(event)) meter.apiRequest(bodyBytes(event), bodyBytes(result));
  }
}

/** An API Gateway HTTP API event (payload format 2.0). */
function isHttpApiEvent(event: unknown): event is { body?: string; isBase64Encoded?: boolean } {
  const e = event as { version?: unknown; requestContext?: { http?: unknown } } | null;
  return typeof e === 'object' && e !== null && e.version === '2.0' && typeof e.requestContext?.http === 'object';
}

/** The size of a request's or a result's body as it travels (base64 decoded). */
function bodyBytes(payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  const p = payload as { body?: unknown; isBase64Encoded?: boolean } | null | undefined;
  if (typeof p?.body !== 'string') return 0;
  return p.isBase64Encoded ? Buffer.byteLength(p.body, 'base64') : Buffer.byteLength(p.body);
}

async function invokeNow(name: HandlerName, event: unknown): Promise<unknown> {
  const handler = await load(name);
  const spec = handlers[name];
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(name),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } satisfies Context;
  return handler(event, context);
}

/** Loads every handler once, so a broken import fails at start-up and not on the first request. */
export async function preloadAll(): Promise<void> {
  await Promise.all((Object.keys(handlers) as HandlerName[]).map(load));
}
