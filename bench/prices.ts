// AWS list prices for us-east-1 (N. Virginia), the ones the bill of
// bench/bill.ts uses, each with the day it was taken, the AWS pricing page
// it comes from, and how sure it is: `confirmed` when the figure was read in
// the text of that AWS page (or an AWS document), otherwise `note` says where
// it was read instead. The free tiers are kept apart (FREE_TIERS): the bill
// shows what the usage costs at list price, and what the free tiers would
// take off, separately.
//
// Taken 2026-12-04 through the search tool of this workspace (stored copies
// of the pages, not a live visit): check the pages before relying on them.

export interface Price {
  /** The bill's name for the line. */
  label: string;
  /** US dollars per `per` units. */
  usd: number;
  per: number;
  unit: string;
  url: string;
  taken: string;
  confirmed: boolean;
  note?: string;
}

const TAKEN = '2026-12-04';

export const PRICES = {
  lambdaRequests: {
    label: 'Lambda requests',
    usd: 0.2,
    per: 1_000_000,
    unit: 'requests',
    url: 'https://aws.amazon.com/lambda/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'The AWS page text read (an archive of 2026-06-18) describes requests and 1 ms billing but its price table did not render; figure as transcribed from the page by third parties (cloudchipr.com, 2024; a Lambda runner\'s cost notes).',
  },
  lambdaArmGbSecond: {
    label: 'Lambda duration (arm64)',
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-s (arm64, first 7.5 billion GB-s a month)',
    url: 'https://aws.amazon.com/lambda/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'As lambdaRequests: the arm64 tier as transcribed by third parties, not read in the AWS page text.',
  },
  apiHttpRequests: {
    label: 'API Gateway HTTP API',
    usd: 1.0,
    per: 1_000_000,
    unit: 'HTTP API requests (first 300 million a month; metered per 512 KB)',
    url: 'https://aws.amazon.com/api-gateway/pricing/',
    taken: TAKEN,
    confirmed: true,
    note: 'Read in AWS\'s whitepaper "Best Practices for Designing Amazon API Gateway Private APIs", Table 4 (us-east-1), which points to the pricing page; the pricing page itself was not read.',
  },
  stepFunctionsTransitions: {
    label: 'Step Functions transitions',
    usd: 0.025,
    per: 1_000,
    unit: 'state transitions (Standard)',
    url: 'https://aws.amazon.com/step-functions/pricing/',
    taken: TAKEN,
    confirmed: true,
  },
  dynamodbWriteRequestUnits: {
    label: 'DynamoDB writes (WRU)',
    usd: 0.625,
    per: 1_000_000,
    unit: 'write request units (on-demand, Standard table class)',
    url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    taken: TAKEN,
    confirmed: false,
    note: 'The on-demand price after AWS\'s cut of November 2024 (AWS News Blog, updated 2025-01-31, says so without the figure); figure as transcribed by airbyte.com. Older pages say US$1.25.',
  },
  dynamodbReadRequestUnits: {
    label: 'DynamoDB reads (RRU)',
    usd: 0.125,
    per: 1_000_000,
    unit: 'read request units (on-demand, Standard table class)',
    url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    taken: TAKEN,
    confirmed: false,
    note: 'As dynamodbWriteRequestUnits (older pages: US$0.25).',
  },
  s3Tier1Requests: {
    label: 'S3 PUT/COPY/POST/LIST',
    usd: 0.005,
    per: 1_000,
    unit: 'PUT, COPY, POST, LIST requests (S3 Standard)',
    url: 'https://aws.amazon.com/s3/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'The stored copy of the AWS page has its price cells unrendered; the long-standing us-east-1 figure, not read on the page.',
  },
  s3Tier2Requests: {
    label: 'S3 GET/HEAD/other',
    usd: 0.0004,
    per: 1_000,
    unit: 'GET, SELECT and all other requests (S3 Standard; DELETE free)',
    url: 'https://aws.amazon.com/s3/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'As s3Tier1Requests.',
  },
  s3StandardGbMonth: {
    label: 'S3 storage (Standard)',
    usd: 0.023,
    per: 1,
    unit: 'GB-month (S3 Standard, first 50 TB)',
    url: 'https://aws.amazon.com/s3/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'As s3Tier1Requests (third-party table of the page: US$0.023 per GB, first 50 TB).',
  },
  sesMessages: {
    label: 'SES emails',
    usd: 0.1,
    per: 1_000,
    unit: 'outbound emails (each recipient counts)',
    url: 'https://aws.amazon.com/ses/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'The pricing page was not read; the README\'s figure, and third-party guides agree.',
  },
  schedulerInvocations: {
    label: 'Scheduler invocations',
    usd: 1.0,
    per: 1_000_000,
    unit: 'EventBridge Scheduler invocations (after the free 14 million a month)',
    url: 'https://aws.amazon.com/eventbridge/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'AWS\'s price list (AWSEvents, effective 2024-10-01) shows "$0 for the first 14 million scheduled invocations" and US$1.25 per million in Tokyo; US$1.00 in us-east-1 as third-party guides give it.',
  },
  kmsRequests: {
    label: 'KMS requests',
    usd: 0.03,
    per: 10_000,
    unit: 'KMS requests (symmetric keys)',
    url: 'https://aws.amazon.com/kms/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'The AWS page text read gives the key\'s US$1/month and the free tier but the request price sat in a table not rendered; third-party guides: US$0.03 per 10,000.',
  },
  kmsKeyMonth: {
    label: 'KMS key',
    usd: 1.0,
    per: 1,
    unit: 'customer-managed key-month (plus US$1 a month for each rotation\'s new backing key)',
    url: 'https://aws.amazon.com/kms/pricing/',
    taken: TAKEN,
    confirmed: true,
  },
  guarddutyS3GbScanned: {
    label: 'GuardDuty GB scanned',
    usd: 0.09,
    per: 1,
    unit: 'GB scanned (Malware Protection for S3)',
    url: 'https://aws.amazon.com/guardduty/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'From a transcription of the AWS page\'s worked example for us-east-1 (api-evangelist, 2026-10-07); the AWS page\'s tables were not read.',
  },
  guarddutyS3ObjectsEvaluated: {
    label: 'GuardDuty objects evaluated',
    usd: 0.215,
    per: 1_000,
    unit: 'objects evaluated (Malware Protection for S3)',
    url: 'https://aws.amazon.com/guardduty/pricing/',
    taken: TAKEN,
    confirmed: false,
    note: 'As guarddutyS3GbScanned ("4,000/1,000 * $0.215 for objects evaluated" in the worked example).',
  },
} satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

export interface FreeTier {
  /** Free quantity a month, in the price's units. */
  perMonth: number;
  /** Whether it ends 12 months after the account opens. */
  firstYearOnly: boolean;
  url: string;
  confirmed: boolean;
  note?: string;
}

/** The monthly free tiers, apart from the prices (the bill shows them on their own). */
export const FREE_TIERS: Partial<Record<PriceName, FreeTier>> = {
  lambdaRequests: { perMonth: 1_000_000, firstYearOnly: false, url: 'https://aws.amazon.com/lambda/pricing/', confirmed: false, note: 'Third-party transcriptions of the page.' },
  lambdaArmGbSecond: { perMonth: 400_000, firstYearOnly: false, url: 'https://aws.amazon.com/lambda/pricing/', confirmed: false, note: 'Third-party transcriptions of the page (x86 and arm64 together).' },
  apiHttpRequests: { perMonth: 1_000_000, firstYearOnly: true, url: 'https://aws.amazon.com/api-gateway/pricing/', confirmed: true, note: 'AWS whitepaper, Table 4.' },
  stepFunctionsTransitions: { perMonth: 4_000, firstYearOnly: false, url: 'https://aws.amazon.com/step-functions/pricing/', confirmed: true },
  dynamodbWriteRequestUnits: { perMonth: 0, firstYearOnly: false, url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/', confirmed: false, note: 'The free tier (25 GB, 25 WCU/RCU) is for provisioned capacity; none for on-demand requests.' },
  s3StandardGbMonth: { perMonth: 5, firstYearOnly: true, url: 'https://aws.amazon.com/s3/pricing/', confirmed: false, note: 'The classic 12-month free tier (5 GB, 20,000 GET, 2,000 PUT); accounts opened since 2025-07-15 get credits instead.' },
  s3Tier1Requests: { perMonth: 2_000, firstYearOnly: true, url: 'https://aws.amazon.com/s3/pricing/', confirmed: false, note: 'As s3StandardGbMonth.' },
  s3Tier2Requests: { perMonth: 20_000, firstYearOnly: true, url: 'https://aws.amazon.com/s3/pricing/', confirmed: false, note: 'As s3StandardGbMonth.' },
  sesMessages: { perMonth: 3_000, firstYearOnly: true, url: 'https://aws.amazon.com/ses/pricing/', confirmed: false, note: 'Not read on the page (the SES FAQ copy found still gives the older 62,000 a month from EC2).' },
  schedulerInvocations: { perMonth: 14_000_000, firstYearOnly: false, url: 'https://aws.amazon.com/eventbridge/pricing/', confirmed: true, note: 'AWS price list, AWSEvents.' },
  kmsRequests: { perMonth: 20_000, firstYearOnly: false, url: 'https://aws.amazon.com/kms/pricing/', confirmed: true },
  guarddutyS3GbScanned: { perMonth: 1, firstYearOnly: true, url: 'https://docs.aws.amazon.com/guardduty/latest/ug/pricing-malware-protection-for-s3-guardduty.html', confirmed: true, note: '12-month free tier: 1 GB scanned and 1,000 requests a month (GuardDuty User Guide).' },
  guarddutyS3ObjectsEvaluated: { perMonth: 1_000, firstYearOnly: true, url: 'https://docs.aws.amazon.com/guardduty/latest/ug/pricing-malware-protection-for-s3-guardduty.html', confirmed: true, note: 'As guarddutyS3GbScanned.' },
};

/** What `quantity` costs at list price. */
export const cost = (name: PriceName, quantity: number): number => (quantity * PRICES[name].usd) / PRICES[name].per;
