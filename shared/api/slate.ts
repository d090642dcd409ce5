// The slate as the secretariat's API shows it (used by the admin API and by
// the submit route, which is a handler of its own: it resumes the workflow).
import { regionalGroup } from '../domain/countries.ts';
import { proposeSlate } from '../domain/slate.ts';
import { slateTotals, type StoredSlate } from '../domain/slate-changes.ts';
import { notFound, HttpError } from '../http/errors.ts';
import type { Call } from '../repository/calls.ts';

/**
 * The proposed slate, from the ranking: the rule in shared/domain/slate.ts
 * (rank order at the requested amounts while the budget lasts, skipping what
 * no longer fits; regional balance when the call asks for it). A project's
 * region is the UN regional group of its organisation's registration country.
 */
export function proposal(call: Call): StoredSlate {
  const ranking = call.ranking!;
  const slate = proposeSlate(
    ranking.map((r) => ({ applicationId: r.applicationId, rank: r.rank, amountUsd: r.requestedUsd, region: regionalGroup(r.country) })),
    call.budgetUsd,
    { regionalBalance: call.regionalBalance },
  );
  const line = (r: { applicationId: string; rank: number; amountUsd: number; region: string | null }, rule: 'rank' | 'regional-balance') => ({
    applicationId: r.applicationId,
    rank: r.rank,
    requestedUsd: r.amountUsd,
    amountUsd: r.amountUsd,
    region: r.region,
    rule,
  });
  return { entries: slate.entries.map((e) => line(e, e.rule)), reserve: slate.reserve.map((r) => line(r, 'rank')), changes: [] };
}

/** The call, if it has a ranking to make a slate from (404 / 409 otherwise). */
export function rankedCall(call: Call | undefined): Call {
  if (!call) throw notFound();
  if (!call.ranking) {
    throw new HttpError(409, 'NOT_RANKED_YET', 'The slate is made from the ranking, once every review is in.', [
      { path: 'review.status', message: call.review ? `is ${call.review.status}` : 'the call is not closed' },
    ]);
  }
  return call;
}

export const currentSlate = (call: Call): StoredSlate => call.slate ?? proposal(call);

export const slateView = (call: Call, slate: StoredSlate) => ({
  callId: call.callId,
  budgetUsd: call.budgetUsd,
  submitted: call.slateSubmission ? { at: call.slateSubmission.at, trustees: call.slateSubmission.trusteeIds.length } : null,
  ...slate,
  ...slateTotals(slate, call.budgetUsd),
});
