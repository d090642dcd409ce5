import { CallChanges, CallInput, GrantCancellation, ReviewersInput, SlateChanges, TrusteesInput } from '#shared/api/schemas.ts';
import { currentSlate, rankedCall, slateView } from '#shared/api/slate.ts';
import { tallyRules } from '#shared/api/board-documents.ts';
import { applySlateChanges, slateTotals } from '#shared/domain/slate-changes.ts';
import { applicationSummary } from '#shared/api/views.ts';
import { now, nowIso } from '#shared/clock.ts';
import { httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { notFound } from '#shared/http/errors.ts';
import { HttpError, validationFailed } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { listApplicationsOfCall } from '#shared/repository/applications.ts';
import { startCallReview, startReserveVote } from '#shared/adapters/workflows.ts';
import { addOffer, getCall, listCalls, markReviewStarted, putCall, updateCall, type Call } from '#shared/repository/calls.ts';
import { addReviewers, DuplicateReviewerError, listReviewers, type Reviewer } from '#shared/repository/reviewers.ts';
import { audit, listAudit } from '#shared/repository/audit.ts';
import { listReviewsOfCall } from '#shared/repository/reviews.ts';
import { listBallots, listDecisions } from '#shared/repository/board.ts';
import { cancelGrant, getGrant, listGrants } from '#shared/repository/grants.ts';
import { listAllReports, listMilestones } from '#shared/repository/milestones.ts';
import { disbursementsCsv } from '#shared/disbursement.ts';
import { approveTrancheAs, changeSlateAs, createCallAs, editCallAs } from '#shared/secretariat-actions.ts';
import { fundFigures } from '#shared/api/impact.ts';
import { QuestionInput } from '#shared/api/schemas.ts';
import { askQuestionAs, questionsOf, questionView } from '#shared/questions.ts';
import { ErasureRequestInput } from '#shared/api/schemas.ts';
import { confirmErasureAs, erasureState, requestErasureAs } from '#shared/erasure-requests.ts';
import { erasuresDueBy, retentionSettings } from '#shared/retention.ts';
import { exportOrganisation } from '#shared/export.ts';

const REPORT_STATUSES = ['scheduled', 'requested', 'submitted', 'returned', 'accepted'] as const;
import { toCents } from '#shared/domain/money.ts';
import { addTrustees, DuplicateTrusteeError, inTerm, listTrustees, type Trustee } from '#shared/repository/trustees.ts';

async function createCall(event: HttpEvent) {
  const actor = requireAdmin(event);
  const call = await createCallAs(actor, parseJson(event, CallInput));
  return json(201, call, { location: `/admin/calls/${call.callId}` });
}

/** Changes settings of a call: a JSON object of the fields to change, as `POST /admin/calls` takes them. */
async function editCallRoute(event: HttpEvent) {
  const actor = requireAdmin(event);
  const changes = parseJson(event, CallChanges);
  return json(200, await editCallAs(actor, pathParam(event, 'callId'), changes));
}

async function getCalls(event: HttpEvent) {
  requireAdmin(event);
  return json(200, { calls: await listCalls() });
}

async function getApplicationsOfCall(event: HttpEvent) {
  const actor = requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  const applications = await listApplicationsOfCall(callId);
  return json(200, { callId, applications: applications.map(applicationSummary) });
}


const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function duplicateReviewer(index: number) {
  return new HttpError(409, 'DUPLICATE_REVIEWER', 'A reviewer with this email is already registered for this call.', [
    { path: `reviewers[${index}].email`, message: 'is already registered for this call' },
  ]);
}

async function registerReviewers(event: HttpEvent) {
  const actor = requireAdmin(event);
  const callId = pathParam(event, 'callId');
  const { reviewers: inputs } = parseJson(event, ReviewersInput);
  if (!(await getCall(callId))) throw notFound();
  const repeated = inputs.findIndex((r, i) => inputs.findIndex((other) => sameEmail(other.email, r.email)) !== i);
  if (repeated >= 0) throw duplicateReviewer(repeated);
  const createdAt = nowIso();
  const reviewers: Reviewer[] = inputs.map((input) => ({ ...input, reviewerId: newId(), callId, load: 0, createdAt }));
  try {
    await addReviewers(reviewers);
  } catch (error) {
    if (error instanceof DuplicateReviewerError) throw duplicateReviewer(error.index);
    throw error;
  }
  await audit({
    at: createdAt,
    actor,
    action: 'reviewers.register',
    subject: { callId },
    after: reviewers.map((r) => ({ reviewerId: r.reviewerId, maxLoad: r.maxLoad })),
  });
  logger.info('reviewers registered', { callId, count: reviewers.length });
  return json(201, { callId, reviewers });
}

async function getReviewers(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  // The hashes of their page links stay on the server.
  return json(200, { callId, reviewers: (await listReviewers(callId)).map(({ pageLinks: _links, ...reviewer }) => reviewer) });
}

/**
 * Closes the call and starts its review: the `call` workflow assigns
 * reviewers to every eligible application at once. Closing again is harmless
 * while it runs; after an assignment blocked for lack of reviewers, closing
 * again (once reviewers were added) resumes it.
 */
async function closeCall(event: HttpEvent) {
  const actor = requireAdmin(event);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  const attempt = (call.review?.attempt ?? 0) + 1;
  const started = await markReviewStarted(call.callId, { status: 'running', attempt, closedAt: call.review?.closedAt ?? nowIso() });
  if (started) {
    await audit({ at: nowIso(), actor, action: 'call.close', subject: { callId: call.callId }, before: call.review ?? null, after: { attempt } });
    await startCallReview(call.callId, attempt);
    logger.info('call closed', { callId: call.callId, attempt });
  }
  const current = (await getCall(call.callId))!;
  return json(202, { callId: call.callId, review: current.review });
}

async function getRanking(event: HttpEvent) {
  requireAdmin(event);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  if (!call.ranking) {
    throw new HttpError(409, 'NOT_RANKED_YET', 'The ranking is made when every review of the call is in.', [
      { path: 'review.status', message: call.review ? `is ${call.review.status}` : 'the call is not closed' },
    ]);
  }
  return json(200, {
    callId: call.callId,
    rule: 'Final score = mean of the reviewers\' totals (0-100) + priority points; ties: more priority points first, then the earliest submission.',
    ranking: call.ranking,
  });
}

async function registerTrustees(event: HttpEvent) {
  const actor = requireAdmin(event);
  const { trustees: inputs } = parseJson(event, TrusteesInput);
  const repeated = inputs.findIndex((t, i) => inputs.findIndex((other) => sameEmail(other.email, t.email)) !== i);
  const duplicate = (index: number) =>
    new HttpError(409, 'DUPLICATE_TRUSTEE', 'A trustee with this email is already registered.', [
      { path: `trustees[${index}].email`, message: 'is already registered' },
    ]);
  if (repeated >= 0) throw duplicate(repeated);
  const createdAt = nowIso();
  const trustees: Trustee[] = inputs.map((input) => ({ ...input, trusteeId: newId(), createdAt }));
  try {
    await addTrustees(trustees);
  } catch (error) {
    if (error instanceof DuplicateTrusteeError) throw duplicate(error.index);
    throw error;
  }
  await audit({ at: createdAt, actor, action: 'trustees.register', subject: {}, after: trustees.map((t) => ({ trusteeId: t.trusteeId, termStart: t.termStart, termEnd: t.termEnd })) });
  logger.info('trustees registered', { count: trustees.length });
  return json(201, { trustees });
}

/** The Board, each trustee with whether they are in term today (only those get ballots). */
async function getTrustees(event: HttpEvent) {
  requireAdmin(event);
  const today = now().toISOString().slice(0, 10);
  const trustees = (await listTrustees()).map((t) => ({ ...t, inTerm: inTerm(t, today) }));
  return json(200, { trustees, inTerm: trustees.filter((t) => t.inTerm).length });
}

/** `GET /admin/audit?month=yyyy-mm` (default: this month), newest first. */
async function getAudit(event: HttpEvent) {
  requireAdmin(event);
  const month = event.queryStringParameters?.month ?? now().toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw validationFailed([{ path: 'month', message: 'must be a month as yyyy-mm' }]);
  return json(200, { month, entries: await listAudit(month) });
}

/** Who reviews what, and why (the affinity components); task tokens and link hashes stay out. */
async function getAssignments(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  const assignments = (await listReviewsOfCall(callId)).map(
    ({ applicationId, reviewerId, status, affinity, assignedAt, deadline, total, declineReason, remindersSent, reassignedTo, reassignedBy, reassignReason, declaration, draft }) => ({
      applicationId,
      reviewerId,
      status,
      affinity,
      assignedAt,
      deadline,
      total,
      declineReason,
      remindersSent,
      reassignedTo,
      reassignedBy,
      reassignReason,
      // The reviewer's declaration of interests (a conflict with its reason), and when a draft was last saved on their page.
      declaration,
      draftSavedAt: draft?.savedAt,
    }),
  );
  return json(200, { callId, assignments });
}

async function getSlate(event: HttpEvent) {
  requireAdmin(event);
  const call = rankedCall(await getCall(pathParam(event, 'callId')));
  return json(200, slateView(call, currentSlate(call)));
}

/** Lower an amount, or move a project in or out, each with a reason; every change is audited. */
async function changeSlate(event: HttpEvent) {
  const actor = requireAdmin(event);
  const { changes } = parseJson(event, SlateChanges);
  const { call, slate } = await changeSlateAs(actor, pathParam(event, 'callId'), changes);
  return json(200, slateView(call, slate));
}

/**
 * The Board's votes on a call and their outcome: each round (the slate, then
 * any reserve offers) with its ballots (who has cast), then each project's
 * decision with the rule that decided it and who voted what (recusals and
 * declared conflicts named), and the reserve list.
 */
async function getDecisions(event: HttpEvent) {
  requireAdmin(event);
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  if (!call.vote) {
    throw new HttpError(409, 'NO_VOTE_YET', 'The Board votes once the slate is submitted.', [
      { path: 'slate', message: call.slateSubmission ? 'is submitted; the vote is opening' : 'is not submitted' },
    ]);
  }
  const [ballots, decisions, trustees] = await Promise.all([listBallots(call.callId), listDecisions(call.callId), listTrustees()]);
  const nameOf = (trusteeId: string) => trustees.find((t) => t.trusteeId === trusteeId)?.name ?? trusteeId;
  const order = (id: string) => call.ranking?.find((r) => r.applicationId === id)?.rank ?? Number.MAX_SAFE_INTEGER;
  const ballotsOf = (round: number) =>
    ballots.filter((b) => b.round === round).map(({ trusteeId, status, castAt, remindersSent }) => ({ trusteeId, name: nameOf(trusteeId), status, castAt, remindersSent: remindersSent ?? [] }));
  return json(200, {
    callId: call.callId,
    vote: call.vote,
    ballots: ballotsOf(1),
    offers: (call.offers ?? []).map((offer) => ({ ...offer, ballots: ballotsOf(offer.round) })),
    rules: tallyRules(call),
    decisions: decisions
      .sort((a, b) => order(a.applicationId) - order(b.applicationId))
      .map((d) => ({
        ...d,
        rank: order(d.applicationId),
        tally: d.tally && { ...d.tally, counted: d.tally.counted.map((c) => ({ ...c, name: nameOf(c.trusteeId) })) },
      })),
  });
}

/** Who votes on a reserve offer: the trustees the call names, or every trustee in term today. */
async function votersToday(call: Call): Promise<string[]> {
  if (call.trusteeIds) return call.trusteeIds;
  const today = now().toISOString().slice(0, 10);
  return (await listTrustees()).filter((t) => inTerm(t, today)).map((t) => t.trusteeId);
}

/**
 * A grant declined by the grantee or cancelled by the fund before its first
 * tranche. The budget it frees goes to the next project of the reserve list
 * (in rank order) whose request fits what the call has left: the budget less
 * the active grants, the projects still undecided for lack of quorum, and the
 * offers still before the Board. That project is offered to the Board in a
 * vote round of its own (the `call` workflow from its vote part).
 */
async function cancelGrantRoute(event: HttpEvent) {
  const actor = requireAdmin(event);
  const grantId = pathParam(event, 'grantId');
  const input = parseJson(event, GrantCancellation);
  const grant = await getGrant(grantId);
  if (!grant) throw notFound();
  const at = nowIso();
  if (!(await cancelGrant(grantId, { at, by: input.by, reason: input.reason, actor }))) {
    throw new HttpError(409, 'GRANT_NOT_CANCELLABLE', 'Only an active grant whose first tranche is not released can be declined or cancelled.', [
      { path: 'status', message: grant.status !== 'active' ? `is ${grant.status}` : `${grant.releasedTranches} tranche(s) released` },
    ]);
  }
  await audit({ at, actor, action: 'grant.cancel', subject: { callId: grant.callId, grantId }, before: { status: grant.status }, after: { status: 'cancelled', by: input.by, reason: input.reason } });
  const offer = await offerFromReserve(grant.callId, grantId, at, actor);
  logger.info('grant cancelled', { grantId, offered: offer !== undefined });
  return json(200, { grantId, status: 'cancelled', offer: offer ?? null });
}

async function offerFromReserve(callId: string, freedBy: string, at: string, actor: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const call = (await getCall(callId))!;
    const [grants, decisions] = await Promise.all([listGrants(), listDecisions(callId)]);
    const committed =
      grants.filter((g) => g.callId === callId && g.status === 'active').reduce((sum, g) => sum + toCents(g.amountUsd), 0) +
      decisions.filter((d) => d.outcome === 'no-quorum').reduce((sum, d) => sum + toCents(d.amountUsd), 0) +
      (call.offers ?? []).filter((o) => o.vote?.status !== 'closed').reduce((sum, o) => sum + toCents(o.amountUsd), 0);
    const available = toCents(call.budgetUsd) - committed;
    const offered = new Set((call.offers ?? []).map((o) => o.applicationId));
    const next = (call.ranking ?? []).find(
      (r) => !offered.has(r.applicationId) && decisions.some((d) => d.applicationId === r.applicationId && d.outcome === 'not-on-slate') && toCents(r.requestedUsd) <= available,
    );
    if (!next) return undefined;
    const round = 1 + Math.max(1, ...(call.offers ?? []).map((o) => o.round));
    const offer = { round, applicationId: next.applicationId, amountUsd: next.requestedUsd, freedBy, offeredAt: at, trusteeIds: await votersToday(call) };
    if (!(await addOffer(call, offer))) continue;
    await audit({ at, actor, action: 'reserve.offer', subject: { callId, applicationId: next.applicationId, round: String(round) }, before: null, after: { amountUsd: offer.amountUsd, freedBy, availableUsd: available / 100 } });
    await startReserveVote(callId, round);
    return offer;
  }
  throw new HttpError(409, 'CONCURRENT_CHANGE', 'The call changed while the offer was made; the grant is cancelled, try the offer again.');
}

/** Every grant with its plan (tranches and reports); `?callId=` narrows to one call. */
async function getGrants(event: HttpEvent) {
  requireAdmin(event);
  const callId = event.queryStringParameters?.callId;
  const grants = (await listGrants()).filter((g) => !callId || g.callId === callId);
  const total = grants.reduce((sum, g) => sum + toCents(g.amountUsd), 0) / 100;
  return json(200, { grants, count: grants.length, totalUsd: total });
}

/** `GET /admin/reports[?status=submitted]`: every report with its grant, newest due first. */
async function getReports(event: HttpEvent) {
  requireAdmin(event);
  const status = event.queryStringParameters?.status;
  if (status !== undefined && !REPORT_STATUSES.includes(status as never)) {
    throw validationFailed([{ path: 'status', message: `must be one of ${REPORT_STATUSES.join(', ')}` }]);
  }
  const grants = new Map((await listGrants()).map((g) => [g.grantId, g]));
  const reports = (await listAllReports())
    .filter((r) => !status || r.status === status)
    .sort((a, b) => b.dueDate.localeCompare(a.dueDate))
    .map(({ taskToken: _t, reviewTaskToken: _r, ...report }) => ({ ...report, organisation: grants.get(report.grantId)?.organisation.name, title: grants.get(report.grantId)?.title }));
  return json(200, { reports, overdue: reports.filter((r) => r.overdue).length });
}

/** `GET /admin/disbursements.csv`: the payment instructions for finance (shared/disbursement.ts). */
async function getDisbursements(event: HttpEvent) {
  requireAdmin(event);
  return disbursementsCsv();
}

/**
 * `GET /admin/impact`: the accepted reports added up across grants (the last
 * accepted submission of each report): beneficiaries by group, by form of
 * exploitation and by service, by region and by call (counts below 5 shown
 * as "<5", shared/domain/reports.ts); and the money granted by region and by
 * action line (shared/api/impact.ts).
 */
async function getImpact(event: HttpEvent) {
  requireAdmin(event);
  return json(200, await fundFigures());
}

/**
 * Four eyes: a second member of the secretariat approves the release of a
 * tranche that is ready (its report accepted, its date come). The member who
 * accepted that report may not (403 FOUR_EYES). Releasing records the
 * payment instruction exactly once and emails the grantee.
 */
async function approveTranche(event: HttpEvent) {
  const actor = requireAdmin(event);
  return json(200, await approveTrancheAs(actor, pathParam(event, 'grantId'), Number(pathParam(event, 'number'))));
}

export const handler = httpApi({
  'POST /admin/grants/{grantId}/tranches/{number}/approve': approveTranche,
  'GET /admin/reports': getReports,
  'GET /admin/disbursements.csv': getDisbursements,
  'GET /admin/impact': getImpact,
  'GET /admin/calls/{callId}/decisions': getDecisions,
  'GET /admin/grants': getGrants,
  'POST /admin/grants/{grantId}/cancel': cancelGrantRoute,
  'GET /admin/calls/{callId}/slate': getSlate,
  'PUT /admin/calls/{callId}/slate': changeSlate,
  'GET /admin/calls/{callId}/assignments': getAssignments,
  'GET /admin/audit': getAudit,
  'POST /admin/trustees': registerTrustees,
  'GET /admin/trustees': getTrustees,
  'POST /admin/calls/{callId}/close': closeCall,
  'PATCH /admin/calls/{callId}': editCallRoute,
  'GET /admin/calls/{callId}/ranking': getRanking,
  'POST /admin/calls/{callId}/reviewers': registerReviewers,
  'GET /admin/calls/{callId}/reviewers': getReviewers,
  'POST /admin/calls': createCall,
  'GET /admin/calls': getCalls,
  'GET /admin/calls/{callId}/applications': getApplicationsOfCall,
  // The secretariat's questions to an applicant (shared/questions.ts); the answers come through the NGO's link (functions/question-answer).
  'POST /admin/applications/{applicationId}/questions': async (event) => {
    const actor = requireAdmin(event);
    const input = parseJson(event, QuestionInput);
    const question = await askQuestionAs(actor, pathParam(event, 'applicationId'), input);
    return json(201, questionView(question));
  },
  'GET /admin/applications/{applicationId}/questions': async (event) => {
    requireAdmin(event);
    const applicationId = pathParam(event, 'applicationId');
    return json(200, { applicationId, questions: await questionsOf(applicationId) });
  },
  // Erasure on request, four eyes (shared/erasure-requests.ts): one member asks with a reason, another confirms.
  'POST /admin/applications/{applicationId}/erasure': async (event) => {
    const actor = requireAdmin(event);
    const { reason } = parseJson(event, ErasureRequestInput);
    const applicationId = pathParam(event, 'applicationId');
    const request = await requestErasureAs(actor, applicationId, reason, now());
    return json(202, { applicationId, status: 'awaiting-confirmation', ...request });
  },
  'GET /admin/applications/{applicationId}/erasure': async (event) => {
    requireAdmin(event);
    const applicationId = pathParam(event, 'applicationId');
    return json(200, { applicationId, ...(await erasureState(applicationId)) });
  },
  // A request of access: everything held about one organisation (shared/export.ts), its documents as signed links.
  'GET /admin/organisations/export': async (event) => {
    const actor = requireAdmin(event);
    const country = event.queryStringParameters?.registrationCountry ?? '';
    const number = event.queryStringParameters?.registrationNumber ?? '';
    const problems = [
      ...(/^[A-Z]{2}$/.test(country) ? [] : [{ path: 'registrationCountry', message: 'must be an ISO 3166-1 alpha-2 code, for example AL' }]),
      ...(number.trim().length >= 1 && number.length <= 64 ? [] : [{ path: 'registrationNumber', message: 'must be 1 to 64 characters' }]),
    ];
    if (problems.length) throw validationFailed(problems);
    const at = now();
    const held = await exportOrganisation(country, number, { who: actor, at });
    if (!held) throw notFound();
    await audit({ at: at.toISOString(), actor, action: 'organisation.export', subject: { applications: held.applications.map((a) => a.applicationId).join(' '), grants: held.grants.map((g) => g.grantId).join(' ') }, after: { records: held.applications.reduce((n, a) => n + a.records.length, 0) + held.grants.reduce((n, g) => n + g.records.length, 0), documents: held.documents.length } });
    return json(200, held);
  },
  // What the retention job will erase within `days` (default 30): the dashboard's list, as JSON.
  'GET /admin/erasures': async (event) => {
    requireAdmin(event);
    const days = event.queryStringParameters?.days ?? '30';
    if (!/^\d{1,3}$/.test(days) || Number(days) < 1 || Number(days) > 366) throw validationFailed([{ path: 'days', message: 'must be a whole number of days from 1 to 366' }]);
    const at = now();
    const until = new Date(at.getTime() + Number(days) * 86_400_000);
    return json(200, { at: at.toISOString(), until: until.toISOString(), settings: retentionSettings(), erasures: await erasuresDueBy(until) });
  },
  'POST /admin/applications/{applicationId}/erasure/confirm': async (event) => {
    const actor = requireAdmin(event);
    const applicationId = pathParam(event, 'applicationId');
    const outcome = await confirmErasureAs(actor, applicationId, now());
    logger.info('application erased on request', { applicationId, result: outcome.result });
    return json(200, outcome);
  },
});
