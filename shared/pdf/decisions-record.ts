// The record of the Board's decisions on a call, for the minutes: each vote
// round (the slate, then any reserve offer) with its dates and ballots, the
// rules of the tally, and for every project the decision, the rule that
// decided it, the counts and who voted what (recusals and declared conflicts
// named). Trustees are named here: this is the Board's own record.
//
// Built from plain data (./board-documents.ts loads it).
import { formatUsd } from '../domain/money.ts';
import type { Tally, Vote } from '../domain/tally.ts';
import { PdfWriter } from './layout.ts';

export interface RecordedProject {
  rank: number;
  organisation: string;
  country: string;
  title: string;
  amountUsd: number;
  outcome: string;
  rule: string;
  decidedAt: string;
  tally?: Pick<Tally, 'eligible' | 'quorum' | 'voted' | 'approvals' | 'rejections' | 'abstentions'>;
  /** Each trustee's vote as counted; `none`: did not vote. */
  votes: { trustee: string; vote: Vote | 'none'; declaredConflict: boolean }[];
  grantId?: string;
}

export interface RecordedRound {
  round: number;
  openedAt: string;
  deadline: string;
  closedAt?: string;
  ballots: { trustee: string; castAt?: string }[];
  projects: RecordedProject[];
  /** For a reserve offer: the grant whose cancellation freed the budget. */
  freedBy?: string;
}

export interface DecisionsRecord {
  callTitle: string;
  budgetUsd: number;
  rules: { quorum: string; majority: string; recusal: string };
  rounds: RecordedRound[];
  /** Ranked applications left off the slate (told they are on the reserve list). */
  reserve: { rank: number; organisation: string; country: string; title: string }[];
  generatedAt: string;
}

export const RULE_TEXTS: Record<string, string> = {
  MAJORITY_APPROVED: 'approved: approvals were more than half of the votes for or against',
  MAJORITY_REJECTED: 'rejected: rejections were more than half of the votes for or against',
  TIE_FAILS: 'rejected: as many approvals as rejections (a tie fails)',
  NO_VOTE_FOR_OR_AGAINST: 'rejected: quorum met, but no vote for or against',
  NO_QUORUM: 'not decided: too few trustees voted (no quorum); the secretariat was told',
  NOT_ON_SLATE: 'not funded at this stage: on the reserve list',
};

const VOTE_WORDS: Record<Vote | 'none', string> = { approve: 'approve', reject: 'reject', abstain: 'abstain', recuse: 'recused', none: 'did not vote' };
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export async function decisionsRecordPdf(record: DecisionsRecord): Promise<Buffer> {
  const pdf = new PdfWriter(`Decisions of the Board: ${record.callTitle}`, `Decisions of the Board · ${record.callTitle}`, new Date(record.generatedAt));
  pdf.title(`Decisions of the Board: ${record.callTitle}`, `Record for the minutes, drawn up on ${record.generatedAt.slice(0, 10)} from the ballots as cast. Budget of the call ${formatUsd(record.budgetUsd)}.`);
  pdf.heading('The rules of the tally');
  pdf.facts([
    ['Quorum', record.rules.quorum],
    ['Majority', record.rules.majority],
    ['Recusal', record.rules.recusal],
  ]);

  for (const round of record.rounds) {
    pdf.heading(round.round === 1 ? 'The vote on the slate' : `Vote round ${round.round}: a reserve offer`);
    if (round.freedBy) pdf.paragraph(`Offered from the budget freed by grant ${round.freedBy}, declined or cancelled before its first tranche.`);
    pdf.facts([
      ['Opened', when(round.openedAt)],
      ['Deadline', when(round.deadline)],
      ['Closed', round.closedAt ? when(round.closedAt) : 'still open'],
      ['Ballots cast', `${round.ballots.filter((b) => b.castAt).length} of ${round.ballots.length}`],
    ]);
    pdf.table(
      ['Trustee', 'Ballot'],
      round.ballots.map((b) => [b.trustee, b.castAt ? `cast ${when(b.castAt)}` : 'not cast']),
      ['*', 180],
    );
    const approved = round.projects.filter((p) => p.outcome === 'approved');
    pdf.subheading('The tally');
    pdf.table(
      ['Rank', 'Organisation', 'Amount', 'For', 'Against', 'Abstain', 'Recused', 'Decision'],
      round.projects.map((p) => [
        String(p.rank),
        p.organisation,
        formatUsd(p.amountUsd),
        String(p.tally?.approvals ?? ''),
        String(p.tally?.rejections ?? ''),
        String(p.tally?.abstentions ?? ''),
        String(p.votes.filter((v) => v.vote === 'recuse').length),
        `${p.outcome}\n${p.rule}`,
      ]),
      [30, '*', 62, 30, 46, 46, 46, 100],
      ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
    );
    if (round.round === 1) pdf.paragraph(`${approved.length} of ${round.projects.length} projects approved, ${formatUsd(approved.reduce((s, p) => s + Math.round(p.amountUsd * 100), 0) / 100)} of ${formatUsd(record.budgetUsd)}.`);

    for (const p of round.projects) {
      pdf.subheading(`${p.rank}. ${p.organisation}: ${p.title}`);
      pdf.facts([
        ['Country', p.country],
        ['Amount voted on', formatUsd(p.amountUsd)],
        ['Decision', RULE_TEXTS[p.rule] ?? `${p.outcome} (${p.rule})`],
        ['Rule', p.rule],
        ...(p.tally ? ([['Counts', `${p.tally.voted} voted of ${p.tally.eligible} eligible (quorum ${p.tally.quorum}): ${p.tally.approvals} for, ${p.tally.rejections} against, ${p.tally.abstentions} abstentions`]] as const) : []),
        ['Decided', when(p.decidedAt)],
        ...(p.grantId ? ([['Grant', p.grantId]] as const) : []),
      ]);
      pdf.table(
        ['Trustee', 'Vote'],
        p.votes.map((v) => [v.trustee, `${VOTE_WORDS[v.vote]}${v.declaredConflict ? ' (declared conflict of interest)' : ''}`]),
        ['*', 220],
      );
    }
  }

  if (record.reserve.length) {
    pdf.heading('The reserve list');
    pdf.paragraph(RULE_TEXTS.NOT_ON_SLATE! + '.');
    pdf.table(
      ['Rank', 'Organisation', 'Country', 'Project'],
      record.reserve.map((r) => [String(r.rank), r.organisation, r.country, r.title]),
      [32, '*', 80, '*'],
      ['right', 'left', 'left', 'left'],
    );
  }
  return pdf.finish();
}
