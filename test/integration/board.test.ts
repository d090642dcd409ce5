// The Board's decision, end to end through the same paths users take: a
// ranked call, the slate submitted (not over budget), five ballots read from
// the trustees' emails (one declared conflict, recusals, an abstention, one
// trustee who never votes), the vote closing at its deadline on the virtual
// clock, the tally of each project at its edge, the decisions, the grants
// with their plans, and the email each applicant and the secretariat got.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { listMail, type Mail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, apiUrl, applyFully, createCall, reviewerInvitation, reviewTask, sampleApplication, until, virtualNow, waitForDecision, trusteeTerm } from '../support/client.ts';

const scores = (n: number) => ({ relevance: n, 'assistance-quality': n, capacity: n, 'cost-effectiveness': n, sustainability: n });
const refOf = (mail: Mail, kind: 'ballot') => new RegExp(`/${kind}/([A-Za-z0-9_-]{43})`).exec(mail.text)![1]!;

async function mailTo(address: string, subject?: RegExp): Promise<Mail[]> {
  return (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(address) && (!subject || subject.test(m.subject)));
}

type Vote = 'approve' | 'reject' | 'abstain' | 'recuse';

const pdfDir = mkdtempSync(join(tmpdir(), 'board-'));
afterAll(() => rmSync(pdfDir, { recursive: true, force: true }));
let pdfs = 0;
/** A PDF's text (pdftotext), every run of white space one space. */
function pdfText(bytes: ArrayBuffer): string {
  const file = join(pdfDir, `${++pdfs}.pdf`);
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe("the Board's decision", () => {
  it('runs from the ranking through the slate and five ballots to decisions, grants and emails', { timeout: 240_000 }, async () => {
    const admin = { token: adminToken() };
    const run = `${Date.now()}`;
    const registrationOf = (letter: string) => `AL-${letter}-${run}`;

    // The Board: five trustees; the first declared a conflict with C's organisation.
    const trusteeEmail = (n: number) => `trustee${n}-${run}@board.example.org`;
    const term = await trusteeTerm();
    const registered = await api('/admin/trustees', {
      ...admin,
      body: {
        trustees: [1, 2, 3, 4, 5].map((n) => ({
          name: `Trustee ${n}`,
          email: trusteeEmail(n),
          ...term,
          ...(n === 1 ? { conflicts: { organisations: [{ registrationCountry: 'AL', registrationNumber: registrationOf('C') }] } } : {}),
        })),
      },
    });
    expect(registered.status).toBe(201);
    const trusteeIds: string[] = registered.body.trustees.map((t: { trusteeId: string }) => t.trusteeId);
    // The call names its five voters (the Board registry is shared with other tests).
    const call = await createCall({ title: `Board call ${run}`, budgetUsd: 150_000, minGrantUsd: 10_000, reviewersPerApplication: 1, trusteeIds });

    // Five projects for the ranking (A best), and one over the cap (ineligible: it was told at intake).
    const plan = [
      ['A', 60_000],
      ['B', 45_000],
      ['C', 30_000],
      ['D', 15_000],
      ['E', 40_000],
      ['F', 70_000],
    ] as const;
    const apps: Record<string, { applicationId: string; accessToken: string; email: string }> = {};
    for (const [letter, amount] of plan) {
      const input = sampleApplication((a) => {
        a.organisation.name = `${letter} Association ${run}`;
        a.organisation.registrationNumber = registrationOf(letter);
        a.budget = {
          requestedUsd: amount,
          lines: [
            { category: 'direct-assistance', description: 'Care', amountUsd: amount * 0.9 },
            { category: 'operational', description: 'Office', amountUsd: amount * 0.1 },
          ],
        };
      });
      apps[letter] = { ...(await applyFully(call.callId, input)), email: input.organisation.contact.email };
    }
    for (const app of Object.values(apps)) await waitForDecision(app.applicationId, app.accessToken);
    const id = (letter: string) => apps[letter]!.applicationId;

    // Review: one reviewer, scores that rank A > B > C > D > E.
    const reviewer = `board-reviewer-${run}@reviewers.example.org`;
    await api(`/admin/calls/${call.callId}/reviewers`, {
      ...admin,
      body: { reviewers: [{ name: 'Board Reviewer', email: reviewer, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 10 }] },
    });
    await api(`/admin/calls/${call.callId}/close`, { ...admin, method: 'POST' });
    const { ref: pageRef } = await reviewerInvitation(inject('mailWebUrl'), reviewer);
    const listed = (await api(`/reviewer/${pageRef}`)).body.tasks as { applicationId: string }[];
    expect(listed).toHaveLength(5);
    for (const { applicationId } of listed) {
      await reviewTask(pageRef, applicationId, (task) => scores(5 - 'ABCDE'.indexOf((task.application.organisation.name as string)[0]!)));
    }
    await until('the ranking', async () => ((await api(`/admin/calls/${call.callId}/ranking`, admin)).status === 200 ? true : undefined));
    expect((await api(`/admin/calls/${call.callId}/decisions`, admin)).status).toBe(409);

    // The slate: A, B, C and D fill the budget exactly; E is the reserve.
    const proposed = await api(`/admin/calls/${call.callId}/slate`, admin);
    expect(proposed.body.entries.map((e: { applicationId: string }) => e.applicationId)).toEqual([id('A'), id('B'), id('C'), id('D')]);
    expect(proposed.body.reserve.map((e: { applicationId: string }) => e.applicationId)).toEqual([id('E')]);

    // Over budget: cannot be submitted, and the answer gives the overrun.
    await api(`/admin/calls/${call.callId}/slate`, { ...admin, method: 'PUT', body: { changes: [{ applicationId: id('E'), action: 'include', reason: 'Strong on forced begging' }] } });
    const over = await api(`/admin/calls/${call.callId}/slate/submit`, { ...admin, method: 'POST' });
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe('SLATE_OVER_BUDGET');
    expect(over.body.error.details).toEqual([{ path: 'totalUsd', message: 'is US$190,000, over the budget of US$150,000 by US$40,000' }]);
    await api(`/admin/calls/${call.callId}/slate`, { ...admin, method: 'PUT', body: { changes: [{ applicationId: id('E'), action: 'exclude', reason: 'No room within the budget' }] } });
    const submitted = await api(`/admin/calls/${call.callId}/slate/submit`, { ...admin, method: 'POST' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect(submitted.body).toMatchObject({ totalUsd: 150_000, overBudgetUsd: 0, submitted: { trustees: 5 } });
    // Frozen from now on.
    const late = await api(`/admin/calls/${call.callId}/slate`, { ...admin, method: 'PUT', body: { changes: [{ applicationId: id('D'), action: 'exclude', reason: 'Too late' }] } });
    expect(late.status).toBe(409);
    expect((await api(`/admin/calls/${call.callId}/slate/submit`, { ...admin, method: 'POST' })).status).toBe(409);

    // Five ballots by email, each with a personal link.
    const ballots = await until('5 ballots', async () => {
      const found = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await mailTo(trusteeEmail(n), /^Ballot:/))[0]));
      return found.every(Boolean) ? (found as Mail[]) : undefined;
    });
    const refs = ballots.map((mail) => refOf(mail, 'ballot'));

    // A ballot shows its own trustee's slate only, with what the Board needs to decide.
    const shown = await api(`/ballot/${refs[0]}`);
    expect(shown.status).toBe(200);
    expect(shown.body.trustee).toEqual({ name: 'Trustee 1' });
    expect(shown.body.projects.map((p: { applicationId: string; conflict: boolean }) => [p.applicationId, p.conflict])).toEqual([
      [id('A'), false],
      [id('B'), false],
      [id('C'), true],
      [id('D'), false],
    ]);
    expect(shown.body.projects[0]).toMatchObject({ organisation: `A Association ${run}`, country: 'AL', amountUsd: 60_000, rank: 1 });
    expect(shown.body.projects[0].finalScore).toBe(shown.body.projects[0].meanReview + shown.body.projects[0].priorityPoints);
    expect(shown.body.projects[0].priorityContexts).toEqual([expect.objectContaining({ context: 'refugee-flows' })]);
    // A ballot link opens no reviewer's page, and a tampered one nothing.
    expect((await api(`/reviewer/${refs[0]}`)).status).toBe(404);
    expect((await api(`/ballot/${refs[0]!.slice(0, -1)}${refs[0]!.endsWith('A') ? 'B' : 'A'}`)).status).toBe(404);

    const cast = (n: number, votes: Record<string, Vote>) =>
      api(`/ballot/${refs[n - 1]}`, { body: { votes: Object.entries(votes).map(([letter, vote]) => ({ applicationId: id(letter), vote })) } });

    // A declared conflict must be a recusal; a ballot must cover every project. Nothing is recorded.
    const conflicted = await cast(1, { A: 'approve', B: 'approve', C: 'approve', D: 'recuse' });
    expect(conflicted.status).toBe(400);
    expect(conflicted.body.error.details).toEqual([{ path: 'votes[2].vote', message: 'must be "recuse": you declared a conflict of interest with this organisation' }]);
    const partial = await cast(1, { A: 'approve' });
    expect(partial.status).toBe(400);
    expect(partial.body.error.details.map((d: { path: string }) => d.path)).toEqual([`votes[applicationId=${id('B')}]`, `votes[applicationId=${id('C')}]`, `votes[applicationId=${id('D')}]`]);

    // The votes (T5 never votes):
    //   A: approve, approve, abstain, reject         → 2 for, 1 against, quorum 3 of 5 met → approved
    //   B: approve, reject, approve, reject          → tie → fails
    //   C: recuse (declared), abstain, abstain, approve → 4 eligible, quorum 3, exactly 3 voted → approved
    //   D: recuse, recuse, approve, recuse          → 2 eligible, quorum 2, 1 voted → no quorum
    expect((await cast(1, { A: 'approve', B: 'approve', C: 'recuse', D: 'recuse' })).status).toBe(200);
    expect((await cast(2, { A: 'approve', B: 'reject', C: 'abstain', D: 'recuse' })).status).toBe(200);
    expect((await cast(3, { A: 'abstain', B: 'approve', C: 'abstain', D: 'approve' })).status).toBe(200);
    expect((await cast(4, { A: 'reject', B: 'reject', C: 'approve', D: 'recuse' })).status).toBe(200);
    // A second vote answers 409 and changes nothing.
    const again = await cast(4, { A: 'approve', B: 'approve', C: 'approve', D: 'approve' });
    expect(again.status).toBe(409);

    const following = await api(`/admin/calls/${call.callId}/decisions`, admin);
    expect(following.status).toBe(200);
    expect(following.body.vote.status).toBe('open');
    expect(following.body.ballots.filter((b: { status: string }) => b.status === 'cast')).toHaveLength(4);
    expect(following.body.decisions).toEqual([]);

    // Seven and two days before the deadline, the trustee who has not voted is reminded, with a fresh link.
    await api('/local/clock', { ...admin, body: { advanceBy: 'P7DT1H' } });
    const reminder = await until('a reminder', async () => (await mailTo(trusteeEmail(5), /^Reminder: ballot/))[0]);
    expect(refOf(reminder, 'ballot')).not.toBe(refs[4]);
    expect((await mailTo(trusteeEmail(4), /^Reminder: ballot/))).toHaveLength(0);
    await api('/local/clock', { ...admin, body: { advanceBy: 'P5D' } });
    await until('the second reminder', async () => ((await mailTo(trusteeEmail(5), /^Reminder: ballot/)).length >= 2 ? true : undefined));

    // The deadline passes: the vote closes without the fifth ballot, whose links now answer 410.
    await api('/local/clock', { ...admin, body: { advanceBy: 'P2D' } });
    const decided = await until('the decisions', async () => {
      const response = await api(`/admin/calls/${call.callId}/decisions`, admin);
      return response.body.vote?.status === 'closed' ? response.body : undefined;
    });
    expect((await api(`/ballot/${refs[4]}`)).status).toBe(410);
    expect((await cast(5, { A: 'approve', B: 'approve', C: 'approve', D: 'approve' })).status).toBe(410);

    const byApp = (letter: string) => decided.decisions.find((d: { applicationId: string }) => d.applicationId === id(letter));
    expect(decided.decisions.map((d: { applicationId: string; outcome: string; rule: string }) => [d.applicationId, d.outcome, d.rule])).toEqual([
      [id('A'), 'approved', 'MAJORITY_APPROVED'],
      [id('B'), 'rejected', 'TIE_FAILS'],
      [id('C'), 'approved', 'MAJORITY_APPROVED'],
      [id('D'), 'no-quorum', 'NO_QUORUM'],
      [id('E'), 'not-on-slate', 'NOT_ON_SLATE'],
    ]);
    expect(byApp('A').tally).toMatchObject({ eligible: 5, quorum: 3, voted: 4, approvals: 2, rejections: 1, abstentions: 1, notVoted: [trusteeIds[4]] });
    expect(byApp('B').tally).toMatchObject({ approvals: 2, rejections: 2 });
    expect(byApp('C').tally).toMatchObject({ eligible: 4, quorum: 3, voted: 3, approvals: 1, rejections: 0, recused: [trusteeIds[0]] });
    expect(byApp('C').tally.counted[0]).toMatchObject({ name: 'Trustee 1', counted: 'recuse', because: 'declared-conflict' });
    expect(byApp('D').tally).toMatchObject({ eligible: 2, quorum: 2, voted: 1 });
    expect(decided.vote.undecided).toEqual([id('D')]);
    // Trustee 4's first votes stand.
    expect(byApp('A').tally.counted[3]).toMatchObject({ name: 'Trustee 4', counted: 'reject' });

    // Grants for A and C, with their plans; the tranches add up to the award.
    const grants = await api(`/admin/grants?callId=${call.callId}`, admin);
    expect(grants.body.grants.map((g: { applicationId: string; amountUsd: number }) => [g.applicationId, g.amountUsd]).sort()).toEqual(
      [[id('A'), 60_000], [id('C'), 30_000]].sort(),
    );
    for (const grant of grants.body.grants) {
      const tranches = grant.schedule.tranches as { amountUsd: number }[];
      expect(tranches.reduce((sum, t) => sum + Math.round(t.amountUsd * 100), 0)).toBe(grant.amountUsd * 100);
      expect(tranches).toHaveLength(6);
      expect(grant.schedule.reports.at(-1).kind).toBe('final');
    }
    expect(grants.body.totalUsd).toBe(90_000);

    // Every applicant hears the outcome; the undecided one not yet; the ineligible one only at intake.
    await until('the decision emails', async () => {
      const told = await Promise.all(['A', 'B', 'C', 'E'].map(async (letter) => (await mailTo(apps[letter]!.email, /^(Decision|Grant approved|Reserve list)/)).length));
      return told.every((n) => n === 1) ? true : undefined;
    });
    const subjects = async (letter: string) => (await mailTo(apps[letter]!.email)).map((m) => m.subject.replace(/:.*/, ''));
    expect(await subjects('A')).toEqual(['Application draft saved', 'Eligible', 'Grant approved']);
    expect((await mailTo(apps.A!.email, /^Grant approved/))[0]!.text).toContain('Amount: US$60,000');
    expect(await subjects('B')).toEqual(['Application draft saved', 'Eligible', 'Decision on your application']);
    expect(await subjects('C')).toEqual(['Application draft saved', 'Eligible', 'Grant approved']);
    expect(await subjects('D')).toEqual(['Application draft saved', 'Eligible']);
    expect(await subjects('E')).toEqual(['Application draft saved', 'Eligible', 'Reserve list']);
    expect(await subjects('F')).toEqual(['Application draft saved', 'Not eligible']);
    const secretariat = (await mailTo('secretariat@trustfund.local', /^No quorum/)).filter((m) => m.subject.includes(run));
    expect(secretariat).toHaveLength(1);
    expect(secretariat[0]!.text).toContain(id('D'));

    // C's organisation declines its grant before the first tranche: the budget left (150,000 - A's 60,000
    // - D's undecided 15,000 = 75,000) reaches E, the next on the reserve list, which is offered to the Board.
    const grantC = grants.body.grants.find((g: { applicationId: string }) => g.applicationId === id('C')).grantId;
    const badCancel = await api(`/admin/grants/${grantC}/cancel`, { ...admin, body: { by: 'someone', reason: 'x' } });
    expect(badCancel.status).toBe(400);
    expect(badCancel.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['by', 'reason']);
    const cancelled = await api(`/admin/grants/${grantC}/cancel`, { ...admin, body: { by: 'grantee', reason: 'Co-funded in full by another donor' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.offer).toMatchObject({ round: 2, applicationId: id('E'), amountUsd: 40_000, freedBy: grantC });
    expect((await api(`/admin/grants/${grantC}/cancel`, { ...admin, body: { by: 'grantee', reason: 'Again' } })).status).toBe(409);
    const offerBallots = await until('5 offer ballots', async () => {
      const found = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await mailTo(trusteeEmail(n), /^Ballot \(reserve offer\)/))[0]));
      return found.every(Boolean) ? (found as Mail[]) : undefined;
    });
    const offerVotes: Vote[] = ['approve', 'approve', 'approve', 'reject', 'abstain'];
    for (const [i, mail] of offerBallots.entries()) {
      const ref = refOf(mail, 'ballot');
      const offered = await api(`/ballot/${ref}`);
      expect(offered.body.projects.map((p: { applicationId: string }) => p.applicationId)).toEqual([id('E')]);
      if (i === 0) {
        // The offer's board pack, through the same link: the one project offered.
        const pack = pdfText(await (await fetch(`${apiUrl()}/ballot/${ref}/pack.pdf`)).arrayBuffer());
        expect(pack).toContain('Reserve offer (vote round 2)');
        expect(pack).toMatch(new RegExp(`E Association ${run} .*US\\$40,000`));
        expect(pack).not.toContain(`A Association ${run}`);
      }
      expect((await api(`/ballot/${ref}`, { body: { votes: [{ applicationId: id('E'), vote: offerVotes[i] }] } })).status).toBe(200);
    }
    const afterOffer = await until('the offer decided', async () => {
      const response = await api(`/admin/calls/${call.callId}/decisions`, admin);
      return response.body.offers?.[0]?.vote?.status === 'closed' ? response.body : undefined;
    });
    expect(afterOffer.decisions.find((d: { applicationId: string }) => d.applicationId === id('E'))).toMatchObject({
      outcome: 'approved',
      rule: 'MAJORITY_APPROVED',
      round: 2,
      amountUsd: 40_000,
      previous: { outcome: 'not-on-slate' },
      tally: { approvals: 3, rejections: 1, abstentions: 1, eligible: 5 },
    });
    // The record for the minutes holds both rounds.
    const minutes = pdfText(await (await fetch(`${apiUrl()}/admin/calls/${call.callId}/decisions.pdf`, { headers: { authorization: `Bearer ${adminToken()}` } })).arrayBuffer());
    expect(minutes).toContain('The vote on the slate');
    expect(minutes).toContain(`Vote round 2: a reserve offer Offered from the budget freed by grant ${grantC}`);
    // (The organisation's name wraps in its narrow column: the number of the run goes to a second line.)
    expect(minutes.slice(minutes.indexOf('Vote round 2'))).toMatch(/E Association US\$40,000 3 1 1 0 approved \d+ MAJORITY_APPROVED/);
    const grantsAfter = await api(`/admin/grants?callId=${call.callId}`, admin);
    expect(grantsAfter.body.grants.map((g: { applicationId: string; status: string }) => [g.applicationId, g.status]).sort()).toEqual(
      [[id('A'), 'active'], [id('C'), 'cancelled'], [id('E'), 'active']].sort(),
    );
    await until("E's approval", async () => ((await mailTo(apps.E!.email, /^Grant approved/)).length === 1 ? true : undefined));

    // The decisions are in the audit log.
    const month = (await virtualNow()).toISOString().slice(0, 7);
    const log = await api(`/admin/audit?month=${month}`, admin);
    const decisions = log.body.entries.filter((e: { action: string; subject: { callId?: string } }) => e.action === 'decision' && e.subject.callId === call.callId);
    expect(decisions).toHaveLength(6);
    expect(decisions.find((e: { subject: { round?: string } }) => e.subject.round === '2')).toMatchObject({ before: { outcome: 'not-on-slate' }, after: { outcome: 'approved' } });
    const submitLog = await api(`/admin/audit?month=${(submitted.body.submitted.at as string).slice(0, 7)}`, admin);
    expect(submitLog.body.entries.filter((e: { action: string; subject: { callId?: string } }) => e.action === 'slate.submit' && e.subject.callId === call.callId)).toHaveLength(1);
  });
});
