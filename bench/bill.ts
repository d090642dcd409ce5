// The bill: what the counted operations of a run (infra/local/meter.ts) cost
// at AWS's list prices (bench/prices.ts), line by line; per application;
// per year at the fund's scale and at 10x and 100x, with the free tiers
// shown apart. GuardDuty's malware scan is shown on its own (it is optional:
// MALWARE_PROTECTION=false leaves it out).
//
// What is not in the bill: CloudWatch Logs and alarms, data transfer out,
// DynamoDB storage and backups, Lambda's INIT phase (cold starts, billed on
// AWS; the local handlers are loaded once), Cognito. The README's estimate
// covers them in words.
import { runDemo } from '../demo/run.ts';
import type { MeterReport } from '../infra/local/meter.ts';
import type { SpawnedSystem } from '../infra/local/spawn.ts';
import { TICK_EVERY_MINUTES } from '../infra/manifest.ts';
import { api } from './common.ts';
import { cost, FREE_TIERS, PRICES, type PriceName } from './prices.ts';

/** The quantities of one part of a run, in the prices' units. */
export type Usage = Partial<Record<PriceName, number>>;

export interface Line {
  name: PriceName;
  quantity: number;
  cost: number;
}

/** The fund's own tick runs on a fixed rate on AWS, whatever the number of applications. */
export const TICKS_PER_YEAR = (365 * 24 * 60) / TICK_EVERY_MINUTES;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const GB = 1024 ** 3;

/**
 * The usage of a meter reading, without the tick's own Lambda time and
 * DynamoDB units (a fixed cost: see `tickAverage`). S3 storage is counted
 * in `storage` as bytes created; GuardDuty's lines come from the same bytes
 * and objects.
 */
export function usageOf(report: MeterReport): { usage: Usage; createdBytes: number; createdObjects: number } {
  const lambda = Object.entries(report.lambda).filter(([name]) => name !== 'tick');
  const dynamo = Object.entries(report.dynamodb).filter(([name]) => name !== 'tick');
  const { tier1, tier2 } = report.s3.requests;
  return {
    usage: {
      lambdaRequests: sum(lambda.map(([, u]) => u.invocations)),
      lambdaArmGbSecond: sum(lambda.map(([, u]) => u.gbSeconds)),
      apiHttpRequests: report.api.meteredRequests,
      stepFunctionsTransitions: sum(Object.values(report.stepFunctions.transitions)),
      dynamodbWriteRequestUnits: sum(dynamo.map(([, u]) => u.writeUnits + u.estimatedWriteUnits)),
      dynamodbReadRequestUnits: sum(dynamo.map(([, u]) => u.readUnits)),
      s3Tier1Requests: sum(Object.values(tier1)),
      s3Tier2Requests: sum(Object.values(tier2)),
      sesMessages: report.ses.messages,
      schedulerInvocations: report.scheduler.invocations,
      kmsRequests: report.kms.generateDataKey + report.kms.decrypt,
    },
    createdBytes: report.s3.created.bytes,
    createdObjects: report.s3.created.objects,
  };
}

/** One tick's average Lambda time and DynamoDB units in the run (an upper bound: locally the ticks also did the run's work of reminders and erasures). */
export function tickAverage(report: MeterReport) {
  const lambda = report.lambda.tick;
  const dynamo = report.dynamodb.tick;
  const n = lambda?.invocations ?? 0;
  return {
    ticks: n,
    gbSeconds: n ? lambda!.gbSeconds / n : 0,
    readUnits: n && dynamo ? dynamo.readUnits / n : 0,
    writeUnits: n && dynamo ? (dynamo.writeUnits + dynamo.estimatedWriteUnits) / n : 0,
  };
}

/** Adds usages, each multiplied by its factor. */
export function combine(...parts: [Usage, number][]): Usage {
  const total: Usage = {};
  for (const [usage, factor] of parts) {
    for (const [name, quantity] of Object.entries(usage) as [PriceName, number][]) total[name] = (total[name] ?? 0) + quantity * factor;
  }
  return total;
}

/** The storage of `bytes` kept `months` months, as GB-months. */
export const gbMonths = (bytes: number, months: number) => (bytes / GB) * months;

/**
 * The GuardDuty lines of `bytes` in `objects` uploads, with the S3 requests
 * each scan makes on the bucket's bill: GuardDuty reads the object (a GET)
 * and tags it with its result (a PutObjectTagging; the stack turns tagging on).
 */
export const guardDuty = (bytes: number, objects: number): Usage => ({
  guarddutyS3GbScanned: bytes / GB,
  guarddutyS3ObjectsEvaluated: objects,
  s3Tier2Requests: objects,
  s3Tier1Requests: objects,
});

export function lines(usage: Usage): Line[] {
  return (Object.keys(PRICES) as PriceName[]).filter((name) => (usage[name] ?? 0) > 0).map((name) => ({ name, quantity: usage[name]!, cost: cost(name, usage[name]!) }));
}

/** The fixed yearly costs: the tick (Lambda, its DynamoDB units, Scheduler), the KMS key, and DynamoDB's table-key requests to KMS. */
export function fixedPerYear(tick: ReturnType<typeof tickAverage>): Usage {
  return {
    lambdaRequests: TICKS_PER_YEAR,
    lambdaArmGbSecond: tick.gbSeconds * TICKS_PER_YEAR,
    dynamodbReadRequestUnits: tick.readUnits * TICKS_PER_YEAR,
    dynamodbWriteRequestUnits: tick.writeUnits * TICKS_PER_YEAR,
    schedulerInvocations: TICKS_PER_YEAR,
    kmsKeyMonth: 12,
    // DynamoDB caches the table key for about five minutes: estimated as one KMS request every five minutes all year (each further connection DynamoDB opens may ask again).
    kmsRequests: (365 * 24 * 60) / 5,
  };
}

/** What the monthly free tiers take off a year's usage, the usage spread evenly over the months (upper bound for a year whose traffic peaks at the deadline). */
export function freeTierSavings(yearly: Usage, { firstYear }: { firstYear: boolean }): Line[] {
  return (Object.entries(FREE_TIERS) as [PriceName, NonNullable<(typeof FREE_TIERS)[PriceName]>][])
    .filter(([name, tier]) => (firstYear || !tier.firstYearOnly) && (yearly[name] ?? 0) > 0 && tier.perMonth > 0)
    .map(([name, tier]) => {
      const free = Math.min(yearly[name]!, tier.perMonth * 12);
      return { name, quantity: free, cost: cost(name, free) };
    });
}

// --- Printing -------------------------------------------------------------------

export const usd = (n: number): string => (n < 0 ? `-${usd(-n)}` : n === 0 ? 'US$0' : n < 0.01 ? `US$${n.toPrecision(2)}` : `US$${n.toFixed(2)}`);
const qty = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
const unitPrice = (name: PriceName) => {
  const p = PRICES[name];
  return `US$${p.usd} / ${p.per === 1 ? '' : `${p.per.toLocaleString('en-US')} `}${p.unit.split(' (')[0]}`;
};

export function printLines(title: string, billed: Line[], out: (line: string) => void = console.log): number {
  out(`\n${title}`);
  for (const line of billed) {
    out(`  ${PRICES[line.name].label.padEnd(28)} ${qty(line.quantity).padStart(16)}  x ${unitPrice(line.name).padEnd(44)} ${usd(line.cost).padStart(14)}${PRICES[line.name].confirmed ? '' : ' *'}`);
  }
  const total = sum(billed.map((l) => l.cost));
  out(`  ${'total'.padEnd(28)} ${''.padStart(16)}    ${''.padEnd(44)} ${usd(total).padStart(14)}`);
  return total;
}

// --- The bench: the demo's whole cycle, metered ----------------------------------

/** The fund's scale (README, "What it costs at the fund's scale"): one call a year of about 300 applications and 25 three-year grants; the fund's brochure (../shared/seeds) counts 23 grants in its second cycle and 34 in its first two. */
export const FUND = { applicationsPerYear: 300, grantsPerYear: 25, grantMonths: 36 };
/** The README's documents: about 1,500 a year, 2 GB. The bench's PDFs are a few hundred bytes. */
export const REALISTIC_DOCUMENT_BYTES = (2 * GB) / 1500;
/** Retention (shared/retention.ts defaults): 24 months after the decisions if not funded, 84 after the grant closes; about a month from submission to decision. */
const MONTHS_TO_DECISION = 1;
const NOT_FUNDED_MONTHS = 24;
const AFTER_GRANT_MONTHS = 84;

/** All of the demo's NGOs (each applies from its own loopback address, under the per-client limits of shared/rate-limit.ts). */
export const BILL_NGOS = 25;

export async function benchBill(system: SpawnedSystem, { ngos = BILL_NGOS, months = FUND.grantMonths } = {}) {
  const meter = (method?: 'DELETE') => api(system, '/local/meter', { token: system.adminToken, method }) as Promise<MeterReport>;
  await meter('DELETE');
  let awarded: MeterReport | undefined;
  console.log(`\nThe bill: the demo's whole cycle (${ngos} NGOs apply, review, Board vote, grants of ${months} months), every operation counted\n`);
  const summary = await runDemo({
    apiUrl: system.apiUrl,
    adminToken: system.adminToken,
    financeToken: system.financeToken,
    mailWebUrl: system.mailWebUrl,
    ngos,
    months,
    tty: false,
    out: (text) => process.stdout.write(text.replace(/^(?=.)/gm, '  ')),
    beforeGrantYears: async () => {
      awarded = await meter();
      await meter('DELETE');
    },
  });
  const grantYears = await meter();
  if (!awarded || summary.grants === 0) throw new Error('The demo awarded no grant: nothing to bill for the grant years');

  const intake = usageOf(awarded);
  const grants = usageOf(grantYears);
  const tick = tickAverage(mergeTicks(awarded, grantYears));
  const apps = summary.applications;
  const fundedShare = FUND.grantsPerYear / FUND.applicationsPerYear;
  // Months an application's documents are kept, at the fund's mix; a report's statement, from mid-grant on average.
  const appMonths = MONTHS_TO_DECISION + fundedShare * (FUND.grantMonths + AFTER_GRANT_MONTHS) + (1 - fundedShare) * NOT_FUNDED_MONTHS;
  const reportMonths = FUND.grantMonths / 2 + AFTER_GRANT_MONTHS;
  const docsPerApp = intake.createdObjects / apps;
  const docsPerGrant = grants.createdObjects / summary.grants;

  console.log('\n  Counted: until the grants were awarded (per application) and through the grant years (per grant)');
  console.log(`    applications ${apps}, grants ${summary.grants} (fund's mix: ${FUND.grantsPerYear} grants for ${FUND.applicationsPerYear} applications a year, the README's scale; its brochure in ../shared/seeds: 23 grants in the second cycle)`);
  console.log(`    documents ${intake.createdObjects} (${intake.createdBytes.toLocaleString('en-US')} bytes) + ${grants.createdObjects} reports' statements (${grants.createdBytes.toLocaleString('en-US')} bytes)`);
  console.log(`    ticks ${tick.ticks} locally (each clock move and minute), on AWS every ${TICK_EVERY_MINUTES} minutes: ${TICKS_PER_YEAR.toLocaleString('en-US')} a year, billed as a fixed cost`);

  // One application through the whole cycle, at the fund's mix: its own part, and its share of a grant's years.
  const perApplication = (documentBytes?: number) => {
    const bytesApp = documentBytes === undefined ? intake.createdBytes / apps : docsPerApp * documentBytes;
    const bytesGrant = documentBytes === undefined ? grants.createdBytes / summary.grants : docsPerGrant * documentBytes;
    return {
      usage: combine([intake.usage, 1 / apps], [grants.usage, fundedShare / summary.grants], [{ s3StandardGbMonth: gbMonths(bytesApp, appMonths) + fundedShare * gbMonths(bytesGrant, reportMonths) }, 1]),
      guardDuty: combine([guardDuty(bytesApp, docsPerApp), 1], [guardDuty(bytesGrant, docsPerGrant), fundedShare]),
    };
  };

  const measured = perApplication();
  const goal = printLines(`  One application through the whole cycle (fund's mix), documents as uploaded here (${Math.round(intake.createdBytes / intake.createdObjects)} bytes each); * = price not read on AWS's page (bench/prices.ts)`, lines(measured.usage));
  console.log('  (counted: every line but two. Estimated: KMS, an upper bound of one request per object written or read, as without');
  console.log('  S3\'s Bucket Key, which AWS says cuts them by up to 99%; refused conditional writes at 1 WRU an item. Lambda\'s time is');
  console.log('  wall time in one process shared with every emulator: an overestimate, without the INIT phase of cold starts.)');
  const scan = printLines('  GuardDuty Malware Protection for S3, on its own (with the S3 GET and tagging of each scan)', lines(measured.guardDuty));
  const realistic = perApplication(REALISTIC_DOCUMENT_BYTES);
  const goalRealistic = printLines(`  The same with documents of the README's size (${(REALISTIC_DOCUMENT_BYTES / 1024 / 1024).toFixed(2)} MiB each: 1,500 a year, 2 GB), storage kept ${appMonths.toFixed(0)} months on average`, lines(realistic.usage).filter((l) => l.name === 's3StandardGbMonth'));
  const scanRealistic = printLines('  GuardDuty at that size', lines(realistic.guardDuty));
  const withRealStorage = goal - (lines(measured.usage).find((l) => l.name === 's3StandardGbMonth')?.cost ?? 0) + goalRealistic;
  console.log(`\n  Per application, without GuardDuty: ${usd(goal)} as measured, ${usd(withRealStorage)} with documents of the README's size; target under US$0.01: ${withRealStorage < 0.01 ? 'met' : 'NOT met'}`);
  console.log(`  GuardDuty per application: ${usd(scan)} as measured, ${usd(scanRealistic)} at the README's size (of which objects evaluated ${usd(cost('guarddutyS3ObjectsEvaluated', realistic.guardDuty.guarddutyS3ObjectsEvaluated ?? 0))})`);

  const fixed = fixedPerYear(tick);
  printLines(`  Fixed, per year whatever the volume (tick every ${TICK_EVERY_MINUTES} min at its measured average, KMS key, DynamoDB's table-key requests)`, lines(fixed));
  console.log(`\n  ${'Per year (documents of the README\'s size)'.padEnd(58)} ${['1x (300)', '10x (3,000)', '100x (30,000)'].map((h) => h.padStart(13)).join(' ')}`);
  const row = (label: string, values: number[]) => console.log(`    ${label.padEnd(56)} ${values.map((v) => usd(v).padStart(13)).join(' ')}`);
  const years = [1, 10, 100].map((scale) => {
    const applications = FUND.applicationsPerYear * scale;
    const variable = combine([realistic.usage, applications]);
    const all = combine([variable, 1], [fixed, 1]);
    const scans = combine([realistic.guardDuty, applications]);
    return {
      applications,
      variable: sum(lines(variable).map((l) => l.cost)),
      fixed: sum(lines(fixed).map((l) => l.cost)),
      listed: sum(lines(all).map((l) => l.cost)),
      alwaysFree: sum(freeTierSavings(all, { firstYear: false }).map((l) => l.cost)),
      allFree: sum(freeTierSavings(all, { firstYear: true }).map((l) => l.cost)),
      guardDuty: sum(lines(scans).map((l) => l.cost)),
      guardDutyFree: sum(freeTierSavings(scans, { firstYear: true }).map((l) => l.cost)),
    };
  });
  row('per application, without GuardDuty', years.map((y) => y.variable / y.applications));
  row('the applications (list price)', years.map((y) => y.variable));
  row('fixed (list price)', years.map((y) => y.fixed));
  row('total at list price', years.map((y) => y.listed));
  row('  free tiers that never expire', years.map((y) => -y.alwaysFree));
  row('  total after them', years.map((y) => y.listed - y.alwaysFree));
  row('  after the first-year tiers too (if the account has them)', years.map((y) => y.listed - y.allFree));
  row('GuardDuty, on its own (list price)', years.map((y) => y.guardDuty));
  row('  after its first-year free tier', years.map((y) => y.guardDuty - y.guardDutyFree));
  return { summary, intake, grants, perApplication: goal, perApplicationRealistic: withRealStorage };
}

/** The ticks of both parts of the run together. */
function mergeTicks(a: MeterReport, b: MeterReport): MeterReport {
  const add = <T extends Record<string, number>>(x: T | undefined, y: T | undefined) =>
    (x || y ? Object.fromEntries(Object.keys({ ...x, ...y }).map((k) => [k, (x?.[k] ?? 0) + (y?.[k] ?? 0)])) : undefined) as T | undefined;
  return { ...a, lambda: { tick: add(a.lambda.tick as never, b.lambda.tick as never)! }, dynamodb: { tick: add(a.dynamodb.tick as never, b.dynamodb.tick as never)! } } as MeterReport;
}
