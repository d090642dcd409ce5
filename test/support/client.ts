// A small client for tests that acts as a user of the HTTP API would: JSON in
// and out, presigned uploads straight to the storage URL it is given.
import { inject } from 'vitest';
import { loopbackRequest } from '../../infra/local/loopback-request.ts';
import { confirmationCodeIn, listMail } from '../../infra/local/emulators/mail.ts';
import { APPLICANT_TEXT } from '../../shared/email/applicant-i18n.ts';
import type { Language } from '../../shared/domain/vocabulary.ts';

export const apiUrl = () => inject('apiUrl');
export const adminToken = () => inject('adminToken');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Each call comes from its own loopback address (127.0.1.1 to 127.0.1.250 in
 * turn), as the fund's applicants come from their own networks: the
 * per-client limits (shared/rate-limit.ts) then meet a test's flood, given
 * one fixed address with `from`, and not the suite's ordinary traffic.
 */
let nextAddress = 0;
const anotherAddress = () => `127.0.1.${(nextAddress++ % 250) + 1}`;

export async function api<T = any>(
  path: string,
  init: { method?: string; body?: unknown; token?: string; rawBody?: string; contentType?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const { status, text, headers: responseHeaders } = await loopbackRequest(`${apiUrl()}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    from: init.from ?? anotherAddress(),
  });
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status, body: parsed as T, headers: responseHeaders };
}

const day = 24 * 3600 * 1000;

export async function virtualNow(): Promise<Date> {
  const { body } = await api<{ now: string }>('/local/clock');
  return new Date(body.now);
}

/**
 * A trustee's term around the virtual clock's today (a year back, fifteen ahead): the clock only moves forward, and
 * the retention tests take it years ahead, so a term of fixed dates would end at some point of the run.
 */
export async function trusteeTerm(): Promise<{ termStart: string; termEnd: string }> {
  const now = await virtualNow();
  const year = (n: number) => `${now.getUTCFullYear() + n}-01-01`;
  return { termStart: year(-1), termEnd: year(15) };
}

export async function createCall(overrides: Record<string, unknown> = {}) {
  const now = await virtualNow();
  const response = await api('/admin/calls', {
    token: adminToken(),
    body: {
      title: 'Third cycle: assistance to victims of trafficking',
      budgetUsd: 1_500_000,
      opensAt: new Date(now.getTime() - day).toISOString(),
      closesAt: new Date(now.getTime() + 120 * day).toISOString(),
      priorityContexts: [
        { context: 'armed-conflict', points: 10, countries: ['UA', 'SD'] },
        { context: 'refugee-flows', points: 10, countries: ['MT', 'GR'] },
      ],
      ...overrides,
    },
  });
  if (response.status !== 201) throw new Error(`createCall: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { callId: string } & Record<string, unknown>;
}

let registration = 1000;

/** A complete, eligible application from one of the fund's grantee organisations. */
export function sampleApplication(overrides: (a: any) => void = () => undefined): any {
  registration += 1;
  const application = {
    language: 'en',
    organisation: {
      name: 'Different and Equal',
      registrationNumber: `AL-${registration}-${Math.random().toString(36).slice(2, 8)}`,
      registrationCountry: 'AL',
      type: 'ngo',
      legallyRegistered: true,
      yearsAssistingVictims: 18,
      contact: { name: 'Programme Officer', email: `officer+${registration}-${Math.random().toString(36).slice(2, 8)}@dne.example.org` },
    },
    project: {
      title: 'Reintegration and empowerment for trafficking survivors',
      summary: 'Shelter, psychosocial support, medical and legal aid, and job skills training for survivors.',
      countries: ['AL'],
      actionLines: ['protection', 'empowerment-prevention'],
      formsOfExploitation: ['sexual-exploitation', 'forced-labour'],
      directAssistance: true,
      targetBeneficiaries: { women: 80, men: 10, girls: 25, boys: 5 },
      contexts: [
        {
          context: 'refugee-flows',
          justification: 'Many survivors we assist are identified among people moving through the Balkan route.',
        },
      ],
      startDate: '2027-01-01',
      durationMonths: 36,
    },
    budget: {
      requestedUsd: 60_000,
      lines: [
        { category: 'direct-assistance', description: 'Shelter and care', amountUsd: 40_000 },
        { category: 'staff', description: 'Social workers and psychologist', amountUsd: 14_000 },
        { category: 'operational', description: 'Office and administration', amountUsd: 6_000 },
      ],
    },
  };
  overrides(application);
  return application;
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

export const DOCUMENT_KINDS = ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement'];

/** Asks for a presigned POST and uploads the bytes to it, as the web form does. */
export async function uploadDocument(
  applicationId: string,
  token: string,
  kind: string,
  bytes: Buffer = PDF,
  contentType = 'application/pdf',
) {
  const presign = await api(`/applications/${applicationId}/documents`, {
    token,
    body: { kind, fileName: `${kind}.pdf`, contentType, size: bytes.length },
  });
  if (presign.status !== 201) throw new Error(`presign: ${presign.status} ${JSON.stringify(presign.body)}`);
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: contentType }), `${kind}.pdf`);
  const upload = await fetch(presign.body.upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  if (upload.status >= 300) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  return presign.body;
}

export async function createDraft(callId: string, application = sampleApplication()) {
  const response = await api(`/calls/${callId}/applications`, { body: application });
  if (response.status !== 201) throw new Error(`createDraft: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { applicationId: string; accessToken: string; contactConfirmed: boolean; requiredDocuments: { kind: string }[] };
}

/** The confirmation code of the first email to `address` (shared/contact-confirmation.ts), read from the inbox as its reader would. */
export async function confirmationCode(address: string): Promise<string> {
  return until(`the confirmation code sent to ${address}`, async () => (await listMail(inject('mailWebUrl'), address)).map((m) => confirmationCodeIn(m.text)).find(Boolean));
}

/** Submits as the contact does: with the confirmation code from the inbox when the address still needs one. */
export async function submitApplication(applicationId: string, token: string) {
  const view = await api(`/applications/${applicationId}`, { token });
  const address = view.body.application?.organisation?.contact?.email as string | undefined;
  const body = view.body.contactConfirmed === false && address ? { confirmationCode: await confirmationCode(address) } : undefined;
  return api(`/applications/${applicationId}/submit`, { method: 'POST', token, ...(body ? { body } : {}) });
}

/** Draft, four documents, submit: what an applicant does. */
export async function applyFully(callId: string, application = sampleApplication()) {
  const draft = await createDraft(callId, application);
  for (const kind of DOCUMENT_KINDS) await uploadDocument(draft.applicationId, draft.accessToken, kind);
  const submitted = await submitApplication(draft.applicationId, draft.accessToken);
  if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return draft;
}

/** Polls the applicant's status until the intake has decided (bounded). */
export async function waitForDecision(applicationId: string, token: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await api(`/applications/${applicationId}`, { token });
    if (status !== 200) throw new Error(`status: ${status} ${JSON.stringify(body)}`);
    if (body.status === 'eligible' || body.status === 'ineligible') return body;
    if (Date.now() > deadline) throw new Error(`no decision within ${timeoutMs} ms (status ${body.status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls until the probe returns something, bounded in time. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The invitation to a reviewer's page (waits for it): its mail, the opaque reference and the page's URL. */
export async function reviewerInvitation(mailWebUrl: string, reviewerEmail: string) {
  const { listMail } = await import('../../infra/local/emulators/mail.ts');
  const mail = await until(`the invitation of ${reviewerEmail}`, async () => (await listMail(mailWebUrl)).find((m) => m.to.includes(reviewerEmail) && m.subject.startsWith('Your reviews for')));
  const url = /(https?:\/\/\S+\/reviewer\/([A-Za-z0-9_-]{43}))/.exec(mail.text)!;
  return { mail, url: url[1]!, ref: url[2]! };
}

/** A POST to the reviewer's page, sent again while the task is not yet waiting (503: the workflow step has not stored its token). */
export async function reviewerPost(ref: string, applicationId: string, action: 'declaration' | 'draft' | 'submit' | 'decline', body: unknown) {
  return until(`${action} of ${applicationId}`, async () => {
    const response = await api(`/reviewer/${ref}/tasks/${applicationId}/${action}`, { body });
    return response.status === 503 ? undefined : response;
  });
}

/** What a reviewer does for one task on their page: declare no conflict, read the application, send the scores `scoresFor` gives. */
export async function reviewTask(ref: string, applicationId: string, scoresFor: (task: any) => Record<string, number>, comments = 'Reviewed.') {
  const declared = await reviewerPost(ref, applicationId, 'declaration', { conflict: false });
  if (declared.status !== 200 && declared.status !== 409) throw new Error(`declaration: ${declared.status} ${JSON.stringify(declared.body)}`);
  const task = await api(`/reviewer/${ref}/tasks/${applicationId}`);
  if (task.status !== 200 || !task.body.application) throw new Error(`task: ${task.status} ${JSON.stringify(task.body)}`);
  const sent = await reviewerPost(ref, applicationId, 'submit', { scores: scoresFor(task.body), comments });
  if (sent.status !== 200) throw new Error(`submit: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { task: task.body, total: sent.body.total as number };
}

/** The same score on every default criterion. */
export const allScores = (n: number) => ({ relevance: n, 'assistance-quality': n, capacity: n, 'cost-effectiveness': n, sustainability: n });

/**
 * Takes a call's submitted applications through review to the ranking, as a
 * reviewer would: one reviewer, who follows the invitation to their page and
 * scores each task so that the ranking follows `order` (a list of
 * organisation-name prefixes, best first). The call must ask for one reviewer
 * per application.
 */
export async function reviewToRanking(callId: string, order: readonly string[], mailWebUrl: string, reviewerEmail: string) {
  await api(`/admin/calls/${callId}/reviewers`, {
    token: adminToken(),
    body: { reviewers: [{ name: 'Ranking Reviewer', email: reviewerEmail, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 20 }] },
  });
  await api(`/admin/calls/${callId}/close`, { token: adminToken(), method: 'POST' });
  const { ref } = await reviewerInvitation(mailWebUrl, reviewerEmail);
  const page = await api(`/reviewer/${ref}`);
  if (page.status !== 200 || page.body.tasks.length !== order.length) throw new Error(`reviewer page: ${page.status} ${JSON.stringify(page.body)}`);
  for (const listed of page.body.tasks) {
    await reviewTask(ref, listed.applicationId, (task) => {
      const position = order.findIndex((prefix) => (task.application.organisation.name as string).startsWith(prefix));
      return allScores(5 - Math.min(position, 4));
    });
  }
  await until('the ranking', async () => ((await api(`/admin/calls/${callId}/ranking`, { token: adminToken() })).status === 200 ? true : undefined));
}

/**
 * A grant, as users make one: a call, one application starting `startDate`
 * (changed by `customise`, e.g. its language), one reviewer, one trustee who
 * approves. Returns the grant and the grantee's
 * email address.
 */
export async function awardGrant(mailWebUrl: string, run: string, startDate: string, customise: (application: any) => void = () => undefined) {
  const { listMail } = await import('../../infra/local/emulators/mail.ts');
  const trusteeEmail = `trustee-${run}@board.example.org`;
  const trustee = await api('/admin/trustees', { token: adminToken(), body: { trustees: [{ name: 'Grant Trustee', email: trusteeEmail, ...(await trusteeTerm()) }] } });
  const call = await createCall({ title: `Grant ${run}`, budgetUsd: 100_000, reviewersPerApplication: 1, trusteeIds: [trustee.body.trustees[0].trusteeId] });
  const input = sampleApplication((a) => {
    a.organisation.name = `Shelter ${run}`;
    a.project.startDate = startDate;
    customise(a);
  });
  const applied = await applyFully(call.callId, input);
  await waitForDecision(applied.applicationId, applied.accessToken);
  await reviewToRanking(call.callId, [input.organisation.name.split(' ')[0]], mailWebUrl, `reviewer-${run}@reviewers.example.org`);
  const submitted = await api(`/admin/calls/${call.callId}/slate/submit`, { token: adminToken(), method: 'POST' });
  if (submitted.status !== 202) throw new Error(`slate: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const ballot = await until('the ballot', async () => (await listMail(mailWebUrl)).find((m) => m.to.includes(trusteeEmail) && m.subject.startsWith('Ballot')));
  const ref = /\/ballot\/([A-Za-z0-9_-]{43})/.exec(ballot.text)![1]!;
  const cast = await api(`/ballot/${ref}`, { body: { votes: [{ applicationId: applied.applicationId, vote: 'approve' }] } });
  if (cast.status !== 200) throw new Error(`ballot: ${cast.status} ${JSON.stringify(cast.body)}`);
  // The approval email goes out after the tally has made the grant and its schedules.
  const grantee = input.organisation.contact.email as string;
  const approved = APPLICANT_TEXT[(input.language ?? 'en') as Language].approvedSubject(input.project.title);
  await until('the approval', async () => (await listMail(mailWebUrl)).find((m) => m.to.includes(grantee) && m.subject === approved));
  const grant = (await api(`/admin/grants?callId=${call.callId}`, { token: adminToken() })).body.grants[0];
  return { call, grant, input, applied, grantee };
}

/** A grantee's report through its link: the statement uploaded by presigned POST, then the report. */
export async function submitReport(ref: string, figures: unknown, narrative = 'Shelter and psychosocial care continued; caseworkers accompanied survivors to court.') {
  const presign = await api(`/report/${ref}/documents`, { body: { fileName: 'statement.pdf', contentType: 'application/pdf', size: PDF.length } });
  if (presign.status !== 201) return presign;
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'statement.pdf');
  const upload = await fetch(presign.body.upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  if (upload.status >= 300) throw new Error(`upload: ${upload.status}`);
  return api(`/report/${ref}`, { body: { narrative, financialStatementKey: presign.body.key, figures } });
}
