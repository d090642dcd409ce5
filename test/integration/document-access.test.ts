// The record of who was handed a link to which document: a reviewer opens a
// task on their page and gets the document links; the secretariat opens the
// application on the dashboard; the application's dashboard page lists both,
// who, which document, when and through what, and never the link itself.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, apiUrl, applyFully, createCall, until, waitForDecision } from '../support/client.ts';

async function dashboardCookie(): Promise<Record<string, string>> {
  const signin = await fetch(`${apiUrl()}/signin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(adminToken())}`, redirect: 'manual' });
  return { cookie: signin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
}

const dashboardPage = async (path: string, headers: Record<string, string>) =>
  (await fetch(`${apiUrl()}${path}`, { headers, signal: AbortSignal.timeout(30_000) })).text();

describe('the record of document links', () => {
  it("records each link handed to a reviewer and to the secretariat, and shows it on the application's page", async () => {
    const run = Date.now();
    const call = await createCall({ title: `Access ${run}`, reviewersPerApplication: 1 });
    const applied = await applyFully(call.callId);
    await waitForDecision(applied.applicationId, applied.accessToken);
    const email = `access-reviewer-${run}@reviewers.example.org`;
    await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [{ name: 'Access Reviewer', email, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 3 }] },
    });
    await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });
    const invitation = await until('the invitation', async () => (await listMail(inject('mailWebUrl'))).find((m) => m.to.includes(email)));
    const ref = /\/reviewer\/([A-Za-z0-9_-]{43})/.exec(invitation.text)![1]!;
    const task = `/reviewer/${ref}/tasks/${applied.applicationId}`;
    await until('the task', async () => ((await api(task)).status === 200 ? true : undefined));

    // Before the declaration, no link and nothing recorded; after it, four links.
    expect((await api(task)).body.documents).toBeUndefined();
    const cookie = await dashboardCookie();
    const before = await dashboardPage(`/dashboard/applications/${applied.applicationId}`, cookie);
    expect(before).not.toContain('Reviewer Access Reviewer');
    expect((await api(`${task}/declaration`, { body: { conflict: false } })).status).toBe(200);
    const opened = await api(task);
    expect(opened.body.documents).toHaveLength(4);
    expect(opened.body.documents[0].url).toMatch(/X-Amz-Signature=/);

    // The application's page: the reviewer's four, the member's own from the first visit, and nothing of the links.
    const after = await dashboardPage(`/dashboard/applications/${applied.applicationId}`, cookie);
    const section = after.slice(after.indexOf('<h2>Document access</h2>'));
    const rows = section.split('<tr>').slice(2); // after the header row
    const reviewerRows = rows.filter((r) => r.includes('Reviewer Access Reviewer'));
    expect(reviewerRows).toHaveLength(4);
    for (const label of ['Legal registration certificate', 'Narrative proposal', 'Budget sheet', 'Latest audited accounts or financial statement']) {
      expect(reviewerRows.some((r) => r.includes(label) && r.includes('reviewer-page'))).toBe(true);
    }
    expect(rows.filter((r) => r.includes('>dashboard<')).length).toBeGreaterThanOrEqual(4); // the first visit's links (this visit's are recorded too)
    expect(section).not.toMatch(/X-Amz-Signature|Signature=/);
  });
});
