// The Board's documents and the secretariat's exports, through the paths
// users take, on one call: four NGOs with names beyond ASCII are ranked; the
// dashboard's pack is a draft until the slate is sent; each trustee's email
// links the pack, which opens while the ballot does and not after; the
// record of the decisions holds the tally (a declared conflict, a tie, a
// rejection) once the vote has closed; and the CSV and the Excel workbook,
// from the dashboard and the API, hold exactly the rows the dashboard lists
// with the same filters, in the same order. PDFs are read with pdftotext,
// workbooks with exceljs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, apiUrl, applyFully, createCall, reviewToRanking, sampleApplication, until, waitForDecision, trusteeTerm } from '../support/client.ts';

const dir = mkdtempSync(join(tmpdir(), 'board-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of a PDF as pdftotext extracts it, every run of white space one space. */
function pdfText(bytes: Buffer, name: string): string {
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

async function download(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${apiUrl()}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A CSV (every cell quoted, as ours are) as rows of cells. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

const ORGANISATIONS = [
  ['Fundación Esperanza', 'EC', 60_000],
  ['Samu Social Sénégal', 'SN', 45_000],
  ['Dhaka Ahsania Mission', 'BD', 30_000],
  ['Atina Niš', 'RS', 40_000],
] as const;

describe("the Board's documents and the exports", () => {
  it('gives the pack to trustees and the secretariat, the record after the vote, and exports what the dashboard lists', { timeout: 180_000 }, async () => {
    const admin = { token: adminToken() };
    const run = `${Date.now()}`;
    const bearer = { authorization: `Bearer ${adminToken()}` };

    // Three trustees; the first declared a conflict with the Senegalese organisation.
    const trusteeEmail = (n: number) => `pack-trustee${n}-${run}@board.example.org`;
    const registration = (country: string) => `${country}-PACK-${run}`;
    const trusteeNames = ['Aïssatou Ndiaye', 'José Müller', 'Kofi Boateng'];
    const term = await trusteeTerm();
    const registered = await api('/admin/trustees', {
      ...admin,
      body: {
        trustees: trusteeNames.map((name, i) => ({
          name,
          email: trusteeEmail(i + 1),
          ...term,
          ...(i === 0 ? { conflicts: { organisations: [{ registrationCountry: 'SN', registrationNumber: registration('SN') }] } } : {}),
        })),
      },
    });
    expect(registered.status).toBe(201);
    const call = await createCall({ title: `Board pack ${run}`, budgetUsd: 150_000, reviewersPerApplication: 1, trusteeIds: registered.body.trustees.map((t: { trusteeId: string }) => t.trusteeId) });

    const ids: Record<string, string> = {};
    for (const [name, country, amount] of ORGANISATIONS) {
      const applied = await applyFully(
        call.callId,
        sampleApplication((a) => {
          a.organisation.name = name;
          a.organisation.registrationCountry = country;
          a.organisation.registrationNumber = registration(country);
          a.project.title = `Shelter ${country}`;
          a.budget = {
            requestedUsd: amount,
            lines: [
              { category: 'direct-assistance', description: 'Shelter and care', amountUsd: amount * 0.9 },
              { category: 'operational', description: 'Office', amountUsd: amount * 0.1 },
            ],
          };
        }),
      );
      ids[name] = applied.applicationId;
      await waitForDecision(applied.applicationId, applied.accessToken);
    }
    // Before the ranking there is no pack.
    const early = await api(`/admin/calls/${call.callId}/pack.pdf`, admin);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'NOT_RANKED_YET', details: [{ path: 'review.status', message: 'the call is not closed' }] });
    const reviewerEmail = `pack-reviewer-${run}@reviewers.example.org`;
    await reviewToRanking(call.callId, ['Fundación', 'Samu', 'Dhaka', 'Atina'], inject('mailWebUrl'), reviewerEmail);

    // The dashboard's session, as the sign-in form gives it.
    const signin = await fetch(`${apiUrl()}/signin`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(adminToken())}`, redirect: 'manual' });
    const cookie = { cookie: signin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    expect(cookie.cookie).toMatch(/^grants_session=/);

    // Before the slate is sent: the dashboard's pack is a draft of the proposed slate (60,000 + 45,000 + 30,000; Atina does not fit).
    const draft = await download(`/dashboard/calls/${call.callId}/pack.pdf`, cookie);
    expect([draft.status, draft.type]).toEqual([200, 'application/pdf']);
    const draftText = pdfText(draft.bytes, 'draft');
    expect(draftText).toContain('not yet sent to the Board');
    expect(draftText).toContain('Remaining budget: US$15,000');
    // Signed out, the dashboard's downloads go to the sign-in page; the API wants its token.
    expect((await download(`/dashboard/calls/${call.callId}/pack.pdf`)).status).toBe(303);
    expect((await api(`/admin/calls/${call.callId}/pack.pdf`)).status).toBe(401);

    expect((await api(`/admin/calls/${call.callId}/slate/submit`, { ...admin, method: 'POST' })).status).toBe(202);
    const ballots = await until('3 ballots', async () => {
      const mails = await listMail(inject('mailWebUrl'));
      const found = [1, 2, 3].map((n) => mails.find((m) => m.to.includes(trusteeEmail(n)) && m.subject.startsWith('Ballot:')));
      return found.every(Boolean) ? found.map((m) => m!) : undefined;
    });
    const refs = ballots.map((mail) => {
      // The email links the ballot and, through the same reference, the pack.
      const ref = /\/ballot\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
      expect(mail.text).toContain(`/ballot/${ref}/pack.pdf`);
      return ref;
    });
    expect((await api(`/ballot/${refs[0]}`)).body.pack).toBe(`/ballot/${refs[0]}/pack.pdf`);

    // The trustee's pack: the slate with amounts, totals and rules, then a page per project; no reviewer named.
    const pack = await download(`/ballot/${refs[0]}/pack.pdf`);
    expect([pack.status, pack.type, pack.disposition]).toEqual([200, 'application/pdf', `inline; filename="board-pack-${call.callId}.pdf"`]);
    const text = pdfText(pack.bytes, 'pack');
    expect(text).toMatch(/Fundación Esperanza Ecuador Shelter EC US\$60,000 \d+\.\d\d rank/);
    expect(text).toMatch(/Samu Social Sénégal Senegal Shelter SN US\$45,000 \d+\.\d\d rank/);
    expect(text).toMatch(/Dhaka Ahsania Mission Bangladesh Shelter BD US\$30,000 \d+\.\d\d rank/);
    expect(text).toContain('Total: US$135,000');
    expect(text).toContain('Budget of the call: US$150,000');
    expect(text).toContain('Remaining budget: US$15,000');
    expect(text).toContain('Sent to the Board on');
    expect(text).toMatch(/The reserve list .*Atina Niš Serbia/);
    expect(text).toContain('Shelter and care US$54,000');
    expect(text).toMatch(/refugee-flows \(\+10\)/);
    expect(text).toContain('Review 1: Reviewed.');
    expect(text).not.toContain('Ranking Reviewer');
    expect(text).not.toContain(reviewerEmail);
    // The secretariat downloads the same pack (from the dashboard and the API).
    expect(pdfText((await download(`/dashboard/calls/${call.callId}/pack.pdf`, cookie)).bytes, 'dashboard-pack')).toContain('Total: US$135,000');
    const apiPack = await download(`/admin/calls/${call.callId}/pack.pdf`, bearer);
    expect(pdfText(apiPack.bytes, 'api-pack').replace(/Board pack · .*? page/g, '')).toBe(text.replace(/Board pack · .*? page/g, ''));

    // No record before the vote has closed.
    const open = await api(`/admin/calls/${call.callId}/decisions.pdf`, admin);
    expect(open.status).toBe(409);
    expect(open.body.error.code).toBe('VOTE_NOT_CLOSED');

    // The votes: Fundación approved by all; Sénégal a tie once its conflicted trustee is recused; Dhaka rejected.
    const cast = (n: number, votes: [string, string][]) => api(`/ballot/${refs[n]}`, { body: { votes: votes.map(([name, vote]) => ({ applicationId: ids[name], vote })) } });
    expect((await cast(0, [['Fundación Esperanza', 'approve'], ['Samu Social Sénégal', 'recuse'], ['Dhaka Ahsania Mission', 'reject']])).status).toBe(200);
    expect((await cast(1, [['Fundación Esperanza', 'approve'], ['Samu Social Sénégal', 'approve'], ['Dhaka Ahsania Mission', 'reject']])).status).toBe(200);
    // A cast ballot's link no longer opens the pack.
    expect((await api(`/ballot/${refs[0]}/pack.pdf`)).status).toBe(409);
    expect((await cast(2, [['Fundación Esperanza', 'approve'], ['Samu Social Sénégal', 'reject'], ['Dhaka Ahsania Mission', 'abstain']])).status).toBe(200);
    await until('the vote to close', async () => ((await api(`/admin/calls/${call.callId}/decisions`, admin)).body.vote?.status === 'closed' ? true : undefined));

    // The record for the minutes: who voted what, the recusal, the rule that decided, the dates.
    const record = await download(`/admin/calls/${call.callId}/decisions.pdf`, bearer);
    expect([record.status, record.type]).toEqual([200, 'application/pdf']);
    const minutes = pdfText(record.bytes, 'decisions');
    expect(minutes).toMatch(/Fundación Esperanza US\$60,000 3 0 0 0 approved MAJORITY_APPROVED/);
    expect(minutes).toMatch(/Samu Social Sénégal US\$45,000 1 1 0 1 rejected TIE_FAILS/);
    expect(minutes).toMatch(/Dhaka Ahsania Mission US\$30,000 0 2 1 0 rejected MAJORITY_REJECTED/);
    expect(minutes).toContain('Ballots cast: 3 of 3');
    expect(minutes).toContain('Aïssatou Ndiaye recused (declared conflict of interest)');
    expect(minutes).toContain('José Müller approve');
    expect(minutes).toContain('Kofi Boateng reject');
    expect(minutes).toContain('1 of 3 projects approved, US$60,000 of US$150,000.');
    expect(minutes).toMatch(/Closed: \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(minutes).toMatch(/The reserve list .*Atina Niš/);
    expect((await download(`/dashboard/calls/${call.callId}/decisions.pdf`, cookie)).status).toBe(200);

    // The call's page links the documents and the exports with its filters.
    const dashboardIds = async (query: string) => {
      const response = await fetch(`${apiUrl()}/dashboard/calls/${call.callId}${query}`, { headers: cookie, signal: AbortSignal.timeout(30_000) });
      const html = await response.text();
      expect(html).toContain(`/dashboard/calls/${call.callId}/decisions.pdf`);
      const list = html.slice(html.indexOf('<h2>Applications</h2>'));
      expect(list).toContain(`href="/dashboard/calls/${call.callId}/applications.csv${query.replace(/&/g, '&#38;')}"`);
      return [...list.matchAll(/href="\/dashboard\/applications\/([^"]+)"/g)].map((m) => m[1]!);
    };
    for (const query of ['', '?region=african', '?sort=requested&dir=asc', '?status=not-funded&minScore=1']) {
      const shown = await dashboardIds(query);
      expect(shown.length, query).toBeGreaterThan(0);
      const csv = await download(`/admin/calls/${call.callId}/applications.csv${query}`, bearer);
      expect([csv.status, csv.type, csv.disposition]).toEqual([200, 'text/csv; charset=utf-8', `attachment; filename="applications-${call.callId}.csv"`]);
      const [columns, ...rows] = parseCsv(csv.bytes.toString('utf8'));
      expect(rows.map((r) => r[columns!.indexOf('application_id')]), `CSV ${query}`).toEqual(shown);
      const xlsx = await download(`/dashboard/calls/${call.callId}/applications.xlsx${query}`, cookie);
      expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Applications')!;
      const idColumn = (sheet.getRow(1).values as unknown[]).indexOf('application_id');
      expect(Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(idColumn).value), `Excel ${query}`).toEqual(shown);
    }
    // What a row says: the name as typed, the scores, the decision.
    const all = parseCsv((await download(`/admin/calls/${call.callId}/applications.csv`, bearer)).bytes.toString('utf8'));
    const row = Object.fromEntries(all[0]!.map((c, i) => [c, all.find((r) => r[1] === ids['Samu Social Sénégal'])![i]]));
    expect(row).toMatchObject({ organisation: 'Samu Social Sénégal', registration_country: 'SN', region: 'african', requested_usd: '45000', eligible: 'yes', review_1_reviewer: 'Ranking Reviewer', review_1_relevance: '4', review_1_comments: 'Reviewed.', decision: 'rejected', decision_rule: 'TIE_FAILS' });

    // The API refuses a filter it cannot apply, naming it.
    const bad = await api(`/admin/calls/${call.callId}/applications.csv?status=lost&colour=red`, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'status', message: expect.stringContaining('must be one of') },
      { path: 'colour', message: expect.stringContaining('is not a filter') },
    ]);
    expect((await api('/admin/calls/no-such-call/applications.xlsx', admin)).status).toBe(404);
  });
});
