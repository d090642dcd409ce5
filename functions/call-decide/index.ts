import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { regionalGroup } from '#shared/domain/countries.ts';
import { addDays, grantSchedule } from '#shared/domain/grant-schedule.ts';
import { declaresConflictWith } from '#shared/domain/profiles.ts';
import { tally, type TrusteeVote } from '#shared/domain/tally.ts';
import { noQuorumEmail } from '#shared/email/templates.ts';
import { logger } from '#shared/logger.ts';
import { getApplication, setStatus, type Application } from '#shared/repository/applications.ts';
import { audit } from '#shared/repository/audit.ts';
import { listDecisions, listVotes, putDecision, replaceReserveDecision, type Decision } from '#shared/repository/board.ts';
import { getCall, roundOf, setVote, type Call } from '#shared/repository/calls.ts';
import { grantIdOf, putGrant, type Grant } from '#shared/repository/grants.ts';
import { createMilestones, reportIdOf, type ReportRecord, type TrancheRecord } from '#shared/repository/milestones.ts';
import { scheduleMilestone } from '#shared/adapters/scheduler.ts';
import { listTrustees } from '#shared/repository/trustees.ts';

const secretariatEmail = requireEnv('SECRETARIAT_EMAIL');

/** A grant starts on the project's start date, or on the day of the decision if that date has passed. */
export const grantStartDate = (projectStart: string, decidedOn: string) => (projectStart > decidedOn ? projectStart : decidedOn);

/**
 * A vote round is closed (every ballot cast, or the deadline passed):
 * tallies each of its projects by the rules of shared/domain/tally.ts,
 * records each decision once (audited), and turns each approved application
 * into a grant with its disbursement and report plans. Round 1 (the slate)
 * also records the ranked applications left off the slate as the reserve
 * (`not-on-slate`); a later round (a reserve offer) replaces its project's
 * `not-on-slate` decision. The secretariat hears of projects without quorum.
 * Runs again harmlessly: what is recorded stays as it is.
 */
export const handler = middy<{ callId: string; round: number }, { approved: number; rejected: number; undecided: number }>().handler(async ({ callId, round }) => {
  const call = await getCall(callId);
  const votesRound = call && roundOf(call, round);
  if (!call || !votesRound?.vote) throw new Error(`Call ${callId}: no vote to tally in round ${round}`);
  const vote = votesRound.vote;
  const decidedAt = now().toISOString();
  const [votes, trustees, existing] = await Promise.all([listVotes(callId, round), listTrustees(), listDecisions(callId)]);
  // In the order the round lists them, so that every tally reads the same way.
  const voters = vote.trusteeIds.map((id) => trustees.find((t) => t.trusteeId === id)).filter((t) => t !== undefined);
  const decided = new Map(existing.map((d) => [d.applicationId, d]));
  const noQuorum: { applicationId: string; title: string; voted: number; quorum: number }[] = [];
  const counts = { approved: 0, rejected: 0, undecided: 0 };
  const undecided: string[] = [];

  for (const entry of votesRound.entries) {
    const app = (await getApplication(entry.applicationId))!;
    const earlier = decided.get(entry.applicationId);
    const result =
      (earlier?.round === round ? earlier.tally : undefined) ??
      tally(
        voters.map((t): TrusteeVote => ({
          trusteeId: t.trusteeId,
          vote: votes.find((v) => v.applicationId === entry.applicationId && v.trusteeId === t.trusteeId)?.vote,
          conflict: declaresConflictWith(t.conflicts.organisations, app.input.organisation),
        })),
        { quorum: call.quorum },
      );
    // Withdrawn by its NGO while the Board voted: the votes are kept, the project is not funded.
    const withdrawn = app.status === 'withdrawn';
    const decision: Decision = withdrawn
      ? { callId, applicationId: entry.applicationId, round, outcome: 'withdrawn', rule: 'WITHDRAWN', amountUsd: entry.amountUsd, tally: result, decidedAt }
      : { callId, applicationId: entry.applicationId, round, outcome: result.outcome, rule: result.rule, amountUsd: entry.amountUsd, tally: result, decidedAt };
    if (withdrawn) {
      if (await putDecision(decision)) {
        await audit({ at: decidedAt, actor: 'board', action: 'decision', subject: { callId, applicationId: entry.applicationId, round: String(round) }, before: null, after: { outcome: 'withdrawn', rule: 'WITHDRAWN', amountUsd: entry.amountUsd } });
      }
      continue;
    }
    if (result.outcome === 'approved') {
      decision.grantId = grantIdOf(entry.applicationId);
      await createGrant(call, app, entry.amountUsd, decidedAt);
    }
    const recorded = round === 1 ? await putDecision(decision) : earlier?.outcome === 'not-on-slate' && (await replaceReserveDecision(decision, earlier));
    if (recorded) {
      await audit({
        at: decidedAt,
        actor: 'board',
        action: 'decision',
        subject: { callId, applicationId: entry.applicationId, round: String(round) },
        before: round === 1 ? null : { outcome: earlier!.outcome, rule: earlier!.rule },
        after: { outcome: result.outcome, rule: result.rule, amountUsd: entry.amountUsd, approvals: result.approvals, rejections: result.rejections, abstentions: result.abstentions, recused: result.recused.length, notVoted: result.notVoted.length, quorum: result.quorum },
      });
      if (result.outcome === 'no-quorum') noQuorum.push({ applicationId: entry.applicationId, title: app.input.project.title, voted: result.voted, quorum: result.quorum });
    }
    if (result.outcome === 'no-quorum') undecided.push(entry.applicationId);
    else await setStatus(entry.applicationId, result.outcome === 'approved' ? 'approved' : 'not-funded', ['reviewed', 'in-review', 'not-funded', result.outcome === 'approved' ? 'approved' : 'not-funded']);
    counts[result.outcome === 'approved' ? 'approved' : result.outcome === 'rejected' ? 'rejected' : 'undecided'] += 1;
  }
  if (round === 1) {
    for (const line of call.slate!.reserve) {
      const recorded = await putDecision({ callId, applicationId: line.applicationId, round, outcome: 'not-on-slate', rule: 'NOT_ON_SLATE', amountUsd: 0, decidedAt });
      if (recorded) await audit({ at: decidedAt, actor: 'board', action: 'decision', subject: { callId, applicationId: line.applicationId, round: '1' }, before: null, after: { outcome: 'not-on-slate', rule: 'NOT_ON_SLATE', reserveRank: line.rank } });
      await setStatus(line.applicationId, 'not-funded', ['reviewed', 'in-review', 'not-funded']);
    }
  }
  await setVote(call, round, { ...vote, status: 'closed', closedAt: vote.closedAt ?? decidedAt, undecided });
  if (noQuorum.length) await emailSender().send(noQuorumEmail(secretariatEmail, call, noQuorum));
  logger.info('vote tallied', { callId, round, ...counts });
  return counts;
});

async function createGrant(call: Call, app: Application, amountUsd: number, decidedAt: string) {
  const { organisation, project } = app.input;
  const schedule = grantSchedule(amountUsd, grantStartDate(project.startDate, decidedAt.slice(0, 10)), project.durationMonths, {
    reportEveryMonths: call.reportEveryMonths,
    finalReportDaysAfterEnd: call.finalReportDaysAfterEnd,
  });
  const grant: Grant = {
    grantId: grantIdOf(app.applicationId),
    callId: call.callId,
    applicationId: app.applicationId,
    organisation: { name: organisation.name, registrationCountry: organisation.registrationCountry, registrationNumber: organisation.registrationNumber },
    title: project.title,
    countries: project.countries,
    region: regionalGroup(organisation.registrationCountry),
    amountUsd,
    durationMonths: project.durationMonths,
    status: 'active',
    awardedAt: decidedAt,
    schedule,
  };
  const created = await putGrant(grant);
  await planMilestones(call, grant);
  if (created) {
    await audit({ at: decidedAt, actor: 'board', action: 'grant.create', subject: { callId: call.callId, applicationId: app.applicationId, grantId: grant.grantId }, before: null, after: { amountUsd, startDate: schedule.startDate, endDate: schedule.endDate, tranches: schedule.tranches.length, reports: schedule.reports.length } });
  }
}

/** The hour (UTC) at which a milestone's schedule fires on its date. */
const FIRE_AT = 'T06:00:00Z';

/**
 * The grant's report and tranche records, and one one-time schedule per
 * milestone: a report's at its request date (due date less
 * `reportRequestDaysBefore`), a tranche's at its due date. A date already
 * past fires a minute from now. Everything is written once, whatever the
 * number of runs.
 */
async function planMilestones(call: Call, grant: Grant) {
  const reports: ReportRecord[] = grant.schedule.reports.map((r) => ({
    reportId: reportIdOf(grant.grantId, r.number),
    grantId: grant.grantId,
    callId: call.callId,
    number: r.number,
    kind: r.kind,
    periodEnd: r.periodEnd,
    dueDate: r.dueDate,
    requestDate: addDays(r.dueDate, -call.reportRequestDaysBefore),
    overdueAfter: addDays(r.dueDate, call.reportGraceDays),
    status: 'scheduled',
    overdue: false,
    submissions: [],
  }));
  const tranches: TrancheRecord[] = grant.schedule.tranches.map((t) => ({ grantId: grant.grantId, number: t.number, dueDate: t.dueDate, amountUsd: t.amountUsd, afterReport: t.afterReport, status: 'scheduled' }));
  await createMilestones(grant, reports, tranches);
  const soon = now().getTime() + 60_000;
  const fireOn = (date: string) => new Date(Math.max(Date.parse(`${date}${FIRE_AT}`), soon));
  for (const r of reports) await scheduleMilestone(`${grant.grantId}-report-${r.number}`, fireOn(r.requestDate), { grantId: grant.grantId, milestone: `report-${r.number}` });
  for (const t of tranches) await scheduleMilestone(`${grant.grantId}-tranche-${t.number}`, fireOn(t.dueDate), { grantId: grant.grantId, milestone: `tranche-${t.number}` });
}
