import { describe, expect, it } from 'vitest';
import { adminToken, api, createCall } from '../support/client.ts';

const reviewer = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `Reviewer ${n}`,
  email: `reviewer${n}-${Date.now()}@experts.example.org`,
  country: 'CH',
  languages: ['en', 'fr'],
  regions: ['african', 'eastern-european'],
  expertise: ['protection', 'legal-assistance'],
  conflicts: { organisations: [{ registrationCountry: 'AL', registrationNumber: 'DE-1' }], countries: ['RS'] },
  maxLoad: 10,
  ...extra,
});

describe('reviewers of a call', () => {
  it('registers reviewers and lists them with their load', async () => {
    const call = await createCall();
    const created = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [reviewer(1), reviewer(2, { conflicts: undefined })] },
    });
    expect(created.status).toBe(201);
    expect(created.body.reviewers).toHaveLength(2);
    expect(created.body.reviewers[1].conflicts).toEqual({ organisations: [], countries: [] });

    const listed = await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken() });
    expect(listed.status).toBe(200);
    expect(listed.body.reviewers.map((r: { name: string; load: number }) => [r.name, r.load]).sort()).toEqual([
      ['Reviewer 1', 0],
      ['Reviewer 2', 0],
    ]);
  });

  it('registers an email once per call, and nothing of a batch that repeats one', async () => {
    const call = await createCall();
    const first = reviewer(3);
    expect((await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: [first] } })).status).toBe(201);

    const again = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [reviewer(4), { ...reviewer(5), email: first.email.toUpperCase() }] },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'DUPLICATE_REVIEWER', details: [{ path: 'reviewers[1].email' }] });
    const listed = await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken() });
    expect(listed.body.reviewers).toHaveLength(1);

    const sixth = reviewer(6);
    const twiceInOne = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [sixth, reviewer(7), { ...reviewer(8), email: sixth.email }] },
    });
    expect(twiceInOne.status).toBe(409);
    expect(twiceInOne.body.error.details[0].path).toBe('reviewers[2].email');
  });

  it('names every bad field', async () => {
    const call = await createCall();
    const response = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [reviewer(9, { languages: ['english'], regions: ['europe'], maxLoad: 0, country: 'XX' })] },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'reviewers[0].country',
      'reviewers[0].languages[0]',
      'reviewers[0].maxLoad',
      'reviewers[0].regions[0]',
    ]);
  });

  it('needs the secretariat token and a known call', async () => {
    expect((await api('/admin/calls/nope/reviewers')).status).toBe(401);
    expect((await api('/admin/calls/00000000-0000-4000-8000-000000000000/reviewers', { token: adminToken() })).status).toBe(404);
  });
});
