// The export of everything held about one organisation (issue 13): every
// item the table has on its application's partition is in it (read directly
// before the export), without a token, hash or key; its documents come as
// signed links that open them, each recorded as handed out; bad input is a
// 400 naming the parameter, an unknown organisation a 404.
import { describe, expect, it } from 'vitest';
import { partitionOf } from '../support/stores.ts';
import { adminToken, api, applyFully, createCall, sampleApplication, waitForDecision } from '../support/client.ts';

const SECRET = /accessTokenHash|tokenHash|taskToken|linkHash|"pk"|"gsi1pk"|"gsi2pk"/;

describe('organisation export', () => {
  it('holds everything the table has about the organisation, and its documents as links', { timeout: 60_000 }, async () => {
    const call = await createCall({ title: `Export ${Date.now()}` });
    const input = sampleApplication();
    const applied = await applyFully(call.callId, input);
    await waitForDecision(applied.applicationId, applied.accessToken);
    expect((await api(`/admin/applications/${applied.applicationId}/questions`, { token: adminToken(), body: { text: 'How many places does the shelter have?' } })).status).toBe(201);
    const held = await partitionOf(`APP#${applied.applicationId}`);

    const query = `registrationCountry=${input.organisation.registrationCountry}&registrationNumber=${encodeURIComponent(input.organisation.registrationNumber)}`;
    const exported = await api(`/admin/organisations/export?${query}`, { token: adminToken() });
    expect(exported.status).toBe(200);
    const records = exported.body.applications.find((a: { applicationId: string }) => a.applicationId === applied.applicationId).records as Record<string, unknown>[];
    for (const item of held) {
      const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, accessTokenHash: _h, linkHash: _l, taskToken: _t, ...rest } = item;
      expect(records, String(item.sk)).toContainEqual(expect.objectContaining(rest));
    }
    expect(records).toHaveLength(held.length);
    expect(JSON.stringify(exported.body)).not.toMatch(SECRET);
    expect(JSON.stringify(records)).toContain(input.organisation.contact.email);

    // The four documents, each a link that opens it, each recorded as handed out.
    expect(exported.body.documents.map((d: { document: string }) => d.document).sort()).toEqual(['budget-sheet', 'financial-statement', 'narrative-proposal', 'registration-certificate']);
    const opened = await fetch(exported.body.documents[0].url, { signal: AbortSignal.timeout(10_000) });
    expect(opened.status).toBe(200);
    expect(Buffer.from(await opened.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
    const access = (await partitionOf(`APP#${applied.applicationId}`)).filter((i) => String(i.sk).startsWith('ACCESS#') && i.through === 'export');
    expect(access).toHaveLength(4);

    const bad = await api('/admin/organisations/export?registrationCountry=al&registrationNumber=', { token: adminToken() });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['registrationCountry', 'registrationNumber']);
    expect((await api('/admin/organisations/export?registrationCountry=AL&registrationNumber=none-such-0', { token: adminToken() })).status).toBe(404);
  });
});
