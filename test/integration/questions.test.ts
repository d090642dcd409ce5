// The secretariat's questions to an applicant, through the paths users take:
// the secretariat asks through the API; the French NGO reads the email in
// French in its inbox, follows the link, uploads a document and answers;
// the same answer again is the same answer, another is refused; the
// dashboard's application page shows the question, the answer and the
// document (which downloads), and its timeline both; the call's page lists
// the questions still waiting; the audit log has both entries without the
// texts. Refusals name their field; unknown links are 404, expired ones 410;
// a draft takes no question; a post from another site is refused.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, apiUrl, applyFully, createCall, createDraft, PDF, sampleApplication, until, waitForDecision } from '../support/client.ts';

const QUESTION = 'Pourriez-vous préciser le nombre de places du foyer et joindre le budget révisé ?\nMerci.';
const ANSWER = 'Le foyer compte 24 places. Le budget révisé est joint.';

const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${apiUrl()}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text(), location: response.headers.get('location') ?? '' };
};
const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${apiUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', accept: 'text/html', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

async function upload(ref: string, bytes: Buffer, fileName: string) {
  const presign = await api(`/question/${ref}/documents`, { body: { fileName, contentType: 'application/pdf', size: bytes.length } });
  expect(presign.status).toBe(201);
  const data = new FormData();
  for (const [name, value] of Object.entries(presign.body.upload.fields as Record<string, string>)) data.append(name, value);
  data.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const stored = await fetch(presign.body.upload.url, { method: 'POST', body: data, signal: AbortSignal.timeout(30_000) });
  expect(stored.status).toBeLessThan(300);
  return presign.body.key as string;
}

describe("the secretariat's questions to an applicant", () => {
  it('asks in the NGO’s language, takes one answer with a document, and shows it on the dashboard and in the audit log', { timeout: 120_000 }, async () => {
    const admin = { token: adminToken() };
    const run = Date.now();
    const call = await createCall({ title: `Questions call ${run}` });
    const application = sampleApplication((a) => {
      a.language = 'fr';
      a.organisation.name = 'Samu Social Sénégal';
      a.organisation.registrationCountry = 'SN';
      a.project.title = `Foyer d'accueil ${run}`;
    });
    const contact = application.organisation.contact.email as string;
    const { applicationId, accessToken } = await applyFully(call.callId, application);
    await waitForDecision(applicationId, accessToken);

    // Refusals: a short question names its field, an unknown application is 404, a draft takes none, no token is 401.
    const short = await api(`/admin/applications/${applicationId}/questions`, { ...admin, body: { text: 'Why?' } });
    expect(short.status).toBe(400);
    expect(short.body.error.details.map((d: { path: string }) => d.path)).toEqual(['text']);
    expect((await api('/admin/applications/no-such-application/questions', { ...admin, body: { text: QUESTION } })).status).toBe(404);
    const draft = await createDraft(call.callId, sampleApplication());
    const toDraft = await api(`/admin/applications/${draft.applicationId}/questions`, { ...admin, body: { text: QUESTION } });
    expect([toDraft.status, toDraft.body.error.code]).toEqual([409, 'NOT_SUBMITTED']);
    expect((await api(`/admin/applications/${applicationId}/questions`, { body: { text: QUESTION } })).status).toBe(401);

    // The secretariat asks; the NGO's contact gets the question in French, quoted, with its link.
    const asked = await api(`/admin/applications/${applicationId}/questions`, { ...admin, body: { text: QUESTION } });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ applicationId, text: QUESTION, status: 'waiting' });
    expect(asked.body).not.toHaveProperty('linkHash');
    const mail = await until('the question email', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(contact) && m.subject.startsWith('Une question sur votre candidature')));
    expect(mail.subject).toBe(`Une question sur votre candidature : ${application.project.title}`);
    expect(mail.text).toContain('> Pourriez-vous préciser le nombre de places du foyer et joindre le budget révisé ?\n> Merci.');
    expect(mail.text).toContain('Répondez ici');
    const ref = /\/question\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;

    // The call's page lists it as waiting.
    const signin = await fetch(`${apiUrl()}/signin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(adminToken())}`, redirect: 'manual' });
    const cookie = { cookie: signin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    const waiting = await page(`/dashboard/calls/${call.callId}`, cookie);
    expect(waiting.text).toContain('Questions waiting for an answer');
    expect(waiting.text).toContain(`href="/dashboard/applications/${applicationId}#questions"`);

    // The page behind the link, in French; it does nothing on GET. Unknown or tampered links: 404.
    const shown = await page(`/question/${ref}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<html lang="fr">');
    expect(unescape(shown.text)).toContain('Pourriez-vous préciser le nombre de places du foyer');
    expect(shown.text).toContain('name="answer"');
    expect((await page(`/question/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await api(`/question/${ref.slice(0, -1)}${ref.endsWith("A") ? "B" : "A"}`)).status).toBe(404);

    // Bad answers name their field and record nothing; a post from another site is refused.
    const empty = await api(`/question/${ref}`, { body: { answer: '   ' } });
    expect([empty.status, empty.body.error.details[0].path]).toEqual([400, 'answer']);
    const foreignKey = await api(`/question/${ref}`, { body: { answer: ANSWER, documentKey: `applications/${applicationId}/narrative-proposal` } });
    expect([foreignKey.status, foreignKey.body.error.details[0].path]).toEqual([400, 'documentKey']);
    const notPdf = await upload(ref, Buffer.from('not a pdf at all'), 'faux.pdf');
    const invalid = await api(`/question/${ref}`, { body: { answer: ANSWER, documentKey: notPdf } });
    expect([invalid.status, invalid.body.error.details[0]]).toEqual([400, { path: 'documentKey', message: 'the file is not a valid PDF file.' }]);
    const formProblem = await form(`/question/${ref}`, { answer: '' });
    expect(formProblem.status).toBe(400);
    expect(await formProblem.text()).toContain('Saisissez votre réponse.');
    const crossSite = await form(`/question/${ref}`, { answer: ANSWER }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);

    // The answer with its document; the same again is the same answer; another one is refused.
    const key = await upload(ref, PDF, 'budget-revise.pdf');
    const answered = await api(`/question/${ref}`, { body: { answer: ANSWER, documentKey: key, fileName: 'budget-revise.pdf' } });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answer: { text: ANSWER, document: { fileName: 'budget-revise.pdf', contentType: 'application/pdf' } } });
    const again = await api(`/question/${ref}`, { body: { answer: ANSWER, documentKey: key, fileName: 'budget-revise.pdf' } });
    expect([again.status, again.body.answer.answeredAt]).toEqual([200, answered.body.answer.answeredAt]);
    const other = await api(`/question/${ref}`, { body: { answer: 'Une autre réponse.' } });
    expect([other.status, other.body.error.code]).toEqual([409, 'ALREADY_ANSWERED']);
    const after = await page(`/question/${ref}`);
    expect([after.status, after.text.includes('Cette question a reçu une réponse')]).toEqual([200, true]);
    expect(after.text).not.toContain('name="answer"');

    // The secretariat's view: the API, the application's page (with the document's link) and its timeline.
    const listed = await api(`/admin/applications/${applicationId}/questions`, admin);
    expect(listed.status).toBe(200);
    expect(listed.body.questions).toHaveLength(1);
    expect(listed.body.questions[0]).toMatchObject({ status: 'answered', answer: { text: ANSWER, documentKey: key, fileName: 'budget-revise.pdf' } });
    const dashboard = await page(`/dashboard/applications/${applicationId}`, cookie);
    const text = unescape(dashboard.text);
    expect(text).toContain('Pourriez-vous préciser le nombre de places du foyer');
    expect(text).toContain(ANSWER);
    expect(text).toContain('Question answered, with a document');
    expect(text).toMatch(/Question asked by \S+/);
    const link = /<a href="([^"]+)">budget-revise\.pdf<\/a>/.exec(text)![1]!;
    const downloaded = await fetch(link, { signal: AbortSignal.timeout(30_000) });
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await page(`/dashboard/calls/${call.callId}`, cookie)).text).not.toContain(`href="/dashboard/applications/${applicationId}#questions"`);

    // The audit log: both entries, with the ids and never the texts.
    const month = answered.body.answer.answeredAt.slice(0, 7);
    const audit = await api(`/admin/audit?month=${month}`, admin);
    const entries = audit.body.entries.filter((e: { subject: { questionId?: string } }) => e.subject.questionId === asked.body.questionId);
    expect(entries.map((e: { action: string }) => e.action).sort()).toEqual(['application.answer', 'application.question']);
    expect(JSON.stringify(entries)).not.toMatch(/foyer|budget révisé/i);

    // From the dashboard's form: a short question is refused naming its field; a good one is sent (a second email).
    const refused = await form(`/dashboard/applications/${applicationId}/questions`, { text: 'Court' }, cookie);
    expect(refused.status).toBe(303);
    expect(decodeURIComponent(refused.headers.get('location')!)).toMatch(/problem=The question was not sent\. \(text /);
    const sent = await form(`/dashboard/applications/${applicationId}/questions`, { text: 'Quand le foyer ouvrira-t-il ses portes ?' }, cookie);
    expect([sent.status, decodeURIComponent(sent.headers.get('location')!)]).toEqual([303, `/dashboard/applications/${applicationId}?done=Question sent to the applicant.`]);
    const second = await until('the second question email', async () => {
      const mails = (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(contact) && m.subject.startsWith('Une question'));
      return mails.length === 2 ? mails.at(-1) : undefined;
    });
    const secondRef = /\/question\/([A-Za-z0-9_-]{43})/.exec(second.text)![1]!;
    expect((await page(`/dashboard/calls/${call.callId}`, cookie)).text).toContain(`href="/dashboard/applications/${applicationId}#questions"`);

    // Past its 30 days, the unanswered link is gone (410, said in French); the answered one still shows its answer.
    await api('/local/clock', { ...admin, body: { advanceBy: 'P31D' } });
    const expired = await page(`/question/${secondRef}`);
    expect([expired.status, unescape(expired.text).includes('Ce lien a expiré')]).toEqual([410, true]);
    expect((await api(`/question/${secondRef}`, { body: { answer: ANSWER } })).status).toBe(410);
    expect((await page(`/question/${ref}`)).status).toBe(200);
  });
});
