// A reviewer's own page for one call, behind the link of their invitation
// (opaque, stored hashed, used as often as they like until some days after
// their latest deadline). It lists their tasks with where each stands and
// their progress; a task first shows only the organisation, its country and
// the project's title and asks for a declaration of interests: a conflict
// (with its reason) declines the task, which goes to the best remaining
// reviewer; "no conflict" opens the full application with its documents and
// the scoring form, which can be saved as a draft and finished later, or
// sent (final: it resumes the workflow once). GET never acts; every action
// is a POST refused from other sites. HTML for people (works without
// JavaScript), JSON for API clients, by content negotiation.
import { completeTask, failTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { Declaration, ReviewDecline, ReviewDraft, ReviewSubmission } from '#shared/api/reviewer-schemas.ts';
import { now } from '#shared/clock.ts';
import { countryName } from '#shared/domain/countries.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { reviewTotal, scoreProblems, type Criterion } from '#shared/domain/review.ts';
import { isOpen, progressOf, TASK_STATE_LABELS, taskState, type Progress } from '#shared/domain/reviewer-tasks.ts';
import { DOCUMENT_KIND_LABELS } from '#shared/domain/vocabulary.ts';
import { httpApi, json, pathParam, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { refuseCrossSite } from '#shared/http/cross-site.ts';
import { HttpError, validationFailed, type ErrorDetail } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { answerBody, failure as linkFailure, linkError, wantsHtml } from '#shared/http/link-pages.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { logger } from '#shared/logger.ts';
import { getApplication, listDocuments, type Application } from '#shared/repository/applications.ts';
import { audit } from '#shared/repository/audit.ts';
import { getCall, type Call } from '#shared/repository/calls.ts';
import { resolveLink } from '#shared/repository/links.ts';
import { getReview, listReviewsOfReviewer, updateReview, type ReviewRecord } from '#shared/repository/reviews.ts';
import { getReviewer, type Reviewer } from '#shared/repository/reviewers.ts';
import { reviewerPagePath } from '#shared/reviewer-links.ts';
import { recordedLinks } from '#shared/repository/document-access.ts';

interface Context {
  reference: string;
  call: Call;
  reviewer: Reviewer;
}

/** The page's own headers on top of the layout's: the same-origin referrer policy lets older browsers name the origin of a post (see cross-site.ts). */
const withPolicy = (result: HttpResult): HttpResult => ({ ...result, headers: { ...result.headers, 'referrer-policy': 'same-origin' } });

const show = (event: HttpEvent, title: string, body: string, status = 200) => withPolicy(page(status, title, body));

async function reviewerOf(event: HttpEvent): Promise<Context> {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'reviewer', now());
  if (resolved.state === 'unknown') throw linkError('unknown');
  if (resolved.state !== 'open') throw linkError('expired');
  const { callId, reviewerId } = resolved.link.subject;
  const [call, reviewer] = await Promise.all([getCall(callId!), getReviewer(callId!, reviewerId!)]);
  if (!call || !reviewer) throw linkError('unknown');
  return { reference, call, reviewer };
}

/** The reviewer's tasks, each read consistently (the index only names them), by project title. */
async function tasksOf(ctx: Context): Promise<{ review: ReviewRecord; app: Application }[]> {
  const listed = await listReviewsOfReviewer(ctx.call.callId, ctx.reviewer.reviewerId);
  const tasks = await Promise.all(
    listed.map(async (r) => {
      const [review, app] = await Promise.all([getReview(r.applicationId, r.reviewerId), getApplication(r.applicationId)]);
      return review && app ? { review, app } : undefined;
    }),
  );
  return tasks.filter((t) => t !== undefined).sort((a, b) => a.app.input.project.title.localeCompare(b.app.input.project.title) || a.app.applicationId.localeCompare(b.app.applicationId));
}

/** One task of this reviewer in this call: 404 for any other application (it is not theirs, or not of this call). */
async function taskOf(event: HttpEvent, ctx: Context) {
  const applicationId = pathParam(event, 'applicationId');
  const [review, app] = await Promise.all([getReview(applicationId, ctx.reviewer.reviewerId), getApplication(applicationId)]);
  if (!review || !app || review.callId !== ctx.call.callId) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
  return { review, app };
}

const taskPath = (ctx: Context, applicationId: string) => `${reviewerPagePath(ctx.reference)}/tasks/${encodeURIComponent(applicationId)}`;

const headline = (app: Application) => ({
  applicationId: app.applicationId,
  organisation: { name: app.input.organisation.name, country: app.input.organisation.registrationCountry },
  project: { title: app.input.project.title },
});

function taskSummary(review: ReviewRecord, app: Application) {
  const state = taskState(review);
  return {
    ...headline(app),
    state,
    label: TASK_STATE_LABELS[state],
    deadline: review.deadline,
    declaration: review.declaration ? { conflict: review.declaration.conflict, at: review.declaration.at } : null,
    ...(review.status === 'submitted' ? { total: review.total } : {}),
    ...(review.draft ? { draftSavedAt: review.draft.savedAt } : {}),
  };
}

const progressText = (p: Progress) => `${p.submitted} of ${p.total} submitted`;

const dateText = (iso: string | undefined) => (iso ? new Date(iso).toUTCString() : 'not set yet');

// ---------------------------------------------------------------- the list

async function list(event: HttpEvent) {
  const ctx = await reviewerOf(event);
  const tasks = await tasksOf(ctx);
  const progress = progressOf(tasks.map((t) => t.review), now());
  if (!wantsHtml(event)) {
    return json(200, { call: { callId: ctx.call.callId, title: ctx.call.title }, reviewer: { name: ctx.reviewer.name }, progress, tasks: tasks.map((t) => taskSummary(t.review, t.app)) });
  }
  const done = event.queryStringParameters?.done;
  const about = tasks.find((t) => t.app.applicationId === event.queryStringParameters?.task);
  const notice =
    about && done === 'submitted' && about.review.status === 'submitted'
      ? `Your review of "${about.app.input.project.title}" is recorded (total ${about.review.total} out of 100). Thank you.`
      : about && done === 'conflict'
        ? `Your conflict of interest with "${about.app.input.project.title}" is recorded; the application goes to another reviewer.`
        : about && done === 'declined'
          ? `"${about.app.input.project.title}" goes to another reviewer. Thank you for saying so.`
          : undefined;
  const items = tasks
    .map(({ review, app }) => {
      const state = taskState(review);
      const country = countryName(app.input.organisation.registrationCountry) ?? app.input.organisation.registrationCountry;
      const conflict = review.declaration?.conflict ? ' (conflict of interest declared)' : '';
      return `<li><h2><a href="${escapeHtml(taskPath(ctx, app.applicationId))}">${escapeHtml(app.input.project.title)}</a></h2>
<dl class="facts"><dt>Organisation</dt><dd>${escapeHtml(app.input.organisation.name)}</dd><dt>Country</dt><dd>${escapeHtml(country)}</dd>
<dt>Status</dt><dd><span class="status-badge" data-state="${state}">${escapeHtml(TASK_STATE_LABELS[state])}</span>${escapeHtml(conflict)}${state === 'submitted' ? ` total ${review.total} / 100` : ''}</dd>
<dt>Deadline</dt><dd>${escapeHtml(dateText(review.deadline))}</dd></dl></li>`;
    })
    .join('\n');
  return show(
    event,
    'Your reviews',
    `<h1>Your reviews: ${escapeHtml(ctx.call.title)}</h1>
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
<p class="progress" id="progress">${escapeHtml(progressText(progress))}</p>
<p>${progress.left} still to do${progress.drafts ? ` (${progress.drafts} with a draft saved)` : ''}${progress.nextDeadline ? `, due by ${escapeHtml(dateText(progress.nextDeadline))}` : ''}.${progress.declined ? ` Declined: ${progress.declined}.` : ''}${progress.reassignedAway ? ` Reassigned away: ${progress.reassignedAway}.` : ''}</p>
<p class="help">This page is personal to you, ${escapeHtml(ctx.reviewer.name)}: do not forward its address. Open an application to declare your interests, then review it; you can save a draft and come back.</p>
${tasks.length ? `<ul class="calls">${items}</ul>` : '<p>No application is assigned to you in this call.</p>'}`,
  );
}

// ---------------------------------------------------------------- a task

/** The document links of the application, each recorded as handed to this reviewer (shared/repository/document-access.ts). */
async function documentLinks(app: Application, reviewerId: string) {
  const documents = await listDocuments(app.applicationId);
  const links = await recordedLinks(
    app.applicationId,
    documents.map((d) => ({ document: d.kind, kind: d.kind, key: d.key, fileName: d.fileName })),
    { who: `reviewer:${reviewerId}`, through: 'reviewer-page', at: now().toISOString() },
  );
  return links.map((l) => ({ kind: l.kind, label: DOCUMENT_KIND_LABELS[l.kind], fileName: l.fileName, url: l.url }));
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

async function task(event: HttpEvent) {
  const ctx = await reviewerOf(event);
  const { review, app } = await taskOf(event, ctx);
  const at = now();
  const open = isOpen(review, at);
  const declared = review.declaration?.conflict === false;
  // The application itself only after "no conflict", and only while the task is the reviewer's (or once they have sent it).
  const full = declared && (open || review.status === 'submitted');
  const documents = full ? await documentLinks(app, ctx.reviewer.reviewerId) : [];
  if (!wantsHtml(event)) {
    return json(200, {
      ...taskSummary(review, app),
      open,
      ...(full ? { application: applicationView(app), documents, criteria: ctx.call.reviewCriteria } : {}),
      ...(full && review.draft && open ? { draft: { scores: review.draft.scores, comments: review.draft.comments, savedAt: review.draft.savedAt } } : {}),
      ...(review.status === 'submitted' ? { scores: review.scores, comments: review.comments } : {}),
    });
  }
  const notice = event.queryStringParameters?.done === 'draft' && review.draft ? `Draft saved at ${dateText(review.draft.savedAt)}. You can come back to it from your page.` : undefined;
  return show(event, app.input.project.title, taskPage(ctx, review, app, documents, { open, full, notice }));
}

function taskPage(ctx: Context, review: ReviewRecord, app: Application, documents: { label: string; fileName: string; url: string }[], shown: { open: boolean; full: boolean; notice?: string }) {
  const state = taskState(review);
  const back = `<p><a href="${escapeHtml(reviewerPagePath(ctx.reference))}">Back to your reviews</a></p>`;
  const country = countryName(app.input.organisation.registrationCountry) ?? app.input.organisation.registrationCountry;
  const head = `<h1>${escapeHtml(app.input.project.title)}</h1>
${shown.notice ? `<p class="notice" role="status">${escapeHtml(shown.notice)}</p>` : ''}
<dl class="facts"><dt>Organisation</dt><dd>${escapeHtml(app.input.organisation.name)}</dd><dt>Country</dt><dd>${escapeHtml(country)}</dd>
<dt>Status</dt><dd><span class="status-badge" data-state="${state}">${escapeHtml(TASK_STATE_LABELS[state])}</span></dd><dt>Deadline</dt><dd>${escapeHtml(dateText(review.deadline))}</dd></dl>`;
  const path = taskPath(ctx, app.applicationId);
  if (review.status === 'submitted') {
    const scores = ctx.call.reviewCriteria.map((c) => `<dt>${escapeHtml(c.label)}</dt><dd>${review.scores?.[c.id] ?? ''}</dd>`).join('');
    return `${back}${head}<h2>Your review (sent)</h2><dl class="facts">${scores}<dt>Total</dt><dd>${review.total} out of 100</dd><dt>Comments</dt><dd>${escapeHtml(review.comments ?? '')}</dd></dl>${shown.full ? fullApplication(app, documents) : ''}`;
  }
  if (!shown.open) {
    const why =
      state === 'declined'
        ? review.declaration?.conflict
          ? 'You declared a conflict of interest; the application went to another reviewer.'
          : 'You declined this review; the application went to another reviewer.'
        : state === 'reassigned-away'
          ? review.status === 'expired'
            ? 'The deadline passed; the application went to another reviewer.'
            : 'The secretariat gave this review to another reviewer.'
          : state === 'withdrawn'
            ? 'The applicant withdrew the application: there is nothing to review.'
            : 'The deadline has passed: nothing can be sent for this review any more.';
    return `${back}${head}<p>${escapeHtml(why)}</p>`;
  }
  if (!review.declaration) {
    return `${back}${head}
<h2>Conflict of interest</h2>
<p>Before you read the application, declare whether you have a conflict of interest with this organisation or project: a personal, professional or financial tie, past or present. Only after you declare none is the application shown.</p>
<form method="post" action="${escapeHtml(`${path}/declaration`)}">
<input type="hidden" name="conflict" value="no">
<button type="submit">I have no conflict of interest</button>
</form>
<p>If you have one, say what it is: the application then goes to another reviewer, and you will not see it.</p>
<form method="post" action="${escapeHtml(`${path}/declaration`)}">
<input type="hidden" name="conflict" value="yes">
<div class="field"><label for="conflict-reason">The conflict of interest <span class="optional">(kept with the review and in the audit log)</span></label><textarea id="conflict-reason" name="reason" rows="3" minlength="3" maxlength="1000" required></textarea></div>
<button type="submit" class="secondary">Declare a conflict of interest</button>
</form>`;
  }
  return `${back}${head}${fullApplication(app, documents)}${scoringForm(ctx.call.reviewCriteria, review, path)}
<h2>Cannot review it?</h2>
<form method="post" action="${escapeHtml(`${path}/decline`)}">
<input type="hidden" name="reason" value="unavailable">
<button type="submit" class="secondary">Decline: I am not available</button>
</form>
<form method="post" action="${escapeHtml(`${path}/decline`)}">
<input type="hidden" name="reason" value="conflict-of-interest">
<div class="field"><label for="late-conflict">A conflict of interest you found while reading <span class="optional">(kept with the review and in the audit log)</span></label><textarea id="late-conflict" name="conflict" rows="3" minlength="3" maxlength="1000" required></textarea></div>
<button type="submit" class="secondary">Decline: I have a conflict of interest</button>
</form>`;
}

function fullApplication(app: Application, documents: { label: string; fileName: string; url: string }[]) {
  const v = applicationView(app);
  const list = (items: readonly string[]) => items.map((i) => escapeHtml(i)).join(', ');
  return `<h2>The application</h2>
<dl class="facts">
<dt>Experience</dt><dd>${v.organisation.yearsAssistingVictims} years assisting victims</dd>
<dt>Countries</dt><dd>${list(v.project.countries.map((c) => countryName(c) ?? c))}</dd>
<dt>Action lines</dt><dd>${list(v.project.actionLines)}</dd>
<dt>Forms of exploitation</dt><dd>${list(v.project.formsOfExploitation)}</dd>
<dt>Beneficiaries</dt><dd>${v.project.targetBeneficiaries.women} women, ${v.project.targetBeneficiaries.men} men, ${v.project.targetBeneficiaries.girls} girls, ${v.project.targetBeneficiaries.boys} boys</dd>
<dt>Duration</dt><dd>${v.project.durationMonths} months from ${escapeHtml(v.project.startDate)}</dd>
<dt>Amount</dt><dd>${formatUsd(v.budget.requestedUsd)}</dd>
<dt>Priority</dt><dd>${v.priority?.points ?? 0} points${(v.priority?.rules ?? []).map((r) => `<br>${escapeHtml(r.explanation)}`).join('')}</dd>
<dt>Eligibility</dt><dd>${v.eligibility?.eligible ? 'Meets every rule of the call' : 'Not eligible'}</dd>
</dl>
<h3>Summary</h3><p>${escapeHtml(v.project.summary)}</p>
<h3>Budget</h3><ul>${v.budget.lines.map((l) => `<li>${escapeHtml(l.category)}: ${escapeHtml(l.description)}, ${formatUsd(l.amountUsd)}</li>`).join('')}</ul>
<h3>Documents</h3><p class="help">The links work for a few minutes; reload the page for new ones.</p>
<ul>${documents.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.label)} (${escapeHtml(d.fileName)})</a></li>`).join('')}</ul>`;
}

function scoringForm(criteria: readonly Criterion[], review: ReviewRecord, path: string) {
  const draft = review.draft;
  const fields = criteria
    .map(
      (c) => `<fieldset class="field group"><legend>${escapeHtml(c.label)} <span class="optional">(weight ${c.weight})</span></legend><div class="choices">${[1, 2, 3, 4, 5]
        .map((n) => `<span class="choice"><input type="radio" id="s-${c.id}-${n}" name="score.${c.id}" value="${n}" required${draft?.scores[c.id] === n ? ' checked' : ''}><label for="s-${c.id}-${n}">${n}</label></span>`)
        .join('')}</div></fieldset>`,
    )
    .join('');
  return `<h2>Your review</h2>
${draft ? `<p class="help">Draft saved at ${escapeHtml(dateText(draft.savedAt))}.</p>` : ''}
<form method="post" action="${escapeHtml(`${path}/submit`)}">
<p class="help">1 is poor, 5 is excellent. Save a draft as often as you like; sending is final.</p>
${fields}
<div class="field"><label for="comments">Comments</label><textarea id="comments" name="comments" rows="5" maxlength="5000">${escapeHtml(draft?.comments ?? '')}</textarea></div>
<button type="submit" class="secondary" formaction="${escapeHtml(`${path}/draft`)}" formnovalidate>Save draft</button>
<button type="submit">Send my review (final)</button>
</form>`;
}

// ---------------------------------------------------------------- actions

/** The fields of a JSON body, or of the HTML form as the schema names them. */
function bodyOf(event: HttpEvent, fromForm: (form: URLSearchParams) => unknown): { data: unknown; html: boolean } {
  const body = answerBody(event);
  return body.kind === 'json' ? { data: body.data, html: false } : { data: fromForm(body.form), html: true };
}

const scoresFromForm = (form: URLSearchParams) =>
  Object.fromEntries([...form.entries()].filter(([k, v]) => k.startsWith('score.') && v !== '').map(([k, v]) => [k.slice('score.'.length), Number(v)]));

function parse<T>(schema: { safeParse: (d: unknown) => { success: true; data: T } | { success: false; error: { issues: any[] } } }, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, data));
  return parsed.data;
}

/** Scores that are not criteria of the call, for a draft (which may leave some out). */
const unknownCriteria = (criteria: readonly Criterion[], scores: Record<string, number>): ErrorDetail[] =>
  scoreProblems(criteria, scores).filter((p) => p.message !== 'is required (1 to 5)');

/** A task the reviewer may still act on, else why not (409 answered or moved away, 410 deadline passed). */
function mustBeOpen(review: ReviewRecord) {
  if (isOpen(review, now())) return;
  if (review.status === 'assigned' || review.status === 'requested') throw new HttpError(410, 'DEADLINE_PASSED', 'The deadline of this review has passed.');
  throw new HttpError(409, 'TASK_CLOSED', `This review is ${TASK_STATE_LABELS[taskState(review)].toLowerCase()}: nothing more can be sent for it.`);
}

const notReady = () => new HttpError(503, 'TRY_AGAIN', 'The review task is not ready; nothing was recorded. Please send it again in a minute.');

const seeOther = (location: string): HttpResult => ({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' });

/**
 * Ends the waiting task after the review record has moved (the single-use
 * guard): if the task is gone, the record is put back and the answer refused
 * (410 past the deadline; 503 before it, when the local runtime is re-driving
 * its executions after a restart).
 */
async function resume(review: ReviewRecord, movedTo: ReviewRecord['status'], act: (token: string) => Promise<void>, undo: Partial<ReviewRecord>, remove: (keyof ReviewRecord)[] = []) {
  try {
    await act(review.taskToken!);
  } catch (error) {
    if (!isTaskGone(error)) throw error;
    await updateReview(review.applicationId, review.reviewerId, { status: 'requested', ...undo }, [movedTo], { remove });
    if (review.deadline && now().getTime() >= Date.parse(review.deadline)) throw new HttpError(410, 'DEADLINE_PASSED', 'The deadline of this review has passed.');
    throw notReady();
  }
}

async function declare(event: HttpEvent) {
  refuseCrossSite(event);
  const ctx = await reviewerOf(event);
  const { review, app } = await taskOf(event, ctx);
  const { data, html } = bodyOf(event, (form) => (form.get('conflict') === 'yes' ? { conflict: true, reason: form.get('reason') ?? '' } : form.get('conflict') === 'no' ? { conflict: false } : { conflict: form.get('conflict') }));
  const declaration = parse(Declaration, data);
  mustBeOpen(review);
  if (review.declaration) throw new HttpError(409, 'ALREADY_DECLARED', 'Your declaration for this review is already recorded.');
  const at = now().toISOString();
  const subject = { callId: ctx.call.callId, applicationId: app.applicationId, reviewerId: ctx.reviewer.reviewerId };
  const undeclared = { condition: 'attribute_not_exists(#declaration)', names: { '#declaration': 'declaration' } };
  if (!declaration.conflict) {
    if (!(await updateReview(app.applicationId, review.reviewerId, { declaration: { conflict: false, at } }, ['assigned', 'requested'], undeclared))) throw new HttpError(409, 'TASK_CHANGED', 'This review changed meanwhile; open it again.');
    await audit({ at, actor: 'reviewer', action: 'review.declaration', subject, before: null, after: { conflict: false } });
    logger.info('no conflict declared', { applicationId: app.applicationId, reviewerId: review.reviewerId });
    return html ? seeOther(taskPath(ctx, app.applicationId)) : json(200, { declaration: { conflict: false, at } });
  }
  // A conflict declines the task, as a decline does: the workflow gives it to the best remaining reviewer.
  if (review.status !== 'requested' || !review.taskToken) throw notReady();
  const recorded = { status: 'declined' as const, declineReason: 'conflict-of-interest', declaration: { conflict: true, reason: declaration.reason, at }, answeredAt: at };
  if (!(await updateReview(app.applicationId, review.reviewerId, recorded, ['requested'], undeclared))) throw new HttpError(409, 'TASK_CHANGED', 'This review changed meanwhile; open it again.');
  await resume(review, 'declined', (token) => failTask(token, 'ReviewDeclined', 'conflict-of-interest'), {}, ['declineReason', 'declaration', 'answeredAt']);
  await audit({ at, actor: 'reviewer', action: 'review.declaration', subject, before: null, after: { conflict: true, reason: declaration.reason } });
  logger.info('conflict of interest declared', { applicationId: app.applicationId, reviewerId: review.reviewerId });
  return html ? seeOther(`${reviewerPagePath(ctx.reference)}?done=conflict&task=${encodeURIComponent(app.applicationId)}`) : json(200, { state: 'declined', declaration: { conflict: true, at } });
}

const declaredNone = { condition: '#declaration.#conflict = :no', names: { '#declaration': 'declaration', '#conflict': 'conflict' }, values: { ':no': false } };

function requireDeclaredNone(review: ReviewRecord) {
  if (review.declaration?.conflict !== false) throw new HttpError(409, 'DECLARATION_FIRST', 'Declare first that you have no conflict of interest with this application.');
}

async function saveDraft(event: HttpEvent) {
  refuseCrossSite(event);
  const ctx = await reviewerOf(event);
  const { review, app } = await taskOf(event, ctx);
  const { data, html } = bodyOf(event, (form) => ({ scores: scoresFromForm(form), comments: form.get('comments') ?? '' }));
  const draft = parse(ReviewDraft, data);
  const problems = unknownCriteria(ctx.call.reviewCriteria, draft.scores);
  if (problems.length) throw validationFailed(problems);
  mustBeOpen(review);
  requireDeclaredNone(review);
  const savedAt = now().toISOString();
  if (!(await updateReview(app.applicationId, review.reviewerId, { draft: { ...draft, savedAt } }, ['assigned', 'requested'], declaredNone))) throw new HttpError(409, 'TASK_CHANGED', 'This review changed meanwhile; open it again.');
  logger.info('review draft saved', { applicationId: app.applicationId, reviewerId: review.reviewerId });
  return html ? seeOther(`${taskPath(ctx, app.applicationId)}?done=draft`) : json(200, { state: 'draft', savedAt });
}

/**
 * The final review. The review record is the single-use guard: one
 * conditional write moves it from `requested` to `submitted`, so a double
 * submit records one answer; then the workflow is resumed with the token kept
 * on the server.
 */
async function submit(event: HttpEvent) {
  refuseCrossSite(event);
  const ctx = await reviewerOf(event);
  const { review, app } = await taskOf(event, ctx);
  const { data, html } = bodyOf(event, (form) => ({ scores: scoresFromForm(form), comments: form.get('comments') ?? '' }));
  const answer = parse(ReviewSubmission, data);
  const problems = scoreProblems(ctx.call.reviewCriteria, answer.scores);
  if (problems.length) throw validationFailed(problems);
  mustBeOpen(review);
  requireDeclaredNone(review);
  if (review.status !== 'requested' || !review.taskToken) throw notReady();
  const total = reviewTotal(ctx.call.reviewCriteria, answer.scores);
  const recorded = { status: 'submitted' as const, scores: answer.scores, total, comments: answer.comments, answeredAt: now().toISOString() };
  if (!(await updateReview(app.applicationId, review.reviewerId, recorded, ['requested'], declaredNone))) throw new HttpError(409, 'TASK_CLOSED', 'This review has already been sent.');
  await resume(review, 'submitted', (token) => completeTask(token, { outcome: 'submitted', reviewerId: review.reviewerId }), {}, ['scores', 'total', 'comments', 'answeredAt']);
  logger.info('review submitted', { applicationId: app.applicationId, reviewerId: review.reviewerId });
  return html ? seeOther(`${reviewerPagePath(ctx.reference)}?done=submitted&task=${encodeURIComponent(app.applicationId)}`) : json(200, { state: 'submitted', total });
}

async function decline(event: HttpEvent) {
  refuseCrossSite(event);
  const ctx = await reviewerOf(event);
  const { review, app } = await taskOf(event, ctx);
  const { data, html } = bodyOf(event, (form) => (form.get('reason') === 'conflict-of-interest' ? { reason: 'conflict-of-interest', conflict: form.get('conflict') ?? '' } : { reason: form.get('reason') ?? undefined }));
  const answer = parse(ReviewDecline, data);
  mustBeOpen(review);
  // A conflict found while reading: only after "no conflict" was declared (before, it is the declaration itself).
  if (answer.reason === 'conflict-of-interest') requireDeclaredNone(review);
  if (review.status !== 'requested' || !review.taskToken) throw notReady();
  const at = now().toISOString();
  const recorded = {
    status: 'declined' as const,
    declineReason: answer.reason,
    answeredAt: at,
    ...(answer.reason === 'conflict-of-interest' ? { declaration: { conflict: true, reason: answer.conflict, at, foundWhileReading: true } } : {}),
  };
  if (!(await updateReview(app.applicationId, review.reviewerId, recorded, ['requested']))) throw new HttpError(409, 'TASK_CLOSED', 'This review has already been answered.');
  await resume(review, 'declined', (token) => failTask(token, 'ReviewDeclined', answer.reason), review.declaration ? { declaration: review.declaration } : {}, ['declineReason', 'answeredAt']);
  if (answer.reason === 'conflict-of-interest') {
    await audit({ at, actor: 'reviewer', action: 'review.declaration', subject: { callId: ctx.call.callId, applicationId: app.applicationId, reviewerId: review.reviewerId }, before: { conflict: false }, after: { conflict: true, reason: answer.conflict, foundWhileReading: true } });
  }
  logger.info('review declined', { applicationId: app.applicationId, reviewerId: review.reviewerId, reason: answer.reason });
  return html ? seeOther(`${reviewerPagePath(ctx.reference)}?done=${answer.reason === 'conflict-of-interest' ? 'conflict' : 'declined'}&task=${encodeURIComponent(app.applicationId)}`) : json(200, { state: 'declined' });
}

/** Errors as JSON, or as a page for people (with the way back to their page when the link itself works). */
const guarded =
  (route: (event: HttpEvent) => Promise<HttpResult>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    try {
      return await route(event);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const linkWorks = error.status !== 404 && error.status !== 410 && error.code !== 'CROSS_SITE';
      if (!wantsHtml(event) || !linkWorks) return withPolicy(linkFailure(event, error, 'Your reviews'));
      const details = error.details?.length ? `<ul>${error.details.map((d) => `<li>${escapeHtml(d.path)}: ${escapeHtml(d.message)}</li>`).join('')}</ul>` : '';
      return show(event, 'Your reviews', `<h1>${escapeHtml(error.message)}</h1>${details}<p><a href="${escapeHtml(reviewerPagePath(pathParam(event, 'ref')))}">Back to your reviews</a></p>`, error.status);
    }
  };

export const handler = httpApi({
  'GET /reviewer/{ref}': guarded(list),
  'GET /reviewer/{ref}/tasks/{applicationId}': guarded(task),
  'POST /reviewer/{ref}/tasks/{applicationId}/declaration': guarded(declare),
  'POST /reviewer/{ref}/tasks/{applicationId}/draft': guarded(saveDraft),
  'POST /reviewer/{ref}/tasks/{applicationId}/submit': guarded(submit),
  'POST /reviewer/{ref}/tasks/{applicationId}/decline': guarded(decline),
});
