// The secretariat gives a waiting review to another reviewer of the call, by
// the API or by the form on a call's dashboard page. A handler of its own:
// it resumes (fails, with ReviewReassigned) the waiting task of the `review`
// workflow, which the rest of the admin API and the dashboard may not do.
import { ReviewReassignment } from '#shared/api/schemas.ts';
import { emailSender } from '#shared/adapters/email.ts';
import { reviewWithdrawnEmail } from '#shared/email/templates.ts';
import { httpApi, json, parseJson, pathParam, rawBody, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { formAction } from '#shared/http/dashboard-forms.ts';
import { validationFailed } from '#shared/http/errors.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';
import { getReviewer } from '#shared/repository/reviewers.ts';
import { reassignReviewAs } from '#shared/secretariat-actions.ts';

/** Reassigns, then tells the reviewer who no longer has the review. */
async function handOver(actor: string, callId: string, input: ReviewReassignment) {
  const result = await reassignReviewAs(actor, callId, input);
  const [call, app, reviewer] = await Promise.all([getCall(callId), getApplication(input.applicationId), getReviewer(callId, input.fromReviewerId)]);
  if (call && app && reviewer) await emailSender().send(reviewWithdrawnEmail(reviewer, app, call));
  return result;
}

async function api(event: HttpEvent): Promise<HttpResult> {
  const actor = requireAdmin(event);
  return json(202, await handOver(actor, pathParam(event, 'callId'), parseJson(event, ReviewReassignment)));
}

const form = (event: HttpEvent) =>
  formAction(event, `/dashboard/calls/${encodeURIComponent(pathParam(event, 'callId'))}`, async (actor) => {
    const fields = new URLSearchParams(rawBody(event));
    // The form names the review as "<applicationId>/<reviewerId>" (one select of the waiting reviews).
    const [applicationId, fromReviewerId] = (fields.get('review') ?? '').split('/');
    const data = { applicationId, fromReviewerId, toReviewerId: fields.get('toReviewerId') ?? undefined, reason: (fields.get('reason') ?? '').trim() };
    const parsed = ReviewReassignment.safeParse(data);
    if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, data), 'The reassignment is not valid; nothing was changed.');
    await handOver(actor, pathParam(event, 'callId'), parsed.data);
    return 'The review was given to the reviewer you chose; they get an email with their link shortly.';
  });

export const handler = httpApi({
  'POST /admin/calls/{callId}/reassign': api,
  'POST /dashboard/calls/{callId}/reassign': form,
});
