// `POST /admin/reports/{reportId}/review`: the secretariat accepts a report,
// or returns it with comments (it goes back to the grantee by email for
// another submission). A handler of its own because it resumes the
// `milestone` workflow, which the rest of the admin API has no right to do.
import { ReportReview } from '#shared/api/schemas.ts';
import { httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { reviewReportAs } from '#shared/secretariat-actions.ts';

async function review(event: HttpEvent) {
  const actor = requireAdmin(event);
  const reportId = pathParam(event, 'reportId');
  const input = parseJson(event, ReportReview);
  return json(200, await reviewReportAs(actor, reportId, input));
}

export const handler = httpApi({ 'POST /admin/reports/{reportId}/review': review });
