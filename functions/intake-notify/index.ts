import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { nowIso } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import type { IntakeInput } from '#shared/domain/intake.ts';
import { intakeResultEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication, markResultEmailSent } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

/**
 * Emails the applicant the intake result, once: the send is recorded after it
 * succeeds, and a retried step finds the record and sends nothing.
 */
export const handler = middy<IntakeInput, { sent: boolean }>().handler(async ({ applicationId }) => {
  const app = await getApplication(applicationId);
  if (!app?.decidedAt) throw new Error(`Application ${applicationId} has no intake decision`);
  if (app.resultEmailSentAt) return { sent: false };
  const call = await getCall(app.callId);
  if (!call) throw new Error(`Call ${app.callId} not found`);
  await emailSender().send(intakeResultEmail(app, call, publicBaseUrl));
  await markResultEmailSent(applicationId, nowIso());
  logger.info('intake result emailed', { applicationId });
  return { sent: true };
});
