// What the Board's documents say, read from the table: the board pack of a
// vote round (the slate, or a reserve offer) and the record of the
// decisions. Plain data for shared/pdf/*, which alone loads pdfkit; the
// reviewers stay anonymous in the pack (their comments, never their names
// or ids).
import { countryName } from '../domain/countries.ts';
import { slateTotals, type SlateChangeRecord, type SlateLine, type StoredSlate } from '../domain/slate-changes.ts';
import { formatUsd } from '../domain/money.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { getApplication, type Application } from '../repository/applications.ts';
import { listBallots, listDecisions, type Decision } from '../repository/board.ts';
import { roundOf, roundsOf, type Call } from '../repository/calls.ts';
import { listReviewsOfApplication } from '../repository/reviews.ts';
import { listTrustees } from '../repository/trustees.ts';
import type { BoardPack, PackProject } from '../pdf/board-pack.ts';
import type { DecisionsRecord, RecordedProject } from '../pdf/decisions-record.ts';
import { currentSlate } from './slate.ts';

const nameOfCountry = (code: string) => countryName(code) ?? code;

/** The rules the tally applies on a call, in words (the decisions API and the record for the minutes). */
export const tallyRules = (call: Pick<Call, 'quorum'>) => ({
  quorum: call.quorum ? `${call.quorum} trustees who vote (approve, reject or abstain)` : 'A majority of the trustees eligible on the project; recused trustees are not eligible.',
  majority: 'Approved when approvals are more than half of the votes for or against; abstentions do not count; a tie fails.',
  recusal: 'Mandatory for a trustee with a declared conflict with the organisation, whatever their ballot says.',
});

function changeText(change: SlateChangeRecord): string {
  const what = change.action === 'set-amount' ? `amount set to ${formatUsd(change.amountUsd ?? 0)}` : change.action === 'include' ? 'included from the reserve list' : 'taken off the slate';
  return `${what} (${change.at.slice(0, 10)}): ${change.reason}`;
}

async function packProject(call: Call, line: Pick<SlateLine, 'applicationId' | 'amountUsd' | 'rule'>, changes: readonly SlateChangeRecord[]): Promise<PackProject> {
  const ranked = call.ranking?.find((r) => r.applicationId === line.applicationId);
  const [app, reviews] = await Promise.all([getApplication(line.applicationId), listReviewsOfApplication(line.applicationId)]);
  if (!ranked || !app) throw new Error(`Board pack: application ${line.applicationId} is not ranked`);
  const submitted = reviews.filter((r) => r.status === 'submitted').sort((a, b) => (a.answeredAt ?? '').localeCompare(b.answeredAt ?? ''));
  const criteria = call.reviewCriteria.map((c) => {
    const scores = submitted.map((r) => r.scores?.[c.id]).filter((s): s is number => typeof s === 'number');
    return { label: c.label, weight: c.weight, mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null };
  });
  const project = app.input.project;
  return {
    rank: ranked.rank,
    organisation: app.input.organisation.name,
    country: nameOfCountry(app.input.organisation.registrationCountry),
    title: project.title,
    summary: project.summary,
    countries: project.countries.map(nameOfCountry),
    actionLines: [...project.actionLines],
    startDate: project.startDate,
    durationMonths: project.durationMonths,
    amountUsd: line.amountUsd,
    requestedUsd: app.input.budget.requestedUsd,
    rule: line.rule,
    reasons: changes.filter((c) => c.applicationId === line.applicationId).map(changeText),
    budgetLines: app.input.budget.lines.map((l) => ({ category: l.category, description: l.description, amountUsd: l.amountUsd })),
    finalScore: ranked.finalScore,
    meanReview: ranked.meanReview,
    priorityPoints: ranked.priorityPoints,
    reviewTotals: [...ranked.reviewTotals],
    criteria,
    priorityContexts: (app.priority?.rules ?? []).map((r) => ({ context: r.context, points: r.points, explanation: r.explanation })),
    comments: submitted.map((r) => (r.comments ?? '').trim()).filter(Boolean),
  };
}

/**
 * The pack of a vote round: round 1 is the slate (once submitted, as the
 * trustees received it; before, the slate as it stands, marked as a draft);
 * a later round is a reserve offer. 409 before the ranking.
 */
export async function boardPack(call: Call, round: number, at: Date): Promise<BoardPack> {
  if (!call.ranking) {
    throw new HttpError(409, 'NOT_RANKED_YET', 'The board pack is made from the ranking, once every review is in.', [
      { path: 'review.status', message: call.review ? `is ${call.review.status}` : 'the call is not closed' },
    ]);
  }
  const slate: StoredSlate = currentSlate(call);
  const voted = roundOf(call, round);
  if (round > 1 && !voted) throw notFound();
  const lines = round === 1 ? slate.entries : voted!.entries.map((e) => ({ ...e, rule: 'rank' as const }));
  const projects = await Promise.all(lines.map((line) => packProject(call, line, round === 1 ? slate.changes : [])));
  const totals = round === 1 ? slateTotals(slate, call.budgetUsd) : { totalUsd: lines.reduce((s, l) => s + Math.round(l.amountUsd * 100), 0) / 100, remainingUsd: 0, overBudgetUsd: 0 };
  const ranking = new Map(call.ranking.map((r) => [r.applicationId, r]));
  return {
    callTitle: call.title,
    budgetUsd: call.budgetUsd,
    round,
    submittedAt: voted?.startedAt,
    deadline: voted?.vote?.deadline,
    regionalBalance: call.regionalBalance ?? false,
    projects,
    ...totals,
    reserve:
      round === 1
        ? slate.reserve.map((r) => {
            const ranked = ranking.get(r.applicationId)!;
            return { rank: ranked.rank, organisation: ranked.organisation, country: nameOfCountry(ranked.country), title: ranked.title, requestedUsd: ranked.requestedUsd, finalScore: ranked.finalScore };
          })
        : [],
    generatedAt: at.toISOString(),
  };
}

/** The record of the decisions, once the vote on the slate has closed (409 before). */
export async function decisionsRecord(call: Call, at: Date): Promise<DecisionsRecord> {
  if (call.vote?.status !== 'closed') {
    throw new HttpError(409, 'VOTE_NOT_CLOSED', 'The record of the decisions is made once the vote on the slate has closed.', [
      { path: 'vote.status', message: call.vote ? `is ${call.vote.status}` : call.slateSubmission ? 'the vote is opening' : 'the slate is not submitted' },
    ]);
  }
  const [ballots, decisions, trustees] = await Promise.all([listBallots(call.callId), listDecisions(call.callId), listTrustees()]);
  const nameOf = (trusteeId: string) => trustees.find((t) => t.trusteeId === trusteeId)?.name ?? trusteeId;
  const byApp = new Map(decisions.map((d) => [d.applicationId, d]));
  const ranking = new Map((call.ranking ?? []).map((r) => [r.applicationId, r]));
  const apps = new Map<string, Application | undefined>();
  const recorded = async (applicationId: string, amountUsd: number, decision: Decision | undefined, trusteeIds: string[]): Promise<RecordedProject> => {
    if (!apps.has(applicationId)) apps.set(applicationId, await getApplication(applicationId));
    const ranked = ranking.get(applicationId);
    const counted = decision?.tally?.counted ?? [];
    return {
      rank: ranked?.rank ?? 0,
      organisation: ranked?.organisation ?? apps.get(applicationId)?.input.organisation.name ?? applicationId,
      country: nameOfCountry(ranked?.country ?? ''),
      title: ranked?.title ?? '',
      amountUsd,
      outcome: decision?.outcome ?? 'vote open',
      rule: decision?.rule ?? '',
      decidedAt: decision?.decidedAt ?? '',
      tally: decision?.tally,
      votes: trusteeIds.map((trusteeId) => {
        const c = counted.find((x) => x.trusteeId === trusteeId);
        return { trustee: nameOf(trusteeId), vote: c?.counted ?? 'none', declaredConflict: c?.because === 'declared-conflict' };
      }),
      grantId: decision?.grantId,
    };
  };
  const rounds = [];
  for (const round of roundsOf(call)) {
    const decidedHere = (applicationId: string) => {
      const d = byApp.get(applicationId);
      // A reserve offer's decision replaced the project's `not-on-slate` one: it belongs to its own round.
      return d && (d.round ?? 1) === round.round ? d : undefined;
    };
    const offer = call.offers?.find((o) => o.round === round.round);
    rounds.push({
      round: round.round,
      openedAt: round.vote?.openedAt ?? round.startedAt,
      deadline: round.vote?.deadline ?? '',
      closedAt: round.vote?.closedAt,
      freedBy: offer?.freedBy,
      ballots: ballots
        .filter((b) => b.round === round.round)
        .map((b) => ({ trustee: nameOf(b.trusteeId), castAt: b.status === 'cast' ? b.castAt : undefined }))
        .sort((a, b) => a.trustee.localeCompare(b.trustee)),
      projects: await Promise.all(round.entries.map((e) => recorded(e.applicationId, e.amountUsd, decidedHere(e.applicationId), round.trusteeIds))),
    });
  }
  const reserve = decisions
    .filter((d) => d.outcome === 'not-on-slate')
    .map((d) => ranking.get(d.applicationId))
    .filter((r) => r !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => ({ rank: r.rank, organisation: r.organisation, country: nameOfCountry(r.country), title: r.title }));
  return { callTitle: call.title, budgetUsd: call.budgetUsd, rules: tallyRules(call), rounds, reserve, generatedAt: at.toISOString() };
}
