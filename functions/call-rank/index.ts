import middy from '@middy/core';
import { nowIso } from '#shared/clock.ts';
import { rank } from '#shared/domain/review.ts';
import { logger } from '#shared/logger.ts';
import { listSubmittedApplicationsOfCall } from '#shared/repository/applications.ts';
import { getCall, updateCall } from '#shared/repository/calls.ts';
import { listReviewsOfCall } from '#shared/repository/reviews.ts';

/** Ranks the reviewed applications: mean reviewer total + priority points (tie rule in shared/domain/review.ts). */
export const handler = middy<{ callId: string }, { ranked: number }>().handler(async ({ callId }) => {
  const call = await getCall(callId);
  if (!call?.review) throw new Error(`Call ${callId} is not closed`);
  const reviews = await listReviewsOfCall(callId);
  const applications = (await listSubmittedApplicationsOfCall(callId)).filter((a) => a.status === 'reviewed' || a.status === 'in-review');
  const ranking = rank(
    applications.map((app) => ({
      applicationId: app.applicationId,
      submittedAt: app.submittedAt!,
      priorityPoints: app.priority?.points ?? 0,
      reviewTotals: reviews.filter((r) => r.applicationId === app.applicationId && r.status === 'submitted').map((r) => r.total!),
    })),
  ).map((entry) => {
    const app = applications.find((a) => a.applicationId === entry.applicationId)!;
    return {
      ...entry,
      organisation: app.input.organisation.name,
      country: app.input.organisation.registrationCountry,
      title: app.input.project.title,
      requestedUsd: app.input.budget.requestedUsd,
    };
  });
  await updateCall(callId, { ranking, review: { ...call.review, status: 'ranked', rankedAt: nowIso() } });
  logger.info('call ranked', { callId, applications: ranking.length });
  return { ranked: ranking.length };
});
