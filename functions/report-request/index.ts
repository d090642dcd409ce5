import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { reportEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { createLink } from '#shared/repository/links.ts';
import { getReport, LATE_LINK_DAYS, updateReport } from '#shared/repository/milestones.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');

export class ReportAlreadySubmittedError extends Error {
  override name = 'ReportAlreadySubmitted';
}

interface Input {
  taskToken: string;
  grantId: string;
  report: number;
  timeoutSeconds?: number;
  late?: boolean;
}

/**
 * The `.waitForTaskToken` step that collects a report: keeps the token on the
 * report, and emails the grantee a personal link (opaque, stored hashed),
 * the first time or after the secretariat returned the report (with its
 * comments). Waiting again (overdue, or a re-drive) only renews the token.
 */
export const handler = middy<Input, { requested: boolean }>().handler(async ({ taskToken, grantId, report: number }) => {
  const report = await getReport(grantId, number);
  if (!report) throw new Error(`No report ${number} of ${grantId}`);
  if (report.status === 'submitted') throw new ReportAlreadySubmittedError(`Report ${number} of ${grantId} is in`);
  if (report.status === 'requested') {
    if (!(await updateReport(grantId, number, { taskToken }, ['requested']))) throw new ReportAlreadySubmittedError(`Report ${number} of ${grantId} is in`);
    return { requested: false };
  }
  if (report.status !== 'scheduled' && report.status !== 'returned') throw new Error(`Report ${number} of ${grantId} is ${report.status}`);
  const grant = await getGrant(grantId);
  const app = grant && (await getApplication(grant.applicationId));
  if (!grant || !app) throw new Error(`Report ${number} of ${grantId}: grant or application missing`);
  const at = now();
  const expires = new Date(Date.parse(`${report.overdueAfter}T00:00:00Z`) + LATE_LINK_DAYS * 86_400_000);
  const reference = await createLink('report', { grantId, report: String(number) }, at, expires);
  if (!(await updateReport(grantId, number, { status: 'requested', taskToken, requestedAt: at.toISOString() }, [report.status]))) {
    throw new Error(`Report ${number} of ${grantId} changed while being requested`);
  }
  const returned = report.status === 'returned';
  const comments = returned ? report.submissions.at(-1)?.review?.comments : undefined;
  await emailSender().send(reportEmail(returned ? 'returned' : 'request', grant, app.input.organisation.contact, report, `${publicBaseUrl}/report/${reference}`, comments, app.input.language));
  logger.info(returned ? 'report requested again' : 'report requested', { grantId, report: number });
  return { requested: true };
});
