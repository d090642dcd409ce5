// `npm run bench`: prints figures, asserts nothing.
//
// 1. For each Lambda: bundle size (minified, AWS SDK included, as deployed)
//    and cold start: the median wall time of a fresh `node` process that
//    imports the bundle and runs one invocation, divided by the median of a
//    bare `node -e 0` in the same run. Target: every ratio <= 2.0.
// 2. Reviewer assignment (bench/assignment.ts): 3,000 applications, 300
//    reviewers, 3 each; the exact solver against a greedy baseline.
// 3. Intake under a deadline spike: N applications (BENCH_N, default 200)
//    created, uploaded and submitted at concurrency BENCH_CONCURRENCY
//    (default 20) through the local HTTP API, each timed to its eligibility
//    result. Target: 0 errors.
//
// All traffic goes to the local system on 127.0.0.1, bounded in count and time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAssignment } from './assignment.ts';
import { coldStarts } from './cold.ts';
import { spike } from './spike.ts';
import { spawnLocalSystem } from '../infra/local/spawn.ts';

benchAssignment();

const work = mkdtempSync(join(tmpdir(), 'grants-bench-'));
const system = await spawnLocalSystem(join(work, 'data'));
try {
  await coldStarts(system, join(work, 'bundles'));
  // The cold starts block the event loop (spawnSync, for exact wall times) for longer than the local
  // server keeps an idle connection open; let the loop see those connections closed before reusing any.
  await new Promise((r) => setTimeout(r, 200));
  await spike(system);
} finally {
  await system.stop();
  rmSync(work, { recursive: true, force: true });
}
