// The time side of a review, on the virtual clock: the call closes by itself
// at its closing time, reminders go out 7 and 2 days before the deadline with
// links that work; and an assignment that cannot be made stops with a report
// until the secretariat adds reviewers.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, createCall, sampleApplication, until, virtualNow, waitForDecision } from '../support/client.ts';

const mailTo = async (emails: string[], subject: RegExp) =>
  (await listMail(inject('mailWebUrl')))
    .filter((m) => subject.test(m.subject) && m.to.some((to) => emails.includes(to)))
    .map((m) => ({ to: m.to[0]!, subject: m.subject, ref: /\/review\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1] }));

const scores = { relevance: 4, 'assistance-quality': 4, capacity: 3, 'cost-effectiveness': 5, sustainability: 4 };

function reviewers(run: number, n: number, country = 'CH') {
  return Array.from({ length: n }, (_, i) => ({
    name: `Expert ${i}`,
    email: `expert${i}-${run}-${country}@reviewers.example.org`,
    country,
    languages: ['en'],
    regions: ['eastern-european'],
    expertise: ['protection'],
    maxLoad: 5,
  }));
}

async function applyThree(callId: string) {
  const apps = [];
  for (let i = 0; i < 3; i++) {
    apps.push(await applyFully(callId, sampleApplication((a) => (a.organisation.name = `Schedule NGO ${i}`))));
  }
  for (const app of apps) expect((await waitForDecision(app.applicationId, app.accessToken)).status).toBe('eligible');
  return apps;
}

describe('review on the clock', () => {
  it('closes at the closing time and reminds reviewers before the deadline', async () => {
    const run = Date.now();
    const opened = await virtualNow();
    const call = await createCall({ title: `Scheduled call ${run}`, closesAt: new Date(opened.getTime() + 2 * 3600_000).toISOString(), reviewPeriodDays: 14 });
    await applyThree(call.callId);
    const people = reviewers(run, 2);
    const emails = people.map((p) => p.email);
    expect((await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: people } })).status).toBe(201);

    // Nobody closes it by hand: the clock passes the closing time.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'PT3H' } });
    const requests = await until('6 review requests', async () => {
      const found = await mailTo(emails, /^Review request/);
      return found.length >= 6 ? found : undefined;
    });
    expect(requests).toHaveLength(6);

    // Seven days before the deadline: one reminder per pending review, each with a working link.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'P7D' } });
    const firstReminders = await until('6 reminders', async () => {
      const found = await mailTo(emails, /^Reminder: review/);
      return found.length >= 6 ? found : undefined;
    });
    expect(firstReminders).toHaveLength(6);
    const viaReminder = firstReminders[0]!;
    expect((await api(`/review/${viaReminder.ref}`, { body: { decision: 'score', scores } })).status).toBe(200);
    // The first link of that same review now finds it answered; the reviewer's other two are still open.
    const originals = requests.filter((r) => r.to === viaReminder.to);
    const statuses = await Promise.all(originals.map(async (r) => (await api(`/review/${r.ref}`)).status));
    expect([...statuses].sort()).toEqual([200, 200, 409]);
    const answered = originals[statuses.indexOf(409)]!;
    expect((await api(`/review/${answered.ref}`, { body: { decision: 'score', scores } })).status).toBe(409);

    // Two days before the deadline: a second reminder for the five still pending, and no repeat of the first.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'P5D' } });
    const all = await until('5 more reminders', async () => {
      const found = await mailTo(emails, /^Reminder: review/);
      return found.length >= 11 ? found : undefined;
    });
    expect(all).toHaveLength(11);

    // The reviewers answer through their latest links; the ranking follows.
    for (const reminder of all.slice(6)) {
      expect((await api(`/review/${reminder.ref}`, { body: { decision: 'score', scores } })).status).toBe(200);
    }
    const ranking = await until('the ranking', async () => {
      const response = await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(3);
  });

  it('stops with a report when reviewers are missing, and resumes once they are added', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Blocked call ${run}` });
    await applyThree(call.callId);
    // Reviewers from the applicants' own country conflict with every application.
    const sameCountry = reviewers(run, 2, 'AL');
    await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: sameCountry } });

    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    const blocked = await until('the blocked report', async () => {
      const calls = (await api('/admin/calls', { token: adminToken() })).body.calls;
      const found = calls.find((c: { callId: string }) => c.callId === call.callId);
      return found.review?.status === 'blocked' ? found.review : undefined;
    });
    expect(blocked.shortfalls).toHaveLength(3);
    expect(blocked.shortfalls[0]).toMatchObject({ needed: 2, assigned: 0, eligibleReviewers: 0, reason: 'TOO_FEW_REVIEWERS_WITHOUT_CONFLICT' });
    const notYet = await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() });
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.details[0].message).toBe('is blocked');

    const others = reviewers(run, 2, 'CH');
    await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: others } });
    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);
    const requests = await until('6 review requests after the resume', async () => {
      const found = await mailTo(others.map((o) => o.email), /^Review request/);
      return found.length >= 6 ? found : undefined;
    });
    expect(requests).toHaveLength(6);
    expect(await mailTo(sameCountry.map((o) => o.email), /^Review request/)).toEqual([]);
  });
});
