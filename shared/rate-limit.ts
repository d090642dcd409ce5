// Per-client limits on the two routes anyone can call without a credential
// and that write or mail: starting an application (a draft, and its email)
// and asking for the organisation's link. API Gateway's route throttling
// (infra/manifest.ts: ROUTE_THROTTLES) caps all clients together; this caps
// one client, so that a flood from one address is refused while everyone
// else goes on, and says when to retry.
//
// Decisions, written down:
// - A client is its source address as API Gateway sees it. Many NGOs reach
//   the internet through a shared address (carrier-grade NAT, a shared
//   office), so the limits are generous for people and low for a script:
//   20 drafts and 10 link requests per address per 10 minutes.
// - The address is personal data and is never stored: the counter's key holds
//   the first 5 hex digits (20 bits) of its SHA-256, shared by ~4,000 IPv4
//   addresses, which is enough to keep two clients of the same hour apart
//   and too little to single anyone out. The counter lives until its window
//   ends (DynamoDB's TTL, attribute `expiresAtEpoch`).
// - Windows are in real time, not on the fund's (virtual, locally) clock:
//   a flood happens in seconds of real time.
// - A refused request writes nothing else and costs one conditional write.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './adapters/aws.ts';
import type { HttpEvent } from './http/api.ts';
import { HttpError } from './http/errors.ts';
import { sha256 } from './ids.ts';
import { tableName } from './repository/table.ts';

export const CLIENT_LIMITS = {
  /** POST /calls/{callId}/applications */
  drafts: { max: 20, windowSeconds: 600, what: 'applications started' },
  /** POST /org */
  'org-links': { max: 10, windowSeconds: 600, what: 'link requests' },
} as const;
export type LimitedAction = keyof typeof CLIENT_LIMITS;

/** The counter's key part for a client: 20 bits of the address's hash (see above). */
export const clientBucket = (sourceIp: string): string => sha256(sourceIp).slice(0, 5);

export class TooManyRequests extends HttpError {
  constructor(action: LimitedAction, readonly retryAfterSeconds: number) {
    const limit = CLIENT_LIMITS[action];
    super(
      429,
      'TOO_MANY_REQUESTS',
      `Too many requests from this network; retry after ${retryAfterSeconds} seconds. Nothing already saved is lost.`,
      [{ path: '(client)', message: `at most ${limit.max} ${limit.what} per ${limit.windowSeconds / 60} minutes from one network address` }],
      { headers: { 'retry-after': String(retryAfterSeconds) } },
    );
  }
}

/** Counts one request of `action` from the event's client; throws TooManyRequests (429, Retry-After) over the limit. */
export async function limitClient(event: HttpEvent, action: LimitedAction, nowMs = Date.now()): Promise<void> {
  const limit = CLIENT_LIMITS[action];
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  const client = clientBucket(event.requestContext.http.sourceIp ?? '');
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `RATE#${action}#${client}`, sk: `WINDOW#${new Date(windowStart).toISOString()}` },
        UpdateExpression: 'ADD hits :one SET entity = :entity, expiresAtEpoch = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': limit.max, ':entity': 'rate', ':expires': Math.ceil(windowEnd / 1000) },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new TooManyRequests(action, Math.max(1, Math.ceil((windowEnd - nowMs) / 1000)));
    throw error;
  }
}
