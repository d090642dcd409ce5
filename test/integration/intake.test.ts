// The intake through the local system, as an NGO and the secretariat meet it:
// HTTP API, presigned uploads to the S3 emulator, the intake workflow in the
// local Step Functions engine, and the emails in MailDev.
import { PutItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import {
  adminToken,
  api,
  applyFully,
  createCall,
  createDraft,
  DOCUMENT_KINDS,
  PNG,
  sampleApplication,
  uploadDocument,
  waitForDecision, submitApplication } from '../support/client.ts';

async function mailTo(address: string, subject: RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listMail(inject('mailWebUrl'))).filter(
      (m) => m.to.some((to) => to.includes(address)) && subject.test(m.subject),
    );
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('intake', () => {
  it('takes an eligible application from draft to its result email', async () => {
    // Prepare
    const call = await createCall();
    const application = sampleApplication();

    // Act: the draft
    const created = await api(`/calls/${call.callId}/applications`, { body: application });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', applicationId: expect.any(String), accessToken: expect.any(String) });
    expect(created.body.requiredDocuments.map((d: { kind: string }) => d.kind)).toEqual(DOCUMENT_KINDS);
    const { applicationId, accessToken } = created.body;
    const [draftMail] = await mailTo(application.organisation.contact.email, /draft saved/);
    expect(draftMail!.text).toContain(accessToken);
    expect(draftMail!.text).toContain(`/status/${applicationId}#token=`);

    // Act: documents and submission
    for (const kind of DOCUMENT_KINDS) await uploadDocument(applicationId, accessToken, kind);
    const submitted = await submitApplication(applicationId, accessToken);
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toMatch(/submitted|eligible/);

    // Assess: the decision, with priority explained
    const decided = await waitForDecision(applicationId, accessToken);
    expect(decided.status).toBe('eligible');
    expect(decided.eligibility).toEqual({ eligible: true, reasons: [] });
    expect(decided.priority.points).toBe(10);
    expect(decided.priority.rules).toEqual([
      expect.objectContaining({ context: 'refugee-flows', points: 10, declared: true }),
    ]);
    expect(decided.documents.every((d: { check: { status: string } }) => d.check.status === 'verified')).toBe(true);
    const [resultMail] = await mailTo(application.organisation.contact.email, /^Eligible/);
    expect(resultMail!.text).toMatch(/meets the eligibility criteria/);
    expect(resultMail!.text).not.toContain(accessToken);

    // Assess: the secretariat sees it with its status, eligibility and priority
    const listed = await api(`/admin/calls/${call.callId}/applications`, { token: adminToken() });
    expect(listed.status).toBe(200);
    expect(listed.body.applications).toEqual([
      expect.objectContaining({ applicationId, status: 'eligible', priority: expect.objectContaining({ points: 10 }) }),
    ]);
  });

  it('tells an ineligible applicant every reason at once', async () => {
    const call = await createCall();
    const application = sampleApplication((a) => {
      a.organisation.type = 'government-agency';
      a.organisation.yearsAssistingVictims = 0;
      a.project.directAssistance = false;
      a.project.durationMonths = 37;
      a.project.countries = ['UA'];
      a.project.contexts = [];
      a.budget.requestedUsd = 60_000.01;
      a.budget.lines = [
        { category: 'direct-assistance', description: 'Care', amountUsd: 50_000 },
        { category: 'operational', description: 'Office', amountUsd: 10_000 },
      ];
    });

    const draft = await applyFully(call.callId, application);
    const decided = await waitForDecision(draft.applicationId, draft.accessToken);

    expect(decided.status).toBe('ineligible');
    expect(decided.eligibility.reasons.map((r: { code: string }) => r.code)).toEqual([
      'NOT_AN_NGO',
      'NO_DIRECT_ASSISTANCE',
      'AMOUNT_OVER_CAP',
      'BUDGET_MISMATCH',
      'OPERATIONAL_SHARE_TOO_HIGH',
      'DURATION_TOO_LONG',
      'INSUFFICIENT_EXPERIENCE',
    ]);
    // Priority is still computed and explained: Ukraine implies armed conflict in this call.
    expect(decided.priority.rules).toEqual([expect.objectContaining({ context: 'armed-conflict', countries: ['UA'] })]);
    const [mail] = await mailTo(application.organisation.contact.email, /^Not eligible/);
    for (const code of ['NOT_AN_NGO', 'AMOUNT_OVER_CAP', 'DURATION_TOO_LONG']) expect(mail!.text).toContain(code);
  });

  it('refuses to submit while a document is missing or is not what it claims, and keeps the draft', async () => {
    const call = await createCall();
    const draft = await createDraft(call.callId);
    await uploadDocument(draft.applicationId, draft.accessToken, 'registration-certificate');
    await uploadDocument(draft.applicationId, draft.accessToken, 'narrative-proposal', PNG, 'application/pdf');

    const refused = await submitApplication(draft.applicationId, draft.accessToken);

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('APPLICATION_INCOMPLETE');
    expect(refused.body.error.details).toEqual([
      { path: 'documents.narrative-proposal', message: expect.stringMatching(/not a valid PDF/) },
      { path: 'documents.budget-sheet', message: expect.stringMatching(/not uploaded/) },
      { path: 'documents.financial-statement', message: expect.stringMatching(/not uploaded/) },
    ]);
    const status = await api(`/applications/${draft.applicationId}`, { token: draft.accessToken });
    expect(status.body.status).toBe('draft');

    // The applicant fixes the documents and submits: nothing was lost.
    for (const kind of DOCUMENT_KINDS.slice(1)) await uploadDocument(draft.applicationId, draft.accessToken, kind);
    const accepted = await submitApplication(draft.applicationId, draft.accessToken);
    expect(accepted.status).toBe(202);
    expect((await waitForDecision(draft.applicationId, draft.accessToken)).status).toBe('eligible');
  });

  it('answers a second submission with the same result and runs the intake once', async () => {
    const call = await createCall();
    const draft = await applyFully(call.callId);
    const first = await waitForDecision(draft.applicationId, draft.accessToken);

    const again = await submitApplication(draft.applicationId, draft.accessToken);

    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: first.status, submittedAt: first.submittedAt });
    const executions = await api('/local/executions', { token: adminToken() });
    expect(executions.body.filter((e: { name: string }) => e.name === `intake-${draft.applicationId}`)).toHaveLength(1);
  });

  it('keeps one application per organisation per call', async () => {
    const call = await createCall();
    const application = sampleApplication();
    const first = await createDraft(call.callId, application);
    // The same registration, written differently.
    const again = structuredClone(application);
    again.organisation.registrationNumber = ` ${application.organisation.registrationNumber.toLowerCase().replace(/-/g, ' ')} `;
    again.project.title = 'Another project';

    const duplicate = await api(`/calls/${call.callId}/applications`, { body: again });

    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('DUPLICATE_APPLICATION');
    const kept = await api(`/applications/${first.applicationId}`, { token: first.accessToken });
    expect(kept.status).toBe(200);
    expect(kept.body.application.project.title).toBe(application.project.title);
    // Another call is another matter.
    const otherCall = await createCall();
    expect((await api(`/calls/${otherCall.callId}/applications`, { body: again })).status).toBe(201);
  });

  it('answers unknown ids and wrong tokens alike with 404', async () => {
    const call = await createCall();
    const draft = await createDraft(call.callId);

    const wrongToken = await api(`/applications/${draft.applicationId}`, { token: 'x'.repeat(43) });
    const noToken = await api(`/applications/${draft.applicationId}`);
    const unknownId = await api(`/applications/00000000-0000-4000-8000-000000000000`, { token: draft.accessToken });
    const unknownCall = await api(`/calls/00000000-0000-4000-8000-000000000000/applications`, { body: sampleApplication() });

    for (const response of [wrongToken, noToken, unknownId, unknownCall]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
    }
  });

  it('finds an organisation with an overdue report ineligible', async () => {
    const call = await createCall();
    const application = sampleApplication();
    // A report item as the grant-life workflow will write it (no writer exists yet).
    const db = new DynamoDBClient({
      endpoint: inject('dynamodbUrl'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const orgKey = `AL#${application.organisation.registrationNumber.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '')}`;
    await db.send(
      new PutItemCommand({
        TableName: 'grants',
        Item: {
          pk: { S: 'GRANT#earlier' },
          sk: { S: 'REPORT#1' },
          gsi2pk: { S: `ORG#${orgKey}` },
          gsi2sk: { S: 'REPORT#2026-01-01#1' },
          overdue: { BOOL: true },
        },
      }),
    );

    const draft = await applyFully(call.callId, application);
    const decided = await waitForDecision(draft.applicationId, draft.accessToken);

    expect(decided.eligibility.reasons.map((r: { code: string }) => r.code)).toEqual(['OVERDUE_REPORTS']);
  });
});

describe('the virtual clock', () => {
  it('decides CALL_NOT_OPEN before the opening, and eligible once time has moved past it', async () => {
    const { body: clock } = await api('/local/clock');
    const opensAt = new Date(Date.parse(clock.now) + 6 * 3600 * 1000).toISOString();
    const call = await createCall({ opensAt, closesAt: new Date(Date.parse(opensAt) + 200 * 24 * 3600 * 1000).toISOString() });
    expect((await api('/calls')).body.calls.map((c: { callId: string }) => c.callId)).not.toContain(call.callId);

    const early = await applyFully(call.callId);
    expect((await waitForDecision(early.applicationId, early.accessToken)).eligibility.reasons).toEqual([
      expect.objectContaining({ code: 'CALL_NOT_OPEN' }),
    ]);

    const advanced = await api('/local/clock', { token: adminToken(), body: { advanceBy: 'PT7H' } });
    expect(advanced.status).toBe(200);
    expect((await api('/calls')).body.calls.map((c: { callId: string }) => c.callId)).toContain(call.callId);
    const onTime = await applyFully(call.callId);
    expect((await waitForDecision(onTime.applicationId, onTime.accessToken)).status).toBe('eligible');
  });

  it('moves only forward, and only for the secretariat', async () => {
    expect((await api('/local/clock', { body: { advanceBy: 'P1D' } })).status).toBe(401);
    const back = await api('/local/clock', { token: adminToken(), body: { to: '2001-01-01T00:00:00Z' } });
    expect(back.status).toBe(400);
    expect(back.body.error.details[0].path).toBe('to');
    expect((await api('/local/clock', { token: adminToken(), body: { advanceBy: '7 days' } })).status).toBe(400);
  });
});
