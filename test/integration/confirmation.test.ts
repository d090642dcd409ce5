// No more than the first email to an address until it is confirmed
// (shared/contact-confirmation.ts), as the inbox sees it: a second draft, an
// invitation and an organisation-link request for an unconfirmed address send
// nothing; the submission needs the code of the first email; once confirmed,
// the address gets every email, the next draft's without a code; a changed
// contact address gets its own code.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { api, confirmationCode, createCall, createDraft, DOCUMENT_KINDS, sampleApplication, until, uploadDocument, waitForDecision } from '../support/client.ts';

const inbox = (address: string) => listMail(inject('mailWebUrl'), address);

/** Waits until a message to a fresh address has arrived: every message the system sent before it is in the inbox by then. */
async function mailSettled(callId: string) {
  const marker = sampleApplication();
  await createDraft(callId, marker);
  await until('the marker email', async () => ((await inbox(marker.organisation.contact.email)).length > 0 ? true : undefined));
}

describe('contact confirmation', () => {
  it('sends one email to an unconfirmed address, asks its code at submission, and writes freely once confirmed', { timeout: 120_000 }, async () => {
    const call = await createCall({ title: `Confirmation ${Date.now()}` });
    const first = sampleApplication();
    const address = first.organisation.contact.email;
    const a = await createDraft(call.callId, first);
    expect(a).toMatchObject({ contactConfirmed: false });
    const [firstMail] = await until('the first email', async () => {
      const mails = await inbox(address);
      return mails.length > 0 ? mails : undefined;
    });
    expect(firstMail!.text).toMatch(/Your confirmation code: [A-Z0-9]{4}-[A-Z0-9]{4}\./);

    // A second draft with the same address, an invitation to it and a link request for it: nothing more reaches it.
    const second = sampleApplication((app) => (app.organisation.contact.email = address));
    const b = await createDraft(call.callId, second);
    expect(b).toMatchObject({ contactConfirmed: false });
    const other = await createDraft(call.callId);
    expect((await api(`/applications/${other.applicationId}/collaborators`, { token: other.accessToken, body: { email: address } })).status).toBe(201);
    const asked = await api('/org', {
      rawBody: new URLSearchParams({ email: address, lang: 'en' }).toString(),
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(asked.status).toBe(200);
    await mailSettled(call.callId);
    expect((await inbox(address)).length).toBe(1);

    // The submission asks for the code, refuses a wrong one, and takes the first email's.
    for (const kind of DOCUMENT_KINDS) await uploadDocument(b.applicationId, b.accessToken, kind);
    expect((await api(`/applications/${b.applicationId}`, { token: b.accessToken })).body.contactConfirmed).toBe(false);
    const without = await api(`/applications/${b.applicationId}/submit`, { method: 'POST', token: b.accessToken });
    expect(without.status).toBe(422);
    expect(without.body.error).toEqual({
      code: 'CONTACT_NOT_CONFIRMED',
      message: 'The contact address is not confirmed yet: give the confirmation code from the first email sent to it.',
      details: [{ path: 'confirmationCode', message: 'is required: it is in the first email sent to the contact address' }],
    });
    const wrong = await api(`/applications/${b.applicationId}/submit`, { method: 'POST', token: b.accessToken, body: { confirmationCode: 'AAAA-AAAA' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details).toEqual([{ path: 'confirmationCode', message: 'does not match the code in the first email sent to the contact address' }]);
    expect(JSON.stringify(wrong.body)).not.toContain(address);
    const code = await confirmationCode(address);
    // As people type it: lower case, a space for the dash.
    const submitted = await api(`/applications/${b.applicationId}/submit`, { method: 'POST', token: b.accessToken, body: { confirmationCode: code.toLowerCase().replace('-', ' ') } });
    expect(submitted.status).toBe(202);

    // Confirmed: the result email follows, and the next draft's email comes without a code.
    await waitForDecision(b.applicationId, b.accessToken);
    await until('the result email', async () => ((await inbox(address)).some((m) => /^(Eligible|Not eligible): /.test(m.subject)) ? true : undefined));
    const third = sampleApplication((app) => (app.organisation.contact.email = address));
    const c = await createDraft(call.callId, third);
    expect(c).toMatchObject({ contactConfirmed: true });
    const drafts = await until('the third draft email', async () => {
      const mails = (await inbox(address)).filter((m) => m.subject.startsWith('Application draft saved'));
      return mails.length === 2 ? mails : undefined;
    });
    expect(drafts.at(-1)!.text).not.toContain('confirmation code');
    // The first draft, with the same address, is confirmed too.
    expect((await api(`/applications/${a.applicationId}`, { token: a.accessToken })).body.contactConfirmed).toBe(true);
  });

  it('sends a changed contact address its own code, and confirms it through the API', { timeout: 60_000 }, async () => {
    const call = await createCall({ title: `Confirmation change ${Date.now()}` });
    const draft = await createDraft(call.callId);
    const fresh = `changed-${Date.now()}@dne.example.org`;
    const patched = await api(`/applications/${draft.applicationId}`, { method: 'PATCH', token: draft.accessToken, body: { organisation: { contact: { email: fresh } } } });
    expect(patched.status).toBe(200);
    const [mail] = await until('the confirmation email', async () => {
      const mails = await inbox(fresh);
      return mails.length > 0 ? mails : undefined;
    });
    expect(mail!.subject).toBe('Confirm your contact address');
    expect(mail!.text).not.toContain(draft.accessToken);
    expect((await api(`/applications/${draft.applicationId}`, { token: draft.accessToken })).body.contactConfirmed).toBe(false);

    const wrong = await api(`/applications/${draft.applicationId}/confirm`, { token: draft.accessToken, body: { confirmationCode: 'BBBB-BBBB' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'confirmationCode', message: 'does not match the code in the first email sent to the contact address' }]);
    const right = await api(`/applications/${draft.applicationId}/confirm`, { token: draft.accessToken, body: { confirmationCode: await confirmationCode(fresh) } });
    expect(right.status).toBe(200);
    expect((await api(`/applications/${draft.applicationId}`, { token: draft.accessToken })).body.contactConfirmed).toBe(true);
  });
});
