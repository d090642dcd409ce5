// The meter of what AWS would bill (GET /local/meter): one application's
// intake counts invocations, transitions, DynamoDB units, S3 requests and
// bytes, and an email. Figures are never asserted, only that they are seen.
import { describe, expect, it } from 'vitest';
import { adminToken, api, applyFully, createCall, waitForDecision } from '../support/client.ts';

describe('the meter', () => {
  it('counts what one application\'s intake would be billed for', async () => {
    // Prepare
    const call = await createCall();
    expect((await api('/local/meter', { method: 'DELETE', token: adminToken() })).status).toBe(200);

    // Act
    const draft = await applyFully(call.callId);
    await waitForDecision(draft.applicationId, draft.accessToken);
    const { status, body } = await api('/local/meter', { token: adminToken() });

    // Assess
    expect(status).toBe(200);
    expect(body.lambda['api-applications'].invocations).toBeGreaterThan(0);
    expect(body.lambda['api-applications'].gbSeconds).toBeGreaterThan(0);
    expect(body.api.meteredRequests).toBeGreaterThanOrEqual(body.api.requests);
    expect(body.stepFunctions.transitions.intake).toBeGreaterThan(0);
    const units = Object.values(body.dynamodb as Record<string, { readUnits: number; writeUnits: number }>);
    expect(units.reduce((n, u) => n + u.writeUnits, 0)).toBeGreaterThan(0);
    expect(units.reduce((n, u) => n + u.readUnits, 0)).toBeGreaterThan(0);
    expect(body.s3.requests.tier1.PostObject).toBe(4);
    expect(body.s3.created.bytes).toBeGreaterThan(0);
    expect(body.ses.messages).toBeGreaterThan(0);
    expect((await api('/local/meter')).status).toBe(401);
  });
});
