// The documents the Board and the secretariat download: the board pack (PDF)
// through a trustee's ballot link, the dashboard and the admin API; the
// record of the decisions (PDF) for the minutes; and a call's applications,
// filtered as the dashboard lists them, as CSV and as an Excel workbook.
//
// A function of its own, read-only (the table, and who the member is): it is
// the only bundle that carries pdfkit, the fonts and exceljs, so the ballot
// page, the dashboard and the admin API keep their small bundles and cold
// starts, and the code that lays out files gets no right to write anything,
// send mail or resume a workflow. The pdf and exceljs modules are imported
// on first use, so a CSV never pays for the PDF library.
//
// GET only, and it never acts: a ballot link opens the pack while it opens
// the ballot (not once the ballot is cast, nor past the deadline).
import { boardPack, decisionsRecord } from '#shared/api/board-documents.ts';
import { listApplications, parseApplicationFilters } from '#shared/api/application-list.ts';
import { now } from '#shared/clock.ts';
import { applicationsCsv, applicationsTable, describeFilters } from '#shared/exports/applications.ts';
import { httpApi, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { requireAdmin, sessionMember } from '#shared/http/auth.ts';
import { HttpError, notFound, validationFailed } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { failure, linkError } from '#shared/http/link-pages.ts';
import { logger } from '#shared/logger.ts';
import { listSubmittedApplicationsOfCall } from '#shared/repository/applications.ts';
import { getBallot, listDecisions } from '#shared/repository/board.ts';
import { getCall, type Call } from '#shared/repository/calls.ts';
import { resolveLink } from '#shared/repository/links.ts';
import { listReviewers } from '#shared/repository/reviewers.ts';
import { listReviewsOfCall } from '#shared/repository/reviews.ts';

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

const file = (body: Buffer | string, contentType: string, name: string, disposition: 'inline' | 'attachment'): HttpResult => ({
  statusCode: 200,
  headers: { ...HEADERS, 'content-type': contentType, 'content-disposition': `${disposition}; filename="${name}"` },
  ...(typeof body === 'string' ? { body } : { body: body.toString('base64'), isBase64Encoded: true }),
});

const pdf = (body: Buffer, name: string) => file(body, 'application/pdf', name, 'inline');

async function callOf(event: HttpEvent): Promise<Call> {
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  return call;
}

async function packPdf(call: Call, round: number): Promise<HttpResult> {
  const data = await boardPack(call, round, now());
  const { boardPackPdf } = await import('#shared/pdf/board-pack.ts');
  const bytes = await boardPackPdf(data);
  logger.info('board pack', { callId: call.callId, round, projects: data.projects.length, bytes: bytes.length });
  return pdf(bytes, `board-pack-${call.callId}${round > 1 ? `-round-${round}` : ''}.pdf`);
}

async function decisionsPdf(call: Call): Promise<HttpResult> {
  const data = await decisionsRecord(call, now());
  const { decisionsRecordPdf } = await import('#shared/pdf/decisions-record.ts');
  const bytes = await decisionsRecordPdf(data);
  logger.info('decisions record', { callId: call.callId, rounds: data.rounds.length, bytes: bytes.length });
  return pdf(bytes, `decisions-${call.callId}.pdf`);
}

/** The applications as the dashboard lists them with these filters; the API refuses a filter it cannot apply (400). */
async function applicationsExport(event: HttpEvent, call: Call, format: 'csv' | 'xlsx', strict: boolean): Promise<HttpResult> {
  const { filters, problems } = parseApplicationFilters(event.queryStringParameters ?? {});
  if (strict && problems.length) throw validationFailed(problems, 'A filter is not valid; these are the dashboard\'s filters.');
  const [apps, decisions, reviews, reviewers] = await Promise.all([
    listSubmittedApplicationsOfCall(call.callId),
    listDecisions(call.callId),
    listReviewsOfCall(call.callId),
    listReviewers(call.callId),
  ]);
  const listed = listApplications(apps, call.ranking ?? [], new Map(decisions.map((d) => [d.applicationId, d])), filters);
  const table = applicationsTable(call, listed, reviews, new Map(reviewers.map((r) => [r.reviewerId, r.name])));
  logger.info('applications export', { callId: call.callId, format, rows: table.rows.length });
  const name = `applications-${call.callId}.${format}`;
  if (format === 'csv') return file(applicationsCsv(table), 'text/csv; charset=utf-8', name, 'attachment');
  const { applicationsWorkbook } = await import('#shared/exports/applications-xlsx.ts');
  const bytes = await applicationsWorkbook(table, { call: call.title, filters: describeFilters(filters), generatedAt: now().toISOString() });
  return file(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name, 'attachment');
}

/** The pack behind a trustee's link: the same rules as the ballot page (404 unknown, 410 expired, 409 used or cast). */
async function ballotPack(event: HttpEvent): Promise<HttpResult> {
  try {
    const resolved = await resolveLink(pathParam(event, 'ref'), 'ballot', now());
    if (resolved.state !== 'open') throw linkError(resolved.state);
    const { callId, trusteeId, round: roundText } = resolved.link.subject as Record<string, string>;
    const round = Number(roundText ?? '1');
    const [call, ballot] = await Promise.all([getCall(callId!), getBallot(callId!, round, trusteeId!)]);
    if (!call || !ballot) throw linkError('unknown');
    if (ballot.status === 'cast') throw linkError('used');
    return await packPdf(call, round);
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error, 'Board pack');
    throw error;
  }
}

/** A dashboard download: signed in (or to the sign-in page), and a refusal as a page. */
function dashboard(make: (event: HttpEvent, call: Call) => Promise<HttpResult>) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    if (!(await sessionMember(event))) return { statusCode: 303, headers: { location: '/signin', 'cache-control': 'no-store' }, body: '' };
    try {
      return await make(event, await callOf(event));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const back = event.pathParameters?.callId ? `<p><a href="/dashboard/calls/${encodeURIComponent(event.pathParameters.callId)}">Back to the call</a></p>` : '';
      return page(error.status, 'Not available', `<h1>${escapeHtml(error.message)}</h1>${back}`);
    }
  };
}

/** An admin API download: the secretariat's token, errors in the API's shape. */
const admin = (make: (event: HttpEvent, call: Call) => Promise<HttpResult>) => async (event: HttpEvent) => {
  requireAdmin(event);
  return make(event, await callOf(event));
};

const pack = (_event: HttpEvent, call: Call) => packPdf(call, 1);
const decisions = (_event: HttpEvent, call: Call) => decisionsPdf(call);

export const handler = httpApi({
  'GET /ballot/{ref}/pack.pdf': ballotPack,
  'GET /dashboard/calls/{callId}/pack.pdf': dashboard(pack),
  'GET /dashboard/calls/{callId}/decisions.pdf': dashboard(decisions),
  'GET /dashboard/calls/{callId}/applications.csv': dashboard((event, call) => applicationsExport(event, call, 'csv', false)),
  'GET /dashboard/calls/{callId}/applications.xlsx': dashboard((event, call) => applicationsExport(event, call, 'xlsx', false)),
  'GET /admin/calls/{callId}/pack.pdf': admin(pack),
  'GET /admin/calls/{callId}/decisions.pdf': admin(decisions),
  'GET /admin/calls/{callId}/applications.csv': admin((event, call) => applicationsExport(event, call, 'csv', true)),
  'GET /admin/calls/{callId}/applications.xlsx': admin((event, call) => applicationsExport(event, call, 'xlsx', true)),
});
