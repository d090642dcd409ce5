// The local meter of what AWS would bill (infra/local/meter.ts): each count
// as the pricing pages define it.
import { describe, expect, it } from 'vitest';
import { API_METERING_BYTES, kmsEstimate, Meter, report, s3Class } from '../../infra/local/meter.ts';

describe('the meter', () => {
  it('bills Lambda by the millisecond, rounded up, at the memory of the manifest', () => {
    // Prepare
    const meter = new Meter();

    // Act: api-applications has 512 MB in the manifest
    meter.lambda('api-applications', 10.2);
    meter.lambda('api-applications', 0.1);

    // Assess
    const usage = meter.read().lambda['api-applications']!;
    expect(usage).toMatchObject({ invocations: 2, billedMs: 12 });
    expect(usage.gbSeconds).toBeCloseTo(0.5 * 0.012, 10);
  });

  it('meters API requests in 512 KB increments of the larger body', () => {
    const meter = new Meter();
    meter.apiRequest(100, 2_000);
    meter.apiRequest(API_METERING_BYTES + 1, 10);
    expect(meter.read().api).toEqual({ requests: 2, meteredRequests: 3 });
  });

  it('takes DynamoDB Local\'s consumed capacity, and estimates the writes a condition refused', () => {
    const meter = new Meter();
    meter.dynamodb('intake-store', 'GetItem', {}, { CapacityUnits: 0.5 });
    meter.dynamodb('intake-store', 'TransactWriteItems', { TransactItems: [{}, {}] }, [{ CapacityUnits: 4, WriteCapacityUnits: 4 }]);
    meter.dynamodb('intake-store', 'PutItem', {}, undefined, true);
    expect(meter.read().dynamodb['intake-store']).toEqual({ requests: 3, readUnits: 0.5, writeUnits: 4, itemWrites: 2, estimatedWriteUnits: 1 });
  });

  it('sorts S3 requests into their pricing classes and sizes the objects created', () => {
    expect([s3Class('PutObject'), s3Class('ListObjectVersions'), s3Class('HeadObject'), s3Class('DeleteObject')]).toEqual(['tier1', 'tier1', 'tier2', 'free']);
    const meter = new Meter();
    meter.s3('PostObject', 'a');
    meter.s3('PostObject', 'never-uploaded');
    meter.s3('CopyObject', 'b');
    meter.s3('GetObjectLink');
    const shown = report(meter.read(), new Map([['a', 100], ['b', 100], ['older', 50]]));
    expect(shown.s3.created).toEqual({ objects: 2, bytes: 200 });
    expect(shown.s3.stored).toEqual({ objects: 3, bytes: 250 });
    expect(kmsEstimate(meter.read())).toEqual({ generateDataKey: 3, decrypt: 2 });
  });

  it('starts again from nothing when reset', () => {
    const meter = new Meter();
    meter.sesMessage();
    meter.transition('intake');
    meter.reset();
    expect(meter.read()).toMatchObject({ ses: { messages: 0 }, stepFunctions: { transitions: {} } });
  });
});
