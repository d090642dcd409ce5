// Releasing a tranche: the payment instruction (exactly once, see
// releaseTranche), the audit entry, and the grantee's email. Used by the
// milestone step when the fund does not ask for four eyes, and by the
// secretariat's approval when it does.
import { emailSender } from './adapters/email.ts';
import { toCsv } from './exports/cells.ts';
import { trancheEmail } from './email/templates.ts';
import { logger } from './logger.ts';
import { getApplication } from './repository/applications.ts';
import { audit } from './repository/audit.ts';
import { listGrants, type Grant } from './repository/grants.ts';
import { listMilestones, releaseTranche, type TrancheRecord } from './repository/milestones.ts';

/** The reference finance quotes: the grant and the tranche. */
export const paymentReference = (grantId: string, tranche: number) => `${grantId}-T${tranche}`;

/** Four eyes on releases (a fund setting, on unless FOUR_EYES_RELEASES=false). */
export const fourEyesReleases = () => process.env.FOUR_EYES_RELEASES !== 'false';

/** `actor`: who released it ("system" without four eyes, else the approving member). */
export async function release(grant: Grant, tranche: TrancheRecord, at: Date, actor: string): Promise<boolean> {
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
  }, actor === 'system' ? undefined : actor);
  if (!released) return false;
  await audit({
    at: at.toISOString(),
    actor,
    action: 'tranche.release',
    subject: { grantId: grant.grantId, tranche: String(tranche.number) },
    before: { status: tranche.status },
    after: { status: 'released', amountUsd: tranche.amountUsd, reference },
  });
  const app = await getApplication(grant.applicationId);
  if (app) await emailSender().send(trancheEmail(grant, app.input.organisation.contact, { number: tranche.number, amountUsd: tranche.amountUsd, reference }, app.input.language));
  logger.info('tranche released', { grantId: grant.grantId, tranche: tranche.number });
  return true;
}

/**
 * The payment instructions for finance, as CSV (the system moves no money):
 * one line per tranche released, awaiting approval or held (with why), by
 * grant and tranche. The admin API and the dashboard serve the same file.
 */
export async function disbursementsCsv() {
  const rows: unknown[][] = [['reference', 'status', 'grant', 'tranche', 'organisation', 'country', 'amount_usd', 'due_date', 'released_at', 'held_reason']];
  for (const grant of (await listGrants()).sort((a, b) => a.grantId.localeCompare(b.grantId))) {
    const { tranches } = await listMilestones(grant.grantId);
    for (const t of tranches.filter((t) => t.status !== 'scheduled')) {
      rows.push([t.reference ?? '', t.status, grant.grantId, t.number, grant.organisation.name, grant.organisation.registrationCountry, t.amountUsd.toFixed(2), t.dueDate, t.releasedAt ?? '', t.heldReason ?? '']);
    }
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="disbursements.csv"', 'cache-control': 'no-store' },
    body: toCsv(rows),
  };
}
