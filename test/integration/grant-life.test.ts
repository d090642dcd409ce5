// A grant from award to final report on the virtual clock, through the paths
// users take: the schedules fire in order as time moves, the grantee reads
// each request from the email and submits through the link (the financial
// statement uploaded first), the secretariat accepts or returns, tranches are
// released or held; one report late (tranche held, organisation ineligible,
// then released after acceptance), one returned and submitted again; the CSV
// and the impact figures checked against the reports.
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, inject, it } from 'vitest';
import { listMail, type Mail } from '../../infra/local/emulators/mail.ts';
import { adminToken, api, applyFully, awardGrant, createCall, PDF, sampleApplication, until, virtualNow, waitForDecision } from '../support/client.ts';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BUCKET_NAME } from '../../infra/local/runtime.ts';
import { addMonths } from '../../shared/retention.ts';

const DAY = 86_400_000;
const admin = () => ({ token: adminToken() });
const refOf = (mail: Mail) => /\/report\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;

async function mailTo(address: string, subject: RegExp): Promise<Mail[]> {
  return (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(address) && subject.test(m.subject));
}

async function clockTo(date: string) {
  const response = await api('/local/clock', { ...admin(), body: { to: `${date}T07:00:00Z` } });
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${JSON.stringify(response.body)}`);
}

const figures = (total: number) => {
  const women = Math.round(total * 0.5);
  const girls = Math.round(total * 0.3);
  const men = Math.round(total * 0.15);
  return {
    beneficiaries: { women, men, girls, boys: total - women - girls - men, total },
    byExploitation: { 'sexual-exploitation': total - 3, 'forced-labour': 3 },
    services: { shelter: Math.round(total * 0.4), psychosocial: total, legal: 7 },
  };
};

async function submitReport(ref: string, body: Record<string, unknown>) {
  const presign = await api(`/report/${ref}/documents`, { body: { fileName: 'statement.pdf', contentType: 'application/pdf', size: PDF.length } });
  expect(presign.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'statement.pdf');
  const upload = await fetch(presign.body.upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  expect(upload.status).toBeLessThan(300);
  return api(`/report/${ref}`, { body: { narrative: 'Shelter and psychosocial care continued; two caseworkers were trained on court accompaniment.', financialStatementKey: presign.body.key, ...body } });
}

const review = (reportId: string, decision: 'accept' | 'return', comments = '') =>
  api(`/admin/reports/${reportId}/review`, { ...admin(), body: decision === 'accept' ? { decision } : { decision, comments } });

async function disbursements() {
  const response = await fetch(`${inject('apiUrl')}/admin/disbursements.csv`, { headers: { authorization: `Bearer ${adminToken()}` }, signal: AbortSignal.timeout(10_000) });
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  const [header, ...rows] = (await response.text()).trim().split('\r\n').map((line) => line.split(',').map((cell) => JSON.parse(cell) as string));
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]])));
}

describe('the life of a grant', () => {
  it('runs every milestone from award to final report on the virtual clock', { timeout: 300_000 }, async () => {
    const run = Date.now();
    const start = new Date((await virtualNow()).getTime() + 30 * DAY).toISOString().slice(0, 10);

    // Award: a call, one application, one reviewer, one trustee who approves.
    const { call, grant, input, grantee, applied } = await awardGrant(inject('mailWebUrl'), `life-${run}`, start);
    expect(grant.schedule.startDate).toBe(start);
    const reports = grant.schedule.reports as { number: number; dueDate: string; kind: string }[];
    const tranches = grant.schedule.tranches as { number: number; dueDate: string; amountUsd: number }[];
    expect(reports).toHaveLength(6);
    expect(tranches).toHaveLength(6);
    const reportId = (n: number) => `${grant.grantId}-r${n}`;
    const requestDate = (n: number) => new Date(Date.parse(reports[n - 1]!.dueDate) - 14 * DAY).toISOString().slice(0, 10);
    const plusDays = (date: string, days: number) => new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);
    const released = async () => (await disbursements()).filter((r) => r.grant === grant.grantId && r.status === 'released').map((r) => Number(r.tranche));
    // Four eyes: the finance officer approves each release (the programme officer accepts the reports).
    const approve = (n: number, token = inject('financeToken')) => api(`/admin/grants/${grant.grantId}/tranches/${n}/approve`, { method: 'POST', token });
    const approved = (n: number) =>
      until(`tranche ${n} approved`, async () => {
        const response = await approve(n);
        if (response.status === 200) return true;
        expect(response.body.error.code).toBe('NOT_AWAITING_APPROVAL');
        return undefined;
      });

    // The start: the first tranche needs no report.
    await clockTo(start);
    await until('tranche 1 ready', async () => ((await disbursements()).find((r) => r.grant === grant.grantId && r.tranche === '1' && r.status === 'awaiting-approval') ? true : undefined));
    await approved(1);
    expect(await released()).toEqual([1]);
    expect((await approve(1)).status).toBe(409);
    await until('its email', async () => (await mailTo(grantee, /^Tranche released: .* \(1\)$/))[0]);
    const audited = await api(`/admin/audit?month=${(await virtualNow()).toISOString().slice(0, 7)}`, admin());
    expect(audited.body.entries.find((e: { action: string; subject: { grantId?: string } }) => e.action === 'tranche.release' && e.subject.grantId === grant.grantId)).toMatchObject({ actor: 'finance@trustfund.local' });

    // The same milestone run twice pays once.
    const sfn = new SFNClient({ endpoint: inject('sfnUrl'), region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:milestone', name: `again-${run}`, input: JSON.stringify({ grantId: grant.grantId, milestone: 'tranche-1' }) }));
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await disbursements()).filter((r) => r.grant === grant.grantId && r.tranche === '1')).toHaveLength(1);
    expect(await mailTo(grantee, /^Tranche released: .* \(1\)$/)).toHaveLength(1);

    // Report 1: requested 14 days before it is due; bad figures are refused, naming the field; returned once, then accepted.
    await clockTo(requestDate(1));
    const request1 = await until('report 1 request', async () => (await mailTo(grantee, /^Report due: .* \(1\)$/))[0]);
    const ref1 = refOf(request1);
    const shown = await api(`/report/${ref1}`);
    expect(shown.body.report).toMatchObject({ number: 1, kind: 'interim', dueDate: reports[0]!.dueDate });
    const negative = await submitReport(ref1, { figures: { ...figures(40), beneficiaries: { women: -1, men: 6, girls: 12, boys: 23, total: 40 } } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details.map((d: { path: string }) => d.path)).toContain('figures.beneficiaries.women');
    const fractional = await submitReport(ref1, { figures: { ...figures(40), services: { shelter: 2.5 } } });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.details.map((d: { path: string }) => d.path)).toContain('figures.services.shelter');
    const wrongTotal = await submitReport(ref1, { figures: { ...figures(40), beneficiaries: { ...figures(40).beneficiaries, total: 41 } } });
    expect(wrongTotal.status).toBe(400);
    expect(wrongTotal.body.error.details.map((d: { path: string }) => d.path)).toEqual(['figures.beneficiaries.total', 'figures.byExploitation']);
    expect((await submitReport(ref1, { figures: figures(30) })).status).toBe(200);
    // The link works once.
    expect((await api(`/report/${ref1}`, { body: { narrative: 'A second time, the same report again.', financialStatementKey: 'x', figures: figures(30) } })).status).toBe(409);
    await until('report 1 waiting for review', async () => ((await review(reportId(1), 'return', 'The financial statement does not cover March; please add it.')).status === 200 ? true : undefined));
    const returned = await until('the returned report', async () => (await mailTo(grantee, /^Report returned: .* \(1\)$/))[0]);
    expect(returned.text).toContain('does not cover March');
    expect((await submitReport(refOf(returned), { figures: figures(40) })).status).toBe(200);
    await until('report 1 accepted', async () => ((await review(reportId(1), 'accept')).status === 200 ? true : undefined));
    await clockTo(reports[0]!.dueDate);
    // The programme officer accepted report 1: the release of tranche 2 is for another member.
    const sameHands = await until('tranche 2 ready', async () => {
      const response = await approve(2, adminToken());
      return response.status === 403 ? response : undefined;
    });
    expect(sameHands.body.error.code).toBe('FOUR_EYES');
    await approved(2);
    await until('tranche 2', async () => ((await released()).includes(2) ? true : undefined));

    // Report 2 is late: the tranche after it is held, the organisation cannot apply, the secretariat is told.
    await clockTo(requestDate(2));
    const request2 = await until('report 2 request', async () => (await mailTo(grantee, /^Report due: .* \(2\)$/))[0]);
    await clockTo(reports[1]!.dueDate);
    await until('tranche 3 held', async () => ((await disbursements()).find((r) => r.grant === grant.grantId && r.tranche === '3' && r.status === 'held') ? true : undefined));
    expect((await mailTo(grantee, /^Reminder: report due: .* \(2\)$/)).length).toBeGreaterThanOrEqual(1);
    await clockTo(plusDays(reports[1]!.dueDate, 31));
    await until('the overdue notice', async () => (await mailTo(grantee, /^Report overdue: .* \(2\)$/))[0]);
    expect(await mailTo('secretariat@trustfund.local', new RegExp(`^Report overdue: ${grant.grantId} \\(2\\)$`))).toHaveLength(1);
    const held = (await disbursements()).find((r) => r.grant === grant.grantId && r.tranche === '3')!;
    expect(held).toMatchObject({ status: 'held', held_reason: expect.stringMatching(/^report 2 overdue since /) });
    const overdue = await api('/admin/reports?status=requested', admin());
    expect(overdue.body.reports.find((r: { reportId: string }) => r.reportId === reportId(2))).toMatchObject({ overdue: true });
    const later = await createCall({ title: `After the late report ${run}` });
    const again = sampleApplication((a) => {
      a.organisation = { ...input.organisation, contact: { ...input.organisation.contact } };
    });
    const refused = await applyFully(later.callId, again);
    const decided = await waitForDecision(refused.applicationId, refused.accessToken);
    expect(decided.eligibility.reasons.map((r: { code: string }) => r.code)).toContain('OVERDUE_REPORTS');
    expect((await submitReport(refOf(request2), { figures: figures(25) })).status).toBe(200);
    await until('report 2 accepted', async () => ((await review(reportId(2), 'accept')).status === 200 ? true : undefined));
    await approved(3);
    await until('tranche 3 released', async () => ((await released()).includes(3) ? true : undefined));

    // Reports 3 to 5 on time; each tranche on its date.
    for (const n of [3, 4, 5]) {
      await clockTo(requestDate(n));
      const request = await until(`report ${n} request`, async () => (await mailTo(grantee, new RegExp(`^Report due: .* \\(${n}\\)$`)))[0]);
      expect((await submitReport(refOf(request), { figures: figures(20 + n) })).status).toBe(200);
      await until(`report ${n} accepted`, async () => ((await review(reportId(n), 'accept')).status === 200 ? true : undefined));
      await clockTo(reports[n - 1]!.dueDate);
      await approved(n + 1);
      await until(`tranche ${n + 1}`, async () => ((await released()).includes(n + 1) ? true : undefined));
    }

    // The final report, 60 days after the end; its acceptance closes the grant, which then takes no report.
    await clockTo(requestDate(6));
    const final = await until('the final request', async () => (await mailTo(grantee, /^Report due: .* \(6\)$/))[0]);
    await clockTo(plusDays(reports[5]!.dueDate, -6));
    const reminder = await until('a reminder', async () => (await mailTo(grantee, /^Reminder: report due: .* \(6\)$/))[0]);
    expect((await submitReport(refOf(reminder), { figures: figures(12) })).status).toBe(200);
    await until('the final report accepted', async () => ((await review(reportId(6), 'accept')).status === 200 ? true : undefined));
    await until('the grant closed', async () => ((await api(`/admin/grants?callId=${call.callId}`, admin())).body.grants[0].status === 'closed' ? true : undefined));
    const closed = await api(`/report/${refOf(final)}`, { body: { narrative: 'A report for a grant that is closed.', financialStatementKey: 'x', figures: figures(12) } });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('GRANT_CLOSED');

    // The CSV: six tranches released once each, adding up to the award.
    const rows = (await disbursements()).filter((r) => r.grant === grant.grantId);
    expect(rows.map((r) => [r.tranche, r.status])).toEqual(['1', '2', '3', '4', '5', '6'].map((n) => [n, 'released']));
    expect(rows.reduce((sum, r) => sum + Math.round(Number(r.amount_usd) * 100), 0)).toBe(60_000 * 100);
    expect(rows.every((r) => r.reference === `${grant.grantId}-T${r.tranche}` && r.organisation === `Shelter life-${run}`)).toBe(true);

    // The impact: the accepted submissions only (report 1's returned one left out), small cells hidden.
    const totals = [40, 25, 23, 24, 25, 12];
    const impact = await api('/admin/impact', admin());
    expect(impact.status).toBe(200);
    const sum = totals.reduce((a, b) => a + b, 0);
    expect(impact.body.byCall[call.callId]).toBe(sum);
    // Other tests (the demo) report too: this call's total is exact, the fund's totals contain this grant's.
    const atLeast = (cell: number | string, n: number) => expect(typeof cell === 'number' ? cell : 4).toBeGreaterThanOrEqual(n < 5 ? Math.min(n, 4) : n);
    atLeast(impact.body.beneficiaries, sum);
    for (const group of ['women', 'men', 'girls', 'boys'] as const) atLeast(impact.body.byGroup[group], totals.reduce((a, t) => a + figures(t).beneficiaries[group], 0));
    atLeast(impact.body.byExploitation['forced-labour'], 18);
    atLeast(impact.body.byService.legal, 42);
    atLeast(impact.body.byRegion[grant.region], sum);
    expect(impact.body.byExploitation['organ-removal']).toBe('<5');

    // Retention (issue 13): seven years after the grant closed, its personal data and every document (the statements too) are erased; the money and the figures stay.
    const closedAt = (await api(`/admin/grants?callId=${call.callId}`, admin())).body.grants[0].closedAt as string;
    await api('/local/clock', { ...admin(), body: { to: new Date(addMonths(closedAt, 84).getTime() + DAY).toISOString() } });
    await until('the erasure at the end of the retention period', async () => {
      if ((await api(`/admin/applications/${applied.applicationId}/erasure`, admin())).body.completedAt) return true;
      await api('/local/clock', { ...admin(), body: { advanceBy: 'PT1M' } });
      return undefined;
    });
    const s3 = new S3Client({ endpoint: inject('s3Url'), region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET_NAME, Prefix: `applications/${applied.applicationId}/` }))).Contents ?? []).toEqual([]);
    expect((await api('/admin/impact', admin())).body).toEqual(impact.body);
    const after = (await disbursements()).filter((r) => r.grant === grant.grantId);
    expect(after.map((r) => [r.tranche, r.amount_usd, r.organisation])).toEqual(rows.map((r) => [r.tranche, r.amount_usd, '(erased)']));
    expect((await api(`/admin/grants?callId=${call.callId}`, admin())).body.grants[0]).toMatchObject({ organisation: { name: '(erased)' }, amountUsd: grant.amountUsd, countries: grant.countries, status: 'closed' });
  });
});
