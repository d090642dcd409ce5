// `POST /admin/calls/{callId}/slate/submit` (and the dashboard's button): the
// secretariat sends the slate to the Board. A handler of its own because it resumes the `call` workflow
// (SendTaskSuccess on that state machine), which the rest of the admin API
// has no right to do.
import { currentSlate, rankedCall, slateView } from '#shared/api/slate.ts';
import { completeTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { now, nowIso } from '#shared/clock.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { slateTotals } from '#shared/domain/slate-changes.ts';
import { httpApi, json, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { formAction } from '#shared/http/dashboard-forms.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { HttpError, validationFailed } from '#shared/http/errors.ts';
import { logger } from '#shared/logger.ts';
import { audit } from '#shared/repository/audit.ts';
import { MAX_BALLOT_PROJECTS } from '#shared/repository/board.ts';
import { getCall, submitSlate, withdrawSlateSubmission, type Call } from '#shared/repository/calls.ts';
import { inTerm, listTrustees } from '#shared/repository/trustees.ts';

/** Who votes: the trustees the call names, or every trustee in term today; each must be in term. */
async function voters(call: Call): Promise<string[]> {
  const today = now().toISOString().slice(0, 10);
  const trustees = await listTrustees();
  if (call.trusteeIds) {
    const problems = call.trusteeIds.flatMap((id, i) => {
      const trustee = trustees.find((t) => t.trusteeId === id);
      if (!trustee) return [{ path: `trusteeIds[${i}]`, message: 'is not a registered trustee' }];
      return inTerm(trustee, today) ? [] : [{ path: `trusteeIds[${i}]`, message: `is not in term today (${trustee.termStart} to ${trustee.termEnd})` }];
    });
    if (problems.length) throw new HttpError(409, 'TRUSTEES_NOT_IN_TERM', 'Some trustees the call names cannot vote.', problems);
    return call.trusteeIds;
  }
  const ids = trustees.filter((t) => inTerm(t, today)).map((t) => t.trusteeId);
  if (ids.length === 0) throw new HttpError(409, 'NO_TRUSTEES', 'No trustee is in term today: register the Board first.', [{ path: 'trustees', message: 'none in term' }]);
  return ids;
}

/**
 * Sends the slate to the Board: refused while over budget (with the
 * overrun), empty or too long; frozen from then on; resumes the `call`
 * workflow, which opens the vote and sends the ballots. Audited.
 */
async function submitSlateAs(actor: string, callId: string) {
  const call = rankedCall(await getCall(callId));
  if (call.slateSubmission) throw new HttpError(409, 'SLATE_SUBMITTED', 'The slate was already sent to the Board.', [{ path: 'slate', message: `was submitted at ${call.slateSubmission.at}` }]);
  const slate = currentSlate(call);
  const totals = slateTotals(slate, call.budgetUsd);
  if (totals.overBudgetUsd > 0) {
    throw new HttpError(400, 'SLATE_OVER_BUDGET', `The slate exceeds the call budget by ${formatUsd(totals.overBudgetUsd)}; lower an amount or take a project out.`, [
      { path: 'totalUsd', message: `is ${formatUsd(totals.totalUsd)}, over the budget of ${formatUsd(call.budgetUsd)} by ${formatUsd(totals.overBudgetUsd)}` },
    ]);
  }
  if (slate.entries.length === 0) throw validationFailed([{ path: 'entries', message: 'must hold at least one project' }], 'The slate is empty.');
  if (slate.entries.length > MAX_BALLOT_PROJECTS) {
    throw validationFailed([{ path: 'entries', message: `must hold at most ${MAX_BALLOT_PROJECTS} projects (one ballot is cast at once)` }], 'The slate is too long.');
  }
  const trusteeIds = await voters(call);
  const at = nowIso();
  const submitted = await submitSlate(call.callId, slate, { at, actor, trusteeIds });
  if (!submitted) throw new HttpError(409, 'SLATE_SUBMITTED', 'The slate was already sent to the Board.');
  // Without a token the workflow has not reached its waiting step yet: it will see the submission and go on.
  if (submitted.slateTaskToken) {
    try {
      await completeTask(submitted.slateTaskToken, { submittedAt: at });
    } catch (error) {
      if (!isTaskGone(error)) throw error;
      await withdrawSlateSubmission(call.callId);
      throw new HttpError(503, 'TRY_AGAIN', 'The call workflow is not waiting for the slate right now; nothing was submitted. Please try again in a minute.');
    }
  }
  await audit({ at, actor, action: 'slate.submit', subject: { callId: call.callId }, after: { ...totals, entries: slate.entries.map((e) => ({ applicationId: e.applicationId, amountUsd: e.amountUsd, rule: e.rule })), trusteeIds } });
  logger.info('slate submitted', { callId: call.callId, projects: slate.entries.length, trustees: trusteeIds.length });
  return slateView(submitted, slate);
}

async function submit(event: HttpEvent) {
  const actor = requireAdmin(event);
  return json(202, await submitSlateAs(actor, pathParam(event, 'callId')));
}

/** The button under the slate on a call's dashboard page. */
const submitFromDashboard = (event: HttpEvent) =>
  formAction(event, `/dashboard/calls/${encodeURIComponent(pathParam(event, 'callId'))}`, async (actor) => {
    const view = await submitSlateAs(actor, pathParam(event, 'callId'));
    return `The slate (${view.entries.length} projects) was sent to the Board; each trustee gets a ballot by email.`;
  });

export const handler = httpApi({
  'POST /admin/calls/{callId}/slate/submit': submit,
  'POST /dashboard/calls/{callId}/slate/submit': submitFromDashboard,
});
