// The API's contract at its edges: validation errors that name every field,
// content types, sizes, authentication, the public listing and OpenAPI.
import { describe, expect, it } from 'vitest';
import { isApiRoute, routes } from '../../infra/manifest.ts';
import { adminToken, api, createCall, createDraft, sampleApplication } from '../support/client.ts';

const paths = (response: { body: { error: { details: { path: string }[] } } }) =>
  response.body.error.details.map((d) => d.path);

describe('calls', () => {
  it('creates a call with the fund defaults and lists it when open', async () => {
    const call = await createCall();
    expect(call).toMatchObject({
      maxGrantUsd: 60_000,
      minGrantUsd: 0,
      maxDurationMonths: 36,
      minYearsExperience: 1,
      maxOperationalShare: 0.1,
      reviewersPerApplication: 2,
      actionLines: ['protection', 'legal-assistance', 'empowerment-prevention'],
    });
    const admin = await api('/admin/calls', { token: adminToken() });
    expect(admin.body.calls.map((c: { callId: string }) => c.callId)).toContain(call.callId);
    const open = await api('/calls');
    expect(open.body.calls.find((c: { callId: string }) => c.callId === call.callId)).toMatchObject({ open: true });
    const one = await api(`/calls/${call.callId}`);
    expect(one.status).toBe(200);
    expect(one.body.formSchema).toMatchObject({ type: 'object', required: expect.arrayContaining(['organisation', 'project', 'budget']) });
  });

  it('defaults the priority contexts to armed conflict and refugee flows, 10 points each', async () => {
    const { body } = await api('/admin/calls', {
      token: adminToken(),
      body: { title: 'Defaults', budgetUsd: 100_000, opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-02-01T00:00:00Z' },
    });
    expect(body.priorityContexts).toEqual([
      { context: 'armed-conflict', points: 10 },
      { context: 'refugee-flows', points: 10 },
    ]);
  });

  it('needs the secretariat token', async () => {
    expect((await api('/admin/calls')).status).toBe(401);
    expect((await api('/admin/calls', { token: 'wrong' })).status).toBe(401);
    expect((await api('/admin/calls', { body: {} })).status).toBe(401);
  });

  it('names every bad field of a call', async () => {
    const response = await api('/admin/calls', {
      token: adminToken(),
      body: {
        title: 'x',
        budgetUsd: -5,
        opensAt: 'tomorrow',
        closesAt: '2026-01-01T00:00:00Z',
        priorityContexts: [{ context: 'earthquakes', points: 10 }],
        colour: 'blue',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(response)).toEqual(
      expect.arrayContaining(['title', 'budgetUsd', 'opensAt', 'priorityContexts[0].context', 'colour']),
    );
  });

  it('refuses a call that closes before it opens', async () => {
    const response = await api('/admin/calls', {
      token: adminToken(),
      body: { title: 'Backwards', budgetUsd: 100_000, opensAt: '2026-02-01T00:00:00Z', closesAt: '2026-01-01T00:00:00Z' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'closesAt', message: 'must be after opensAt' }]);
  });
});

describe('application validation', () => {
  it('names every bad field, with the rule, without echoing the values', async () => {
    const call = await createCall();
    const application = sampleApplication((a) => {
      a.organisation.registrationCountry = 'XX';
      a.organisation.contact.email = 'not-an-email';
      a.organisation.yearsAssistingVictims = 2.5;
      a.project.actionLines = ['protection', 'cooking'];
      a.project.summary = 'short';
      a.project.startDate = '2027-02-30';
      a.budget.requestedUsd = -100;
      a.budget.lines[0].amountUsd = 10.001;
      a.project.secret = 'extra';
      delete a.organisation.name;
    });

    const response = await api(`/calls/${call.callId}/applications`, { body: application });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const details = Object.fromEntries(response.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(details).toMatchObject({
      'organisation.registrationCountry': 'must be an ISO 3166-1 alpha-2 country code (e.g. AL, EC, NG)',
      'organisation.contact.email': 'must be an email address',
      'organisation.yearsAssistingVictims': 'must be an integer',
      'project.actionLines[1]': 'must be one of: protection, legal-assistance, empowerment-prevention',
      'project.summary': 'must be at least 20 characters',
      'project.startDate': 'must be a date (YYYY-MM-DD)',
      // A draft may leave most fields for later, but not the organisation's name (drafts.test.ts).
      'organisation.name': 'is required',
      'project.secret': 'is not an accepted field',
      'budget.requestedUsd': 'must be greater than 0',
      'budget.lines[0].amountUsd': 'must have at most two decimals (cents)',
    });
    expect(JSON.stringify(response.body)).not.toContain('not-an-email');
  });

  it('refuses absurd amounts at the door, and leaves the cap to eligibility', async () => {
    const call = await createCall();
    const absurd = await api(`/calls/${call.callId}/applications`, {
      body: sampleApplication((a) => (a.budget.requestedUsd = 1e12)),
    });
    expect(absurd.status).toBe(400);
    expect(paths(absurd)).toEqual(['budget.requestedUsd']);
  });

  it('answers malformed JSON, other content types and oversized bodies with 400, 415 and 413', async () => {
    const call = await createCall();
    const url = `/calls/${call.callId}/applications`;

    const malformed = await api(url, { rawBody: '{"organisation": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '(body)', message: 'is not well-formed JSON' }] });

    const form = await api(url, { rawBody: 'a=1', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const huge = await api(url, { rawBody: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const array = await api(url, { body: [1, 2, 3] });
    expect(array.status).toBe(400);
  });

  it('refuses document requests that break the upload rules', async () => {
    const call = await createCall();
    const draft = await createDraft(call.callId);
    const response = await api(`/applications/${draft.applicationId}/documents`, {
      token: draft.accessToken,
      body: { kind: 'selfie', fileName: '', contentType: 'application/x-msdownload', size: 50 * 1024 * 1024 },
    });
    expect(response.status).toBe(400);
    expect(paths(response).sort()).toEqual(['contentType', 'fileName', 'kind', 'size']);
  });
});

describe('OpenAPI', () => {
  it('describes every API route of the stack, with the schemas that validate requests', async () => {
    const { status, body } = await api('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const apiRoutes = routes.filter(isApiRoute);
    for (const route of apiRoutes) {
      expect(body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(body.components.schemas.ApplicationInput.properties.organisation.properties.registrationCountry.enum).toContain('AL');
    expect(body.components.schemas.CallInput.properties.maxGrantUsd.default).toBe(60_000);
  });
});
