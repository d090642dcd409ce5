// `npm run demo`: a whole call for proposals against the running local
// system, as real clients would: the NGOs of the fund's documents apply
// through the HTTP API (some ineligible, each for a different reason),
// reviewers work from their own page (one invitation each; one declares a
// conflict of interest, which moves that task to another reviewer), trustees
// follow the links in their emails, the virtual clock
// moves through the years of the grants while grantees report (one late) and
// tranches are released. Ends with a summary; leaves the data in place.
import { confirmationCodeIn } from '../infra/local/emulators/mail.ts';
import { loopbackRequest } from '../infra/local/loopback-request.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NGOS, type DemoNgo } from './ngos.ts';

export interface DemoOptions {
  apiUrl: string;
  adminToken: string;
  /** A second secretariat member's token: four eyes on every release (the first member accepts the reports). */
  financeToken: string;
  mailWebUrl: string;
  /** How many NGOs apply (default: all 25). */
  ngos?: number;
  /** Grant length in months (default 36). */
  months?: number;
  out?: (text: string) => void;
  /** Draw progress bars in place (a terminal) or print one line per phase. */
  tty?: boolean;
  /** Called once the grants are awarded, before the clock moves through the grant years (the bench reads its meter there). */
  beforeGrantYears?: () => Promise<void>;
}

interface Mail {
  id: string;
  subject: string;
  to: { address: string }[];
  text: string;
}

const DAY = 86_400_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const SCORES = ['relevance', 'assistance-quality', 'capacity', 'cost-effectiveness', 'sustainability'];

export async function runDemo(options: DemoOptions) {
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const tty = options.tty ?? Boolean(process.stdout.isTTY);
  const run = Date.now().toString(36);
  // A shorter demo keeps one ineligible NGO among the first eligible ones.
  const ngos = options.ngos && options.ngos < NGOS.length ? [...NGOS.filter((n) => !n.ineligible).slice(0, options.ngos - 1), NGOS.find((n) => n.ineligible)!] : NGOS;
  const months = options.months ?? 36;

  // --- A small client, as any API user would write ---------------------------
  /** `from`: the loopback address a request comes from (each NGO its own, as each has its own network: shared/rate-limit.ts). */
  async function api(path: string, init: { method?: string; body?: unknown; token?: string; from?: string } = {}) {
    for (let attempt = 0; ; attempt++) {
      const response = await loopbackRequest(`${options.apiUrl}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        from: init.from ?? '127.0.0.1',
      });
      const text = response.text;
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // CSV and the like
      }
      // 503 TRY_AGAIN: a workflow step is not waiting yet; the API says to send it again.
      if (response.status === 503 && attempt < 50) {
        await sleep(200);
        continue;
      }
      return { status: response.status, body };
    }
  }
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) => api(path, { ...init, token: options.adminToken });
  const must = async (what: string, response: Promise<{ status: number; body: any }>, ok = [200, 201, 202]) => {
    const r = await response;
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  };
  const seen = new Set<string>();
  /** New emails to these addresses whose subject starts so; each is handed out once. */
  async function newMail(subject: RegExp, to?: (address: string) => boolean): Promise<Mail[]> {
    const response = await fetch(`${options.mailWebUrl}/api/email`, { signal: AbortSignal.timeout(10_000) });
    const all = (await response.json()) as Mail[];
    const fresh = all.filter((m) => !seen.has(m.id) && subject.test(m.subject ?? '') && (!to || (m.to ?? []).some((t) => to(t.address))));
    for (const m of fresh) seen.add(m.id);
    return fresh;
  }
  const linkIn = (mail: Mail, kind: string) => new RegExp(`/${kind}/([A-Za-z0-9_-]{43})`).exec(mail.text)?.[1];

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`The demo timed out waiting for ${what}`);
      await sleep(150);
    }
  }

  // --- Progress ---------------------------------------------------------------
  const started = Date.now();
  let phaseStart = Date.now();
  function progress(phase: string, done: number, total: number, note = '') {
    const width = 24;
    const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
    const line = `${phase.padEnd(22)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(3)}/${total} ${note}`;
    if (tty) out(`\r${line.padEnd(100)}`);
    if (done === total) {
      const seconds = ((Date.now() - phaseStart) / 1000).toFixed(1);
      out(`${tty ? '\r' : ''}${line.padEnd(70)} ${seconds} s\n`);
      phaseStart = Date.now();
    }
  }

  const now = new Date((await must('clock', api('/local/clock'))).now as string);
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * DAY).toISOString();

  // --- 1. The call, its reviewers and the Board --------------------------------
  progress('Setting up', 0, 3);
  const trustees = await must('trustees', admin('/admin/trustees', {
    body: {
      trustees: ['Amina Diallo', 'Elena Petrova', 'Carlos Mendoza', 'Priya Raman', 'Jonas Berg'].map((name, i) => ({
        name,
        email: `trustee${i + 1}.${run}@board.example.org`,
        termStart: day(-365).slice(0, 10),
        termEnd: day(4 * 365).slice(0, 10),
      })),
    },
  }));
  const trusteeIds = (trustees.trustees as { trusteeId: string }[]).map((t) => t.trusteeId);
  progress('Setting up', 1, 3);
  const call = await must('call', admin('/admin/calls', {
    body: {
      title: `Fourth cycle: assistance to victims of trafficking (demo ${run})`,
      description: 'Grants of up to US$60,000 for NGOs giving direct assistance to victims of trafficking. Priority to projects reaching victims of armed conflict and of refugee and migration flows.',
      budgetUsd: Math.min(700_000, ngos.length * 30_000),
      opensAt: day(-1),
      closesAt: day(30),
      priorityContexts: [
        { context: 'armed-conflict', points: 10, countries: ['NG', 'CI', 'BI', 'SD', 'UA', 'ET'] },
        { context: 'refugee-flows', points: 10, countries: ['MT', 'GR', 'RS', 'MK', 'GT'] },
      ],
      reviewersPerApplication: 2,
      regionalBalance: true,
      trusteeIds,
    },
  }));
  const reviewerNames = ['Fatou Ndiaye', 'Marta Kowalska', 'Luis Herrera', 'Mei Chen', 'Sarah Okafor', 'Tomás Silva'];
  const reviewerCountries = ['SN', 'PL', 'CO', 'SG', 'KE', 'PT'];
  await must('reviewers', admin(`/admin/calls/${call.callId}/reviewers`, {
    body: {
      reviewers: reviewerNames.map((name, i) => ({
        name,
        email: `reviewer${i + 1}.${run}@reviewers.example.org`,
        country: reviewerCountries[i],
        languages: i % 2 === 0 ? ['en', 'fr'] : ['en', 'es'],
        regions: [],
        expertise: ['protection', 'empowerment-prevention'],
        maxLoad: Math.ceil((ngos.length * 2) / reviewerNames.length) + 2,
      })),
    },
  }));
  progress('Setting up', 3, 3);

  // --- 2. Applications ------------------------------------------------------------
  const apps = new Map<string, { ngo: DemoNgo; applicationId: string; accessToken: string; email: string }>();
  let applied = 0;
  progress('Applications', 0, ngos.length);
  // Five NGOs at a time, as a busy week of a call would have them.
  await inParallel([...ngos.entries()], 5, async ([i, ngo]) => {
    const email = `programmes.${run}.${i}@${ngo.name.toLowerCase().replace(/[^a-z]+/g, '')}.example.org`;
    const operational = ngo.ineligible === 'operational-share' ? 0.15 : 0.1;
    const body = {
      language: 'en',
      organisation: {
        name: ngo.name,
        registrationNumber: `${ngo.country}-${run}-${i}`,
        registrationCountry: ngo.country,
        type: ngo.ineligible === 'government' ? 'government-agency' : 'ngo',
        legallyRegistered: true,
        yearsAssistingVictims: 5 + (i % 15),
        contact: { name: 'Programme Director', email },
      },
      project: {
        title: `Safe recovery and reintegration: ${ngo.name}`,
        summary: 'Shelter, psychosocial and medical care, legal aid and job skills for survivors of trafficking, from identification to independent life.',
        countries: [ngo.country],
        actionLines: ['protection', 'empowerment-prevention'],
        formsOfExploitation: ngo.focus,
        directAssistance: true,
        targetBeneficiaries: { women: 40 + i, men: 8, girls: 20 + (i % 7), boys: 6 },
        contexts: ngo.context ? [{ context: ngo.context, justification: 'Most survivors we assist were trafficked in this context, as our referral records show.' }] : [],
        startDate: day(45).slice(0, 10),
        durationMonths: ngo.ineligible === 'too-long' ? 48 : months,
      },
      budget: {
        requestedUsd: ngo.requestedUsd,
        lines: [
          { category: 'direct-assistance', description: 'Shelter, care and legal aid', amountUsd: Math.round(ngo.requestedUsd * (0.75 - (operational - 0.1))) },
          { category: 'staff', description: 'Social workers and psychologist', amountUsd: ngo.requestedUsd - Math.round(ngo.requestedUsd * (0.75 - (operational - 0.1))) - Math.round(ngo.requestedUsd * operational) },
          { category: 'operational', description: 'Office and administration', amountUsd: Math.round(ngo.requestedUsd * operational) },
        ],
      },
    };
    const from = `127.0.4.${i + 1}`;
    const draft = await must(`draft ${ngo.name}`, api(`/calls/${call.callId}/applications`, { body, from }));
    await Promise.all(
      ['registration-certificate', 'narrative-proposal', 'budget-sheet', 'financial-statement'].map((kind) =>
        upload(`/applications/${draft.applicationId}/documents`, draft.accessToken, { kind, fileName: `${kind}.pdf`, contentType: 'application/pdf', size: PDF.length }),
      ),
    );
    // The contact address confirmed with the code of its first email (shared/contact-confirmation.ts).
    const confirmationCode = draft.contactConfirmed
      ? undefined
      : await until(`the confirmation code of ${ngo.name}`, async () => {
          const [mail] = await newMail(/^Application draft saved/, (address) => address === email);
          return mail ? confirmationCodeIn(mail.text) : undefined;
        });
    await must(`submit ${ngo.name}`, api(`/applications/${draft.applicationId}/submit`, { method: 'POST', token: draft.accessToken, ...(confirmationCode ? { body: { confirmationCode } } : {}), from }));
    apps.set(draft.applicationId, { ngo, applicationId: draft.applicationId, accessToken: draft.accessToken, email });
    progress('Applications', ++applied, ngos.length, ngo.name);
  });
  let decided = 0;
  let eligible = 0;
  for (const app of apps.values()) {
    const status = await until('the intake', async () => {
      const { body } = await api(`/applications/${app.applicationId}`, { token: app.accessToken });
      return body.status === 'eligible' || body.status === 'ineligible' ? (body.status as string) : undefined;
    });
    if (status === 'eligible') eligible += 1;
    progress('Eligibility', ++decided, apps.size, `${eligible} eligible`);
  }

  async function upload(path: string, token: string | undefined, request: Record<string, unknown>) {
    const presign = await must('presign', api(path, { body: request, token }));
    const form = new FormData();
    for (const [k, v] of Object.entries(presign.upload.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'document.pdf');
    const stored = await fetch(presign.upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
    if (!stored.ok) throw new Error(`upload: ${stored.status}`);
    return presign as { key?: string };
  }

  // --- 3. Review ------------------------------------------------------------------
  await must('close', admin(`/admin/calls/${call.callId}/close`, { method: 'POST' }));
  // Two reviewers per eligible application.
  const assignments = eligible * 2;
  let reviewed = 0;
  progress('Reviews', 0, assignments);
  const isReviewer = (address: string) => address.endsWith(`.${run}@reviewers.example.org`) || address.includes(`.${run}@reviewers`);
  // Each reviewer gets one email, the invitation to their page (and a "review added" one when a task comes to
  // them later); they work from the page: declare their interests, read, save a draft, send.
  const pages = new Map<string, string>();
  let conflictDeclared = false;
  while (reviewed < assignments) {
    for (const mail of await newMail(/^(Your reviews for|Review added)/, isReviewer)) pages.set(mail.to[0]!.address, linkIn(mail, 'reviewer')!);
    let acted = false;
    for (const ref of pages.values()) {
      const tasks = (await must('reviewer page', api(`/reviewer/${ref}`))).tasks as { applicationId: string; state: string }[];
      for (const { applicationId } of tasks.filter((t) => t.state === 'to-do' || t.state === 'draft')) {
        const path = `/reviewer/${ref}/tasks/${applicationId}`;
        acted = true;
        if (!conflictDeclared) {
          // One reviewer knows the organisation well: they say so before reading, and the task goes to another reviewer.
          conflictDeclared = true;
          await must('conflict', api(`${path}/declaration`, { body: { conflict: true, reason: 'I advised this organisation on its last project.' } }));
          continue;
        }
        if ((await must('task', api(path))).declaration === null) await must('declaration', api(`${path}/declaration`, { body: { conflict: false } }));
        const task = await must('task', api(path));
        // Reviewers differ a little; stronger track records score higher.
        const base = 2 + ((task.application.organisation.yearsAssistingVictims as number) % 4);
        const scores = Object.fromEntries(SCORES.map((c, j) => [c, Math.max(1, Math.min(5, base + ((j + reviewed) % 2)))]));
        await must('draft', api(`${path}/draft`, { body: { scores: { [SCORES[0]!]: scores[SCORES[0]!] }, comments: 'First reading: sound model.' } }));
        await must('review', api(`${path}/submit`, { body: { scores, comments: 'Sound survivor-centred model.' } }));
        progress('Reviews', ++reviewed, assignments);
      }
    }
    if (!acted) await sleep(150);
  }
  await until('the ranking', async () => ((await admin(`/admin/calls/${call.callId}/ranking`)).status === 200 ? true : undefined));

  // --- 4. The Board ---------------------------------------------------------------
  const slate = await must('slate', admin(`/admin/calls/${call.callId}/slate`));
  await must('submit the slate', admin(`/admin/calls/${call.callId}/slate/submit`, { method: 'POST' }));
  let voted = 0;
  progress('Board vote', 0, 5);
  const isTrustee = (address: string) => address.endsWith(`.${run}@board.example.org`);
  while (voted < 5) {
    const ballots = await newMail(/^Ballot:/, isTrustee);
    for (const mail of ballots) {
      const ref = linkIn(mail, 'ballot')!;
      const ballot = await must('ballot', api(`/ballot/${ref}`));
      const projects = ballot.projects as { applicationId: string; conflict: boolean; rank: number }[];
      const t = voted;
      const votes = projects.map((p, k) => ({
        applicationId: p.applicationId,
        // Most trustees approve the slate; one abstains on a few, and the last project of the list is contested.
        vote: p.conflict ? 'recuse' : t === 4 && k % 4 === 1 ? 'abstain' : k === projects.length - 1 && t >= 2 ? 'reject' : 'approve',
      }));
      await must('cast', api(`/ballot/${ref}`, { body: { votes } }));
      progress('Board vote', ++voted, 5);
    }
    if (ballots.length === 0) await sleep(150);
  }
  const decisions = await until('the decisions', async () => {
    const { body } = await admin(`/admin/calls/${call.callId}/decisions`);
    return body.vote?.status === 'closed' ? body : undefined;
  });
  const grants = await until('the grants and their schedules', async () => {
    const approved = (decisions.decisions as { outcome: string }[]).filter((d) => d.outcome === 'approved').length;
    const { body } = await admin(`/admin/grants?callId=${call.callId}`);
    const told = (await newMailPeek(/^Grant approved/)).length;
    return body.grants.length === approved && told >= approved ? body.grants : undefined;
  });
  async function newMailPeek(subject: RegExp) {
    const response = await fetch(`${options.mailWebUrl}/api/email`, { signal: AbortSignal.timeout(10_000) });
    return ((await response.json()) as Mail[]).filter((m) => subject.test(m.subject ?? '') && (m.to ?? []).some((t) => t.address.includes(`programmes.${run}.`)));
  }

  // --- 5. The grant years ------------------------------------------------------------
  await options.beforeGrantYears?.();
  const grantIds = new Set((grants as { grantId: string }[]).map((g) => g.grantId));
  const lateGrant = (grants as { grantId: string }[])[0]?.grantId;
  const isGrantee = (address: string) => address.startsWith(`programmes.${run}.`);
  const end = Math.max(...(grants as { schedule: { reports: { dueDate: string }[] } }[]).map((g) => Date.parse(g.schedule.reports.at(-1)!.dueDate)), now.getTime());
  const steps = Math.ceil((end - now.getTime()) / (30 * DAY)) + 1;
  const pending = new Map<string, Mail>();
  let reports = 0;
  let heldOnce = 0;
  let approvals = 0;
  for (let step = 1; step <= steps; step++) {
    progress('Grant years', step - 1, steps, `month ${step}`);
    await must('clock', admin('/local/clock', { body: { advanceBy: 'P30D' } }));
    const arrived = await newMail(/^Report (due|returned|overdue)/, isGrantee);
    for (const mail of arrived) pending.set(`${mail.subject.replace(/^Report \w+: /, '')}`, mail);
    if (arrived.some((m) => m.subject.startsWith('Report overdue'))) {
      const csv = String((await admin('/admin/disbursements.csv')).body);
      heldOnce += csv.split('\r\n').filter((line) => line.includes('"held"') && [...grantIds].some((id) => line.includes(`"${id}"`))).length;
    }
    // The grantees report side by side (four at a time).
    await inParallel([...pending], 4, async ([key, mail]) => {
      const ref = linkIn(mail, 'report')!;
      const shown = await api(`/report/${ref}`);
      if (shown.status !== 200) {
        pending.delete(key);
        return;
      }
      // One grantee is late with its first report: it sends it only once told it is overdue (the next tranche is held meanwhile).
      if (shown.body.grant.grantId === lateGrant && shown.body.report.number === 1 && !mail.subject.startsWith('Report overdue')) return;
      const statement = await upload(`/report/${ref}/documents`, undefined, { fileName: 'financial-statement.pdf', contentType: 'application/pdf', size: PDF.length });
      const n = 8 + ((reports * 7) % 23);
      const women = Math.round(n * 0.55);
      const girls = Math.round(n * 0.25);
      const men = Math.round(n * 0.12);
      const figures = {
        beneficiaries: { women, men, girls, boys: n - women - girls - men, total: n },
        byExploitation: { 'sexual-exploitation': n - 3, 'forced-labour': 3 },
        services: { shelter: Math.round(n * 0.6), psychosocial: n, medical: Math.round(n * 0.5), legal: Math.round(n * 0.3), 'vocational-training': Math.round(n * 0.4) },
      };
      await must('report', api(`/report/${ref}`, { body: { narrative: 'Survivors received shelter, counselling and legal accompaniment; several began vocational training and two found work.', financialStatementKey: statement.key, figures } }));
      pending.delete(key);
      reports += 1;
    });
    const submitted = await admin('/admin/reports?status=submitted');
    await inParallel(
      (submitted.body.reports as { reportId: string; grantId: string }[]).filter((r) => grantIds.has(r.grantId)),
      4,
      (report) => must('accept', admin(`/admin/reports/${report.reportId}/review`, { body: { decision: 'accept' } })),
    );
    // The finance officer approves every release that is ready (never the one who accepted the report),
    // once the accepted reports' milestone steps have run (a one-minute move of the clock waits for the system to settle).
    await must('clock', admin('/local/clock', { body: { advanceBy: 'PT1M' } }));
    const ready = String((await admin('/admin/disbursements.csv')).body)
      .split('\r\n')
      .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')))
      .filter((cells) => cells[1] === 'awaiting-approval' && grantIds.has(cells[2]!));
    await inParallel(ready, 4, async (cells) => {
      await must('approve', api(`/admin/grants/${cells[2]}/tranches/${cells[3]}/approve`, { method: 'POST', token: options.financeToken }), [200, 409]);
      approvals += 1;
    });
  }
  progress('Grant years', steps, steps, `${reports} reports`);

  // --- 6. Summary -------------------------------------------------------------------
  const applications = (await must('applications', admin(`/admin/calls/${call.callId}/applications`))).applications as { status: string }[];
  const byOutcome: Record<string, number> = {};
  for (const a of applications) byOutcome[a.status] = (byOutcome[a.status] ?? 0) + 1;
  const finalGrants = (await must('grants', admin(`/admin/grants?callId=${call.callId}`))).grants as { grantId: string; region: string | null; amountUsd: number; status: string }[];
  const byRegion: Record<string, number> = {};
  for (const g of finalGrants) byRegion[g.region ?? 'unknown'] = (byRegion[g.region ?? 'unknown'] ?? 0) + g.amountUsd;
  const csv = String((await admin('/admin/disbursements.csv')).body);
  const lines = csv.trim().split('\r\n').slice(1).filter((line) => [...grantIds].some((id) => line.includes(`"${id}"`)));
  const paid = lines.filter((l) => l.includes('"released"')).length;
  const held = lines.filter((l) => l.includes('"held"')).length;
  const impact = (await must('impact', admin('/admin/impact'))).byCall[call.callId];
  const usd = (n: number) => `US$${n.toLocaleString('en-US')}`;
  out('\nSummary\n');
  out(`  Call               ${call.title}\n`);
  out(`  Applications       ${applications.length}: ${Object.entries(byOutcome).map(([s, n]) => `${n} ${s}`).join(', ')}\n`);
  out(`  Money committed    ${usd(finalGrants.reduce((s, g) => s + g.amountUsd, 0))} in ${finalGrants.length} grants\n`);
  for (const [region, amount] of Object.entries(byRegion).sort((a, b) => b[1] - a[1])) out(`    ${region.padEnd(18)} ${usd(amount)}\n`);
  out(`  Tranches           ${paid} paid, ${held} held now; ${heldOnce} held while a report was overdue, then released once it was accepted\n`);
  out(`  Reports            ${reports} submitted and accepted; ${approvals} releases approved by a second member (four eyes)\n`);
  out(`  Beneficiaries      ${impact ?? 0} reported (accepted reports)\n`);
  out(`  Took               ${((Date.now() - started) / 1000).toFixed(0)} s; the data stays in place: open the inbox and the API to look around.\n`);
  return { callId: call.callId, applications: applications.length, byOutcome, grants: finalGrants.length, paid, held, heldOnce, reports, beneficiaries: impact, slateSize: (slate.entries as unknown[]).length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` on every item, at most `limit` at a time (bounded load on the local system). */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// `npm run demo`: against the system `npm start` runs (same ports and data folder).
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = process.env.PORT ?? '3000';
  const dataDir = process.env.LOCAL_DATA_DIR ?? resolve(import.meta.dirname, '..', '.local', 'data');
  let adminToken: string;
  let financeToken: string;
  try {
    adminToken = process.env.ADMIN_TOKEN ?? readFileSync(resolve(dataDir, 'admin-token'), 'utf8').trim();
    financeToken = process.env.FINANCE_TOKEN ?? readFileSync(resolve(dataDir, 'admin-token-finance'), 'utf8').trim();
  } catch {
    console.error(`No admin token in ${dataDir}: start the system first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }
  const apiUrl = `http://127.0.0.1:${port}`;
  const healthy = await fetch(`${apiUrl}/local/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
  if (!healthy) {
    console.error(`Nothing answers at ${apiUrl}: start the system first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }
  try {
    await runDemo({ apiUrl, adminToken, financeToken, mailWebUrl: `http://127.0.0.1:${process.env.MAIL_WEB_PORT ?? '1080'}` });
  } catch (error) {
    console.error(`\nThe demo stopped: ${(error as Error).message}`);
    process.exit(1);
  }
}
