import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { trancheEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { audit } from '#shared/repository/audit.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { closeGrant, holdTranche, listMilestones, releaseTranche, type TrancheRecord } from '#shared/repository/milestones.ts';

type Input = { grantId: string; tranche: number } | { grantId: string; afterReport: number };

/** The reference finance quotes: the grant and the tranche. */
export const paymentReference = (grantId: string, tranche: number) => `${grantId}-T${tranche}`;

/**
 * A tranche falls due (its schedule: `tranche`) or its report was accepted
 * (`afterReport`). It is released only when the report before it is
 * accepted (the first needs none) and its date has come; releasing records
 * the payment instruction exactly once (see releaseTranche) and emails the
 * grantee. Otherwise it is held, saying why. The final report's acceptance
 * closes the grant.
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
  const reference = paymentReference(grant.grantId, tranche.number);
  const released = await releaseTranche(tranche, {
    reference,
    grantId: grant.grantId,
    tranche: tranche.number,
    organisation: grant.organisation.name,
    registrationCountry: grant.organisation.registrationCountry,
    amountUsd: tranche.amountUsd,
    dueDate: tranche.dueDate,
    releasedAt: at.toISOString(),
  });
  if (!released) return { released: false };
  await audit({ at: at.toISOString(), actor: 'system', action: 'tranche.release', subject: { grantId: grant.grantId, tranche: String(tranche.number) }, before: { status: tranche.status }, after: { status: 'released', amountUsd: tranche.amountUsd, reference } });
  const app = await getApplication(grant.applicationId);
  if (app) await emailSender().send(trancheEmail(grant, app.input.organisation.contact, { number: tranche.number, amountUsd: tranche.amountUsd, reference }, app.input.language));
  logger.info('tranche released', { grantId: grant.grantId, tranche: tranche.number });
  return { released: true };
});
