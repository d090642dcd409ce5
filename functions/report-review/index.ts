// `POST /admin/reports/{reportId}/review`: the secretariat accepts a report,
// or returns it with comments (it goes back to the grantee by email for
// another submission). A handler of its own because it resumes the
// `milestone` workflow, which the rest of the admin API has no right to do.
import { completeTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { ReportReview } from '#shared/api/schemas.ts';
import { nowIso } from '#shared/clock.ts';
import { httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { HttpError, notFound } from '#shared/http/errors.ts';
import { logger } from '#shared/logger.ts';
import { audit } from '#shared/repository/audit.ts';
import { getReport, parseReportId, reviewReport, updateReport } from '#shared/repository/milestones.ts';

async function review(event: HttpEvent) {
  const actor = requireAdmin(event);
  const id = parseReportId(pathParam(event, 'reportId'));
  const input = parseJson(event, ReportReview);
  const report = id && (await getReport(id.grantId, id.number));
  if (!id || !report) throw notFound();
  if (report.status !== 'submitted') {
    throw new HttpError(409, 'REPORT_NOT_SUBMITTED', 'Only a submitted report can be accepted or returned.', [{ path: 'status', message: `is ${report.status}` }]);
  }
  const token = report.reviewTaskToken;
  if (!token) throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready for review yet; nothing was recorded. Please try again in a minute.');
  const at = nowIso();
  const index = report.submissions.length - 1;
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  const recorded = await reviewReport(
    id.grantId,
    id.number,
    index,
    { at, actor, decision: input.decision, comments: input.comments },
    status,
    input.decision === 'accept' ? { acceptedAt: at } : {},
  );
  if (!recorded) throw new HttpError(409, 'REPORT_NOT_SUBMITTED', 'The report was reviewed meanwhile.');
  try {
    await completeTask(token, { decision: input.decision });
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    await updateReport(id.grantId, id.number, { status: 'submitted' }, [status]);
    throw new HttpError(503, 'TRY_AGAIN', 'The report is not ready for review right now; nothing was recorded. Please try again in a minute.');
  }
  await audit({ at, actor, action: `report.${input.decision}`, subject: { grantId: id.grantId, report: String(id.number) }, before: { status: 'submitted' }, after: { status, comments: input.comments } });
  logger.info(`report ${status}`, { grantId: id.grantId, report: id.number });
  return json(200, { reportId: report.reportId, status });
}

export const handler = httpApi({ 'POST /admin/reports/{reportId}/review': review });
