// `npm run bench`: prints figures, asserts nothing.
//
// 1. For each Lambda: bundle size (minified, AWS SDK included, as deployed)
//    and cold start: the median wall time of a fresh `node` process that
//    imports the bundle and runs one invocation, divided by the median of a
//    bare `node -e 0` in the same run. Target: every ratio <= 2.0. Then each
//    handler's warm latency (bench/warm.ts): median and p95 of 50
//    invocations in one process after its cold one.
// 2. Reviewer assignment (bench/assignment.ts): 3,000 applications, 300
//    reviewers, 3 each; the exact solver against a greedy baseline (target:
//    within 2x its time), then the growth from 300 to 10,000 applications.
// 3. The bill (bench/bill.ts): the demo's whole cycle (demo/run.ts: its 25
//    NGOs apply, review, Board vote, three years of grants) with every
//    billable operation counted by the local meter (infra/local/meter.ts), priced at
//    AWS's list prices (bench/prices.ts): per application, per year at the
//    fund's scale (300 applications) and at 10x and 100x, free tiers apart,
//    GuardDuty on its own. Target: under US$0.01 per application without
//    GuardDuty.
// 4. Intake under a deadline spike: N applications (BENCH_N, default 200)
//    created, uploaded and submitted at concurrency BENCH_CONCURRENCY
//    (default 20) through the local HTTP API, each timed to its eligibility
//    result. Target: 0 errors. Its DynamoDB writes per second, against a
//    bare PutItem loop on DynamoDB Local at the same concurrency.
//
// All traffic goes to the local system on 127.0.0.1, bounded in count and time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAssignment } from './assignment.ts';
import { benchBill } from './bill.ts';
import { coldStarts } from './cold.ts';
import { warmLatencies } from './warm.ts';
import { spike } from './spike.ts';
import { spawnLocalSystem } from '../infra/local/spawn.ts';

benchAssignment();

const work = mkdtempSync(join(tmpdir(), 'grants-bench-'));
const system = await spawnLocalSystem(join(work, 'data'));
try {
  warmLatencies(await coldStarts(system, join(work, 'bundles')));
  // The cold starts block the event loop (spawnSync, for exact wall times) for longer than the local
  // server keeps an idle connection open; let the loop see those connections closed before reusing any.
  await new Promise((r) => setTimeout(r, 200));
  await benchBill(system);
  await spike(system);
} finally {
  await system.stop();
  rmSync(work, { recursive: true, force: true });
}
