// The page behind a reviewer's link. GET shows the task (never acts: mail
// scanners follow links); POST takes the scores or the decline, uses the link
// once, and only then resumes the waiting workflow step with the token kept
// on the server. HTML for people (works without JavaScript), JSON for API
// clients, by content negotiation.
import { presignDownload } from '#shared/adapters/documents.ts';
import { completeTask, failTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { ReviewAnswer } from '#shared/api/schemas.ts';
import { now } from '#shared/clock.ts';
import { countryName } from '#shared/domain/countries.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { reviewTotal, scoreProblems, type Criterion } from '#shared/domain/review.ts';
import { DOCUMENT_KIND_LABELS } from '#shared/domain/vocabulary.ts';
import { httpApi, json, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { answerBody, failure as linkFailure, linkError, wantsHtml } from '#shared/http/link-pages.ts';
import { HttpError, validationFailed } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { logger } from '#shared/logger.ts';
import { getApplication, listDocuments, type Application } from '#shared/repository/applications.ts';
import { getCall, type Call } from '#shared/repository/calls.ts';
import { resolveLink, useLink } from '#shared/repository/links.ts';
import { getReview, updateReview } from '#shared/repository/reviews.ts';

const failure = (event: HttpEvent, error: HttpError) => linkFailure(event, error, 'Review');

async function openTask(event: HttpEvent) {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'review', now());
  if (resolved.state !== 'open') throw linkError(resolved.state);
  const { applicationId, reviewerId, callId } = resolved.link.subject as Record<string, string>;
  const [call, app, review] = await Promise.all([getCall(callId!), getApplication(applicationId!), getReview(applicationId!, reviewerId!)]);
  if (!call || !app || !review) throw linkError('unknown');
  // Answered through another link of the same review (a reminder's, or the first one).
  if (review.status !== 'requested') throw linkError(review.status === 'expired' ? 'expired' : 'used');
  return { reference, call, app, review, deadline: resolved.link.expiresAt };
}

async function documentLinks(app: Application) {
  const documents = await listDocuments(app.applicationId);
  return Promise.all(
    documents.map(async (d) => ({ kind: d.kind, label: DOCUMENT_KIND_LABELS[d.kind], fileName: d.fileName, url: await presignDownload(d.key, d.fileName) })),
  );
}

function applicationView(app: Application) {
  const { organisation, project, budget } = app.input;
  return {
    organisation: { name: organisation.name, country: organisation.registrationCountry, type: organisation.type, yearsAssistingVictims: organisation.yearsAssistingVictims },
    project: {
      title: project.title,
      summary: project.summary,
      countries: project.countries,
      actionLines: project.actionLines,
      formsOfExploitation: project.formsOfExploitation,
      targetBeneficiaries: project.targetBeneficiaries,
      contexts: project.contexts,
      startDate: project.startDate,
      durationMonths: project.durationMonths,
    },
    budget,
    eligibility: app.eligibility,
    priority: app.priority,
  };
}

async function show(event: HttpEvent) {
  try {
    const { call, app, deadline } = await openTask(event);
    const documents = await documentLinks(app);
    if (!wantsHtml(event)) return json(200, { application: applicationView(app), documents, criteria: call.reviewCriteria, deadline });
    return page(200, 'Review', reviewPage(call, app, documents, deadline));
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

/** The answer from a JSON body or from the HTML form (`score.<criterion>` fields). */
function parseAnswer(event: HttpEvent, criteria: readonly Criterion[]): ReviewAnswer {
  const body = answerBody(event);
  let data: unknown;
  if (body.kind === 'json') {
    data = body.data;
  } else {
    const form = body.form;
    const decision = form.get('decision');
    data =
      decision === 'decline'
        ? { decision, reason: form.get('reason') ?? undefined }
        : {
            decision,
            scores: Object.fromEntries(criteria.filter((c) => form.get(`score.${c.id}`)).map((c) => [c.id, Number(form.get(`score.${c.id}`))])),
            comments: form.get('comments') ?? '',
          };
  }
  const parsed = ReviewAnswer.safeParse(data);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, data));
  if (parsed.data.decision === 'score') {
    const problems = scoreProblems(criteria, parsed.data.scores);
    if (problems.length) throw validationFailed(problems);
  }
  return parsed.data;
}

/**
 * The review record is the single-use guard: one conditional write moves it
 * from `requested` to `submitted` or `declined`, so a double submit, or two
 * links of the same review (a reminder's), record one answer. Then the
 * workflow is resumed with the token kept on the server; only then is the
 * link marked used. If the task is gone, the answer is taken back: past the
 * deadline that is a 410; before it (the local runtime re-driving its
 * executions after a restart) a 503 to try again.
 */
async function answer(event: HttpEvent) {
  try {
    const { reference, call, app, review, deadline } = await openTask(event);
    const answer = parseAnswer(event, call.reviewCriteria);
    const at = now();
    const token = review.taskToken;
    if (!token) throw new Error('review has no task token');
    const recorded =
      answer.decision === 'score'
        ? { status: 'submitted' as const, scores: answer.scores, total: reviewTotal(call.reviewCriteria, answer.scores), comments: answer.comments, answeredAt: at.toISOString() }
        : { status: 'declined' as const, declineReason: answer.reason, answeredAt: at.toISOString() };
    if (!(await updateReview(app.applicationId, review.reviewerId, recorded, ['requested']))) throw linkError('used');
    try {
      if (answer.decision === 'score') await completeTask(token, { outcome: 'submitted', reviewerId: review.reviewerId });
      else await failTask(token, 'ReviewDeclined', answer.reason);
    } catch (error) {
      if (!isTaskGone(error)) throw error;
      await updateReview(app.applicationId, review.reviewerId, { status: 'requested' }, [recorded.status]);
      if (at.getTime() >= Date.parse(deadline)) throw linkError('expired');
      throw new HttpError(503, 'TRY_AGAIN', 'The review task is not ready; nothing was recorded. Please send it again in a minute.');
    }
    await useLink(reference, 'review', at);
    logger.info(answer.decision === 'score' ? 'review submitted' : 'review declined', { applicationId: app.applicationId, reviewerId: review.reviewerId });
    if (recorded.status === 'submitted') {
      return wantsHtml(event)
        ? page(200, 'Thank you', `<h1>Thank you</h1><p>Your scores are recorded (total ${recorded.total} out of 100). You may close this page.</p>`)
        : json(200, { status: 'submitted', total: recorded.total });
    }
    return wantsHtml(event)
      ? page(200, 'Thank you', '<h1>Thank you</h1><p>The application will go to another reviewer.</p>')
      : json(200, { status: 'declined' });
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

function reviewPage(call: Call, app: Application, documents: { label: string; fileName: string; url: string }[], deadline: string) {
  const v = applicationView(app);
  const list = (items: readonly string[]) => items.map((i) => escapeHtml(i)).join(', ');
  const criteria = call.reviewCriteria
    .map(
      (c) => `<fieldset class="field group"><legend>${escapeHtml(c.label)} <span class="optional">(weight ${c.weight})</span></legend><div class="choices">${[1, 2, 3, 4, 5]
        .map((n) => `<span class="choice"><input type="radio" id="s-${c.id}-${n}" name="score.${c.id}" value="${n}" required><label for="s-${c.id}-${n}">${n}</label></span>`)
        .join('')}</div></fieldset>`,
    )
    .join('');
  return `<h1>Review: ${escapeHtml(v.project.title)}</h1>
<p>Please answer before ${escapeHtml(new Date(deadline).toUTCString())}. This page is personal; the answer is final once sent.</p>
<dl class="facts">
<dt>Organisation</dt><dd>${escapeHtml(v.organisation.name)} (${escapeHtml(countryName(v.organisation.country) ?? v.organisation.country)}), ${v.organisation.yearsAssistingVictims} years assisting victims</dd>
<dt>Countries</dt><dd>${list(v.project.countries.map((c) => countryName(c) ?? c))}</dd>
<dt>Action lines</dt><dd>${list(v.project.actionLines)}</dd>
<dt>Forms of exploitation</dt><dd>${list(v.project.formsOfExploitation)}</dd>
<dt>Beneficiaries</dt><dd>${v.project.targetBeneficiaries.women} women, ${v.project.targetBeneficiaries.men} men, ${v.project.targetBeneficiaries.girls} girls, ${v.project.targetBeneficiaries.boys} boys</dd>
<dt>Duration</dt><dd>${v.project.durationMonths} months from ${escapeHtml(v.project.startDate)}</dd>
<dt>Amount</dt><dd>${formatUsd(v.budget.requestedUsd)}</dd>
<dt>Priority</dt><dd>${v.priority?.points ?? 0} points${(v.priority?.rules ?? []).map((r) => `<br>${escapeHtml(r.explanation)}`).join('')}</dd>
<dt>Eligibility</dt><dd>${v.eligibility?.eligible ? 'Meets every rule of the call' : 'Not eligible'}</dd>
</dl>
<h2>Summary</h2><p>${escapeHtml(v.project.summary)}</p>
<h2>Budget</h2><ul>${v.budget.lines.map((l) => `<li>${escapeHtml(l.category)}: ${escapeHtml(l.description)}, ${formatUsd(l.amountUsd)}</li>`).join('')}</ul>
<h2>Documents</h2><p class="help">The links work for a few minutes; reload the page for new ones.</p>
<ul>${documents.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.label)} (${escapeHtml(d.fileName)})</a></li>`).join('')}</ul>
<h2>Your scores</h2>
<form method="post">
<input type="hidden" name="decision" value="score">
<p class="help">1 is poor, 5 is excellent.</p>
${criteria}
<div class="field"><label for="comments">Comments</label><textarea id="comments" name="comments" rows="5" maxlength="5000"></textarea></div>
<button type="submit">Send my scores</button>
</form>
<h2>Cannot review it?</h2>
<form method="post">
<input type="hidden" name="decision" value="decline">
<fieldset class="field group"><legend>Reason</legend><div class="choices">
<span class="choice"><input type="radio" id="r-conflict" name="reason" value="conflict-of-interest" required><label for="r-conflict">Conflict of interest</label></span>
<span class="choice"><input type="radio" id="r-unavailable" name="reason" value="unavailable"><label for="r-unavailable">Not available</label></span>
</div></fieldset>
<button type="submit" class="secondary">Decline this review</button>
</form>`;
}

export const handler = httpApi({
  'GET /review/{ref}': show,
  'POST /review/{ref}': answer,
});
