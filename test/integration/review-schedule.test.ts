// The time side of a review, on the virtual clock: the call closes by itself
// at its closing time, reminders go out 7 and 2 days before the deadline as
// one digest per reviewer with a link to their page; and an assignment that cannot be made stops with a report
// until the secretariat adds reviewers.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, createCall, reviewerInvitation, reviewerPost, reviewTask, sampleApplication, until, virtualNow, waitForDecision } from '../support/client.ts';

const mailTo = async (emails: string[], subject: RegExp) =>
  (await listMail(inject('mailWebUrl')))
    .filter((m) => subject.test(m.subject) && m.to.some((to) => emails.includes(to)))
    .map((m) => ({ to: m.to[0]!, subject: m.subject, ref: /\/reviewer\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1] }));

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
  it('closes at the closing time and sends each reviewer one digest per mark before the deadline', async () => {
    const run = Date.now();
    const opened = await virtualNow();
    const call = await createCall({ title: `Scheduled call ${run}`, closesAt: new Date(opened.getTime() + 2 * 3600_000).toISOString(), reviewPeriodDays: 14 });
    await applyThree(call.callId);
    const people = reviewers(run, 2);
    const emails = people.map((p) => p.email);
    expect((await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: people } })).status).toBe(201);

    // Nobody closes it by hand: the clock passes the closing time. Each reviewer has all three applications, and one invitation.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'PT3H' } });
    const invitations = await Promise.all(emails.map((email) => reviewerInvitation(inject('mailWebUrl'), email)));
    for (const { mail } of invitations) expect(mail.subject).toBe(`Your reviews for "${call.title}": 3 applications`);

    // Seven days before the deadline: one digest per reviewer (not one per task), each with a link to the same page.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'P7D' } });
    const firstDigests = await until('2 digests', async () => {
      const found = await mailTo(emails, /^Reminder: /);
      return found.length >= 2 ? found : undefined;
    });
    expect(firstDigests.map((d) => d.subject)).toEqual([`Reminder: 3 of 3 reviews still to do (${call.title})`, `Reminder: 3 of 3 reviews still to do (${call.title})`]);
    const viaDigest = firstDigests[0]!;
    const listed = (await api(`/reviewer/${viaDigest.ref}`)).body.tasks as { applicationId: string }[];
    expect(listed).toHaveLength(3);
    await reviewTask(viaDigest.ref!, listed[0]!.applicationId, () => scores);

    // Two days before the deadline: a second digest each, with what is left; no repeat of the first.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'P5D' } });
    const all = await until('2 more digests', async () => {
      const found = await mailTo(emails, /^Reminder: /);
      return found.length >= 4 ? found : undefined;
    });
    expect(all).toHaveLength(4);
    const second = all.slice(2).find((d) => d.to === viaDigest.to)!;
    expect(second.subject).toBe(`Reminder: 2 of 3 reviews still to do (${call.title})`);

    // One finds a conflict of interest while reading: declared on the page, it declines the task (nobody is left to take it).
    const finder = invitations.find((i) => i.mail.to[0] !== viaDigest.to)!;
    const found = ((await api(`/reviewer/${finder.ref}`)).body.tasks as { applicationId: string }[])[0]!.applicationId;
    expect((await api(`/reviewer/${finder.ref}/tasks/${found}/decline`, { body: { reason: 'conflict-of-interest', conflict: 'The director is a former colleague.' } })).body.error.code).toBe('DECLARATION_FIRST');
    expect((await reviewerPost(finder.ref, found, 'declaration', { conflict: false })).status).toBe(200);
    expect((await reviewerPost(finder.ref, found, 'decline', { reason: 'conflict-of-interest', conflict: 'The director is a former colleague.' })).status).toBe(200);
    expect((await api(`/reviewer/${finder.ref}/tasks/${found}`)).body).toMatchObject({ state: 'declined', declaration: { conflict: true } });

    // The reviewers answer from their pages (the invitation's link, or the latest digest's: the same page); the ranking follows.
    for (const { ref } of invitations) {
      for (const task of (await api(`/reviewer/${ref}`)).body.tasks as { applicationId: string; state: string }[]) {
        if (task.state === 'to-do') await reviewTask(ref, task.applicationId, () => scores);
      }
    }
    const ranking = await until('the ranking', async () => {
      const response = await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(3);
    expect(await mailTo(emails, /^Reminder: /)).toHaveLength(4);
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
    const invitations = await until('2 invitations after the resume', async () => {
      const found = await mailTo(others.map((o) => o.email), /^Your reviews for/);
      return found.length >= 2 ? found : undefined;
    });
    expect(invitations.map((m) => m.subject)).toEqual([`Your reviews for "${call.title}": 3 applications`, `Your reviews for "${call.title}": 3 applications`]);
    expect(await mailTo(sameCountry.map((o) => o.email), /^Your reviews for/)).toEqual([]);
  });
});
