// The fund's figures, for the admin API and the dashboard: beneficiaries from
// accepted reports (shared/domain/reports.ts, small cells hidden) and the
// money granted by region and by action line.
import { impact, type AcceptedReport } from '../domain/reports.ts';
import { toCents } from '../domain/money.ts';
import { getApplication } from '../repository/applications.ts';
import { listGrants } from '../repository/grants.ts';
import { listMilestones } from '../repository/milestones.ts';

export async function fundFigures() {
  const grants = (await listGrants()).filter((g) => g.status !== 'cancelled');
  const accepted: AcceptedReport[] = [];
  const byRegion: Record<string, number> = {};
  const byActionLine: Record<string, number> = {};
  for (const grant of grants) {
    const { reports } = await listMilestones(grant.grantId);
    for (const report of reports.filter((r) => r.status === 'accepted')) {
      const submission = report.submissions.findLast((s) => s.review?.decision === 'accept');
      if (submission) accepted.push({ callId: grant.callId, region: grant.region, figures: submission.figures });
    }
    const region = grant.region ?? 'unknown';
    byRegion[region] = (byRegion[region] ?? 0) + toCents(grant.amountUsd);
    // A project in several action lines counts a share of its amount in each (the shares add up to the amount).
    const lines = (await getApplication(grant.applicationId))?.input.project.actionLines ?? ['unknown'];
    const share = Math.floor(toCents(grant.amountUsd) / lines.length);
    lines.forEach((line, i) => (byActionLine[line] = (byActionLine[line] ?? 0) + share + (i === 0 ? toCents(grant.amountUsd) - share * lines.length : 0)));
  }
  const usd = (cells: Record<string, number>) => Object.fromEntries(Object.entries(cells).map(([k, cents]) => [k, cents / 100]));
  return {
    rule: 'Counts below 5 are shown as "<5", so that no small group of victims can be singled out.',
    ...impact(accepted),
    money: { grants: grants.length, totalUsd: grants.reduce((s, g) => s + toCents(g.amountUsd), 0) / 100, byRegion: usd(byRegion), byActionLine: usd(byActionLine) },
  };
}
