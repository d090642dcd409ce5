import middy from '@middy/core';
import { emailSender } from '#shared/adapters/email.ts';
import { startCallReview } from '#shared/adapters/workflows.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { ballotEmail, reportEmail, reviewerDigestEmail, reviewsTakenAwayEmail } from '#shared/email/templates.ts';
import { dueDigestKeys, progressOf } from '#shared/domain/reviewer-tasks.ts';
import { latestOf, newPageLink } from '#shared/reviewer-links.ts';
import { getGrant } from '#shared/repository/grants.ts';
import { LATE_LINK_DAYS, listAllReports, updateReport } from '#shared/repository/milestones.ts';
import { listBallots, updateBallot } from '#shared/repository/board.ts';
import { getTrustee } from '#shared/repository/trustees.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { listCalls, markReviewStarted, roundsOf, type Call, type VoteRound } from '#shared/repository/calls.ts';
import { createLink } from '#shared/repository/links.ts';
import { listReviewsOfCall, updateReview } from '#shared/repository/reviews.ts';
import { listReviewers, recordDigest } from '#shared/repository/reviewers.ts';
import { eraseDue } from '#shared/retention.ts';

const publicBaseUrl = requireEnv('PUBLIC_BASE_URL');
const DAY = 86_400_000;

/** Which reminders are due: the call's days-before marks already reached and not yet sent. */
export function dueReminders(deadline: Date, daysBefore: readonly number[], sent: readonly number[], at: Date): number[] {
  if (at >= deadline) return [];
  return daysBefore.filter((d) => at.getTime() >= deadline.getTime() - d * DAY && !sent.includes(d));
}

/**
 * The fund's clock tick, every few minutes (EventBridge Scheduler on AWS, the
 * virtual clock locally): closes the calls whose closing time has come, and
 * sends the reminders that are due: to reviewers one digest each (by default
 * 7 and 2 days before the deadline), to trustees per ballot, and the report
 * reminders (7 and 1 days before the due date, 7 and 21 days after it while
 * the report is not yet overdue). Each reminder carries a fresh link; a
 * reminder is recorded before it is sent, so that it goes out once. Then the
 * retention job: the personal data whose retention period has ended is
 * erased (shared/retention.ts, at most 25 applications a run).
 */
export const handler = middy<unknown, { closed: number; reminded: number; erased: number }>().handler(async () => {
  const at = now();
  let closed = 0;
  let reminded = 0;
  for (const call of await listCalls()) {
    if (!call.review && at.getTime() >= Date.parse(call.closesAt)) {
      if (await markReviewStarted(call.callId, { status: 'running', attempt: 1, closedAt: at.toISOString() }, call.closesAt)) {
        await startCallReview(call.callId, 1);
        closed += 1;
        logger.info('call closed at its closing time', { callId: call.callId });
      }
      continue;
    }
    for (const votes of roundsOf(call)) if (votes.vote?.status === 'open') reminded += await remindTrustees(call, votes, at);
    if (call.review?.status !== 'running') continue;
    reminded += await remindReviewers(call, at);
  }
  reminded += await remindGrantees(at);
  // Retention (shared/retention.ts): the personal data whose period has ended, erased once each.
  const erased = (await eraseDue(at)).filter((o) => o.result === 'erased').length;
  if (closed || reminded || erased) logger.info('tick', { closed, reminded, erased });
  return { closed, reminded, erased };
});

/**
 * Review reminders as one digest per reviewer ("3 of 12 still to do, due on
 * …") at the call's marks before each deadline, recorded on the reviewer
 * before it is sent (all the keys of one digest in one conditional write), so
 * a tick that runs twice sends nothing twice. Tasks taken away because their
 * deadline passed are told in one email per reviewer, each task recorded
 * first. Each email carries a fresh link to the reviewer's page.
 */
async function remindReviewers(call: Call, at: Date): Promise<number> {
  const reviews = await listReviewsOfCall(call.callId);
  if (reviews.length === 0) return 0;
  let sent = 0;
  for (const reviewer of await listReviewers(call.callId)) {
    const tasks = reviews.filter((r) => r.reviewerId === reviewer.reviewerId);
    if (tasks.length === 0) continue;
    const latest = latestOf(tasks.map((t) => t.deadline), at);
    const keys = dueDigestKeys(tasks, call.reviewRemindersDaysBefore, reviewer.digestsSent ?? [], at);
    const progress = progressOf(tasks, at);
    if (keys.length && progress.nextDeadline && (await recordDigest(call.callId, reviewer.reviewerId, keys))) {
      const link = await newPageLink(publicBaseUrl, reviewer, at, latest);
      await emailSender().send(reviewerDigestEmail(reviewer, call, { left: progress.left, total: progress.total, nextDeadline: progress.nextDeadline }, link));
      sent += 1;
    }
    const takenAway: typeof tasks = [];
    for (const task of tasks.filter((t) => t.status === 'expired' && !t.takenAwayToldAt)) {
      if (await updateReview(task.applicationId, task.reviewerId, { takenAwayToldAt: at.toISOString() }, ['expired'], { condition: 'attribute_not_exists(takenAwayToldAt)' })) takenAway.push(task);
    }
    if (takenAway.length) {
      const apps = await Promise.all(takenAway.map((t) => getApplication(t.applicationId)));
      await emailSender().send(reviewsTakenAwayEmail(reviewer, call, apps.map((a, i) => a?.input.project.title ?? takenAway[i]!.applicationId)));
      sent += 1;
    }
  }
  return sent;
}

/** Ballot reminders, as for reviews: each with a fresh link to the same ballot, recorded first so it goes out once. */
async function remindTrustees(call: Call, votes: VoteRound, at: Date): Promise<number> {
  let reminded = 0;
  const ballots = (await listBallots(call.callId, votes.round)).filter((b) => b.status === 'requested');
  for (const ballot of ballots) {
    const deadline = new Date(ballot.deadline);
    const due = dueReminders(deadline, call.voteRemindersDaysBefore, ballot.remindersSent ?? [], at);
    if (due.length === 0) continue;
    const trustee = await getTrustee(ballot.trusteeId);
    if (!trustee) continue;
    if (!(await updateBallot(ballot, { remindersSent: [...(ballot.remindersSent ?? []), ...due] }, ['requested']))) continue;
    const reference = await createLink('ballot', { callId: call.callId, round: String(votes.round), trusteeId: ballot.trusteeId }, at, deadline);
    await emailSender().send(ballotEmail('reminder', trustee, call, votes, `${publicBaseUrl}/ballot/${reference}`, deadline));
    reminded += 1;
  }
  return reminded;
}

/** Report reminders: days before the due date, and days after it (before the report is overdue). */
export const REPORT_REMINDERS = { before: [7, 1], after: [7, 21] } as const;

/**
 * Which report reminders are due now, as keys (`before-7`, `after-21`),
 * leaving out those already sent. Marks passed together (the clock moved far,
 * or the tick did not run) give one email.
 */
export function dueReportReminders(dueDate: string, overdueAfter: string, sent: readonly string[], at: Date): string[] {
  const due = Date.parse(`${dueDate}T00:00:00Z`);
  if (at.getTime() >= Date.parse(`${overdueAfter}T00:00:00Z`)) return [];
  const keys = [
    ...REPORT_REMINDERS.before.filter((d) => at.getTime() >= due - d * DAY).map((d) => `before-${d}`),
    ...REPORT_REMINDERS.after.filter((d) => at.getTime() >= due + d * DAY).map((d) => `after-${d}`),
  ];
  return keys.filter((k) => !sent.includes(k));
}

async function remindGrantees(at: Date): Promise<number> {
  let reminded = 0;
  for (const report of (await listAllReports()).filter((r) => r.status === 'requested' && !r.overdue)) {
    const due = dueReportReminders(report.dueDate, report.overdueAfter, report.remindersSent ?? [], at);
    if (due.length === 0) continue;
    const grant = await getGrant(report.grantId);
    if (grant?.status !== 'active') continue;
    const app = await getApplication(grant.applicationId);
    if (!app) continue;
    if (!(await updateReport(report.grantId, report.number, { remindersSent: [...(report.remindersSent ?? []), ...due] }, ['requested']))) continue;
    const expires = new Date(Date.parse(`${report.overdueAfter}T00:00:00Z`) + LATE_LINK_DAYS * DAY);
    const reference = await createLink('report', { grantId: report.grantId, report: String(report.number) }, at, expires);
    await emailSender().send(reportEmail('reminder', grant, app.input.organisation.contact, report, `${publicBaseUrl}/report/${reference}`, undefined, app.input.language));
    reminded += 1;
  }
  return reminded;
}
