// What AWS would bill for, counted while the local runtime plays it: always
// on (counters in memory), read and reset through `GET` / `DELETE
// /local/meter` (infra/local/runtime.ts). Each count is made where the
// runtime does what AWS would charge for:
//
// - Lambda: every invocation (infra/local/lambda.ts), its wall time rounded
//   up to 1 ms, at the memory size of the manifest (GB-s; arm64 is a price,
//   not a count). In-process, so no INIT phase, and the time includes waiting
//   on the one-machine emulators and on the handlers running beside it.
// - API Gateway (HTTP API): each invocation with a payload-2.0 event, one
//   request per 512 KB of the larger of its request and response bodies.
// - Step Functions (Standard): every state entered and every retry, as the
//   engine reports them (infra/local/workflows.ts); Map and Parallel states'
//   inner states included.
// - DynamoDB: the capacity DynamoDB Local reports for each request
//   (infra/local/aws-calls.ts asks for it). It already doubles transactions,
//   as on-demand billing does. A write refused by its condition reports
//   nothing; AWS bills it (at least 1 WRU per item), so it is estimated so.
// - S3: each request by pricing class, from the SDK's calls; the browser's
//   presigned POST counted when the handler signs it (it cannot be seen
//   here: the browser talks to the emulator directly), and each signed
//   download link counted as one GET when signed (whether followed or not).
//   The objects created are remembered by key, so that their sizes (and the
//   bytes stored) can be read from the bucket when the meter is read.
// - SES: each message (one recipient each). Scheduler: each schedule fired
//   (the fund's own tick, on a fixed rate on AWS, is left to the bill).
// - KMS (estimated, nothing is encrypted locally): see `kmsEstimate`.
import { handlers, type HandlerName } from '../manifest.ts';

export interface LambdaUsage {
  invocations: number;
  billedMs: number;
  gbSeconds: number;
}

export interface DynamoUsage {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** Items written (a transaction's or batch's items each count). */
  itemWrites: number;
  /** Write units estimated for writes that reported none (refused by their condition). */
  estimatedWriteUnits: number;
}

export type S3Class = 'tier1' | 'tier2' | 'free';

export interface MeterReading {
  /** When counting started (wall clock, ISO). */
  since: string;
  lambda: Record<string, LambdaUsage>;
  api: { requests: number; meteredRequests: number };
  stepFunctions: { transitions: Record<string, number>; executions: Record<string, number> };
  /** By handler (what the tick does is a fixed cost, the rest is per application). */
  dynamodb: Record<string, DynamoUsage>;
  s3: {
    /** By pricing class, then operation. */
    requests: Record<S3Class, Record<string, number>>;
    /** Keys of the objects created by PUT, POST and COPY, in order (GuardDuty scans each). */
    createdKeys: string[];
  };
  ses: { messages: number };
  scheduler: { invocations: number };
}

const emptyDynamo = (): DynamoUsage => ({ requests: 0, readUnits: 0, writeUnits: 0, itemWrites: 0, estimatedWriteUnits: 0 });

function emptyReading(): MeterReading {
  return {
    since: new Date().toISOString(),
    lambda: {},
    api: { requests: 0, meteredRequests: 0 },
    stepFunctions: { transitions: {}, executions: {} },
    dynamodb: {},
    s3: { requests: { tier1: {}, tier2: {}, free: {} }, createdKeys: [] },
    ses: { messages: 0 },
    scheduler: { invocations: 0 },
  };
}

/** API Gateway HTTP API meters requests in 512 KB increments. */
export const API_METERING_BYTES = 512 * 1024;

/** S3's pricing classes: PUT, COPY, POST and LIST requests; DELETE is free; GET, HEAD and everything else. */
export function s3Class(operation: string): S3Class {
  if (operation === 'DeleteObject' || operation === 'DeleteObjects') return 'free';
  if (/^(Put|Copy|Post|List|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)/.test(operation)) return 'tier1';
  return 'tier2';
}

/** Operations that create an object (what GuardDuty Malware Protection scans). */
const CREATES_OBJECT = new Set(['PutObject', 'PostObject', 'CopyObject', 'CompleteMultipartUpload']);

const DYNAMO_WRITES: Record<string, (input: Record<string, any>) => number> = {
  PutItem: () => 1,
  UpdateItem: () => 1,
  DeleteItem: () => 1,
  BatchWriteItem: (input) => Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, items) => n + items.length, 0),
  TransactWriteItems: (input) => (input.TransactItems as unknown[] | undefined)?.length ?? 0,
};

/** Whether the DynamoDB operation takes ReturnConsumedCapacity (the data-plane reads and writes). */
export const reportsCapacity = (operation: string) =>
  ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction'].includes(operation);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export class Meter {
  private reading = emptyReading();

  reset(): void {
    this.reading = emptyReading();
  }

  /** A copy of the counts so far. */
  read(): MeterReading {
    return structuredClone(this.reading);
  }

  lambda(name: HandlerName, elapsedMs: number): void {
    const usage = (this.reading.lambda[name] ??= { invocations: 0, billedMs: 0, gbSeconds: 0 });
    const billedMs = Math.max(1, Math.ceil(elapsedMs));
    usage.invocations += 1;
    usage.billedMs += billedMs;
    usage.gbSeconds += (handlers[name].memoryMb / 1024) * (billedMs / 1000);
  }

  apiRequest(requestBytes: number, responseBytes: number): void {
    this.reading.api.requests += 1;
    this.reading.api.meteredRequests += Math.max(1, Math.ceil(Math.max(requestBytes, responseBytes) / API_METERING_BYTES));
  }

  execution(stateMachine: string): void {
    const executions = this.reading.stepFunctions.executions;
    executions[stateMachine] = (executions[stateMachine] ?? 0) + 1;
  }

  transition(stateMachine: string): void {
    const transitions = this.reading.stepFunctions.transitions;
    transitions[stateMachine] = (transitions[stateMachine] ?? 0) + 1;
  }

  /** One DynamoDB request and the capacity its response reported (`undefined`: it failed, or reported none). */
  dynamodb(handler: string, operation: string, input: Record<string, any>, consumed: Consumed | Consumed[] | undefined, failed = false): void {
    const usage = (this.reading.dynamodb[handler] ??= emptyDynamo());
    usage.requests += 1;
    const writes = DYNAMO_WRITES[operation]?.(input) ?? 0;
    if (!failed) usage.itemWrites += writes;
    const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    if (entries.length === 0) {
      // Refused by a condition (or a cancelled transaction): AWS still bills the write, at least 1 WRU an item (2 in a transaction).
      if (failed && writes > 0) usage.estimatedWriteUnits += operation === 'TransactWriteItems' ? 2 * writes : writes;
      return;
    }
    for (const entry of entries) {
      const units = entry.CapacityUnits ?? 0;
      if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
        usage.readUnits += entry.ReadCapacityUnits ?? 0;
        usage.writeUnits += entry.WriteCapacityUnits ?? 0;
      } else if (writes > 0) usage.writeUnits += units;
      else usage.readUnits += units;
    }
  }

  s3(operation: string, key?: string): void {
    const requests = this.reading.s3.requests[s3Class(operation)];
    requests[operation] = (requests[operation] ?? 0) + 1;
    if (key !== undefined && CREATES_OBJECT.has(operation)) this.reading.s3.createdKeys.push(key);
  }

  sesMessage(): void {
    this.reading.ses.messages += 1;
  }

  schedulerInvocation(): void {
    this.reading.scheduler.invocations += 1;
  }
}

/** The runtime's one meter (one process plays every AWS service). */
export const meter = new Meter();

/**
 * KMS requests, estimated (nothing is encrypted locally). The documents are
 * SSE-KMS with an S3 Bucket Key: S3 asks KMS for a bucket-level data key and
 * reuses it for a while, so each object write or read asks KMS far less than
 * once (AWS: "up to 99%" fewer requests). Counted here as the upper bound
 * without the Bucket Key: one GenerateDataKey per object created (PUT, POST,
 * COPY) and one Decrypt per object read (GET, a copy's source, a signed
 * link); HEAD and LIST need no key. DynamoDB with a customer-managed key
 * caches the table key for about five minutes and asks KMS again after:
 * a cost of time, not of requests, left to the bill (bench/bill.ts).
 */
export function kmsEstimate(reading: MeterReading): { generateDataKey: number; decrypt: number } {
  const r = reading.s3.requests;
  const generateDataKey = (r.tier1.PutObject ?? 0) + (r.tier1.PostObject ?? 0) + (r.tier1.CopyObject ?? 0);
  const decrypt = (r.tier2.GetObject ?? 0) + (r.tier2.GetObjectLink ?? 0) + (r.tier1.CopyObject ?? 0);
  return { generateDataKey, decrypt };
}

/** What the route shows: the counts, the sizes of the objects created (from the bucket), the bucket's whole size, and KMS's estimate. */
export interface MeterReport extends Omit<MeterReading, 's3'> {
  s3: {
    requests: MeterReading['s3']['requests'];
    /** The objects created since counting started, at their size now (a presigned POST never used: 0 bytes). */
    created: { objects: number; bytes: number };
    /** Everything in the bucket now. */
    stored: { objects: number; bytes: number };
  };
  kms: ReturnType<typeof kmsEstimate>;
}

/** Reads the meter, with the objects' sizes listed from the bucket (`sizes`: key to bytes). */
export function report(reading: MeterReading, sizes: Map<string, number>): MeterReport {
  const created = reading.s3.createdKeys.map((key) => sizes.get(key) ?? 0);
  return {
    ...reading,
    s3: {
      requests: reading.s3.requests,
      created: { objects: created.filter((b) => b > 0).length, bytes: created.reduce((a, b) => a + b, 0) },
      stored: { objects: sizes.size, bytes: [...sizes.values()].reduce((a, b) => a + b, 0) },
    },
    kms: kmsEstimate(reading),
  };
}
