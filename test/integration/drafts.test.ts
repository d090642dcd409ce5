// The NGO's side of an application, through the HTTP API as an NGO's client
// meets it: a draft started from the organisation alone, saved in parts
// (JSON Merge Patch), what is missing, submission refused while incomplete,
// reopening to correct (the intake runs again, once), and withdrawal, also
// during the review (the reviewers' tasks cancelled and the reviewers told).
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import {
  adminToken,
  api,
  createCall,
  DOCUMENT_KINDS,
  reviewToRanking,
  sampleApplication,
  until,
  uploadDocument,
  waitForDecision, submitApplication, trusteeTerm } from '../support/client.ts';

const patch = (applicationId: string, token: string, body: unknown, contentType = 'application/merge-patch+json') =>
  api(`/applications/${applicationId}`, { method: 'PATCH', token, rawBody: JSON.stringify(body), contentType });

/** The minimum a draft starts from: the organisation, its registration and the contact's address. */
function start(full: any) {
  return {
    language: full.language,
    organisation: {
      name: full.organisation.name,
      registrationNumber: full.organisation.registrationNumber,
      registrationCountry: full.organisation.registrationCountry,
      contact: { email: full.organisation.contact.email },
    },
  };
}

const mailTo = (address: string) => listMail(inject('mailWebUrl')).then((all) => all.filter((m) => m.to.some((to) => to.includes(address))));

describe('drafts saved in parts', () => {
  it('starts from the organisation, saves each part, names what is missing, and submits once complete', async () => {
    const call = await createCall({ title: `Drafts ${Date.now()}` });
    const full = sampleApplication((a) => {
      a.language = 'fr';
    });

    // A draft from the organisation alone, in French.
    const created = await api(`/calls/${call.callId}/applications`, { body: start(full) });
    expect(created.status).toBe(201);
    const { applicationId, accessToken } = created.body;
    expect(created.body.missing.map((m: any) => m.path)).toEqual(
      expect.arrayContaining(['organisation.type', 'organisation.contact.name', 'project.title', 'project.summary', 'budget.lines', 'documents.budget-sheet']),
    );
    const read = await api(`/applications/${applicationId}`, { token: accessToken });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('draft');
    expect(read.body.missing.find((m: any) => m.path === 'project.title').message).toBe('Titre du projet : à remplir');
    expect(read.body.missing.find((m: any) => m.path === 'documents.narrative-proposal').message).toMatch(/pas encore déposé/);

    // A part with a field that breaks its rule: refused whole, naming the field and the rule; nothing saved.
    const bad = await patch(applicationId, accessToken, { project: { title: 'Refuge et réinsertion', summary: 'trop court' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'project.summary', message: 'must be at least 20 characters' }]);
    expect((await api(`/applications/${applicationId}`, { token: accessToken })).body.application.project).toBeUndefined();
    // Unknown fields are refused too, as in a complete application; so is a body that is not an object.
    const unknown = await patch(applicationId, accessToken, { project: { colour: 'blue' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ path: 'project.colour', message: 'is not an accepted field' });
    expect((await patch(applicationId, accessToken, [1, 2])).status).toBe(400);
    expect((await patch(applicationId, accessToken, { project: { title: 'x' } }, 'text/plain')).status).toBe(415);
    // Removing a field the draft starts from is refused.
    const removed = await patch(applicationId, accessToken, { organisation: { registrationNumber: null } });
    expect(removed.status).toBe(400);
    expect(removed.body.error.details[0].path).toBe('organisation.registrationNumber');

    // The organisation part, then the project (application/json is taken too), then the budget.
    const organisation = await patch(applicationId, accessToken, { organisation: { ...full.organisation, website: 'https://atina.example.org' } });
    expect(organisation.status).toBe(200);
    expect(organisation.body.missing.some((m: any) => m.path.startsWith('organisation.'))).toBe(false);
    expect((await patch(applicationId, accessToken, { project: full.project }, 'application/json')).status).toBe(200);
    // null removes a field (RFC 7396); arrays are replaced whole.
    const noWebsite = await patch(applicationId, accessToken, { organisation: { website: null }, budget: { lines: [{ category: 'staff' }] } });
    expect(noWebsite.status).toBe(200);
    expect(noWebsite.body.application.organisation.website).toBeUndefined();
    expect(noWebsite.body.missing.map((m: any) => m.path)).toEqual(
      expect.arrayContaining(['budget.requestedUsd', 'budget.lines[0].description', 'budget.lines[0].amountUsd']),
    );
    expect(noWebsite.body.missing.find((m: any) => m.path === 'budget.lines[0].amountUsd').label).toBe('Ligne budgétaire 1, Montant (US$)');

    // Submitting now: 422 naming every missing field and document; the draft stays.
    const early = await submitApplication(applicationId, accessToken);
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('APPLICATION_INCOMPLETE');
    const paths = early.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['budget.requestedUsd', 'budget.lines[0].amountUsd', ...DOCUMENT_KINDS.map((k) => `documents.${k}`)]));
    expect((await api(`/applications/${applicationId}`, { token: accessToken })).body.status).toBe('draft');

    // Finished: the budget, the documents; nothing missing; submitted; eligible.
    const budget = await patch(applicationId, accessToken, { budget: full.budget });
    expect(budget.body.missing.filter((m: any) => !m.path.startsWith('documents.'))).toEqual([]);
    for (const kind of DOCUMENT_KINDS) await uploadDocument(applicationId, accessToken, kind);
    expect((await api(`/applications/${applicationId}`, { token: accessToken })).body.missing).toEqual([]);
    const submitted = await submitApplication(applicationId, accessToken);
    expect(submitted.status).toBe(202);
    const decided = await waitForDecision(applicationId, accessToken);
    expect(decided.status).toBe('eligible');
    expect(decided.missing).toBeUndefined();
    // What was saved is what the intake judged: the complete application, the default contexts filled in.
    expect(decided.application.project.contexts).toEqual(full.project.contexts);

    // A submitted application no longer takes changes, and another application's token opens nothing.
    const late = await patch(applicationId, accessToken, { project: { title: 'Un autre titre' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('APPLICATION_ALREADY_SUBMITTED');
    const other = await api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()) });
    expect((await patch(applicationId, other.body.accessToken, { project: { title: 'Intrus' } })).status).toBe(404);
    expect((await api(`/applications/${applicationId}`, { token: other.body.accessToken })).status).toBe(404);
  });

  it('moves the organisation guard with a changed registration, and refuses one that another draft holds', async () => {
    const call = await createCall({ title: `Guard ${Date.now()}` });
    const first = sampleApplication();
    const second = sampleApplication();
    const a = await api(`/calls/${call.callId}/applications`, { body: start(first) });
    const b = await api(`/calls/${call.callId}/applications`, { body: start(second) });
    // b takes a's number: refused, nothing saved.
    const taken = await patch(b.body.applicationId, b.body.accessToken, { organisation: { registrationNumber: first.organisation.registrationNumber.toLowerCase() } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('DUPLICATE_APPLICATION');
    // a moves to a new number: its old one is free for a new draft, its new one is not.
    const moved = await patch(a.body.applicationId, a.body.accessToken, { organisation: { registrationNumber: `${first.organisation.registrationNumber}-NEW` } });
    expect(moved.status).toBe(200);
    const reuse = await api(`/calls/${call.callId}/applications`, { body: start(first) });
    expect(reuse.status).toBe(201);
    const again = await api(`/calls/${call.callId}/applications`, { body: start({ ...first, organisation: { ...first.organisation, registrationNumber: `${first.organisation.registrationNumber}-new` } }) });
    expect(again.status).toBe(409);
  });
});

describe('corrections and withdrawal', () => {
  it('reopens a decided application until the call closes: the result set aside, the intake run again once', async () => {
    const call = await createCall({ title: `Reopen ${Date.now()}` });
    const full = sampleApplication((a) => {
      a.budget.requestedUsd = 70_000; // over the cap: ineligible, to be corrected
      a.budget.lines[0].amountUsd = 50_000;
    });
    const created = await api(`/calls/${call.callId}/applications`, { body: full });
    const { applicationId, accessToken } = created.body;
    for (const kind of DOCUMENT_KINDS) await uploadDocument(applicationId, accessToken, kind);
    await submitApplication(applicationId, accessToken);
    const first = await waitForDecision(applicationId, accessToken);
    expect(first.status).toBe('ineligible');
    expect(first.actions.reopen).toBe(true);

    const reopened = await api(`/applications/${applicationId}/reopen`, { method: 'POST', token: accessToken });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('draft');
    expect(reopened.body.eligibility).toBeUndefined();
    // Idempotent: reopening a draft changes nothing.
    expect((await api(`/applications/${applicationId}/reopen`, { method: 'POST', token: accessToken })).body.status).toBe('draft');

    const corrected = await patch(applicationId, accessToken, { budget: { requestedUsd: 60_000, lines: full.budget.lines.map((l: any, i: number) => (i === 0 ? { ...l, amountUsd: 40_000 } : l)) } });
    expect(corrected.status).toBe(200);
    // Two submits in a row: one intake.
    const [s1, s2] = await Promise.all([
      submitApplication(applicationId, accessToken),
      submitApplication(applicationId, accessToken),
    ]);
    expect([s1.status, s2.status]).toEqual([202, 202]);
    const second = await waitForDecision(applicationId, accessToken);
    expect(second.status).toBe('eligible');
    // One result email per submission: the first (ineligible) and this one.
    const email = full.organisation.contact.email;
    const results = await until('two result emails', async () => {
      const found = (await mailTo(email)).filter((m) => /eligib/i.test(m.subject));
      return found.length >= 2 ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 500)); // a third would have been sent with the second
    expect((await mailTo(email)).filter((m) => /eligib/i.test(m.subject))).toHaveLength(results.length);
    expect(results).toHaveLength(2);

    // A call that does not allow it refuses, naming the setting.
    const strict = await createCall({ title: `No edits ${Date.now()}`, editsUntilClose: false });
    const s = await api(`/calls/${strict.callId}/applications`, { body: sampleApplication() });
    for (const kind of DOCUMENT_KINDS) await uploadDocument(s.body.applicationId, s.body.accessToken, kind);
    await submitApplication(s.body.applicationId, s.body.accessToken);
    await waitForDecision(s.body.applicationId, s.body.accessToken);
    const refused = await api(`/applications/${s.body.applicationId}/reopen`, { method: 'POST', token: s.body.accessToken });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('EDITS_NOT_ALLOWED');

    // Once the call has closed, nothing changes.
    await api(`/admin/calls/${call.callId}/close`, { method: 'POST', token: adminToken() });
    const closed = await api(`/applications/${applicationId}/reopen`, { method: 'POST', token: accessToken });
    expect(closed.status).toBe(409);
  });

  it('withdraws a draft and, during the review, cancels its reviewers\' tasks and tells them', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Withdraw ${run}`, reviewersPerApplication: 1 });
    // A draft withdrawn: final, audited, idempotent, no longer editable.
    const draft = await api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()) });
    const w = await api(`/applications/${draft.body.applicationId}/withdraw`, { token: draft.body.accessToken, body: { reason: 'We will apply next year.' } });
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    expect((await api(`/applications/${draft.body.applicationId}/withdraw`, { method: 'POST', token: draft.body.accessToken })).status).toBe(200);
    const edit = await patch(draft.body.applicationId, draft.body.accessToken, { project: { title: 'Encore' } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('APPLICATION_WITHDRAWN');
    const month = (await api('/local/clock')).body.now.slice(0, 7);
    const audit = await api(`/admin/audit?month=${month}`, { token: adminToken() });
    const entry = audit.body.entries.find((e: any) => e.action === 'application.withdraw' && e.subject.applicationId === draft.body.applicationId);
    expect(entry).toMatchObject({ actor: 'applicant', before: { status: 'draft' }, after: { status: 'withdrawn' } });
    expect(JSON.stringify(entry)).not.toContain('next year');

    // An application in review: its reviewer's task is cancelled and the reviewer told.
    const full = sampleApplication((a) => {
      a.organisation.name = `Withdrawn in review ${run}`;
    });
    const app = await api(`/calls/${call.callId}/applications`, { body: full });
    for (const kind of DOCUMENT_KINDS) await uploadDocument(app.body.applicationId, app.body.accessToken, kind);
    await submitApplication(app.body.applicationId, app.body.accessToken);
    await waitForDecision(app.body.applicationId, app.body.accessToken);
    const reviewerEmail = `withdraw-reviewer-${run}@reviewers.example.org`;
    await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [{ name: 'Withdraw Reviewer', email: reviewerEmail, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 5 }] },
    });
    await api(`/admin/calls/${call.callId}/close`, { method: 'POST', token: adminToken() });
    await until('the review requested', async () => {
      const { body } = await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() });
      return body.assignments?.some((a: any) => a.applicationId === app.body.applicationId && a.status === 'requested') ? true : undefined;
    });
    const gone = await api(`/applications/${app.body.applicationId}/withdraw`, { method: 'POST', token: app.body.accessToken });
    expect(gone.status).toBe(200);
    expect(gone.body.status).toBe('withdrawn');
    const assignments = (await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() })).body.assignments;
    expect(assignments.find((a: any) => a.applicationId === app.body.applicationId).status).toBe('cancelled');
    await until('the reviewer told', async () => ((await mailTo(reviewerEmail)).some((m) => m.subject.startsWith('Review cancelled')) ? true : undefined));
    // The review workflow ended on it without asking anybody else; the application stays withdrawn.
    await new Promise((r) => setTimeout(r, 500));
    expect((await api(`/admin/calls/${call.callId}/assignments`, { token: adminToken() })).body.assignments.filter((a: any) => a.applicationId === app.body.applicationId)).toHaveLength(1);
    const listed = (await api(`/admin/calls/${call.callId}/applications`, { token: adminToken() })).body.applications;
    expect(listed.find((a: any) => a.applicationId === app.body.applicationId).status).toBe('withdrawn');
    // After the decision, nothing to withdraw: covered by the statuses; a withdrawn one cannot be reopened.
    expect((await api(`/applications/${app.body.applicationId}/reopen`, { method: 'POST', token: app.body.accessToken })).status).toBe(409);
  });
});

describe('collaborators', () => {
  it('lets the contact invite a colleague who edits the draft (recorded as theirs) until removed; only the contact submits', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Collaborators ${run}` });
    const full = sampleApplication((a) => {
      a.language = 'es';
      a.organisation.name = 'Fundación Esperanza';
    });
    const created = await api(`/calls/${call.callId}/applications`, { body: start(full) });
    const { applicationId, accessToken } = created.body;
    const colleague = `finanzas-${run}@esperanza.example.org`;

    // The contact invites the finance officer: an email in the application's language with a link of their own.
    const invited = await api(`/applications/${applicationId}/collaborators`, { token: accessToken, body: { email: colleague, name: 'Oficial de finanzas' } });
    expect(invited.status).toBe(201);
    const mail = await until('the invitation', async () => (await mailTo(colleague))[0]);
    expect(mail.subject).toBe('Invitación a trabajar en una solicitud de Fundación Esperanza');
    const link = /(https?:\/\/\S+\/apply\/[\w-]+\?lang=es#id=[\w-]+&token=[\w-]+)/.exec(mail.text)![1]!;
    const token = new URLSearchParams(link.split('#')[1]).get('token')!;
    expect(new URLSearchParams(link.split('#')[1]).get('id')).toBe(applicationId);
    // Twice the same address: refused, naming the field.
    const again = await api(`/applications/${applicationId}/collaborators`, { token: accessToken, body: { email: colleague.toUpperCase() } });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('email');
    expect((await api(`/applications/${applicationId}/collaborators`, { token: accessToken, body: { email: 'nope' } })).status).toBe(400);

    // The colleague edits the budget and uploads a document; the history says who changed what.
    const edit = await patch(applicationId, token, { budget: full.budget });
    expect(edit.status).toBe(200);
    expect(edit.body.you).toBe('collaborator');
    expect(edit.body.collaborators).toBeUndefined(); // the list is the contact's
    await uploadDocument(applicationId, token, 'budget-sheet');
    expect((await patch(applicationId, accessToken, { project: full.project })).status).toBe(200);
    const seen = await api(`/applications/${applicationId}`, { token: accessToken });
    expect(seen.body.you).toBe('contact');
    expect(seen.body.collaborators).toEqual([expect.objectContaining({ email: colleague, name: 'Oficial de finanzas' })]);
    expect(seen.body.history.slice(0, 2)).toEqual([
      expect.objectContaining({ by: 'contact', paths: expect.arrayContaining(['project.title']) }),
      expect.objectContaining({ by: `collaborator:${invited.body.collaboratorId}`, name: 'Oficial de finanzas', paths: expect.arrayContaining(['budget.requestedUsd']) }),
    ]);

    // Only the contact submits, reopens, withdraws or invites.
    for (const [path, what] of [['submit', 'submit'], ['reopen', 'reopen'], ['withdraw', 'withdraw']] as const) {
      const refused = await api(`/applications/${applicationId}/${path}`, { method: 'POST', token });
      expect(refused.status, what).toBe(403);
      expect(refused.body.error.code).toBe('CONTACT_ONLY');
    }
    expect((await api(`/applications/${applicationId}/collaborators`, { token, body: { email: `other-${run}@esperanza.example.org` } })).status).toBe(403);

    // Removed: the link stops at once; removing again is 404.
    const removed = await api(`/applications/${applicationId}/collaborators/${invited.body.collaboratorId}`, { method: 'DELETE', token: accessToken });
    expect(removed.status).toBe(204);
    expect((await api(`/applications/${applicationId}`, { token })).status).toBe(404);
    expect((await patch(applicationId, token, { project: { title: 'Cambio tardío' } })).status).toBe(404);
    expect((await api(`/applications/${applicationId}/collaborators/${invited.body.collaboratorId}`, { method: 'DELETE', token: accessToken })).status).toBe(404);
    expect((await api(`/applications/${applicationId}`, { token: accessToken })).body.collaborators).toEqual([]);
  });
});

describe('withdrawal after the review', () => {
  it('takes a ranked application out of the ranking and the slate; one withdrawn while the Board votes is decided "withdrawn" and never becomes a grant', { timeout: 90_000 }, async () => {
    const run = Date.now();
    const trusteeEmail = `withdraw-trustee-${run}@board.example.org`;
    const trustee = await api('/admin/trustees', { token: adminToken(), body: { trustees: [{ name: 'Withdraw Trustee', email: trusteeEmail, ...(await trusteeTerm()) }] } });
    const call = await createCall({ title: `Withdraw ranked ${run}`, reviewersPerApplication: 1, trusteeIds: [trustee.body.trustees[0].trusteeId] });
    const names = ['Atina', 'Astra', 'Open Gate'].map((n) => `${n} ${run}`);
    const apps: Record<string, { applicationId: string; accessToken: string }> = {};
    for (const name of names) {
      const full = sampleApplication((a) => {
        a.organisation.name = name;
        a.budget.requestedUsd = 50_000;
        a.budget.lines = [{ category: 'direct-assistance', description: 'Shelter and care', amountUsd: 50_000 }];
      });
      const created = await api(`/calls/${call.callId}/applications`, { body: full });
      for (const kind of DOCUMENT_KINDS) await uploadDocument(created.body.applicationId, created.body.accessToken, kind);
      await submitApplication(created.body.applicationId, created.body.accessToken);
      await waitForDecision(created.body.applicationId, created.body.accessToken);
      apps[name] = created.body;
    }
    await reviewToRanking(call.callId, names.map((n) => n.split(' ')[0]!), inject('mailWebUrl'), `withdraw-ranking-${run}@reviewers.example.org`);
    const ranked = (await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() })).body.ranking.map((r: any) => r.applicationId);
    expect(ranked).toHaveLength(3);

    // Ranked, the slate not sent: the first leaves the ranking and the slate; the others keep their ranks.
    const first = apps[names[0]!]!;
    expect((await api(`/applications/${first.applicationId}/withdraw`, { method: 'POST', token: first.accessToken })).status).toBe(200);
    const ranking = (await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() })).body.ranking;
    expect(ranking.map((r: any) => r.applicationId)).toEqual(ranked.filter((id: string) => id !== first.applicationId));
    const slate = (await api(`/admin/calls/${call.callId}/slate`, { token: adminToken() })).body;
    expect([...slate.entries, ...slate.reserve].map((e: any) => e.applicationId)).not.toContain(first.applicationId);

    // The slate goes to the Board; the second withdraws while the trustee votes; the trustee approves both.
    expect((await api(`/admin/calls/${call.callId}/slate/submit`, { method: 'POST', token: adminToken() })).status).toBe(202);
    const second = apps[names[1]!]!;
    expect((await api(`/applications/${second.applicationId}/withdraw`, { method: 'POST', token: second.accessToken, body: { reason: 'Funded elsewhere.' } })).status).toBe(200);
    const ballot = await until('the ballot', async () => (await mailTo(trusteeEmail)).find((m) => m.subject.startsWith('Ballot')));
    const ref = /\/ballot\/([A-Za-z0-9_-]{43})/.exec(ballot.text)![1]!;
    const onBallot = (await api(`/ballot/${ref}`)).body;
    const votes = onBallot.projects.map((p: any) => ({ applicationId: p.applicationId, vote: 'approve' }));
    expect(votes.map((v: any) => v.applicationId)).toContain(second.applicationId);
    expect((await api(`/ballot/${ref}`, { body: { votes } })).status).toBe(200);
    const decisions = await until('the decisions', async () => {
      const { status, body } = await api(`/admin/calls/${call.callId}/decisions`, { token: adminToken() });
      return status === 200 && body.decisions?.length ? body.decisions : undefined;
    });
    expect(decisions.find((d: any) => d.applicationId === second.applicationId)).toMatchObject({ outcome: 'withdrawn', rule: 'WITHDRAWN' });
    const grants = await until('the grants', async () => {
      const body = (await api(`/admin/grants?callId=${call.callId}`, { token: adminToken() })).body;
      return body.grants?.length ? body.grants : undefined;
    });
    expect(grants.map((g: any) => g.applicationId)).toEqual([apps[names[2]!]!.applicationId]);
    expect((await api(`/applications/${second.applicationId}`, { token: second.accessToken })).body.status).toBe('withdrawn');
  });
});
