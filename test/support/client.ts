// A small client for tests that acts as a user of the HTTP API would: JSON in
// and out, presigned uploads straight to the storage URL it is given.
import { inject } from 'vitest';
import { APPLICANT_TEXT } from '../../shared/email/applicant-i18n.ts';
import type { Language } from '../../shared/domain/vocabulary.ts';

export const apiUrl = () => inject('apiUrl');
export const adminToken = () => inject('adminToken');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(
  path: string,
  init: { method?: string; body?: unknown; token?: string; rawBody?: string; contentType?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(`${apiUrl()}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

const day = 24 * 3600 * 1000;

export async function virtualNow(): Promise<Date> {
  const { body } = await api<{ now: string }>('/local/clock');
  return new Date(body.now);
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
  return response.body as { applicationId: string; accessToken: string; requiredDocuments: { kind: string }[] };
}

/** Draft, four documents, submit: what an applicant does. */
export async function applyFully(callId: string, application = sampleApplication()) {
  const draft = await createDraft(callId, application);
  for (const kind of DOCUMENT_KINDS) await uploadDocument(draft.applicationId, draft.accessToken, kind);
  const submitted = await api(`/applications/${draft.applicationId}/submit`, { method: 'POST', token: draft.accessToken });
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

/**
 * Takes a call's submitted applications through review to the ranking, as a
 * reviewer would: one reviewer, whose scores follow `order` (a list of
 * organisation-name prefixes, best first). The call must ask for one reviewer
 * per application.
 */
export async function reviewToRanking(callId: string, order: readonly string[], mailWebUrl: string, reviewerEmail: string) {
  const { listMail } = await import('../../infra/local/emulators/mail.ts');
  await api(`/admin/calls/${callId}/reviewers`, {
    token: adminToken(),
    body: { reviewers: [{ name: 'Ranking Reviewer', email: reviewerEmail, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 20 }] },
  });
  await api(`/admin/calls/${callId}/close`, { token: adminToken(), method: 'POST' });
  const requests = await until(`${order.length} review requests`, async () => {
    const found = (await listMail(mailWebUrl)).filter((m) => m.to.includes(reviewerEmail) && m.subject.startsWith('Review request'));
    return found.length >= order.length ? found : undefined;
  });
  for (const mail of requests) {
    const ref = /\/review\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    const task = await api(`/review/${ref}`);
    const position = order.findIndex((prefix) => (task.body.application.organisation.name as string).startsWith(prefix));
    const n = 5 - Math.min(position, 4);
    const answer = await api(`/review/${ref}`, { body: { decision: 'score', scores: { relevance: n, 'assistance-quality': n, capacity: n, 'cost-effectiveness': n, sustainability: n } } });
    if (answer.status !== 200) throw new Error(`review: ${answer.status} ${JSON.stringify(answer.body)}`);
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
  const trustee = await api('/admin/trustees', { token: adminToken(), body: { trustees: [{ name: 'Grant Trustee', email: trusteeEmail, termStart: '2020-01-01', termEnd: '2045-12-31' }] } });
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
