import { spawnSync } from 'node:child_process';
// What the benchmarks share: the local system's HTTP API, one application
// through intake, and the statistics printed.
import { confirmationCodeIn, listMail } from '../infra/local/emulators/mail.ts';
import { loopbackRequest } from '../infra/local/loopback-request.ts';
import type { SpawnedSystem } from '../infra/local/spawn.ts';

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr?.toString().slice(0, 2000)}`);
  return elapsed;
}

/**
 * Each applicant of the bench comes from its own loopback address, as the
 * fund's applicants come from their own networks (the per-client limits,
 * shared/rate-limit.ts, would otherwise see one client). A request the
 * route's throttle refuses (429) is tried again after a second, as a client
 * would, at most 5 times.
 */
let nextAddress = 0;
export const applicantAddress = () => `127.0.2.${(nextAddress++ % 250) + 1}`;

export async function api(system: SpawnedSystem, path: string, init: { method?: string; body?: unknown; token?: string; from?: string } = {}) {
  for (let attempt = 1; ; attempt++) {
    const response = await loopbackRequest(`${system.apiUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      from: init.from ?? '127.0.0.1',
      timeoutMs: 60_000,
    });
    if (response.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * Math.min(5, Number(response.headers.get('retry-after') ?? 1))));
      continue;
    }
    let body: any;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    if (response.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const KINDS = ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement'];

export function application(i: number) {
  return {
    organisation: {
      name: `Bench NGO ${i}`,
      registrationNumber: `BENCH-${i}-${Date.now()}`,
      registrationCountry: 'NG',
      type: 'ngo',
      legallyRegistered: true,
      yearsAssistingVictims: 5,
      contact: { name: 'Programme Officer', email: `bench${i}@ngo.example.org` },
    },
    project: {
      title: `Shelter and reintegration ${i}`,
      summary: 'Shelter, medical and psychosocial care and vocational training for survivors of trafficking.',
      countries: ['NG'],
      actionLines: ['protection'],
      formsOfExploitation: ['sexual-exploitation'],
      directAssistance: true,
      targetBeneficiaries: { women: 50, men: 5, girls: 20, boys: 5 },
      contexts: [],
      startDate: '2027-01-01',
      durationMonths: 24,
    },
    budget: {
      requestedUsd: 50_000,
      lines: [
        { category: 'direct-assistance', description: 'Care', amountUsd: 45_000 },
        { category: 'operational', description: 'Office', amountUsd: 5_000 },
      ],
    },
  };
}

export async function apply(system: SpawnedSystem, callId: string, i: number) {
  const draft = await api(system, `/calls/${callId}/applications`, { body: application(i), from: applicantAddress() });
  for (const kind of KINDS) {
    const presign = await api(system, `/applications/${draft.applicationId}/documents`, {
      token: draft.accessToken,
      body: { kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: PDF.length },
    });
    const form = new FormData();
    for (const [k, v] of Object.entries(presign.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), `${kind}.pdf`);
    const upload = await fetch(presign.upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(60_000) });
    if (upload.status >= 300) throw new Error(`upload ${upload.status}`);
  }
  // The contact address confirmed with the code of its first email (shared/contact-confirmation.ts).
  const address = application(i).organisation.contact.email;
  let confirmationCode: string | undefined;
  for (const deadline = Date.now() + 30_000; !draft.contactConfirmed && !confirmationCode && Date.now() < deadline; ) {
    confirmationCode = (await listMail(system.mailWebUrl, address)).map((m) => confirmationCodeIn(m.text)).find(Boolean);
    if (!confirmationCode) await new Promise((r) => setTimeout(r, 100));
  }
  await api(system, `/applications/${draft.applicationId}/submit`, { method: 'POST', token: draft.accessToken, ...(confirmationCode ? { body: { confirmationCode } } : {}) });
  return draft as { applicationId: string; accessToken: string };
}

export async function waitForDecision(system: SpawnedSystem, app: { applicationId: string; accessToken: string }) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await api(system, `/applications/${app.applicationId}`, { token: app.accessToken });
    if (status.status === 'eligible' || status.status === 'ineligible') return status;
    if (Date.now() > deadline) throw new Error('no decision within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

