// The ballot behind a trustee's link. GET shows the slate (never acts: mail
// scanners follow links); POST casts the ballot: one vote on every project,
// all at once and final, then resumes the trustee's waiting step of the
// `call` workflow with the token kept on the server. HTML for people (works
// without JavaScript), JSON for API clients.
//
// A link opens its own trustee's ballot only: the trustee comes from the
// link, never from the request. A trustee with a declared conflict with an
// organisation must recuse themself on its project.
import { completeTask, isTaskGone } from '#shared/adapters/workflows.ts';
import { BallotAnswer, VOTES } from '#shared/api/schemas.ts';
import { now } from '#shared/clock.ts';
import { countryName } from '#shared/domain/countries.ts';
import { formatUsd } from '#shared/domain/money.ts';
import { declaresConflictWith } from '#shared/domain/profiles.ts';
import type { Vote } from '#shared/domain/tally.ts';
import { httpApi, json, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { HttpError, validationFailed } from '#shared/http/errors.ts';
import { escapeHtml, page } from '#shared/http/html.ts';
import { answerBody, failure as linkFailure, linkError, wantsHtml } from '#shared/http/link-pages.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { logger } from '#shared/logger.ts';
import { getApplication } from '#shared/repository/applications.ts';
import { AlreadyVotedError, castBallot, getBallot } from '#shared/repository/board.ts';
import { getCall, roundOf, type Call } from '#shared/repository/calls.ts';
import { resolveLink, useLink } from '#shared/repository/links.ts';
import { getTrustee, type Trustee } from '#shared/repository/trustees.ts';

const failure = (event: HttpEvent, error: HttpError) => linkFailure(event, error, 'Ballot');

export interface BallotProject {
  applicationId: string;
  rank: number;
  organisation: string;
  country: string;
  title: string;
  amountUsd: number;
  finalScore: number;
  meanReview: number;
  priorityPoints: number;
  priorityContexts: { context: string; points: number; explanation: string }[];
  /** The trustee declared a conflict with this organisation: the only vote taken is a recusal. */
  conflict: boolean;
}

async function openBallot(event: HttpEvent) {
  const reference = pathParam(event, 'ref');
  const resolved = await resolveLink(reference, 'ballot', now());
  if (resolved.state !== 'open') throw linkError(resolved.state);
  const { callId, trusteeId, round: roundText } = resolved.link.subject as Record<string, string>;
  const round = Number(roundText ?? '1');
  const [call, trustee, ballot] = await Promise.all([getCall(callId!), getTrustee(trusteeId!), getBallot(callId!, round, trusteeId!)]);
  const votes = call && roundOf(call, round);
  if (!call || !votes || !trustee || !ballot) throw linkError('unknown');
  // Cast through another link of the same ballot (a reminder's, or the first one).
  if (ballot.status === 'cast') throw linkError('used');
  const apps = await Promise.all(votes.entries.map((e) => getApplication(e.applicationId)));
  const projects: BallotProject[] = votes.entries.map((entry, i) => {
    const app = apps[i]!;
    const ranked = call.ranking!.find((r) => r.applicationId === entry.applicationId)!;
    return {
      applicationId: entry.applicationId,
      rank: ranked.rank,
      organisation: ranked.organisation,
      country: ranked.country,
      title: ranked.title,
      amountUsd: entry.amountUsd,
      finalScore: ranked.finalScore,
      meanReview: ranked.meanReview,
      priorityPoints: ranked.priorityPoints,
      priorityContexts: (app.priority?.rules ?? []).map((r) => ({ context: r.context, points: r.points, explanation: r.explanation })),
      conflict: declaresConflictWith(trustee.conflicts.organisations, app.input.organisation),
    };
  });
  return { reference, call, round, trustee, ballot, projects, deadline: resolved.link.expiresAt };
}

async function show(event: HttpEvent) {
  try {
    const { reference, call, round, trustee, projects, deadline } = await openBallot(event);
    const pack = `/ballot/${reference}/pack.pdf`;
    if (!wantsHtml(event)) return json(200, { call: { callId: call.callId, title: call.title }, round, trustee: { name: trustee.name }, projects, votes: VOTES, deadline, pack });
    return page(200, 'Ballot', ballotPage(call, round, trustee, projects, deadline, pack));
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

/** The votes from a JSON body or from the HTML form (`vote.<applicationId>` fields); one for every project, conflicts recused. */
function parseVotes(event: HttpEvent, projects: BallotProject[]): BallotAnswer['votes'] {
  const body = answerBody(event);
  const data =
    body.kind === 'json'
      ? body.data
      : { votes: projects.filter((p) => body.form.has(`vote.${p.applicationId}`)).map((p) => ({ applicationId: p.applicationId, vote: body.form.get(`vote.${p.applicationId}`) })) };
  const parsed = BallotAnswer.safeParse(data);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error.issues, data));
  const votes = parsed.data.votes;
  const problems = [
    ...votes.flatMap((v, i) => {
      const project = projects.find((p) => p.applicationId === v.applicationId);
      if (!project) return [{ path: `votes[${i}].applicationId`, message: 'is not a project of this slate' }];
      if (votes.findIndex((other) => other.applicationId === v.applicationId) !== i) return [{ path: `votes[${i}].applicationId`, message: 'is voted on twice' }];
      if (project.conflict && v.vote !== 'recuse') return [{ path: `votes[${i}].vote`, message: 'must be "recuse": you declared a conflict of interest with this organisation' }];
      return [];
    }),
    ...projects
      .filter((p) => !votes.some((v) => v.applicationId === p.applicationId))
      .map((p) => ({ path: `votes[applicationId=${p.applicationId}]`, message: `is missing: a ballot has one vote on every project (${p.title})` })),
  ];
  if (problems.length) throw validationFailed(problems, 'The ballot is not complete or not valid; nothing was recorded.');
  return votes;
}

/**
 * Casts the ballot in one transaction (every vote a conditional put, and the
 * ballot from `requested` to `cast`): a second ballot, or a second vote on a
 * project, is a 409 that changes nothing. Then the waiting step is resumed.
 * A vote recorded before the deadline counts even if the step is gone (a
 * local restart re-drives the vote and skips cast ballots), so nothing is
 * taken back.
 */
async function cast(event: HttpEvent) {
  try {
    const { reference, call, round, trustee, ballot, projects } = await openBallot(event);
    const votes = parseVotes(event, projects);
    const at = now().toISOString();
    const token = ballot.taskToken;
    try {
      await castBallot(ballot, votes.map((v) => ({ callId: call.callId, round, applicationId: v.applicationId, trusteeId: trustee.trusteeId, vote: v.vote as Vote, castAt: at })), at);
    } catch (error) {
      if (error instanceof AlreadyVotedError) throw new HttpError(409, 'ALREADY_VOTED', 'This ballot was already cast; the first votes stand.');
      throw error;
    }
    await useLink(reference, 'ballot', new Date(at));
    if (token) {
      try {
        await completeTask(token, { trusteeId: trustee.trusteeId, castAt: at });
      } catch (error) {
        if (!isTaskGone(error)) throw error;
        logger.warn('ballot cast while its step was not waiting', { callId: call.callId, trusteeId: trustee.trusteeId });
      }
    }
    logger.info('ballot cast', { callId: call.callId, trusteeId: trustee.trusteeId, votes: votes.length });
    const counts = Object.fromEntries(VOTES.map((v) => [v, votes.filter((x) => x.vote === v).length]));
    return wantsHtml(event)
      ? page(200, 'Thank you', `<h1>Thank you</h1><p>Your ballot is recorded: ${counts.approve} approved, ${counts.reject} rejected, ${counts.abstain} abstentions, ${counts.recuse} recusals. You may close this page.</p>`)
      : json(200, { status: 'cast', castAt: at, counts });
  } catch (error) {
    if (error instanceof HttpError) return failure(event, error);
    throw error;
  }
}

const VOTE_LABELS: Record<(typeof VOTES)[number], string> = { approve: 'Approve', reject: 'Reject', abstain: 'Abstain', recuse: 'Recuse (conflict of interest)' };

function ballotPage(call: Call, round: number, trustee: Trustee, projects: BallotProject[], deadline: string, pack: string) {
  const rows = projects
    .map((p, i) => {
      const choices = (p.conflict ? (['recuse'] as const) : VOTES)
        .map(
          (v) =>
            `<span class="choice"><input type="radio" id="v-${i}-${v}" name="vote.${escapeHtml(p.applicationId)}" value="${v}" required${p.conflict ? ' checked' : ''}><label for="v-${i}-${v}">${VOTE_LABELS[v]}</label></span>`,
        )
        .join('');
      return `<section class="project">
<h2>${p.rank}. ${escapeHtml(p.title)}</h2>
<dl class="facts">
<dt>Organisation</dt><dd>${escapeHtml(p.organisation)} (${escapeHtml(countryName(p.country) ?? p.country)})</dd>
<dt>Amount</dt><dd>${formatUsd(p.amountUsd)}</dd>
<dt>Final score</dt><dd>${p.finalScore} = reviews ${p.meanReview} + priority ${p.priorityPoints}</dd>
<dt>Priority contexts</dt><dd>${p.priorityContexts.length ? p.priorityContexts.map((c) => escapeHtml(c.explanation)).join('<br>') : 'None'}</dd>
</dl>
${p.conflict ? '<p class="help">You declared a conflict of interest with this organisation: you are recused.</p>' : ''}
<fieldset class="field group"><legend>Your vote on ${escapeHtml(p.title)} (${escapeHtml(p.organisation)})</legend><div class="choices">${choices}</div></fieldset>
</section>`;
    })
    .join('\n');
  return `<h1>Ballot: ${escapeHtml(call.title)}</h1>
${round > 1 ? '<p>A reserve offer: an approved grant was declined or cancelled before its first tranche, and this is the next project on the reserve list that fits the freed budget.</p>' : ''}
<p>${escapeHtml(trustee.name)}, please vote on each project before ${escapeHtml(new Date(deadline).toUTCString())}. This page is personal; the ballot is final once cast.</p>
<p><a href="${escapeHtml(pack)}">The board pack (PDF)</a>: the slate with its totals and the remaining budget, then a page per project with its summary, budget, scores and the reviewers' comments.</p>
<form method="post">
${rows}
<button type="submit">Cast my ballot</button>
</form>`;
}

export const handler = httpApi({
  'GET /ballot/{ref}': show,
  'POST /ballot/{ref}': cast,
});
