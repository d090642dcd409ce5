import middy from '@middy/core';
import { nowIso } from '#shared/clock.ts';
import { assignReviewers } from '#shared/domain/assignment.ts';
import { applicationProfile, reviewerProfile } from '#shared/domain/profiles.ts';
import { logger } from '#shared/logger.ts';
import { listSubmittedApplicationsOfCall, setStatus } from '#shared/repository/applications.ts';
import { getCall, updateCall } from '#shared/repository/calls.ts';
import { listReviewsOfCall, putReview } from '#shared/repository/reviews.ts';
import { addToLoad, listReviewers } from '#shared/repository/reviewers.ts';

interface Output {
  feasible: boolean;
  applications: { callId: string; applicationId: string; executionName: string }[];
}

/**
 * Assigns reviewers to every eligible application of the call at once. Runs
 * again harmlessly (a re-driven or resumed execution): applications that
 * already have their reviews keep them, and only the others are assigned.
 */
export const handler = middy<{ callId: string }, Output>().handler(async ({ callId }) => {
  const call = await getCall(callId);
  if (!call?.review) throw new Error(`Call ${callId} is not closed`);
  const applications = (await listSubmittedApplicationsOfCall(callId)).filter((a) => a.status === 'eligible' || a.status === 'in-review' || a.status === 'reviewed');
  const existing = await listReviewsOfCall(callId);
  const reviewed = new Set(existing.map((r) => r.applicationId));
  const toAssign = applications.filter((a) => !reviewed.has(a.applicationId));
  const reviewers = await listReviewers(callId);

  const result = assignReviewers(
    toAssign.map((a) => applicationProfile(a.applicationId, a.input)),
    reviewers.map((r) => reviewerProfile(r.reviewerId, r, r.load)),
    { perApplication: call.reviewersPerApplication, allowSameCountry: call.allowSameCountryReviewers },
  );
  if (!result.feasible) {
    await updateCall(callId, { review: { ...call.review, status: 'blocked', shortfalls: result.shortfalls } });
    logger.warn('assignment blocked', { callId, shortfalls: result.shortfalls.length });
    return { feasible: false, applications: [] };
  }
  const assignedAt = nowIso();
  for (const assignment of result.assignments) {
    await putReview({ callId, applicationId: assignment.applicationId, reviewerId: assignment.reviewerId, status: 'assigned', affinity: assignment.affinity, assignedAt, addedBy: 'assignment' });
    await addToLoad(callId, assignment.reviewerId, 1);
  }
  for (const app of toAssign) await setStatus(app.applicationId, 'in-review', ['eligible']);
  // One deadline for the whole first assignment, so that a reviewer's tasks share it (one invitation, one digest per mark).
  const deadline = call.review.deadline ?? new Date(Date.parse(assignedAt) + call.reviewPeriodDays * 86_400_000).toISOString();
  await updateCall(callId, { review: { ...call.review, status: 'running', shortfalls: [], deadline } });
  logger.info('reviewers assigned', { callId, applications: toAssign.length, assignments: result.assignments.length });
  return {
    feasible: true,
    applications: applications.map((a) => ({ callId, applicationId: a.applicationId, executionName: `review-${a.applicationId}` })),
  };
});
