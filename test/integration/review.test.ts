// A call through review, as its people meet it: a dozen NGOs apply, the
// secretariat registers reviewers and closes the call, reviewers follow the
// links in their emails — most score, one declines, one lets the deadline
// pass (the virtual clock moves) — and the ranking comes out.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, createCall, sampleApplication, until, waitForDecision } from '../support/client.ts';

const COUNTRIES = ['AL', 'EC', 'NG', 'TH', 'GT', 'RS', 'NP', 'SN', 'MX', 'BD', 'ET', 'RO'];

const reviewLinks = async (emails: string[]) =>
  (await listMail(inject('mailWebUrl')))
    .filter((m) => /^Review request/.test(m.subject) && m.to.some((to) => emails.includes(to)))
    .map((m) => ({ to: m.to[0]!, ref: /\/review\/([A-Za-z0-9_-]{43})/.exec(m.text)![1]! }));

const scoreAll = (n: number) => ({
  relevance: n,
  'assistance-quality': n,
  capacity: n,
  'cost-effectiveness': n,
  sustainability: n,
});

describe('review of a call', () => {
  it('assigns, collects scores through the emailed links, reassigns on decline and on a missed deadline, and ranks', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Review call ${run}`, reviewPeriodDays: 14, reviewersPerApplication: 2 });

    // A dozen applications, some with priority contexts.
    const apps = [];
    for (const [i, country] of COUNTRIES.entries()) {
      const draft = await applyFully(
        call.callId,
        sampleApplication((a) => {
          a.organisation.name = `NGO ${i} of ${country}`;
          a.organisation.registrationCountry = country;
          a.project.countries = [country];
          a.project.contexts = i % 3 === 0 ? a.project.contexts : [];
        }),
      );
      apps.push(draft);
    }
    for (const app of apps) expect((await waitForDecision(app.applicationId, app.accessToken)).status).toBe('eligible');

    // Five reviewers; one has a declared conflict with the first NGO's country.
    const emails = Array.from({ length: 5 }, (_, i) => `expert${i}-${run}@reviewers.example.org`);
    const registered = await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: {
        reviewers: emails.map((email, i) => ({
          name: `Expert ${i}`,
          email,
          country: 'CH',
          languages: ['en'],
          regions: ['african', 'eastern-european'],
          expertise: ['protection'],
          conflicts: { organisations: [], countries: i === 0 ? ['AL'] : [] },
          maxLoad: 7,
        })),
      },
    });
    expect(registered.status).toBe(201);

    // Not ranked before the review.
    expect((await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() })).status).toBe(409);

    const closed = await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });
    expect(closed.status).toBe(202);
    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202); // harmless twice

    const first = await until('24 review emails', async () => {
      const links = await reviewLinks(emails);
      return links.length >= 24 ? links : undefined;
    });
    expect(first).toHaveLength(24);
    const reviewers = await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken() });
    const loads = reviewers.body.reviewers.map((r: { load: number }) => r.load).sort();
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    const listed = await api(`/admin/calls/${call.callId}/applications`, { token: adminToken() });
    expect(listed.body.applications.every((a: { status: string }) => a.status === 'in-review')).toBe(true);
    // Each assignment says why it was made; no token leaves the server.
    const assignments = await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() });
    expect(assignments.body.assignments).toHaveLength(24);
    for (const a of assignments.body.assignments) {
      expect(a.affinity).toEqual({ language: 3, region: expect.any(Number), expertise: expect.any(Number), total: expect.any(Number) });
    }
    expect(JSON.stringify(assignments.body)).not.toMatch(/taskToken|linkHash/);
    const expertZero = registered.body.reviewers[0].reviewerId;
    const albanian = apps[0]!.applicationId;
    expect(assignments.body.assignments.some((a: { applicationId: string; reviewerId: string }) => a.applicationId === albanian && a.reviewerId === expertZero)).toBe(false);

    // The review page, as JSON; GET never uses the link.
    const page = await api(`/review/${first[0]!.ref}`);
    expect(page.status).toBe(200);
    expect(page.body.criteria).toHaveLength(5);
    expect(page.body.documents).toHaveLength(4);
    expect(page.body.documents[0].url).toMatch(/X-Amz-Expires=300/);

    // Bad answers name the criterion and use nothing.
    const bad = await api(`/review/${first[0]!.ref}`, { body: { decision: 'score', scores: { ...scoreAll(4), relevance: 7 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('scores.relevance');
    const missing = await api(`/review/${first[0]!.ref}`, { body: { decision: 'score', scores: { relevance: 4 } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toContain('scores.capacity');

    // One declines, one will miss the deadline, one answers through the HTML form, the rest by JSON.
    const [declined, late, byForm, ...rest] = first;
    expect((await api(`/review/${declined!.ref}`, { body: { decision: 'decline', reason: 'conflict-of-interest' } })).status).toBe(200);
    const form = await fetch(`${inject('apiUrl')}/review/${byForm!.ref}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ decision: 'score', ...Object.fromEntries(Object.entries(scoreAll(5)).map(([k, v]) => [`score.${k}`, String(v)])), comments: 'Strong' }),
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('total 100 out of 100');
    for (const [i, link] of rest.entries()) {
      const answered = await api(`/review/${link.ref}`, { body: { decision: 'score', scores: scoreAll(1 + (i % 5)), comments: 'ok' } });
      expect(answered.status).toBe(200);
    }

    // A double submit does not make two reviews; a used link answers 409; a tampered one 404.
    const again = await api(`/review/${rest[0]!.ref}`, { body: { decision: 'score', scores: scoreAll(5) } });
    expect(again.status).toBe(409);
    expect((await api(`/review/${rest[0]!.ref}`)).status).toBe(409);
    const tampered = (rest[0]!.ref[0] === 'A' ? 'B' : 'A') + rest[0]!.ref.slice(1);
    expect((await api(`/review/${tampered}`)).status).toBe(404);

    // The decline went to another reviewer, who answers.
    const afterDecline = await until('the reassigned review', async () => {
      const links = await reviewLinks(emails);
      return links.length >= 25 ? links.slice(24) : undefined;
    });
    expect(afterDecline).toHaveLength(1);
    expect(afterDecline[0]!.to).not.toBe(declined!.to);
    expect((await api(`/review/${afterDecline[0]!.ref}`, { body: { decision: 'score', scores: scoreAll(3) } })).status).toBe(200);

    // The late reviewer's deadline passes on the virtual clock: their link expires and the review moves on.
    expect((await api('/local/clock', { token: adminToken(), body: { advanceBy: 'P15D' } })).status).toBe(200);
    const afterTimeout = await until('the review after the deadline', async () => {
      const links = await reviewLinks(emails);
      return links.length >= 26 ? links.slice(25) : undefined;
    });
    expect((await api(`/review/${late!.ref}`)).status).toBe(410);
    expect((await api(`/review/${afterTimeout[0]!.ref}`, { body: { decision: 'score', scores: scoreAll(4) } })).status).toBe(200);

    // Every review is in: the ranking.
    const ranking = await until('the ranking', async () => {
      const response = await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(12);
    for (const [i, entry] of ranking.ranking.entries()) {
      expect(entry.rank).toBe(i + 1);
      expect(entry.reviewTotals).toHaveLength(2);
      expect(entry.finalScore).toBeCloseTo(entry.meanReview + entry.priorityPoints, 2);
      if (i > 0) expect(ranking.ranking[i - 1].finalScore).toBeGreaterThanOrEqual(entry.finalScore);
    }
    const statuses = await api(`/admin/calls/${call.callId}/applications`, { token: adminToken() });
    expect(statuses.body.applications.every((a: { status: string }) => a.status === 'reviewed')).toBe(true);
  });
});
