// A whole review, as its reviewers meet it, counting every email each of them
// receives: one invitation to their own page, one digest per reminder mark
// while something is left, one email per change of their tasks (a task added
// by reassignment, a task taken away by the secretariat or by the deadline).
// Along the way: the rules of the page's link (opaque, stored hashed, many
// uses, expiring after the deadline, cross-site posts refused), the
// declaration of interests before the application is shown, a conflict that
// moves the task to the best remaining reviewer, a draft, the final review,
// and the ranking.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { listMail, type Mail } from '../../infra/local/emulators/mail.ts';
import { adminToken, allScores, api, applyFully, createCall, reviewerInvitation, reviewerPost, reviewTask, sampleApplication, until, virtualNow, waitForDecision } from '../support/client.ts';

const COUNTRIES = ['EC', 'NG', 'TH', 'GT'];
const DAY = 86_400_000;

let scanTable: () => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  Object.assign(process.env, { TABLE_NAME: 'grants', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbUrl') });
  const { documentClient } = await import('../../shared/adapters/aws.ts');
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  scanTable = async () => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(new ScanCommand({ TableName: 'grants', ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
});

const mailOf = async (address: string): Promise<Mail[]> => (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(address));
/** The subjects (up to their colon) of every email to an address, in the order they were sent. */
const subjectsOf = async (address: string) =>
  (await mailOf(address)).sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).map((m) => m.subject.replace(/:.*/, ''));
const refIn = (mail: Mail) => /\/reviewer\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
const advance = async (by: string) => expect((await api('/local/clock', { token: adminToken(), body: { advanceBy: by } })).status).toBe(200);

interface Listed {
  applicationId: string;
  organisation: { name: string; country: string };
  project: { title: string };
  state: string;
  deadline?: string;
}
const pageOf = async (ref: string) => (await api(`/reviewer/${ref}`)).body as { progress: { submitted: number; total: number; left: number }; tasks: Listed[] };

describe('a review through the reviewers\' pages', () => {
  it('sends each reviewer one invitation, a digest per mark and one email per change of tasks, and keeps the link rules', { timeout: 240_000 }, async () => {
    const run = Date.now();
    const call = await createCall({ title: `Review pages ${run}`, reviewPeriodDays: 14, reviewersPerApplication: 1 });
    const apps = [];
    for (const [i, country] of COUNTRIES.entries()) {
      apps.push(
        await applyFully(
          call.callId,
          sampleApplication((a) => {
            a.organisation.name = `NGO ${i} of ${country} ${run}`;
            a.organisation.registrationCountry = country;
            a.project.countries = [country];
            a.project.title = `Project ${i} ${run}`;
          }),
        ),
      );
    }
    for (const app of apps) expect((await waitForDecision(app.applicationId, app.accessToken)).status).toBe('eligible');
    const people = ['Ana', 'Ben', 'Chloe'].map((name) => ({ name: `${name} ${run}`, email: `${name.toLowerCase()}-${run}@reviewers.example.org`, country: 'CH', languages: ['en'], regions: [], expertise: ['protection'], maxLoad: 3 }));
    const registered = await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken(), body: { reviewers: people } });
    expect(registered.status).toBe(201);
    const idOf = new Map<string, string>((registered.body.reviewers as { email: string; reviewerId: string }[]).map((r) => [r.email, r.reviewerId]));
    const closedAt = await virtualNow();
    expect((await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' })).status).toBe(202);

    // One invitation each: how many applications, the deadline, the link to their page.
    const invitations = new Map<string, { ref: string; mail: Mail }>();
    for (const p of people) invitations.set(p.email, await reviewerInvitation(inject('mailWebUrl'), p.email));
    const pages = new Map([...invitations].map(([email, { ref }]) => [email, ref]));
    const loads = new Map<string, Listed[]>();
    for (const p of people) loads.set(p.email, (await pageOf(pages.get(p.email)!)).tasks);
    expect([...loads.values()].map((t) => t.length).sort()).toEqual([1, 1, 2]);
    // X has two tasks; the two others one each.
    const x = people.find((p) => loads.get(p.email)!.length === 2)!.email;
    for (const p of people) {
      const { mail } = invitations.get(p.email)!;
      const n = loads.get(p.email)!.length;
      expect(mail.subject).toBe(`Your reviews for "${call.title}": ${n} application${n === 1 ? '' : 's'}`);
      expect(mail.text).toContain(`You are asked to review ${n} application${n === 1 ? '' : 's'}, by ${new Date(closedAt.getTime() + 14 * DAY).toUTCString().slice(0, 16)}`);
      expect(mail.text).not.toMatch(/\/review\//);
    }

    // The link: opaque, stored only as its hash, used as often as one likes; GET never acts.
    const xRef = pages.get(x)!;
    expect(xRef).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const items = await scanTable();
    expect(items.some((item) => JSON.stringify(item).includes(xRef))).toBe(false);
    const stored = items.find((item) => item.pk === `LINK#${createHash('sha256').update(xRef).digest('hex')}`);
    expect(stored).toMatchObject({ purpose: 'reviewer', subject: { callId: call.callId, reviewerId: idOf.get(x) } });
    for (let i = 0; i < 3; i++) expect((await api(`/reviewer/${xRef}`)).status).toBe(200);
    const tampered = (xRef[0] === 'A' ? 'B' : 'A') + xRef.slice(1);
    expect((await api(`/reviewer/${tampered}`)).status).toBe(404);
    const listed = await pageOf(xRef);
    expect(listed.progress).toMatchObject({ submitted: 0, total: 2, left: 2 });
    expect(listed.tasks[0]).toMatchObject({ organisation: { name: expect.stringMatching(/^NGO /), country: expect.any(String) }, project: { title: expect.stringMatching(/^Project /) }, state: 'to-do', deadline: expect.any(String) });
    // Someone else's task is not found through this link.
    const others = people.filter((p) => p.email !== x);
    const notMine = loads.get(others[0]!.email)![0]!.applicationId;
    expect((await api(`/reviewer/${xRef}/tasks/${notMine}`)).status).toBe(404);

    // A task first shows the organisation, its country and the title only, and asks for the declaration.
    const [t1, t2] = loads.get(x)!.map((t) => t.applicationId);
    const before = await api(`/reviewer/${xRef}/tasks/${t1}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ declaration: null, open: true, organisation: { name: expect.any(String), country: expect.any(String) }, project: { title: expect.any(String) } });
    expect(before.body).not.toHaveProperty('application');
    expect(before.body).not.toHaveProperty('documents');
    expect((await api(`/reviewer/${xRef}/tasks/${t1}/draft`, { body: { scores: { relevance: 3 } } })).body.error.code).toBe('DECLARATION_FIRST');
    // Cross-site posts are refused, and record nothing.
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://elsewhere.example' }] as Record<string, string>[]) {
      const refused = await fetch(`${inject('apiUrl')}/reviewer/${xRef}/tasks/${t1}/declaration`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ conflict: false }) });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('CROSS_SITE');
    }
    expect((await api(`/reviewer/${xRef}/tasks/${t1}`)).body.declaration).toBeNull();
    const bad = await api(`/reviewer/${xRef}/tasks/${t1}/declaration`, { body: { conflict: true, reason: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('reason');

    // X declares a conflict on t1: recorded with the review and in the audit log; the task goes to the best remaining reviewer.
    const conflict = await reviewerPost(xRef, t1!, 'declaration', { conflict: true, reason: 'I sat on this organisation\'s board until last year.' });
    expect(conflict.status).toBe(200);
    expect((await api(`/reviewer/${xRef}/tasks/${t1}`)).body).toMatchObject({ state: 'declined', open: false, declaration: { conflict: true } });
    const added = await until('the task added to another page', async () => {
      for (const p of others) {
        const mail = (await mailOf(p.email)).find((m) => m.subject.startsWith('Review added'));
        if (mail) return { email: p.email, mail };
      }
      return undefined;
    });
    const r = added.email;
    const s = others.find((p) => p.email !== r)!.email;
    expect(refIn(added.mail)).not.toBe(pages.get(r));
    expect((await pageOf(pages.get(r)!)).tasks.map((t) => [t.applicationId, t.state])).toContainEqual([t1, 'to-do']);
    const month = new Date(await virtualNow()).toISOString().slice(0, 7);
    const audited = (await api(`/admin/audit?month=${month}`, { token: adminToken() })).body.entries as { action: string; subject: Record<string, string>; after: unknown }[];
    expect(audited).toContainEqual(expect.objectContaining({ action: 'review.declaration', subject: { callId: call.callId, applicationId: t1, reviewerId: idOf.get(x) }, after: { conflict: true, reason: "I sat on this organisation's board until last year." } }));
    const assignments = (await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() })).body;
    expect(JSON.stringify(assignments)).not.toMatch(/taskToken|linkHash|pageLinks/);
    expect(assignments.assignments).toContainEqual(expect.objectContaining({ applicationId: t1, reviewerId: idOf.get(x), status: 'declined', declineReason: 'conflict-of-interest', declaration: expect.objectContaining({ conflict: true }) }));
    expect(JSON.stringify((await api(`/admin/calls/${call.callId}/reviewers`, { token: adminToken() })).body)).not.toMatch(/pageLinks/);

    // X declares no conflict on t2: the application and its documents show; a draft, then (coming back) the review.
    expect((await reviewerPost(xRef, t2!, 'declaration', { conflict: false })).status).toBe(200);
    expect((await api(`/reviewer/${xRef}/tasks/${t2}/declaration`, { body: { conflict: false } })).body.error.code).toBe('ALREADY_DECLARED');
    const opened = await api(`/reviewer/${xRef}/tasks/${t2}`);
    expect(opened.body.application.project.summary).toEqual(expect.any(String));
    expect(opened.body.documents).toHaveLength(4);
    expect(opened.body.documents[0].url).toMatch(/X-Amz-Expires=300/);
    expect((await api(`/reviewer/${xRef}/tasks/${t2}/draft`, { body: { scores: { relevance: 9 } } })).status).toBe(400);
    expect((await api(`/reviewer/${xRef}/tasks/${t2}/draft`, { body: { scores: { novelty: 3 } } })).body.error.details).toEqual([{ path: 'scores.novelty', message: 'is not a criterion of this call' }]);
    expect((await api(`/reviewer/${xRef}/tasks/${t2}/draft`, { body: { scores: { relevance: 4, capacity: 3 }, comments: 'Half way' } })).status).toBe(200);
    expect((await pageOf(xRef)).tasks.find((t) => t.applicationId === t2)!.state).toBe('draft');
    expect((await api(`/reviewer/${xRef}/tasks/${t2}`)).body.draft).toMatchObject({ scores: { relevance: 4, capacity: 3 }, comments: 'Half way' });
    const incomplete = await api(`/reviewer/${xRef}/tasks/${t2}/submit`, { body: { scores: { relevance: 4 } } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details.map((d: { path: string }) => d.path)).toContain('scores.capacity');
    const sent = await reviewerPost(xRef, t2!, 'submit', { scores: allScores(4), comments: 'Solid' });
    expect(sent.body).toEqual({ state: 'submitted', total: 75 });
    expect((await api(`/reviewer/${xRef}/tasks/${t2}/submit`, { body: { scores: allScores(5) } })).body.error.code).toBe('TASK_CLOSED');
    expect((await pageOf(xRef)).progress).toMatchObject({ submitted: 1, total: 1, left: 0 });

    // The secretariat gives S's task to X: S is told it is taken away; X is told of the task added.
    const ts = loads.get(s)![0]!.applicationId;
    const handed = await api(`/admin/calls/${call.callId}/reassign`, { token: adminToken(), body: { applicationId: ts, fromReviewerId: idOf.get(s), toReviewerId: idOf.get(x), reason: 'Away for a month' } });
    expect(handed.status).toBe(202);
    await until('X told of the task added', async () => ((await subjectsOf(x)).includes('Review added') ? true : undefined));
    await until('S told', async () => ((await subjectsOf(s)).includes('Review withdrawn') ? true : undefined));
    expect((await pageOf(pages.get(s)!)).tasks).toEqual([expect.objectContaining({ applicationId: ts, state: 'reassigned-away' })]);
    expect((await pageOf(xRef)).progress).toMatchObject({ submitted: 1, total: 2, left: 1 });

    // R sends their own task, and leaves t1.
    const tr = loads.get(r)![0]!.applicationId;
    await reviewTask(pages.get(r)!, tr, () => allScores(3));

    // Seven days before the deadline: one digest each for X and R (one task left each), none for S (nothing left).
    await advance('P7D');
    await until('two digests', async () => ((await subjectsOf(x)).includes('Reminder') && (await subjectsOf(r)).includes('Reminder') ? true : undefined));
    const digest = (await mailOf(r)).find((m) => m.subject.startsWith('Reminder'))!;
    expect(digest.subject).toBe(`Reminder: 1 of 2 reviews still to do (${call.title})`);
    expect(digest.text).toContain('1 of your 2 reviews is still to do, due on');
    // The digest's link is a fresh one, to the same page.
    expect(refIn(digest)).not.toBe(pages.get(r));
    expect((await pageOf(refIn(digest))).tasks.map((t) => t.applicationId).sort()).toEqual([t1, tr].sort());
    await reviewTask(xRef, ts, () => allScores(5));

    // Two days before: a digest for R only (X has nothing left).
    await advance('P5D');
    await until("R's second digest", async () => ((await subjectsOf(r)).filter((subject) => subject === 'Reminder').length === 2 ? true : undefined));

    // The deadline passes for t1: R is told it is taken away; it goes to S (X declared a conflict), who is told, and answers.
    await advance('P3D');
    // The next tick (every 15 minutes on AWS; here at any move of the clock) tells R, once the workflow has moved the task on.
    await until('t1 moved on', async () => ((await pageOf(pages.get(r)!)).tasks.find((t) => t.applicationId === t1)!.state === 'reassigned-away' ? true : undefined));
    await advance('PT15M');
    await until('R told of the task taken away', async () => ((await subjectsOf(r)).includes('Reviews moved to another reviewer') ? true : undefined));
    await until('S told of the task added', async () => ((await subjectsOf(s)).includes('Review added') ? true : undefined));
    expect((await pageOf(pages.get(r)!)).tasks.find((t) => t.applicationId === t1)!.state).toBe('reassigned-away');
    expect((await api(`/reviewer/${pages.get(r)}/tasks/${t1}/submit`, { body: { scores: allScores(3) } })).body.error.code).toBe('TASK_CLOSED');
    // S's invitation link still opens their page, which gained t1.
    await reviewTask(pages.get(s)!, t1!, () => allScores(2));

    const ranking = await until('the ranking', async () => {
      const response = await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(4);
    for (const entry of ranking.ranking) expect(entry.reviewTotals).toHaveLength(1);

    // A week after their latest deadline R's links expire; S's (moved with S's later task) still open.
    await advance('P7D');
    expect((await api(`/reviewer/${pages.get(r)}`)).status).toBe(410);
    expect((await api(`/reviewer/${pages.get(s)}`)).status).toBe(200);

    // Every email each reviewer received over the whole review, in order. (With per-task emails, this same
    // review sent X 3 requests and 1 reminder, R 2 requests and 2 reminders, S 2 requests and the withdrawal.)
    expect((await subjectsOf(x))).toEqual(['Your reviews for "Review pages ' + run + '"', 'Review added', 'Reminder']);
    expect((await subjectsOf(r))).toEqual(['Your reviews for "Review pages ' + run + '"', 'Review added', 'Reminder', 'Reminder', 'Reviews moved to another reviewer']);
    expect((await subjectsOf(s))).toEqual(['Your reviews for "Review pages ' + run + '"', 'Review withdrawn', 'Review added']);
  });
});
