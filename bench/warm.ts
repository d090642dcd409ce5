// Warm latency: for each Lambda its bundle (bench/cold.ts made it, as
// deployed) in a fresh `node` process, invoked once (the cold start), then
// WARM_RUNS more times in the same process, each invocation timed; the table
// gives the median and p95 of those, so that a handler slow when warm shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Bundle } from './cold.ts';
import { median, percentile } from './common.ts';

const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 50);

export function warmLatencies({ env, bundles }: { env: NodeJS.ProcessEnv; bundles: Bundle[] }): void {
  console.log(`\nWarm latency (${WARM_RUNS} invocations in one process after its cold one; ms)\n`);
  console.log('handler                  p50      p95      max');
  for (const { name, dir } of bundles) {
    const result = spawnSync(process.execPath, [join(dir, 'warm.mjs')], {
      env: { ...env, WARM_RUNS: String(WARM_RUNS) },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    if (result.status !== 0) throw new Error(`${name} (warm) failed: ${result.stderr?.toString().slice(0, 2000)}`);
    const times = JSON.parse(result.stdout.toString().trim().split('\n').at(-1)!) as number[];
    console.log(`${name.padEnd(20)} ${median(times).toFixed(2).padStart(7)}  ${percentile(times, 95).toFixed(2).padStart(7)}  ${Math.max(...times).toFixed(2).padStart(7)}`);
  }
}
