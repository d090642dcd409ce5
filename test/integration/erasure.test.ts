// Erasure on request (issue 13), through the API, checked by reading the
// table and the bucket directly: an application awarded a grant is refused
// while the grant runs (409 naming it); once the grant is cancelled, one
// member asks with a reason, the same member cannot confirm (four eyes), a
// second one does, and then nothing anywhere in the table or the bucket
// holds the organisation's name, number, contact, title or summary; the
// grant's amounts and the fund's figures are what they were; the audit log
// says what was erased, once, without any of it.
import { describe, expect, inject, it } from 'vitest';
import { everyItem, objectsUnder, partitionOf } from '../support/stores.ts';
import { adminToken, api, awardGrant, virtualNow } from '../support/client.ts';

const DAY = 86_400_000;

describe('erasure on request', () => {
  it('refuses while the grant runs, needs two members, and leaves no personal data and no document behind', { timeout: 120_000 }, async () => {
    const run = `erase-${Date.now()}`;
    const start = new Date((await virtualNow()).getTime() + 30 * DAY).toISOString().slice(0, 10);
    const { grant, input, applied } = await awardGrant(inject('mailWebUrl'), run, start, (a) => {
      a.organisation.contact.phone = `+355 ${run}`;
      a.organisation.website = `https://${run}.example.org`;
      a.project.title = `Safe homes ${run}`;
      a.project.summary = `Shelter and care for survivors in Tirana, project ${run}.`;
    });
    const applicationId = applied.applicationId as string;
    const personal: string[] = [input.organisation.name, input.organisation.registrationNumber, input.organisation.contact.email, input.project.title, input.project.summary, `+355 ${run}`];
    const holding = async () => (await everyItem()).filter((item) => personal.some((p) => JSON.stringify(item).includes(p)));
    expect((await holding()).length).toBeGreaterThanOrEqual(3);
    expect((await objectsUnder(`applications/${applicationId}/`)).length).toBeGreaterThanOrEqual(4);

    // A grant still running: 409, naming it.
    const refused = await api(`/admin/applications/${applicationId}/erasure`, { token: adminToken(), body: { reason: 'The organisation asked for its data to be erased.' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'GRANT_ACTIVE', details: [{ path: 'grant', message: expect.stringContaining(grant.grantId) }] });
    const badInput = await api(`/admin/applications/${applicationId}/erasure`, { token: adminToken(), body: { reason: '' } });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error.details[0].path).toBe('reason');

    const cancelled = await api(`/admin/grants/${grant.grantId}/cancel`, { token: adminToken(), body: { by: 'grantee', reason: 'The organisation closed its shelter.' } });
    expect(cancelled.status).toBe(200);
    const impactBefore = (await api('/admin/impact', { token: adminToken() })).body;
    const grantBefore = (await api(`/admin/grants?callId=${grant.callId}`, { token: adminToken() })).body.grants[0];

    // Four eyes: one asks, the same one cannot confirm, a second one does.
    const nothingYet = await api(`/admin/applications/${applicationId}/erasure/confirm`, { method: 'POST', token: inject('financeToken') });
    expect(nothingYet.body.error?.code).toBe('NO_ERASURE_REQUEST');
    const requested = await api(`/admin/applications/${applicationId}/erasure`, { token: adminToken(), body: { reason: 'The organisation asked for its data to be erased.' } });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ status: 'awaiting-confirmation', reason: 'The organisation asked for its data to be erased.' });
    const again = await api(`/admin/applications/${applicationId}/erasure`, { token: inject('financeToken'), body: { reason: 'Asked twice.' } });
    expect(again.body.error?.code).toBe('ERASURE_REQUESTED');
    const sameHands = await api(`/admin/applications/${applicationId}/erasure/confirm`, { method: 'POST', token: adminToken() });
    expect(sameHands.status).toBe(403);
    expect(sameHands.body.error.code).toBe('FOUR_EYES');
    expect((await holding()).length).toBeGreaterThanOrEqual(3);
    const confirmed = await api(`/admin/applications/${applicationId}/erasure/confirm`, { method: 'POST', token: inject('financeToken') });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ result: 'erased', counts: { grant: 1, 'contact-index': 1, 'organisation-guard': 1 } });
    expect(confirmed.body.counts.objects).toBeGreaterThanOrEqual(4);

    // Nothing in the table holds any of it, and the bucket holds no document of it.
    expect((await holding()).map((item) => `${item.pk} ${item.sk}`)).toEqual([]);
    expect(await objectsUnder(`applications/${applicationId}/`)).toEqual([]);
    const app = (await partitionOf(`APP#${applicationId}`)).find((item) => item.sk === 'META')!;
    expect(app.gsi2pk).toBeUndefined();
    expect(app.input.organisation).toMatchObject({ name: '(erased)', registrationCountry: input.organisation.registrationCountry, type: input.organisation.type, contact: { name: '(erased)', email: '(erased)' } });
    expect(app.input.organisation.website).toBeUndefined();
    expect(app.input.budget.lines.map((l: { description: string; amountUsd: number }) => [l.description, l.amountUsd])).toEqual(input.budget.lines.map((l: { amountUsd: number }) => ['(erased)', l.amountUsd]));
    expect(app.erasure).toMatchObject({ startedAt: expect.any(String), completedAt: expect.any(String), cause: 'request' });

    // What no one can be singled out by is still there and still adds up.
    const grantAfter = (await api(`/admin/grants?callId=${grant.callId}`, { token: adminToken() })).body.grants[0];
    expect(grantAfter).toMatchObject({ grantId: grant.grantId, amountUsd: grantBefore.amountUsd, countries: grantBefore.countries, status: 'cancelled', schedule: grantBefore.schedule, organisation: { name: '(erased)', registrationCountry: grantBefore.organisation.registrationCountry } });
    expect((await api('/admin/impact', { token: adminToken() })).body).toEqual(impactBefore);
    const state = await api(`/admin/applications/${applicationId}/erasure`, { token: adminToken() });
    expect(state.body).toMatchObject({ completedAt: app.erasure.completedAt, request: { confirmedBy: expect.any(String), requestedBy: expect.any(String) } });
    expect(state.body.request.confirmedBy).not.toBe(state.body.request.requestedBy);

    // Once: confirming again erases nothing more; the audit log says it once, with kinds and counts only.
    const twice = await api(`/admin/applications/${applicationId}/erasure/confirm`, { method: 'POST', token: inject('financeToken') });
    expect(twice.body.error?.code).toBe('ALREADY_ERASED');
    const month = String(app.erasure.completedAt).slice(0, 7);
    const entries = (await api(`/admin/audit?month=${month}`, { token: adminToken() })).body.entries as { action: string; subject: Record<string, string>; after: any }[];
    const erased = entries.filter((e) => e.action === 'application.erase' && e.subject.applicationId === applicationId);
    expect(erased).toHaveLength(1);
    expect(erased[0]!.after).toMatchObject({ cause: 'request', erased: { application: 1, grant: 1 } });
    expect(entries.filter((e) => e.action === 'application.erasure.request' && e.subject.applicationId === applicationId)).toHaveLength(1);
    expect(personal.filter((p) => JSON.stringify(entries).includes(p))).toEqual([]);
  });
});
