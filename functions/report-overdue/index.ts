import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { overdueNoticeEmail, reportEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { audit } from '#shared/repository/audit.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { createLink } from '#shared/repository/links.ts';
import { getReport, holdTranche, LATE_LINK_DAYS, listMilestones, updateReport } from '#shared/repository/milestones.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');
const secretariatEmail = requireEnv('SECRETARIAT_EMAIL');

/**
 * A report not in by its due date plus the grace period: it is overdue. The
 * organisation is ineligible for new calls (OVERDUE_REPORTS reads the flag)
 * and the tranche after the report is held until it is in; the grantee (with
 * a fresh link) and the secretariat are told, once.
 */
export const handler = middy<{ grantId: string; report: number }, { marked: boolean }>().handler(async ({ grantId, report: number }) => {
  const at = now();
  const report = await getReport(grantId, number);
  const grant = await getGrant(grantId);
  if (!report || !grant) throw new Error(`Report ${number} of ${grantId} missing`);
  const marked = !report.overdue && (await updateReport(grantId, number, { overdue: true, overdueSince: at.toISOString() }, ['requested', 'returned', 'scheduled']));
  const { tranches } = await listMilestones(grantId);
  const next = tranches.find((t) => t.afterReport === number && t.status !== 'released');
  if (next) await holdTranche(grantId, next.number, `report ${number} overdue since ${report.overdueAfter}`, at.toISOString());
  if (!marked) return { marked: false };
  await audit({ at: at.toISOString(), actor: 'system', action: 'report.overdue', subject: { grantId, report: String(number) }, before: { overdue: false }, after: { overdue: true, tranche: next?.number ?? null } });
  const app = await getApplication(grant.applicationId);
  if (app) {
    const expires = new Date(Date.parse(`${report.overdueAfter}T00:00:00Z`) + LATE_LINK_DAYS * 86_400_000);
    const reference = await createLink('report', { grantId, report: String(number) }, at, expires);
    await emailSender().send(reportEmail('overdue', grant, app.input.organisation.contact, report, `${publicBaseUrl}/report/${reference}`, undefined, app.input.language));
  }
  await emailSender().send(overdueNoticeEmail(secretariatEmail, grant, report));
  logger.info('report overdue', { grantId, report: number });
  return { marked: true };
});
