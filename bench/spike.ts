// Intake under a deadline spike: N applications through the local HTTP API at
// a fixed concurrency, each timed to its eligibility result.
import type { SpawnedSystem } from '../infra/local/spawn.ts';
import { api, apply, percentile, waitForDecision } from './common.ts';

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SPIKE_TIMEOUT_MS = 10 * 60 * 1000;

export async function spike(system: SpawnedSystem) {
  const now = (await api(system, '/local/clock')).now as string;
  const call = await api(system, '/admin/calls', {
    token: system.adminToken,
    body: { title: 'Deadline spike', budgetUsd: 100_000_000, maxGrantUsd: 60_000, opensAt: new Date(Date.parse(now) - 86_400_000).toISOString(), closesAt: new Date(Date.parse(now) + 90 * 86_400_000).toISOString() },
  });
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
  console.log(`\nIntake under a deadline spike: ${N} applications at concurrency ${CONCURRENCY} (draft, 4 uploads, submit, until eligibility)\n`);
  console.log(`  completed   ${latencies.length}`);
  console.log(`  errors      ${errors.length}${errors.length ? `  (first: ${errors[0]})` : ''}   target: 0`);
  console.log(`  wall time   ${seconds.toFixed(1)} s`);
  console.log(`  throughput  ${(latencies.length / seconds).toFixed(1)} applications/s`);
  if (latencies.length) {
    console.log(`  latency     p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s   p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s   max ${(Math.max(...latencies) / 1000).toFixed(2)} s`);
  }
}

