// Executions live in the engine's memory, so the runtime records them and
// re-drives them after a restart. A review in progress survives Ctrl-C: the
// reviewers' links still work and the call is ranked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmationCodeIn, listMail } from '../../infra/local/emulators/mail.ts';
import { spawnLocalSystem, type SpawnedSystem } from '../../infra/local/spawn.ts';
import { until } from '../support/client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'grants-restart-'));
let system: SpawnedSystem | undefined;
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${system!.apiUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'));

describe('a restart in the middle of a review', () => {
  it('loses nothing: links still work and the call is ranked', async () => {
    system = await spawnLocalSystem(dataDir);
    const token = system.adminToken;
    const now = (await call('/local/clock')).body.now as string;
    const created = await call('/admin/calls', {
      token,
      body: { title: 'Restart call', budgetUsd: 500_000, reviewersPerApplication: 1, opensAt: new Date(Date.parse(now) - 86_400_000).toISOString(), closesAt: new Date(Date.parse(now) + 30 * 86_400_000).toISOString() },
    });
    const callId = created.body.callId as string;
    for (const i of [1, 2]) {
      const draft = await call(`/calls/${callId}/applications`, {
        body: {
          organisation: { name: `Restart NGO ${i}`, registrationNumber: `R-${i}`, registrationCountry: 'NP', type: 'ngo', legallyRegistered: true, yearsAssistingVictims: 9, contact: { name: 'Officer', email: `officer${i}@restart.example.org` } },
          project: { title: `Safe homes ${i}`, summary: 'Shelter and reintegration for survivors of trafficking.', countries: ['NP'], actionLines: ['protection'], formsOfExploitation: ['forced-labour'], directAssistance: true, targetBeneficiaries: { women: 10, men: 2, girls: 5, boys: 1 }, startDate: '2027-01-01', durationMonths: 24 },
          budget: { requestedUsd: 40_000, lines: [{ category: 'direct-assistance', description: 'Care', amountUsd: 40_000 }] },
        },
      });
      const { applicationId, accessToken } = draft.body;
      for (const kind of ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement']) {
        const presign = await call(`/applications/${applicationId}/documents`, { token: accessToken, body: { kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: PDF.length } });
        const form = new FormData();
        for (const [k, v] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(k, v);
        form.append('file', new Blob([PDF], { type: 'application/pdf' }));
        await fetch(presign.body.upload.url, { method: 'POST', body: form });
      }
      // The contact's confirmation code, from the first email to the address.
      const code = await until('the confirmation code', async () =>
        (await listMail(system!.mailWebUrl, `officer${i}@restart.example.org`)).map((m) => confirmationCodeIn(m.text)).find(Boolean),
      );
      await call(`/applications/${applicationId}/submit`, { method: 'POST', token: accessToken, body: { confirmationCode: code } });
      await until('eligibility', async () => ((await call(`/applications/${applicationId}`, { token: accessToken })).body.status === 'eligible' ? true : undefined));
    }
    await call(`/admin/calls/${callId}/reviewers`, {
      token,
      body: { reviewers: [{ name: 'Restart Reviewer', email: 'reviewer@restart.example.org', country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 5 }] },
    });
    await call(`/admin/calls/${callId}/close`, { token, method: 'POST' });
    const invitation = await until('the invitation', async () => (await listMail(system!.mailWebUrl)).find((m) => /^Your reviews for/.test(m.subject)));
    const pageRef = /\/reviewer\/([A-Za-z0-9_-]{43})/.exec(invitation.text)![1]!;

    // Ctrl-C, and start again on the same data.
    expect(await system.stop()).toBe(0);
    system = await spawnLocalSystem(dataDir);
    expect(system.output()).toMatch(/Resumed \d+ workflow execution\(s\)/);

    // The reviewer's page survives the restart (its link is a record), with both tasks.
    const listed = await call(`/reviewer/${pageRef}`);
    expect(listed.status).toBe(200);
    expect(listed.body.tasks).toHaveLength(2);
    const scores = { relevance: 4, 'assistance-quality': 4, capacity: 4, 'cost-effectiveness': 4, sustainability: 4 };
    for (const { applicationId } of listed.body.tasks as { applicationId: string }[]) {
      expect((await call(`/reviewer/${pageRef}/tasks/${applicationId}/declaration`, { body: { conflict: false } })).status).toBe(200);
      const answered = await until('the re-driven review task', async () => {
        // Until the re-driven task waits again the answer is refused with 503, and nothing is recorded.
        const response = await call(`/reviewer/${pageRef}/tasks/${applicationId}/submit`, { body: { scores } });
        expect([200, 503]).toContain(response.status);
        return response.status === 200 ? response : undefined;
      });
      expect(answered.body.state).toBe('submitted');
    }
    const ranking = await until('the ranking', async () => {
      const response = await call(`/admin/calls/${callId}/ranking`, { token: system!.adminToken });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(2);
    // The inbox survives the restart too (it is kept under the data folder), and the restart invited nobody a second time.
    expect((await listMail(system.mailWebUrl)).filter((m) => /^Your reviews for/.test(m.subject))).toHaveLength(1);
    restartCallId = callId;
  });

  it('loses no milestone of a grant: schedules are records, and a report being collected survives', { timeout: 180_000 }, async () => {
    const token = system!.adminToken;
    const callId = restartCallId!;
    // The Board (every trustee in term votes): one trustee approves both projects.
    await call('/admin/trustees', { token, body: { trustees: [{ name: 'Restart Trustee', email: 'trustee@restart.example.org', termStart: '2020-01-01', termEnd: '2045-12-31' }] } });
    expect((await call(`/admin/calls/${callId}/slate/submit`, { token, method: 'POST' })).status).toBe(202);
    const ballot = await until('the ballot', async () => (await listMail(system!.mailWebUrl)).find((m) => m.subject.startsWith('Ballot')));
    const ballotRef = /\/ballot\/([A-Za-z0-9_-]{43})/.exec(ballot.text)![1]!;
    const projects = (await call(`/ballot/${ballotRef}`)).body.projects as { applicationId: string }[];
    expect((await call(`/ballot/${ballotRef}`, { body: { votes: projects.map((p) => ({ applicationId: p.applicationId, vote: 'approve' })) } })).status).toBe(200);
    const grants = await until('the grants', async () => {
      const response = await call(`/admin/grants?callId=${callId}`, { token });
      return response.body.grants?.length === 2 ? response.body.grants : undefined;
    });
    // Every report and tranche of both grants has its schedule (the tally makes them right after each grant).
    const expected = grants.reduce((n: number, g: { schedule: { reports: unknown[]; tranches: unknown[] } }) => n + g.schedule.reports.length + g.schedule.tranches.length, 0);
    await until('the schedules', async () => {
      const scheduled = (await call('/local/schedules', { token })).body as { name: string }[];
      const mine = scheduled.filter((s) => grants.some((g: { grantId: string }) => s.name.startsWith(g.grantId)));
      return mine.length === expected ? true : undefined;
    });

    // Ctrl-C with every milestone ahead; start again and move through the first months.
    expect(await system!.stop()).toBe(0);
    system = await spawnLocalSystem(dataDir);
    const start = grants[0].schedule.startDate as string;
    const request = new Date(Date.parse(grants[0].schedule.reports[0].dueDate) - 14 * 86_400_000).toISOString().slice(0, 10);
    await call('/local/clock', { token: system.adminToken, body: { to: `${request}T07:00:00Z` } });
    const firstRequest = await until('the report request', async () => (await listMail(system!.mailWebUrl)).find((m) => m.subject.startsWith('Report due') && m.to.includes('officer1@restart.example.org')));
    // Four eyes: the second member approves both first releases.
    for (const g of grants as { grantId: string }[]) {
      await until('the first release approved', async () => ((await call(`/admin/grants/${g.grantId}/tranches/1/approve`, { method: 'POST', token: system!.financeToken })).status === 200 ? true : undefined));
    }
    const tranches = await until('both first tranches', async () => {
      const csv = await fetch(`${system!.apiUrl}/admin/disbursements.csv`, { headers: { authorization: `Bearer ${system!.adminToken}` } }).then((r) => r.text());
      const released = csv.split('\r\n').filter((line) => line.includes('"released"'));
      return released.length === 2 ? released : undefined;
    });
    expect(tranches.every((line) => line.includes(`"${start}"`) || line.includes('"1"'))).toBe(true);

    // Ctrl-C while the report is being collected: the re-driven step keeps the link working, and sends no second request.
    const requestsBefore = (await listMail(system!.mailWebUrl)).filter((m) => m.subject.startsWith('Report due')).length;
    expect(requestsBefore).toBeGreaterThan(0);
    expect(await system!.stop()).toBe(0);
    system = await spawnLocalSystem(dataDir);
    const ref = /\/report\/([A-Za-z0-9_-]{43})/.exec(firstRequest.text)![1]!;
    expect((await call(`/report/${ref}`)).status).toBe(200);
    const presign = await call(`/report/${ref}/documents`, { body: { fileName: 'statement.pdf', contentType: 'application/pdf', size: PDF.length } });
    const form = new FormData();
    for (const [k, v] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([PDF], { type: 'application/pdf' }));
    await fetch(presign.body.upload.url, { method: 'POST', body: form });
    const report = {
      narrative: 'Shelter and legal aid for the survivors referred in the period.',
      financialStatementKey: presign.body.key,
      figures: { beneficiaries: { women: 6, men: 1, girls: 2, boys: 1, total: 10 }, byExploitation: { 'forced-labour': 10 }, services: { shelter: 8 } },
    };
    await until('the re-driven report step', async () => {
      const response = await call(`/report/${ref}`, { body: report });
      expect([200, 503]).toContain(response.status);
      return response.status === 200 ? true : undefined;
    });
    // (The inbox is kept under the data folder and survives restarts: what was there before, and nothing more.)
    expect((await listMail(system.mailWebUrl)).filter((m) => m.subject.startsWith('Report due'))).toHaveLength(requestsBefore);
  });
});

let restartCallId: string | undefined;
