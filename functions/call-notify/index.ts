import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { decisionEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { listDecisions, markDecisionNotified } from '#shared/repository/board.ts';
import { getCall } from '#shared/repository/calls.ts';
import { getGrant } from '#shared/repository/grants.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

/**
 * Tells every applicant of the slate and of the reserve list the outcome:
 * approved with the amount and the plan, not funded, or on the reserve list
 * (told again if a reserve offer decides it). (The ineligible were
 * told at intake. A project without quorum is not decided: its applicant
 * hears nothing until it is.) Each decision is marked told before its email
 * goes out, so a re-run sends nothing twice.
 */
export const handler = middy<{ callId: string }, { notified: number }>().handler(async ({ callId }) => {
  const call = await getCall(callId);
  if (!call) throw new Error(`Call ${callId} not found`);
  let notified = 0;
  for (const decision of await listDecisions(callId)) {
    if (decision.notifiedAt || decision.outcome === 'no-quorum') continue;
    const app = await getApplication(decision.applicationId);
    if (!app) continue;
    let message;
    if (decision.outcome === 'approved') {
      const grant = await getGrant(decision.grantId!);
      if (!grant) throw new Error(`Decision ${decision.applicationId}: grant ${decision.grantId} missing`);
      const { schedule } = grant;
      message = decisionEmail(app, call, { outcome: 'approved', amountUsd: grant.amountUsd, startDate: schedule.startDate, endDate: schedule.endDate, tranches: schedule.tranches.length, reports: schedule.reports.length }, publicBaseUrl);
    } else {
      message = decisionEmail(app, call, { outcome: decision.outcome === 'not-on-slate' ? 'reserve' : 'not-funded' }, publicBaseUrl);
    }
    if (!(await markDecisionNotified(callId, decision.applicationId, now().toISOString()))) continue;
    await emailSender().send(message);
    notified += 1;
  }
  logger.info('applicants told the decisions', { callId, notified });
  return { notified };
});
