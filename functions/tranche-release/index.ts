import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { approvalRequestEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { audit } from '#shared/repository/audit.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { askApproval, closeGrant, holdTranche, listMilestones, type TrancheRecord } from '#shared/repository/milestones.ts';
import { fourEyesReleases, release } from '#shared/disbursement.ts';
import { envGetter } from '#shared/config.ts';

type Input = { grantId: string; tranche: number } | { grantId: string; afterReport: number };

const secretariatEmail = envGetter('SECRETARIAT_EMAIL');

/**
 * A tranche falls due (its schedule: `tranche`) or its report was accepted
 * (`afterReport`). It can be released only when the report before it is
 * accepted (the first needs none) and its date has come; otherwise it is
 * held, saying why. With four eyes (the default) it then waits for a second
 * member of the secretariat to approve the release (POST
 * /admin/grants/{grantId}/tranches/{n}/approve); without, it is released
 * here. Releasing records the payment instruction exactly once and emails
 * the grantee. The final report's acceptance closes the grant.
 */
export const handler = middy<Input, { released: boolean; held?: string; closed?: boolean }>().handler(async (input) => {
  const at = now();
  const today = at.toISOString().slice(0, 10);
  const grant = await getGrant(input.grantId);
  if (!grant) throw new Error(`Grant ${input.grantId} missing`);
  const { reports, tranches } = await listMilestones(input.grantId);
  let tranche: TrancheRecord | undefined;
  if ('afterReport' in input) {
    tranche = tranches.find((t) => t.afterReport === input.afterReport);
    const report = reports.find((r) => r.number === input.afterReport);
    if (!tranche && report?.kind === 'final' && report.status === 'accepted') {
      const closed = await closeGrant(grant.grantId, at.toISOString());
      if (closed) await audit({ at: at.toISOString(), actor: 'system', action: 'grant.close', subject: { grantId: grant.grantId }, before: { status: 'active' }, after: { status: 'closed' } });
      return { released: false, closed };
    }
    // Not due yet: its own schedule releases it on its date.
    if (!tranche || tranche.status === 'released' || tranche.dueDate > today) return { released: false };
  } else {
    tranche = tranches.find((t) => t.number === input.tranche);
    if (!tranche || tranche.status === 'released') return { released: false };
  }
  if (grant.status !== 'active') return { released: false, held: `grant ${grant.status}` };
  const before = tranche.afterReport === undefined ? undefined : reports.find((r) => r.number === tranche.afterReport);
  if (before && before.status !== 'accepted') {
    const why = before.overdue ? `report ${before.number} overdue since ${before.overdueAfter}` : `report ${before.number} not accepted yet (due ${before.dueDate})`;
    await holdTranche(grant.grantId, tranche.number, why, at.toISOString());
    logger.info('tranche held', { grantId: grant.grantId, tranche: tranche.number });
    return { released: false, held: why };
  }
  if (fourEyesReleases()) {
    // A second member of the secretariat approves the release (not the one who accepted the report before it).
    const acceptedBy = before?.submissions.findLast((sub) => sub.review?.decision === 'accept')?.review?.actor;
    const asked = await askApproval(grant.grantId, tranche.number, at.toISOString(), acceptedBy);
    if (asked) {
      await audit({ at: at.toISOString(), actor: 'system', action: 'tranche.approval-requested', subject: { grantId: grant.grantId, tranche: String(tranche.number) }, before: { status: tranche.status }, after: { status: 'awaiting-approval', acceptedBy: acceptedBy ?? null } });
      await emailSender().send(approvalRequestEmail(secretariatEmail(), grant, tranche, acceptedBy));
      logger.info('tranche awaiting approval', { grantId: grant.grantId, tranche: tranche.number });
    }
    return { released: false, held: 'awaiting approval' };
  }
  return { released: await release(grant, tranche, at, 'system') };
});
