// Intake under a deadline spike: N applications through the local HTTP API at
// a fixed concurrency, each timed to its eligibility result; the DynamoDB
// writes they made (the local meter, infra/local/meter.ts) per second,
// against what DynamoDB Local itself takes at the same concurrency: a bare
// PutItem loop on the same endpoint and table (scratch keys, deleted after),
// bounded in count and time, run just before and just after the spike (the
// machine is shared: the higher of the two is what DynamoDB Local can do).
import { loadavg, availableParallelism } from 'node:os';
import { BatchWriteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from '../infra/local/emulators/s3.ts';
import type { MeterReport } from '../infra/local/meter.ts';
import { TABLE_NAME } from '../infra/local/runtime.ts';
import type { SpawnedSystem } from '../infra/local/spawn.ts';
import { api, apply, percentile, waitForDecision } from './common.ts';

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SPIKE_TIMEOUT_MS = 10 * 60 * 1000;
/** The PutItem loop's bounds. */
const PUT_MAX_ITEMS = 20_000;
const PUT_MAX_MS = 8_000;

export async function spike(system: SpawnedSystem) {
  const now = (await api(system, '/local/clock')).now as string;
  const call = await api(system, '/admin/calls', {
    token: system.adminToken,
    body: { title: 'Deadline spike', budgetUsd: 100_000_000, maxGrantUsd: 60_000, opensAt: new Date(Date.parse(now) - 86_400_000).toISOString(), closesAt: new Date(Date.parse(now) + 90 * 86_400_000).toISOString() },
  });
  const before = await putItemThroughput(system, CONCURRENCY);
  await api(system, '/local/meter', { method: 'DELETE', token: system.adminToken });
  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 1;
  const started = Date.now();
  const hardStop = started + SPIKE_TIMEOUT_MS;
  async function worker() {
    while (next <= N && Date.now() < hardStop) {
      const i = next++;
      const t0 = Date.now();
      try {
        const app = await apply(system, call.callId, i);
        await waitForDecision(system, app);
        latencies.push(Date.now() - t0);
      } catch (error) {
        errors.push((error as Error).message.slice(0, 200));
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1000;
  const metered = (await api(system, '/local/meter', { token: system.adminToken })) as MeterReport;
  console.log(`\nIntake under a deadline spike: ${N} applications at concurrency ${CONCURRENCY} (draft, 4 uploads, submit, until eligibility)\n`);
  console.log(`  completed   ${latencies.length}`);
  console.log(`  errors      ${errors.length}${errors.length ? `  (first: ${errors[0]})` : ''}   target: 0`);
  console.log(`  wall time   ${seconds.toFixed(1)} s`);
  console.log(`  throughput  ${(latencies.length / seconds).toFixed(1)} applications/s`);
  if (latencies.length) {
    console.log(`  latency     p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s   max ${(Math.max(...latencies) / 1000).toFixed(2)} s`);
  }

  const dynamo = Object.values(metered.dynamodb);
  const itemWrites = dynamo.reduce((n, u) => n + u.itemWrites, 0);
  const writeUnits = dynamo.reduce((n, u) => n + u.writeUnits + u.estimatedWriteUnits, 0);
  // Per application started (a failed one wrote too).
  const begun = Math.max(1, Math.min(N, next - 1));
  console.log(`  DynamoDB    ${(itemWrites / begun).toFixed(1)} item writes (${(writeUnits / begun).toFixed(1)} WRU) and ${(dynamo.reduce((n, u) => n + u.requests, 0) / begun).toFixed(1)} requests per application started`);
  const after = await putItemThroughput(system, CONCURRENCY);
  const put = before.perSecond >= after.perSecond ? before : after;
  const achieved = itemWrites / seconds;
  for (const [when, run] of [['before', before], ['after', after]] as const) {
    console.log(`  PutItem     ${when.padEnd(6)} the spike, DynamoDB Local alone (same endpoint, table, concurrency): ${run.items} items of ~${run.itemBytes} bytes (one index) in ${run.seconds.toFixed(1)} s = ${run.perSecond.toFixed(0)} PutItem/s${run.cleanedUp ? '' : ` (cleanup incomplete: ${run.left} scratch items left, prefix ${run.prefix})`}`);
  }
  // Each bare PutItem writes the table and one index: 2 WRU (items under 1 KB).
  console.log(
    `  spike/bare  ${achieved.toFixed(1)} item writes/s achieved = ${((100 * achieved) / put.perSecond).toFixed(1)}% of the ${put.perSecond.toFixed(0)} PutItem/s possible; ` +
      `${(writeUnits / seconds).toFixed(0)} WRU/s = ${((100 * writeUnits) / seconds / (2 * put.perSecond)).toFixed(1)}% of its ${(2 * put.perSecond).toFixed(0)} WRU/s`,
  );
  console.log(`  machine     ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end (shared: other processes slow both figures)`);
}

/** A bare PutItem loop at `concurrency` against the system's DynamoDB Local, into the same table under a scratch key prefix, deleted after. */
async function putItemThroughput(system: SpawnedSystem, concurrency: number) {
  const client = new DynamoDBClient({ endpoint: system.dynamodbUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const prefix = `BENCH-PUTITEM#${Date.now().toString(36)}`;
  const payload = 'x'.repeat(400);
  const itemBytes = prefix.length + 8 + payload.length + 40;
  let next = 0;
  const started = Date.now();
  const stopAt = started + PUT_MAX_MS;
  const written: number[] = [];
  async function worker() {
    while (next < PUT_MAX_ITEMS && Date.now() < stopAt) {
      const i = next++;
      await client.send(
        new PutItemCommand({
          TableName: TABLE_NAME,
          Item: { pk: { S: prefix }, sk: { S: String(i).padStart(8, '0') }, gsi1pk: { S: prefix }, gsi1sk: { S: String(i) }, payload: { S: payload } },
        }),
      );
      written.push(i);
    }
  }
  let failure: unknown;
  await Promise.all(Array.from({ length: concurrency }, worker)).catch((error: unknown) => (failure = error));
  const seconds = (Date.now() - started) / 1000;
  // Delete the scratch items, 25 at a time (bounded: unprocessed ones retried a few times), even after a failure.
  let left = written.length;
  for (let i = 0; i < written.length; i += 25) {
    let requests = written.slice(i, i + 25).map((n) => ({ DeleteRequest: { Key: { pk: { S: prefix }, sk: { S: String(n).padStart(8, '0') } } } }));
    for (let attempt = 0; attempt < 5 && requests.length > 0; attempt++) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE_NAME]: requests } }));
      const unprocessed = (out.UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
      left -= requests.length - unprocessed.length;
      requests = unprocessed;
    }
  }
  if (failure) throw failure;
  client.destroy();
  return { items: written.length, itemBytes, seconds, perSecond: written.length / seconds, prefix, left, cleanedUp: left === 0 };
}
