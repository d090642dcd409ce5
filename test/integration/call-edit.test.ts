// The secretariat changes a call's settings through the API, within what its
// stage allows, and gives a waiting review to another reviewer by hand.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, createCall, reviewerInvitation, sampleApplication, until, virtualNow, waitForDecision } from '../support/client.ts';

const day = 86_400_000;
const patch = (callId: string, body: unknown) => api(`/admin/calls/${callId}`, { method: 'PATCH', body, token: adminToken() });

describe('changing a call', () => {
  it('changes anything before the opening, then only what does not judge applications, and names what it refuses', async () => {
    const now = await virtualNow();
    const upcoming = await createCall({ title: `Edit me ${Date.now()}`, opensAt: new Date(now.getTime() + 10 * day).toISOString(), closesAt: new Date(now.getTime() + 40 * day).toISOString() });

    // Before the opening: the rules too.
    const early = await patch(upcoming.callId, { maxGrantUsd: 50_000, actionLines: ['protection', 'legal-assistance'] });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ maxGrantUsd: 50_000, actionLines: ['protection', 'legal-assistance'], budgetUsd: 1_500_000 });

    // The whole call is checked again: a cap above the budget is named, and nothing changes.
    const over = await patch(upcoming.callId, { budgetUsd: 40_000, title: 'Smaller' });
    expect(over.status).toBe(400);
    expect(over.body.error.details).toContainEqual({ path: 'maxGrantUsd', message: 'must not exceed budgetUsd' });
    const unknown = await patch(upcoming.callId, { budget: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'budget', message: 'is not a setting of a call' }]);
    expect((await patch(upcoming.callId, {})).status).toBe(400);
    expect((await api(`/admin/calls/${upcoming.callId}`, { method: 'PATCH', rawBody: 'title=x', contentType: 'application/x-www-form-urlencoded', token: adminToken() })).status).toBe(415);
    expect((await api(`/admin/calls/${upcoming.callId}`, { method: 'PATCH', body: { title: 'No token' } })).status).toBe(401);
    expect((await patch('no-such-call', { title: 'Nobody' })).status).toBe(404);
    const stored = (await api('/admin/calls', { token: adminToken() })).body.calls.find((c: { callId: string }) => c.callId === upcoming.callId);
    expect(stored).toMatchObject({ budgetUsd: 1_500_000, maxGrantUsd: 50_000 });

    // Open: the cap and the action lines are fixed; the budget, the wording and the closing time are not.
    const open = await createCall({ title: `Open call ${Date.now()}` });
    const locked = await patch(open.callId, { maxGrantUsd: 70_000, priorityContexts: [], budgetUsd: 2_000_000 });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('CALL_SETTING_LOCKED');
    expect(locked.body.error.details.map((d: { path: string }) => d.path)).toEqual(['maxGrantUsd', 'priorityContexts']);
    const past = await patch(open.callId, { closesAt: new Date(now.getTime() - day).toISOString() });
    expect(past.status).toBe(409);
    expect(past.body.error.details).toEqual([{ path: 'closesAt', message: expect.stringMatching(/must be in the future/) }]);
    const later = new Date(now.getTime() + 200 * day).toISOString();
    const extended = await patch(open.callId, { closesAt: later, budgetUsd: 2_000_000, description: 'Extended for the second donor.' });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ budgetUsd: 2_000_000, closesAt: later });

    // Audited, with who and what changed.
    const month = (await virtualNow()).toISOString().slice(0, 7);
    const log = (await api(`/admin/audit?month=${month}`, { token: adminToken() })).body.entries as { action: string; actor: string; subject: { callId: string }; before: Record<string, unknown>; after: Record<string, unknown> }[];
    const entry = log.find((e) => e.action === 'call.edit' && e.subject.callId === open.callId);
    expect(entry).toMatchObject({ actor: 'officer@trustfund.local', before: { budgetUsd: 1_500_000 }, after: { budgetUsd: 2_000_000, closesAt: later } });

    // Closed: only the wording.
    expect((await api(`/admin/calls/${open.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    const closed = await patch(open.callId, { budgetUsd: 1_000_000 });
    expect(closed.status).toBe(409);
    expect(closed.body.error.details).toEqual([{ path: 'budgetUsd', message: expect.stringMatching(/once the call has closed/) }]);
    expect((await patch(open.callId, { title: 'Third cycle (renamed)' })).status).toBe(200);
  });

  it('gives a waiting review to the reviewer the secretariat chose, and refuses one in conflict or full', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Hand reassign ${run}`, reviewersPerApplication: 1 });
    const app = await applyFully(call.callId, sampleApplication((a) => (a.organisation.name = `Reassigned NGO ${run}`)));
    await waitForDecision(app.applicationId, app.accessToken);
    const reviewer = (name: string, extra: Record<string, unknown> = {}) => ({ name, email: `${name.toLowerCase()}-${run}@reviewers.example.org`, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 3, ...extra });
    const country = sampleApplication().organisation.registrationCountry as string;
    const registered = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: {
        reviewers: [
          reviewer('First', { languages: ['en', 'fr', 'es'], expertise: ['protection', 'legal-assistance', 'empowerment-prevention'] }),
          reviewer('Chosen'),
          reviewer('Conflicted', { conflicts: { organisations: [], countries: [country] } }),
          reviewer('Busy', { maxLoad: 1 }),
        ],
      },
    });
    expect(registered.status).toBe(201);
    const ids = Object.fromEntries((registered.body.reviewers as { name: string; reviewerId: string }[]).map((r) => [r.name, r.reviewerId]));
    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    const emailOf = (name: string) => reviewer(name).email;
    const { ref: firstRef } = await reviewerInvitation(inject('mailWebUrl'), emailOf('First'));
    const assignments = async () => (await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() })).body.assignments as { reviewerId: string; status: string; reassignedTo?: string; reassignReason?: string }[];
    await until('the review waiting', async () => ((await assignments()).some((a) => a.reviewerId === ids.First && a.status === 'requested') ? true : undefined));

    const reassign = (body: Record<string, unknown>) => api(`/admin/calls/${call.callId}/reassign`, { token: adminToken(), body: { applicationId: app.applicationId, fromReviewerId: ids.First, reason: 'Away for a month', ...body } });
    const conflicted = await reassign({ toReviewerId: ids.Conflicted });
    expect(conflicted.status).toBe(409);
    expect(conflicted.body.error).toMatchObject({ code: 'CONFLICT_OF_INTEREST', details: [{ path: 'toReviewerId', message: expect.stringMatching(/conflict/) }] });
    expect((await reassign({ toReviewerId: ids.First })).body.error.code).toBe('ALREADY_ASSIGNED');
    expect((await reassign({ toReviewerId: 'nobody' })).status).toBe(400);
    expect((await reassign({ toReviewerId: ids.Chosen, reason: '' })).body.error.details).toContainEqual({ path: 'reason', message: expect.any(String) });
    expect((await api(`/admin/calls/${call.callId}/reassign`, { body: { applicationId: app.applicationId } })).status).toBe(401);

    const done = await reassign({ toReviewerId: ids.Chosen });
    expect(done.status).toBe(202);
    expect(done.body).toMatchObject({ from: ids.First, to: ids.Chosen, status: 'reassigned' });
    // The chosen reviewer is told of the task added to their page; the first one is told, and their page shows it reassigned away, closed.
    const chosenMail = await until('the chosen reviewer asked', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.subject.startsWith('Review added') && m.to.includes(emailOf('Chosen'))));
    expect(chosenMail.text).toContain(`Reassigned NGO ${run}`);
    await until('the first reviewer told', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.subject.startsWith('Review withdrawn') && m.to.includes(emailOf('First'))));
    expect((await api(`/reviewer/${firstRef}`)).body.tasks).toEqual([expect.objectContaining({ applicationId: app.applicationId, state: 'reassigned-away' })]);
    expect((await api(`/reviewer/${firstRef}/tasks/${app.applicationId}/declaration`, { body: { conflict: false } })).body.error.code).toBe('TASK_CLOSED');
    const after = await assignments();
    expect(after.find((a) => a.reviewerId === ids.First)).toMatchObject({ status: 'reassigned', reassignedTo: ids.Chosen, reassignReason: 'Away for a month' });
    expect(after.find((a) => a.reviewerId === ids.Chosen)).toMatchObject({ status: 'requested' });
    // A review no longer waiting cannot be handed over again.
    expect((await reassign({ toReviewerId: ids.Busy })).body.error.code).toBe('REVIEW_NOT_WAITING');
    const loads = Object.fromEntries(((await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken() })).body.reviewers as { name: string; load: number }[]).map((r) => [r.name, r.load]));
    expect(loads).toMatchObject({ First: 0, Chosen: 1 });
  });

  it('lets a closing time moved by the secretariat win over a tick that read the old one', async () => {
    Object.assign(process.env, { TABLE_NAME: 'grants', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbUrl') });
    const { markReviewStarted } = await import('../../shared/repository/calls.ts');
    const now = await virtualNow();
    const call = await createCall({ title: `Race ${Date.now()}`, closesAt: new Date(now.getTime() + 10 * day).toISOString() });
    const read = call.closesAt as string;
    // The secretariat extends the call after the tick has read it...
    expect((await patch(call.callId, { closesAt: new Date(now.getTime() + 40 * day).toISOString() })).status).toBe(200);
    // ...so the tick's closing, conditional on the time it read, does nothing; the current time closes it.
    const review = { status: 'running' as const, attempt: 1, closedAt: now.toISOString() };
    expect(await markReviewStarted(call.callId, review, read)).toBe(false);
    const current = (await api('/admin/calls', { token: adminToken() })).body.calls.find((c: { callId: string }) => c.callId === call.callId);
    expect(current.review).toBeUndefined();
    expect(await markReviewStarted(call.callId, review, current.closesAt)).toBe(true);
  });
});
