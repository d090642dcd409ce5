// The Board's tally for one project (the board-decision issue), pure.
//
// Defaults (call settings): quorum is a majority of the trustees eligible on
// the project, recused trustees not counted as eligible (3 of 5); a project is
// approved when approvals are more than half of the votes cast for or against
// (abstentions do not count; a tie fails); a trustee with a declared conflict
// with the organisation is recused whatever their ballot says.

export type Vote = 'approve' | 'reject' | 'abstain' | 'recuse';

export interface TrusteeVote {
  trusteeId: string;
  /** Undefined: the trustee did not vote. */
  vote?: Vote;
  /** A declared conflict with the applicant organisation: recusal is mandatory. */
  conflict?: boolean;
}

export interface TallySettings {
  /** Minimum number of trustees who voted (approve, reject or abstain); default: a majority of the eligible. */
  quorum?: number;
}

export type TallyOutcome = 'approved' | 'rejected' | 'no-quorum';

export type TallyRule =
  | 'NO_QUORUM'
  | 'MAJORITY_APPROVED'
  | 'TIE_FAILS'
  | 'MAJORITY_REJECTED'
  | 'NO_VOTE_FOR_OR_AGAINST';

export interface Tally {
  outcome: TallyOutcome;
  rule: TallyRule;
  eligible: number;
  quorum: number;
  voted: number;
  approvals: number;
  rejections: number;
  abstentions: number;
  recused: string[];
  notVoted: string[];
  /** Who voted what, as counted (a conflicted trustee's ballot counts as a recusal). */
  counted: { trusteeId: string; counted: Vote | 'none'; because?: 'declared-conflict' }[];
}

export function tally(votes: readonly TrusteeVote[], settings: TallySettings = {}): Tally {
  const counted = votes.map((v) =>
    v.conflict ? { trusteeId: v.trusteeId, counted: 'recuse' as const, because: 'declared-conflict' as const } : { trusteeId: v.trusteeId, counted: v.vote ?? ('none' as const) },
  );
  const count = (what: Vote | 'none') => counted.filter((c) => c.counted === what).length;
  const recused = counted.filter((c) => c.counted === 'recuse').map((c) => c.trusteeId);
  const eligible = votes.length - recused.length;
  const approvals = count('approve');
  const rejections = count('reject');
  const abstentions = count('abstain');
  const voted = approvals + rejections + abstentions;
  const quorum = settings.quorum ?? Math.floor(eligible / 2) + 1;
  const base = {
    eligible,
    quorum,
    voted,
    approvals,
    rejections,
    abstentions,
    recused,
    notVoted: counted.filter((c) => c.counted === 'none').map((c) => c.trusteeId),
    counted,
  };
  if (voted < quorum || eligible === 0) return { ...base, outcome: 'no-quorum', rule: 'NO_QUORUM' };
  if (approvals + rejections === 0) return { ...base, outcome: 'rejected', rule: 'NO_VOTE_FOR_OR_AGAINST' };
  if (approvals * 2 > approvals + rejections) return { ...base, outcome: 'approved', rule: 'MAJORITY_APPROVED' };
  if (approvals === rejections) return { ...base, outcome: 'rejected', rule: 'TIE_FAILS' };
  return { ...base, outcome: 'rejected', rule: 'MAJORITY_REJECTED' };
}
