// The organisation's page, as an NGO meets it: it asks for a link with its
// contact address (the answer says nothing of whether the address is known),
// follows the link from its inbox to a page of its applications and grants
// (a report due with its link), continues a draft with the link as its
// credential, and starts a new application pre-filled with its profile (the
// registration certificate copied as a new object). Without the link, nothing.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { BUCKET_NAME } from '../../infra/local/runtime.ts';
import { adminToken, api, apiUrl, awardGrant, confirmationCode, createCall, sampleApplication, until, uploadDocument } from '../support/client.ts';

const form = async (path: string, fields: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) => {
  const answer = await api<string>(path, { rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded', headers });
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return { status: answer.status, headers: answer.headers, text: async () => text };
};
const html = async (path: string) => {
  const response = await fetch(`${apiUrl()}${path}`, { signal: AbortSignal.timeout(30_000) });
  return { status: response.status, text: await response.text() };
};
const mailTo = async (address: string, subject: RegExp) => (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(address) && subject.test(m.subject));
const orgRefOf = (text: string) => /\/org\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;

async function orgLink(email: string): Promise<string> {
  const before = (await mailTo(email, /^Your organisation's page$/)).length;
  const asked = await form('/org', { email, lang: 'en' });
  expect(asked.status).toBe(200);
  const mail = await until('the organisation link', async () => {
    const all = await mailTo(email, /^Your organisation's page$/);
    return all.length > before ? all.at(-1) : undefined;
  });
  return orgRefOf(mail.text);
}

describe("the organisation's page", () => {
  it('sends a link only to an address on record, lists its applications and grant, and reuses its profile', { timeout: 120_000 }, async () => {
    const run = Date.now();
    // A grant of an earlier call (a report will be due), then a draft in an open call, both from one contact address.
    const { grantee, input, grant } = await awardGrant(inject('mailWebUrl'), `org-${run}`, '2027-02-01');
    const earlier = await api(`/applications/${grant.applicationId}`, { token: 'x'.repeat(43) });
    expect(earlier.status).toBe(404);
    const open = await createCall({ title: `Org open call ${run}` });
    const draft = await api(`/calls/${open.callId}/applications`, {
      body: { language: 'en', organisation: { ...input.organisation, registrationNumber: `${input.organisation.registrationNumber}-B` }, project: { title: `Second project ${run}` } },
    });
    expect(draft.status).toBe(201);
    const next = await createCall({ title: `Org next call ${run}` });

    // The same answer for an unknown address, and no mail to it.
    const unknown = `nobody-${run}@unknown.example.org`;
    const answers = await Promise.all([form('/org', { email: unknown, lang: 'en' }), form('/org', { email: grantee, lang: 'en' })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const [a, b] = await Promise.all(answers.map((r) => r.text()));
    expect(a).toBe(b);
    expect(a).toContain('If this address is the contact of an application');
    const ref = orgRefOf((await until('the link', async () => (await mailTo(grantee, /^Your organisation's page$/))[0])).text);
    expect(await mailTo(unknown, /./)).toEqual([]);
    // A malformed address is named; a post from another site is refused.
    const bad = await form('/org', { email: 'not an address', lang: 'en' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Please enter an email address.');
    expect((await form('/org', { email: grantee }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);

    // The page behind the link: both applications, the draft to continue with what it lacks, the open calls.
    const page = await html(`/org/${ref}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(input.project.title);
    expect(page.text).toContain(`Second project ${run}`);
    expect(page.text).toMatch(/\d+ things still missing/);
    expect(page.text).toContain(`/apply/${open.callId}?lang=en#id=${draft.body.applicationId}&#38;token=${ref}`);
    expect(page.text).toContain(`Org next call ${run}`);
    expect(page.text).toContain(`action="/org/${ref}/apply/${next.callId}"`);
    expect(page.text).not.toContain(`action="/org/${ref}/apply/${open.callId}"`); // applied already
    expect(page.text).toContain(grant.title);
    // The link opens these applications through the API too (the form and the status page use it so), and no other.
    const viaLink = await api(`/applications/${draft.body.applicationId}`, { token: ref });
    expect(viaLink.status).toBe(200);
    expect((await api(`/applications/${draft.body.applicationId}`, { method: 'PATCH', token: ref, body: { project: { title: `Second project ${run} (revised)` } } })).status).toBe(200);
    const strangerInput = sampleApplication();
    const stranger = await api(`/calls/${open.callId}/applications`, { body: strangerInput });
    expect((await api(`/applications/${stranger.body.applicationId}`, { token: ref })).status).toBe(404);
    // Another address's link does not open them either. (Its address is confirmed first: until then, no email but the draft's goes to it.)
    const strangerAddress = strangerInput.organisation.contact.email;
    const confirmed = await api(`/applications/${stranger.body.applicationId}/confirm`, { token: stranger.body.accessToken, body: { confirmationCode: await confirmationCode(strangerAddress) } });
    expect(confirmed.body).toEqual({ applicationId: stranger.body.applicationId, contactConfirmed: true });
    const otherRef = await orgLink(strangerAddress);
    expect((await api(`/applications/${stranger.body.applicationId}`, { token: otherRef })).status).toBe(200);
    expect((await api(`/applications/${draft.body.applicationId}`, { token: otherRef })).status).toBe(404);

    // "Apply to this call": a draft with the profile of the latest application and a copy of its certificate.
    await uploadDocument(draft.body.applicationId, draft.body.accessToken, 'registration-certificate');
    const applied = await form(`/org/${ref}/apply/${next.callId}`, { copyCertificate: 'yes' });
    expect(applied.status).toBe(303);
    const location = applied.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/apply/${next.callId}\\?lang=en#id=[\\w-]+&token=${ref}$`));
    const newId = new URLSearchParams(location.split('#')[1]).get('id')!;
    const fresh = await api(`/applications/${newId}`, { token: ref });
    expect(fresh.body.status).toBe('draft');
    expect(fresh.body.application.organisation).toMatchObject({
      name: input.organisation.name,
      type: input.organisation.type,
      registrationCountry: input.organisation.registrationCountry,
      yearsAssistingVictims: input.organisation.yearsAssistingVictims,
      contact: input.organisation.contact,
    });
    expect(fresh.body.application.project).toBeUndefined();
    expect(fresh.body.documents.find((d: any) => d.kind === 'registration-certificate').fileName).toBe('registration-certificate.pdf');
    expect(fresh.body.missing.map((m: any) => m.path)).not.toContain('documents.registration-certificate');
    const s3 = new S3Client({ endpoint: inject('s3Url'), region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const copied = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET_NAME, Prefix: `applications/${newId}/` }));
    expect(copied.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(new RegExp(`^applications/${newId}/registration-certificate/`))]);
    // Its own access code went to the contact, as for any new draft; applying twice is refused.
    await until('the new draft email', async () => ((await mailTo(grantee, /^Application draft saved/)).length >= 3 ? true : undefined));
    expect((await form(`/org/${ref}/apply/${next.callId}`, {})).status).toBe(409);

    // Past its hours the link opens nothing, and offers to send a new one.
    await api('/local/clock', { token: adminToken(), body: { advanceBy: 'PT73H' } });
    const expired = await html(`/org/${ref}`);
    expect(expired.status).toBe(410);
    expect(expired.text).not.toContain(input.project.title);
    expect((await api(`/applications/${draft.body.applicationId}`, { token: ref })).status).toBe(404);
    expect((await html(`/org/${'A'.repeat(43)}`)).status).toBe(404);
    // Months later, a report due shows on the page (from a new link) with a link of its own that opens the report form.
    // Asked 14 days before it is due (the call's default).
    const requestDate = new Date(Date.parse(grant.schedule.reports[0].dueDate) - 14 * 86_400_000).toISOString().slice(0, 10);
    const moved = await api('/local/clock', { token: adminToken(), body: { to: `${requestDate}T07:00:00Z` } });
    expect(moved.status).toBe(200);
    await until('report 1 requested', async () => ((await mailTo(grantee, /^Report due: .* \(1\)$/)).length ? true : undefined));
    const withReport = await html(`/org/${await orgLink(grantee)}`);
    expect(withReport.text).toMatch(/Report 1, due on/);
    const reportRef = /href="\/report\/([A-Za-z0-9_-]{43})"/.exec(withReport.text)![1];
    const reportForm = await api(`/report/${reportRef}`);
    expect(reportForm.status).toBe(200);
    expect(reportForm.body.report.number).toBe(1);

  });
});
