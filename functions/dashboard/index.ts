// The secretariat's workplace: server-rendered pages (readable on a phone,
// no script needed except for the charts), behind a session cookie that
// `/signin` sets from the secretariat token (locally) or, on AWS, from the
// managed login of the secretariat's user pool (./signin.ts). Pages: the calls with their
// pipeline, a call's applications (sort and filter), the grants with their
// tranches and reports, and the impact figures with charts (Chart.js, served
// from this function, rendered in the browser).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fundFigures } from '#shared/api/impact.ts';
import { disbursementsCsv } from '#shared/disbursement.ts';
import { currentSlate } from '#shared/api/slate.ts';
import { filtersQuery, listApplications, parseApplicationFilters, SORTS } from '#shared/api/application-list.ts';
import { boardDocumentLinks, boardSection, exportLinks } from './board.ts';
import { callSettingsForm, reassignForm } from './call-forms.ts';
import { now } from '#shared/clock.ts';
import { countryName, regionalGroup } from '#shared/domain/countries.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { APPLICATION_STATUSES } from '#shared/domain/vocabulary.ts';
import { httpApi, pathParam, rawBody, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { cognitoConfig, isAdminToken, sessionCookie, sessionMember } from '#shared/http/auth.ts';
import { cognitoCallback, cognitoSignin, cognitoSignout } from './signin.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { listDocumentAccess, recordedLinks } from '#shared/repository/document-access.ts';
import { DOCUMENT_KIND_LABELS } from '#shared/domain/vocabulary.ts';
import { getApplication, listApplicationsOfCall, listDocuments, listSubmittedApplicationsOfCall } from '#shared/repository/applications.ts';
import { listReviewsOfApplication, listReviewsOfCall } from '#shared/repository/reviews.ts';
import { progressOf } from '#shared/domain/reviewer-tasks.ts';
import { listBallots, listDecisions } from '#shared/repository/board.ts';
import { listReviewers } from '#shared/repository/reviewers.ts';
import { listTrustees } from '#shared/repository/trustees.ts';
import { getCall, isOpen, listCalls, type Call } from '#shared/repository/calls.ts';
import { getGrant, grantIdOf, listGrants } from '#shared/repository/grants.ts';
import { listMilestones } from '#shared/repository/milestones.ts';
import { listQuestions, listWaitingQuestions } from '#shared/repository/questions.ts';
import { questionsSection } from './questions.ts';
import { erasureSection, erasuresDueSection } from './erasure.ts';
import { erasureState } from '#shared/erasure-requests.ts';

const redirect = (location: string, cookies: string[] = []): HttpResult => ({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, cookies, body: '' });

/** A dashboard page: signed in, or sent to the sign-in page. */
function guarded(render: (event: HttpEvent, member: string) => Promise<HttpResult>) {
  return async (event: HttpEvent) => {
    const member = await sessionMember(event);
    return member ? render(event, member) : redirect('/signin');
  };
}

const nav = (current: string) =>
  `<nav class="dash" aria-label="Dashboard"><ul>${[
    ['/dashboard', 'Calls'],
    ['/dashboard/grants', 'Grants'],
    ['/dashboard/impact', 'Impact'],
  ]
    .map(([href, label]) => `<li><a href="${href}"${href === current ? ' aria-current="page"' : ''}>${label}</a></li>`)
    .join('')}</ul><form method="post" action="/signout"><button type="submit" class="secondary">Sign out</button></form></nav>`;

const table = (caption: string, head: string[], rows: string[][]) =>
  `<div class="table-wrap" role="region" aria-label="${escapeHtml(caption)}" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;

function callStage(call: Call, at: Date): string {
  if (call.vote?.status === 'closed') return 'decided';
  if (call.vote) return 'Board voting';
  if (call.slateSubmission) return 'slate submitted';
  if (call.ranking) return 'ranked: slate to prepare';
  if (call.review) return `review ${call.review.status}`;
  return isOpen(call, at) ? 'open' : at.getTime() < Date.parse(call.opensAt) ? 'not yet open' : 'closing';
}

const NEW_CALL_FORM = `<details><summary>New call for proposals</summary>
<form method="post" action="/dashboard/calls" class="new-call">
<div class="field"><label for="n-title">Title</label><input id="n-title" name="title" type="text" required minlength="3" maxlength="200"></div>
<div class="field"><label for="n-description">Description</label><textarea id="n-description" name="description" rows="3" maxlength="5000"></textarea></div>
<div class="field"><label for="n-budget">Budget (US$)</label><input id="n-budget" name="budgetUsd" type="number" min="1" step="0.01" required></div>
<div class="field"><label for="n-cap">Grant cap (US$)</label><input id="n-cap" name="maxGrantUsd" type="number" min="1" step="0.01" value="60000"></div>
<div class="field"><label for="n-opens">Opens (UTC)</label><input id="n-opens" name="opensAt" type="datetime-local" required></div>
<div class="field"><label for="n-closes">Closes (UTC)</label><input id="n-closes" name="closesAt" type="datetime-local" required></div>
<div class="field"><label for="n-duration">Longest project (months)</label><input id="n-duration" name="maxDurationMonths" type="number" min="1" max="120" value="36"></div>
<div class="field"><label for="n-reviewers">Reviewers per application</label><input id="n-reviewers" name="reviewersPerApplication" type="number" min="1" max="10" value="2"></div>
<div class="field"><input id="n-balance" name="regionalBalance" type="checkbox"> <label for="n-balance">Regional balance on the slate</label></div>
<p class="help">Priority contexts (armed conflict, refugee and migration flows, 10 points each), review criteria, the vote and the report plans take the fund's defaults; the API sets them all.</p>
<button type="submit">Create the call</button>
</form></details>`;

async function calls(event: HttpEvent): Promise<HttpResult> {
  const q = event.queryStringParameters ?? {};
  const flash = q.problem ? `<p class="summary" role="alert">${escapeHtml(q.problem)}</p>` : '';
  const at = now();
  const rows: string[][] = [];
  for (const call of (await listCalls()).sort((a, b) => b.opensAt.localeCompare(a.opensAt))) {
    const counts: Record<string, number> = {};
    for (const app of await listApplicationsOfCall(call.callId)) counts[app.status] = (counts[app.status] ?? 0) + 1;
    const pipeline = APPLICATION_STATUSES.filter((s) => counts[s]).map((s) => `${escapeHtml(s)} ${counts[s]}`).join(', ') || 'no applications yet';
    rows.push([`<a href="/dashboard/calls/${escapeHtml(call.callId)}">${escapeHtml(call.title)}</a>`, escapeHtml(callStage(call, at)), formatUsd(call.budgetUsd), escapeHtml(call.closesAt.slice(0, 10)), pipeline]);
  }
  return page(200, 'Calls', `${nav('/dashboard')}<h1>Calls for proposals</h1>${flash}${NEW_CALL_FORM}${table('Every call with its pipeline', ['Call', 'Stage', 'Budget', 'Closes', 'Applications by status'], rows)}${await erasuresDueSection()}`);
}

async function callPage(event: HttpEvent): Promise<HttpResult> {
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) return page(404, 'Not found', `${nav('')}<h1>No such call</h1>`);
  const q = event.queryStringParameters ?? {};
  const decisions = new Map((await listDecisions(call.callId)).map((d) => [d.applicationId, d]));
  // Drafts are the NGOs' work in progress: the pipeline counts them, the list shows what was submitted.
  const allApps = await listSubmittedApplicationsOfCall(call.callId);
  // The same rows, in the same order, as the exports (shared/api/application-list.ts).
  const { filters } = parseApplicationFilters(q);
  const apps = listApplications(allApps, call.ranking ?? [], decisions, filters);
  const sort = filters.sort;
  const dir = filters.dir === 'asc' ? 1 : -1;
  const option = (value: string, label: string, current: string) => `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const allRegions = [...new Set(allApps.map((a) => regionalGroup(a.input.organisation.registrationCountry) ?? ''))].filter(Boolean).sort();
  const form = `<form method="get" class="filters" aria-label="Filter and sort the applications">
<div class="field"><label for="f-status">Status</label><select id="f-status" name="status">${option('', 'Any', filters.status)}${APPLICATION_STATUSES.map((s) => option(s, s, filters.status)).join('')}</select></div>
<div class="field"><label for="f-region">Region</label><select id="f-region" name="region">${option('', 'Any', filters.region)}${allRegions.map((r) => option(r, r, filters.region)).join('')}</select></div>
<div class="field"><label for="f-country">Country (code)</label><input id="f-country" name="country" value="${escapeHtml(filters.country)}" maxlength="2" size="3"></div>
<div class="field"><label for="f-line">Action line</label><select id="f-line" name="actionLine">${option('', 'Any', filters.actionLine)}${call.actionLines.map((l) => option(l, l, filters.actionLine)).join('')}</select></div>
<div class="field"><label for="f-priority">Priority</label><select id="f-priority" name="priority">${option('', 'Any', filters.priority)}${option('yes', 'With priority points', filters.priority)}</select></div>
<div class="field"><label for="f-score">Final score at least</label><input id="f-score" name="minScore" type="number" min="0" max="200" step="0.1" value="${escapeHtml(filters.minScore)}" size="5"></div>
<div class="field"><label for="f-sort">Sort by</label><select id="f-sort" name="sort">${Object.entries(SORTS).map(([k, label]) => option(k, label, sort)).join('')}</select></div>
<div class="field"><label for="f-dir">Order</label><select id="f-dir" name="dir">${option('desc', 'Highest first', dir === -1 ? 'desc' : 'asc')}${option('asc', 'Lowest first', dir === -1 ? 'desc' : 'asc')}</select></div>
<button type="submit">Apply</button></form>`;
  const rows = apps.map((a) => [
    escapeHtml(a.rank ?? ''),
    `<a href="/dashboard/applications/${escapeHtml(a.app.applicationId)}">${escapeHtml(a.app.input.organisation.name)}</a>`,
    escapeHtml(countryName(a.app.input.organisation.registrationCountry) ?? a.app.input.organisation.registrationCountry),
    escapeHtml(a.region),
    escapeHtml(a.app.input.project.actionLines.join(', ')),
    String(a.priority),
    a.score === undefined ? '' : String(a.score),
    formatUsd(a.app.input.budget.requestedUsd),
    escapeHtml(a.decision ? `${a.app.status} (${a.decision.rule})` : a.app.status),
  ]);
  const slate = call.slate
    ? `<p>Slate: ${call.slate.entries.length} projects, ${formatUsd(call.slate.entries.reduce((s, e) => s + e.amountUsd, 0))} of ${formatUsd(call.budgetUsd)}${call.slateSubmission ? `, submitted ${escapeHtml(call.slateSubmission.at.slice(0, 10))}` : ' (not submitted)'}.</p>`
    : '';
  // Review: each reviewer's progress on their page (shared/domain/reviewer-tasks.ts), their declared conflicts, and the reviews past their deadline.
  const reviews = await listReviewsOfCall(call.callId);
  const at = now().toISOString();
  const reviewers = new Map((await listReviewers(call.callId)).map((r) => [r.reviewerId, r]));
  const appsById = new Map(allApps.map((a) => [a.applicationId, a]));
  const byReviewer = new Map<string, typeof reviews>();
  for (const r of reviews) byReviewer.set(r.reviewerId, [...(byReviewer.get(r.reviewerId) ?? []), r]);
  const progressRows = [...byReviewer].map(([id, tasks]) => {
    const p = progressOf(tasks, now());
    return [escapeHtml(reviewers.get(id)?.name ?? id), String(p.total), String(p.submitted), String(p.drafts), String(p.declined), String(p.late), String(p.reassignedAway), String(reviewers.get(id)?.maxLoad ?? '')];
  });
  const conflicts = reviews.filter((r) => r.declaration?.conflict);
  const conflictTable = conflicts.length
    ? table(
        'Declared conflicts of interest',
        ['Reviewer', 'Application', 'Reason', 'Declared'],
        conflicts.map((r) => {
          const app = appsById.get(r.applicationId);
          return [escapeHtml(reviewers.get(r.reviewerId)?.name ?? r.reviewerId), app ? `${escapeHtml(app.input.organisation.name)}: ${escapeHtml(app.input.project?.title ?? '')}` : escapeHtml(r.applicationId), escapeHtml(r.declaration!.reason ?? ''), escapeHtml(r.declaration!.at.slice(0, 10))];
        }),
      )
    : '<p>No conflict of interest declared.</p>';
  const review = reviews.length
    ? `${table('Reviewers and their progress', ['Reviewer', 'Theirs', 'Submitted', 'Drafts', 'Declined', 'Late', 'Reassigned away', 'Maximum'], progressRows)}${conflictTable}${reassignForm(call, reviews, reviewers, appsById, at)}`
    : '';
  // The vote: who has cast, and each project's outcome.
  const ballots = call.vote ? await listBallots(call.callId, 1) : [];
  const vote = call.vote ? boardSection(call, ballots, [...decisions.values()], new Map((await listTrustees()).map((t) => [t.trusteeId, t])), new Map(allApps.map((a) => [a.applicationId, a])), table) : '';
  const remaining = call.slate ? call.budgetUsd - call.slate.entries.reduce((sum, e) => sum + e.amountUsd, 0) : undefined;
  const slateForm = call.ranking && !call.slateSubmission ? slateEditor(call) : '';
  // The questions to applicants still waiting for their answer (the sparse index of shared/repository/questions.ts).
  const waiting = await listWaitingQuestions(call.callId);
  const waitingQuestions = waiting.length
    ? `<h2>Questions waiting for an answer</h2>${table(
        `${waiting.length} question${waiting.length === 1 ? '' : 's'} waiting`,
        ['Application', 'Asked', 'By', 'Link'],
        waiting.map((w) => {
          const app = appsById.get(w.applicationId);
          const expiry = w.expiresAt <= at ? `expired ${w.expiresAt.slice(0, 10)}` : `works until ${w.expiresAt.slice(0, 10)}`;
          return [`<a href="/dashboard/applications/${escapeHtml(w.applicationId)}#questions">${escapeHtml(app ? `${app.input.organisation.name}: ${app.input.project.title}` : w.applicationId)}</a>`, escapeHtml(w.askedAt.slice(0, 10)), escapeHtml(w.askedBy), escapeHtml(expiry)];
        }),
      )}`
    : '';
  const q2 = event.queryStringParameters ?? {};
  const flash = q2.done ? `<p class="notice" role="status">${escapeHtml(q2.done)}</p>` : q2.problem ? `<p class="summary" role="alert">${escapeHtml(q2.problem)}</p>` : '';
  return page(
    200,
    call.title,
    `${nav('')}<h1>${escapeHtml(call.title)}</h1>${flash}<p>Stage: ${escapeHtml(callStage(call, now()))}. Budget ${formatUsd(call.budgetUsd)}; closes ${escapeHtml(call.closesAt.slice(0, 10))}.</p>${callSettingsForm(call, now())}${slate}${remaining !== undefined ? `<p>Remaining budget: ${formatUsd(remaining)}.</p>` : ''}${slateForm}${boardDocumentLinks(call)}${vote}${review ? `<h2>Review</h2>${review}` : ''}${waitingQuestions}<h2>Applications</h2>${form}${exportLinks(call.callId, apps.length, filtersQuery(filters))}${table(`${apps.length} applications`, ['Rank', 'Organisation', 'Country', 'Region', 'Action lines', 'Priority', 'Score', 'Requested', 'Status'], rows)}`,
    slateForm ? ['/dashboard/assets/slate.js'] : [],
  );
}

async function grantsPage(event: HttpEvent): Promise<HttpResult> {
  const rows: string[][] = [];
  const toReview: string[] = [];
  const toApprove: string[] = [];
  let overdue = 0;
  for (const grant of (await listGrants()).sort((a, b) => a.schedule.startDate.localeCompare(b.schedule.startDate))) {
    const { reports, tranches } = await listMilestones(grant.grantId);
    const released = tranches.filter((t) => t.status === 'released');
    const held = tranches.filter((t) => t.status === 'held');
    const awaiting = tranches.filter((t) => t.status === 'awaiting-approval');
    const late = reports.filter((r) => r.overdue);
    overdue += late.length;
    rows.push([
      `<a href="/dashboard/grants/${escapeHtml(grant.grantId)}">${escapeHtml(grant.organisation.name)}</a>`,
      escapeHtml(grant.title),
      escapeHtml(grant.status),
      formatUsd(grant.amountUsd),
      `${released.length}/${tranches.length} released${awaiting.length ? `; to approve: ${awaiting.map((t) => t.number).join(', ')}` : ''}${held.length ? `; held: ${held.map((t) => `${t.number} (${escapeHtml(t.heldReason ?? '')})`).join(', ')}` : ''}`,
      `${reports.filter((r) => r.status === 'accepted').length}/${reports.length} accepted${reports.some((r) => r.status === 'submitted') ? '; to review' : ''}${late.length ? `; overdue: ${late.map((r) => r.number).join(', ')}` : ''}`,
      `${escapeHtml(grant.schedule.startDate)} to ${escapeHtml(grant.schedule.endDate)}`,
    ]);
    for (const report of reports.filter((r) => r.status === 'submitted')) {
      const last = report.submissions.at(-1)!;
      const f = last.figures.beneficiaries;
      const id = escapeHtml(report.reportId);
      toReview.push(`<section class="operation"><h3>${escapeHtml(grant.organisation.name)}: report ${report.number} (${escapeHtml(report.kind)}, due ${escapeHtml(report.dueDate)})</h3>
<p>${escapeHtml(last.narrative)}</p><p>${f.total} people assisted: ${f.women} women, ${f.men} men, ${f.girls} girls, ${f.boys} boys.</p>
<form method="post" action="/dashboard/reports/${id}/review"><input type="hidden" name="decision" value="accept"><button type="submit">Accept report ${report.number} of ${escapeHtml(grant.organisation.name)}</button></form>
<form method="post" action="/dashboard/reports/${id}/review"><input type="hidden" name="decision" value="return">
<div class="field"><label for="c-${id}">Comments for the grantee</label><textarea id="c-${id}" name="comments" rows="3" required minlength="10"></textarea></div>
<button type="submit" class="secondary">Return report ${report.number} of ${escapeHtml(grant.organisation.name)}</button></form></section>`);
    }
    for (const tranche of awaiting) {
      toApprove.push(`<li>${escapeHtml(grant.organisation.name)}: tranche ${tranche.number}, ${formatUsd(tranche.amountUsd)}, due ${escapeHtml(tranche.dueDate)}${tranche.acceptedBy ? ` (report accepted by ${escapeHtml(tranche.acceptedBy)})` : ''}
<form method="post" action="/dashboard/grants/${escapeHtml(grant.grantId)}/tranches/${tranche.number}/approve"><button type="submit">Approve the release of tranche ${tranche.number} of ${escapeHtml(grant.organisation.name)}</button></form></li>`);
    }
  }
  const q = event.queryStringParameters ?? {};
  const flash = q.done ? `<p class="notice" role="status">${escapeHtml(q.done)}</p>` : q.problem ? `<p class="summary" role="alert">${escapeHtml(q.problem)}</p>` : '';
  return page(
    200,
    'Grants',
    `${nav('/dashboard/grants')}<h1>Grants</h1>${flash}<p>${rows.length} grants; ${overdue} report(s) overdue. Payment instructions for finance: <a href="/dashboard/disbursements.csv" download>disbursements.csv</a>.</p>
<h2>Reports to review</h2>${toReview.length ? toReview.join('') : '<p>None.</p>'}
<h2>Releases to approve</h2><p class="help">Four eyes: the member who accepted a report cannot approve the release that follows it.</p>${toApprove.length ? `<ul>${toApprove.join('')}</ul>` : '<p>None.</p>'}
${table('Every grant with its tranches and reports', ['Organisation', 'Project', 'Status', 'Amount', 'Tranches', 'Reports', 'Period'], rows)}`,
  );
}

/** One grant: its schedule of reports and tranches, each with where it stands. */
async function grantPage(event: HttpEvent): Promise<HttpResult> {
  const grant = await getGrant(pathParam(event, 'grantId'));
  if (!grant) return page(404, 'Not found', `${nav('/dashboard/grants')}<h1>No such grant</h1>`);
  const { reports, tranches } = await listMilestones(grant.grantId);
  const reportRows = reports
    .sort((a, b) => a.number - b.number)
    .map((r) => [
      String(r.number),
      escapeHtml(r.kind),
      escapeHtml(r.periodEnd),
      escapeHtml(r.dueDate),
      escapeHtml(r.overdue ? `${r.status}, overdue since ${(r.overdueSince ?? '').slice(0, 10)}` : r.status),
      String(r.submissions.length),
    ]);
  const trancheRows = tranches
    .sort((a, b) => a.number - b.number)
    .map((t) => [
      String(t.number),
      formatUsd(t.amountUsd),
      escapeHtml(t.dueDate),
      t.afterReport ? `report ${t.afterReport}` : 'none',
      escapeHtml(t.status === 'held' ? `held: ${t.heldReason ?? ''}` : t.status === 'released' ? `released ${(t.releasedAt ?? '').slice(0, 10)} (${t.reference ?? ''}${t.approvedBy ? `, approved by ${t.approvedBy}` : ''})` : t.status),
    ]);
  return page(
    200,
    grant.title,
    `${nav('/dashboard/grants')}<h1>${escapeHtml(grant.title)}</h1>
<dl class="facts"><dt>Grantee</dt><dd>${escapeHtml(grant.organisation.name)} (${escapeHtml(countryName(grant.organisation.registrationCountry) ?? grant.organisation.registrationCountry)})</dd>
<dt>Amount</dt><dd>${formatUsd(grant.amountUsd)}</dd><dt>Period</dt><dd>${escapeHtml(grant.schedule.startDate)} to ${escapeHtml(grant.schedule.endDate)} (${grant.durationMonths} months)</dd>
<dt>Status</dt><dd>${escapeHtml(grant.status)}</dd><dt>Application</dt><dd><a href="/dashboard/applications/${escapeHtml(grant.applicationId)}">the application and its timeline</a></dd></dl>
${table('Reports', ['Report', 'Kind', 'Period to', 'Due', 'Status', 'Submissions'], reportRows)}
${table('Tranches', ['Tranche', 'Amount', 'Due', 'After', 'Status'], trancheRows)}`,
  );
}

async function impactPage(): Promise<HttpResult> {
  const figures = await fundFigures();
  const cells = (record: Record<string, unknown>) => Object.entries(record).map(([k, v]) => [escapeHtml(k), escapeHtml(v)]);
  const money = Object.fromEntries(Object.entries(figures.money.byRegion).map(([k, v]) => [k, formatUsd(v)]));
  const lines = Object.fromEntries(Object.entries(figures.money.byActionLine).map(([k, v]) => [k, formatUsd(v)]));
  // The charts read the same figures from this JSON (numbers only; "<5" cells are drawn as 0 and labelled).
  const chartData = {
    moneyByRegion: figures.money.byRegion,
    moneyByActionLine: figures.money.byActionLine,
    byGroup: figures.byGroup,
    byExploitation: figures.byExploitation,
  };
  const body = `${nav('/dashboard/impact')}<h1>Impact</h1>
<p>${figures.money.grants} grants, ${formatUsd(figures.money.totalUsd)}; ${escapeHtml(figures.beneficiaries)} people assisted in the ${figures.reports} accepted reports. ${escapeHtml(figures.rule)}</p>
<script type="application/json" id="impact-data">${JSON.stringify(chartData).replace(/</g, '\\u003c')}</script>
<div class="charts">
<figure><canvas id="chart-money-region" role="img" aria-label="Money granted by UN regional group"></canvas><figcaption>Money granted by region</figcaption></figure>
<figure><canvas id="chart-money-line" role="img" aria-label="Money granted by action line"></canvas><figcaption>Money granted by action line</figcaption></figure>
<figure><canvas id="chart-group" role="img" aria-label="People assisted by group"></canvas><figcaption>People assisted by group</figcaption></figure>
<figure><canvas id="chart-exploitation" role="img" aria-label="People assisted by form of exploitation"></canvas><figcaption>People assisted by form of exploitation</figcaption></figure>
</div>
${table('Money granted by region', ['Region', 'Amount'], cells(money))}
${table('Money granted by action line', ['Action line', 'Amount'], cells(lines))}
${table('People assisted by group', ['Group', 'People'], cells(figures.byGroup))}
${table('People assisted by form of exploitation', ['Form', 'People'], cells(figures.byExploitation))}
${table('People who received each service', ['Service', 'People'], cells(figures.byService))}
${table('People assisted by region', ['Region', 'People'], cells(figures.byRegion))}`;
  return page(200, 'Impact', body, ['/dashboard/assets/chart.umd.min.js', '/dashboard/assets/impact.js']);
}

/**
 * One application: the form as sent, the documents (5-minute links),
 * eligibility with its reasons, priority with its rules, the reviews, the
 * Board's votes and decision, the grant, and a timeline of everything that
 * happened to it.
 */
async function applicationPage(event: HttpEvent, member: string): Promise<HttpResult> {
  const app = await getApplication(pathParam(event, 'applicationId'));
  if (!app) return page(404, 'Not found', `${nav('')}<h1>No such application</h1>`);
  const call = await getCall(app.callId);
  const [documents, reviews, decisions, grant, reviewerList, trustees, questions, access] = await Promise.all([
    listDocuments(app.applicationId),
    listReviewsOfApplication(app.applicationId),
    listDecisions(app.callId),
    getGrant(grantIdOf(app.applicationId)),
    listReviewers(app.callId),
    listTrustees(),
    listQuestions(app.applicationId),
    listDocumentAccess(app.applicationId),
  ]);
  const reviewerName = (id: string) => reviewerList.find((r) => r.reviewerId === id)?.name ?? id.slice(0, 8);
  const trusteeName = (id: string) => trustees.find((t) => t.trusteeId === id)?.name ?? id.slice(0, 8);
  const decision = decisions.find((d) => d.applicationId === app.applicationId);
  const milestones = grant ? await listMilestones(grant.grantId) : undefined;
  const { organisation, project, budget } = app.input;
  // Each link handed out is recorded first: who, which document, when, through what (shown below, with the reviewers').
  const handedOut = await recordedLinks(
    app.applicationId,
    documents.map((d) => ({ document: d.kind, kind: d.kind, key: d.key, fileName: d.fileName, status: d.check?.status })),
    { who: member, through: 'dashboard', at: now().toISOString() },
  );
  const links = handedOut.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(DOCUMENT_KIND_LABELS[d.kind])}</a> (${escapeHtml(d.status ?? 'not checked')})</li>`);
  const accessRows = access.map(
    (a) => `<tr><td><time datetime="${escapeHtml(a.at)}">${escapeHtml(a.at.slice(0, 16).replace('T', ' '))}</time></td><td>${escapeHtml(a.who.startsWith('reviewer:') ? `Reviewer ${reviewerName(a.who.slice('reviewer:'.length))}` : a.who)}</td><td>${escapeHtml((DOCUMENT_KIND_LABELS as Record<string, string>)[a.document] ?? a.document)}</td><td>${escapeHtml(a.through)}</td></tr>`,
  );
  const events: [string, string][] = [
    [app.createdAt, 'Draft created'],
    ...(app.submittedAt ? [[app.submittedAt, 'Submitted'] as [string, string]] : []),
    ...(app.decidedAt ? [[app.decidedAt, app.eligibility?.eligible ? 'Found eligible' : 'Found ineligible'] as [string, string]] : []),
    ...reviews.flatMap((r): [string, string][] => [
      [r.assignedAt, `Review assigned to ${reviewerName(r.reviewerId)}`],
      ...(r.requestedAt ? [[r.requestedAt, `Review requested from ${reviewerName(r.reviewerId)}`] as [string, string]] : []),
      ...(r.answeredAt ? [[r.answeredAt, r.status === 'submitted' ? `Review in: ${r.total} / 100` : `Review ${r.status}${r.declineReason ? ` (${r.declineReason})` : ''}`] as [string, string]] : []),
    ]),
    ...(decision ? [[decision.decidedAt, `Board: ${decision.outcome} (${decision.rule})`] as [string, string]] : []),
    ...(grant ? [[grant.awardedAt, `Grant ${grant.grantId} of ${formatUsd(grant.amountUsd)}`] as [string, string]] : []),
    ...(milestones?.reports ?? []).flatMap((r): [string, string][] => [
      ...r.submissions.map((sub): [string, string] => [sub.at, `Report ${r.number} submitted`]),
      ...r.submissions.filter((sub) => sub.review).map((sub): [string, string] => [sub.review!.at, `Report ${r.number} ${sub.review!.decision === 'accept' ? 'accepted' : 'returned'} by ${sub.review!.actor}`]),
      ...(r.overdueSince ? [[r.overdueSince, `Report ${r.number} overdue`] as [string, string]] : []),
    ]),
    ...(milestones?.tranches ?? []).flatMap((t): [string, string][] => [
      ...(t.heldAt ? [[t.heldAt, `Tranche ${t.number} held`] as [string, string]] : []),
      ...(t.releasedAt ? [[t.releasedAt, `Tranche ${t.number} released (${formatUsd(t.amountUsd)})${t.approvedBy ? `, approved by ${t.approvedBy}` : ''}`] as [string, string]] : []),
    ]),
    ...questions.flatMap((q): [string, string][] => [
      [q.askedAt, `Question asked by ${q.askedBy}`],
      ...(q.answer ? [[q.answer.answeredAt, `Question answered${q.answer.documentKey ? ', with a document' : ''}`] as [string, string]] : []),
    ]),
  ];
  const timeline = events.sort(([a], [b]) => a.localeCompare(b)).map(([at, what]) => `<li><time datetime="${escapeHtml(at)}">${escapeHtml(at.slice(0, 16).replace('T', ' '))}</time> ${escapeHtml(what)}</li>`).join('');
  const votes = decision?.tally
    ? table('Votes', ['Trustee', 'Counted as'], decision.tally.counted.map((c) => [escapeHtml(trusteeName(c.trusteeId)), escapeHtml(`${c.counted}${c.because ? ` (${c.because})` : ''}`)]))
    : '';
  const body = `${nav('')}<h1>${escapeHtml(project.title)}</h1>
<p>${escapeHtml(organisation.name)} (${escapeHtml(countryName(organisation.registrationCountry) ?? organisation.registrationCountry)}), ${escapeHtml(organisation.type)}, ${organisation.yearsAssistingVictims} years assisting victims. Call: <a href="/dashboard/calls/${escapeHtml(app.callId)}">${escapeHtml(call?.title ?? app.callId)}</a>. Status: <strong>${escapeHtml(app.status)}</strong>.</p>
<h2>Project</h2>
<dl class="facts">
<dt>Summary</dt><dd>${escapeHtml(project.summary)}</dd>
<dt>Countries</dt><dd>${escapeHtml(project.countries.map((c) => countryName(c) ?? c).join(', '))}</dd>
<dt>Action lines</dt><dd>${escapeHtml(project.actionLines.join(', '))}</dd>
<dt>Forms of exploitation</dt><dd>${escapeHtml(project.formsOfExploitation.join(', '))}</dd>
<dt>Duration</dt><dd>${project.durationMonths} months from ${escapeHtml(project.startDate)}</dd>
<dt>Amount requested</dt><dd>${formatUsd(budget.requestedUsd)}</dd>
</dl>
${table('Budget', ['Category', 'Line', 'Amount'], budget.lines.map((l) => [escapeHtml(l.category), escapeHtml(l.description), formatUsd(l.amountUsd)]))}
<h2>Documents</h2><p class="help">The links work for five minutes.</p><ul>${links.join('')}</ul>
<h2>Eligibility</h2>${app.eligibility ? (app.eligibility.eligible ? '<p>Meets every rule of the call.</p>' : `<ul>${app.eligibility.reasons.map((r) => `<li>${escapeHtml(r.message)} (${escapeHtml(r.code)})</li>`).join('')}</ul>`) : '<p>Not decided yet.</p>'}
<h2>Priority</h2><p>${app.priority?.points ?? 0} points</p><ul>${(app.priority?.rules ?? []).map((r) => `<li>${escapeHtml(r.explanation)}</li>`).join('')}</ul>
<h2>Reviews</h2>${table('Reviews', ['Reviewer', 'Status', 'Total', 'Comments'], reviews.map((r) => [escapeHtml(reviewerName(r.reviewerId)), escapeHtml(r.status), String(r.total ?? ''), escapeHtml(r.comments ?? '')]))}
<h2>Board</h2>${decision ? `<p>${escapeHtml(decision.outcome)} by the rule ${escapeHtml(decision.rule)}${decision.amountUsd ? `, ${formatUsd(decision.amountUsd)}` : ''}.</p>${votes}` : '<p>No decision yet.</p>'}
${await questionsSection(app, questions, event.queryStringParameters ?? {}, member)}
${erasureSection(app.applicationId, await erasureState(app.applicationId), member)}
<h2>Document access</h2>
<p class="help">Every link to one of its documents handed out, newest first (the latest 200; this page's own links included). Links work for five minutes.</p>
${accessRows.length ? `<div class="table-wrap" tabindex="0" role="region" aria-label="Document access (scrolls sideways on a small screen)"><table><caption class="vh">Document access</caption><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Document</th><th scope="col">Through</th></tr></thead><tbody>${accessRows.join('')}</tbody></table></div>` : '<p>None yet.</p>'}
<h2>Timeline</h2><ol class="timeline">${timeline}</ol>`;
  return page(200, project.title, body);
}

/**
 * The slate before it goes to the Board: lower an amount, take a project out
 * or bring one in from the reserve, with the reason the change is kept with.
 * The page adds up the amounts as they are typed (the remaining budget, or
 * the overrun); the server checks every rule again.
 */
function slateEditor(call: Call): string {
  const current = currentSlate(call);
  const ranked = new Map((call.ranking ?? []).map((r) => [r.applicationId, r]));
  const line = (l: { applicationId: string; amountUsd: number; requestedUsd: number; rank: number; rule: string }, onSlate: boolean) => {
    const r = ranked.get(l.applicationId);
    const id = escapeHtml(l.applicationId);
    const name = escapeHtml(r?.organisation ?? l.applicationId);
    return [
      String(l.rank),
      name,
      escapeHtml(l.rule),
      formatUsd(l.requestedUsd),
      `<label class="visually-hidden" for="amount-${id}">Amount for ${name}</label><input id="amount-${id}" name="amount.${id}" type="number" min="0" step="0.01" value="${l.amountUsd}" data-amount size="9">`,
      `<input id="on-${id}" name="on.${id}" type="checkbox"${onSlate ? ' checked' : ''} data-on><label for="on-${id}">${onSlate ? 'On the slate' : 'Bring in'}<span class="visually-hidden"> ${name}</span></label>`,
    ];
  };
  const rows = [...current.entries.map((l) => line(l, true)), ...current.reserve.map((l) => line(l, false))];
  return `<h2>Slate</h2>
<form method="post" action="/dashboard/calls/${escapeHtml(call.callId)}/slate" data-slate data-budget="${call.budgetUsd}">
${table('The slate, then the reserve list', ['Rank', 'Organisation', 'Rule', 'Requested', 'Amount', 'Slate'], rows)}
<p aria-live="polite" data-total>Total ${formatUsd(current.entries.reduce((s, e) => s + e.amountUsd, 0))} of ${formatUsd(call.budgetUsd)}.</p>
<div class="field"><label for="slate-reason">Reason for these changes (kept with each)</label><textarea id="slate-reason" name="reason" rows="2" required minlength="3" maxlength="500"></textarea></div>
<button type="submit">Save the changes to the slate</button>
</form>
<form method="post" action="/dashboard/calls/${escapeHtml(call.callId)}/slate/submit" class="operation">
<p class="help">Sending the slate freezes it and emails each trustee a ballot; a slate over the budget is refused. Save your changes first.</p>
<button type="submit">Send the slate to the Board</button>
</form>`;
}

const SLATE_JS = `// Adds up the slate as amounts are typed and projects are moved in or out.
const form = document.querySelector('form[data-slate]');
const budget = Number(form.dataset.budget);
const total = form.querySelector('[data-total]');
const usd = (n) => 'US$' + n.toLocaleString('en-US', { maximumFractionDigits: 2 });
function update() {
  let cents = 0;
  for (const row of form.querySelectorAll('tbody tr')) {
    const on = row.querySelector('[data-on]');
    const amount = row.querySelector('[data-amount]');
    if (on && on.checked && amount) cents += Math.round(Number(amount.value || 0) * 100);
  }
  const left = Math.round(budget * 100) - cents;
  total.textContent = 'Total ' + usd(cents / 100) + ' of ' + usd(budget) + (left >= 0 ? ': ' + usd(left / 100) + ' left.' : ': over the budget by ' + usd(-left / 100) + '.');
}
form.addEventListener('input', update);
update();
`;

// --- Sign-in ---------------------------------------------------------------------

function signinPage(problem = ''): HttpResult {
  return page(
    problem ? 401 : 200,
    'Sign in',
    `<h1>Secretariat sign-in</h1>
${problem ? `<p class="summary" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>Use the sign-in link that <code>npm start</code> printed, or paste the secretariat token.</p>
<form method="post" action="/signin" data-signin>
<div class="field"><label for="token">Secretariat token</label><input type="password" id="token" name="token" autocomplete="current-password" required></div>
<button type="submit">Sign in</button>
</form>`,
    ['/dashboard/assets/signin.js'],
  );
}

async function signin(event: HttpEvent): Promise<HttpResult> {
  // On AWS members sign in through the managed login, never with a token.
  if (cognitoConfig()) return redirect('/signin');
  const token = new URLSearchParams(rawBody(event)).get('token') ?? undefined;
  if (!isAdminToken(token)) return signinPage('That token does not open the dashboard.');
  return redirect('/dashboard', [sessionCookie(event, token!)]);
}

const SIGNIN_JS = `// The sign-in link carries the token in its #fragment (never sent to a server
// or written in a log); this posts it once, then forgets it.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (token) {
  history.replaceState(null, '', location.pathname);
  const form = document.querySelector('form[data-signin]');
  form.elements.namedItem('token').value = token;
  form.submit();
}
`;

const IMPACT_JS = `// Draws the impact charts with Chart.js from the figures embedded in the page.
const data = JSON.parse(document.getElementById('impact-data').textContent);
const draw = (id, label, cells, horizontal) => {
  const labels = Object.keys(cells);
  const values = labels.map((k) => (typeof cells[k] === 'number' ? cells[k] : 0));
  new Chart(document.getElementById(id), {
    type: 'bar',
    data: { labels: labels.map((k) => (typeof cells[k] === 'number' ? k : k + ' (<5)')), datasets: [{ label, data: values, backgroundColor: '#0b5394' }] },
    options: { indexAxis: horizontal ? 'y' : 'x', animation: false, responsive: true, plugins: { legend: { display: false } } },
  });
};
draw('chart-money-region', 'US$', data.moneyByRegion, true);
draw('chart-money-line', 'US$', data.moneyByActionLine, true);
draw('chart-group', 'People', data.byGroup, false);
draw('chart-exploitation', 'People', data.byExploitation, true);
`;

/** Chart.js's own build: next to the bundle on Lambda (copied at bundling), from node_modules locally. */
function chartLibrary(): string {
  const bundled = join(import.meta.dirname, 'chart.umd.min.js');
  return readFileSync(existsSync(bundled) ? bundled : join(import.meta.dirname, '..', '..', 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), 'utf8');
}
let chartJs: string | undefined;

async function asset(event: HttpEvent): Promise<HttpResult> {
  const name = pathParam(event, 'file');
  const body = name === 'chart.umd.min.js' ? (chartJs ??= chartLibrary()) : name === 'impact.js' ? IMPACT_JS : name === 'signin.js' ? SIGNIN_JS : name === 'slate.js' ? SLATE_JS : undefined;
  if (body === undefined) return page(404, 'Not found', '<h1>Not found</h1>');
  return { statusCode: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' }, body };
}

export const handler = httpApi({
  'GET /signin': async (event) => {
    const cognito = cognitoConfig();
    return cognito ? cognitoSignin(event, cognito) : signinPage();
  },
  'GET /signin/callback': cognitoCallback,
  'POST /signin': signin,
  'POST /signout': async (event) => {
    const cognito = cognitoConfig();
    return cognito ? cognitoSignout(event, cognito) : redirect('/signin', [sessionCookie(event, null)]);
  },
  'GET /dashboard': guarded(calls),
  'GET /dashboard/calls/{callId}': guarded(callPage),
  'GET /dashboard/grants': guarded(grantsPage),
  'GET /dashboard/grants/{grantId}': guarded(grantPage),
  'GET /dashboard/applications/{applicationId}': guarded(applicationPage),
  'GET /dashboard/impact': guarded(impactPage),
  'GET /dashboard/disbursements.csv': guarded(disbursementsCsv),
  'GET /dashboard/assets/{file}': asset,
});

