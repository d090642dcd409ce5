// Executions live in the engine's memory, so the runtime records them and
// re-drives them after a restart. A review in progress survives Ctrl-C: the
// reviewers' links still work and the call is ranked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
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
      await call(`/applications/${applicationId}/submit`, { method: 'POST', token: accessToken });
      await until('eligibility', async () => ((await call(`/applications/${applicationId}`, { token: accessToken })).body.status === 'eligible' ? true : undefined));
    }
    await call(`/admin/calls/${callId}/reviewers`, {
      token,
      body: { reviewers: [{ name: 'Restart Reviewer', email: 'reviewer@restart.example.org', country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 5 }] },
    });
    await call(`/admin/calls/${callId}/close`, { token, method: 'POST' });
    const firstRun = await until('2 review requests', async () => {
      const mail = (await listMail(system!.mailWebUrl)).filter((m) => /^Review request/.test(m.subject));
      return mail.length >= 2 ? mail : undefined;
    });
    const refs = firstRun.map((m) => /\/review\/([A-Za-z0-9_-]{43})/.exec(m.text)![1]!);

    // Ctrl-C, and start again on the same data.
    expect(await system.stop()).toBe(0);
    system = await spawnLocalSystem(dataDir);
    expect(system.output()).toMatch(/Resumed \d+ workflow execution\(s\)/);

    const scores = { relevance: 4, 'assistance-quality': 4, capacity: 4, 'cost-effectiveness': 4, sustainability: 4 };
    for (const ref of refs) {
      const answered = await until('the re-driven review task', async () => {
        // Until the re-driven task waits again the answer is refused with 503, and nothing is recorded.
        const response = await call(`/review/${ref}`, { body: { decision: 'score', scores } });
        expect([200, 503]).toContain(response.status);
        return response.status === 200 ? response : undefined;
      });
      expect(answered.body.status).toBe('submitted');
    }
    const ranking = await until('the ranking', async () => {
      const response = await call(`/admin/calls/${callId}/ranking`, { token: system!.adminToken });
      return response.status === 200 ? response.body : undefined;
    });
    expect(ranking.ranking).toHaveLength(2);
    // The restart sent nobody a second request.
    expect((await listMail(system.mailWebUrl)).filter((m) => /^Review request/.test(m.subject))).toHaveLength(0);
  });
});
