// The board pack: what the trustees read before they vote. First the slate
// as a summary table (rank, organisation, country, project, amount, final
// score, the rule that put it in), its total, the budget and what remains;
// then one page per project: organisation, country, title, summary, amount,
// budget lines, the final score with its parts, the priority contexts and the
// reviewers' comments, never their names (the Board judges the projects, not
// the reviewers, and reviewers must not be lobbied).
//
// Built from plain data (./board-documents.ts loads it), so it is tested
// without the system.
import { formatUsd } from '../domain/money.ts';
import { PdfWriter } from './layout.ts';

export type SlateRuleName = 'rank' | 'regional-balance' | 'secretariat';

export interface PackProject {
  rank: number;
  organisation: string;
  /** Country of registration, by name. */
  country: string;
  title: string;
  summary: string;
  countries: string[];
  actionLines: string[];
  startDate: string;
  durationMonths: number;
  amountUsd: number;
  requestedUsd: number;
  rule: SlateRuleName;
  /** The secretariat's reasons for its changes to this project (lowered amount, included from the reserve). */
  reasons: string[];
  budgetLines: { category: string; description: string; amountUsd: number }[];
  finalScore: number;
  meanReview: number;
  priorityPoints: number;
  /** Each review's total (0-100), in no particular order. */
  reviewTotals: number[];
  /** The mean score (1-5) of each criterion over the reviews, with its weight. */
  criteria: { label: string; weight: number; mean: number | null }[];
  priorityContexts: { context: string; points: number; explanation: string }[];
  /** The reviewers' comments, without who wrote them. */
  comments: string[];
}

export interface BoardPack {
  callTitle: string;
  budgetUsd: number;
  /** 1: the slate; more: a reserve offer. */
  round: number;
  /** Sent to the Board (with the date), or a draft of the slate as it stands. */
  submittedAt?: string;
  deadline?: string;
  regionalBalance: boolean;
  projects: PackProject[];
  totalUsd: number;
  remainingUsd: number;
  overBudgetUsd: number;
  /** Ranked applications left off the slate, in rank order. */
  reserve: { rank: number; organisation: string; country: string; title: string; requestedUsd: number; finalScore: number }[];
  generatedAt: string;
}

export const SLATE_RULES: Record<SlateRuleName, string> = {
  rank: 'rank: in rank order at the amount requested, while the budget lasts (a project that no longer fits is skipped and the next ones are still tried)',
  'regional-balance': 'regional balance: the best-ranked project of its UN regional group, which the rank rule alone would have left out',
  secretariat: 'secretariat: included by the secretariat from the reserve list, with the reason given',
};

const day = (iso: string) => iso.slice(0, 10);

export async function boardPackPdf(pack: BoardPack): Promise<Buffer> {
  const reserveOffer = pack.round > 1;
  const pdf = new PdfWriter(`Board pack: ${pack.callTitle}`, `Board pack · ${pack.callTitle}`, new Date(pack.generatedAt));
  const status = pack.submittedAt
    ? `Sent to the Board on ${day(pack.submittedAt)}${pack.deadline ? `; the vote closes on ${pack.deadline.slice(0, 16).replace('T', ' ')} UTC` : ''}.`
    : `Draft: the slate as it stands on ${day(pack.generatedAt)}, not yet sent to the Board.`;
  pdf.title(`Board pack: ${pack.callTitle}`, `${reserveOffer ? `Reserve offer (vote round ${pack.round}). ` : ''}${status} Confidential: for the Board of Trustees.`);

  pdf.heading(reserveOffer ? 'The project offered' : 'The slate');
  if (reserveOffer) {
    pdf.paragraph('An approved grant of this call was declined or cancelled before its first tranche. The next project on the reserve list, in rank order, whose request fits the budget the call has left is offered to the Board.');
  }
  pdf.table(
    ['Rank', 'Organisation', 'Country', 'Project', 'Amount', 'Score', 'Rule'],
    pack.projects.map((p) => [String(p.rank), p.organisation, p.country, p.title, formatUsd(p.amountUsd), p.finalScore.toFixed(2), p.rule]),
    [30, '*', 60, '*', 60, 36, 74],
    ['right', 'left', 'left', 'left', 'right', 'right', 'left'],
  );
  pdf.facts([
    ['Projects', String(pack.projects.length)],
    ['Total', formatUsd(pack.totalUsd)],
    ...(reserveOffer
      ? []
      : ([
          ['Budget of the call', formatUsd(pack.budgetUsd)],
          ['Remaining budget', formatUsd(pack.remainingUsd)],
          ...(pack.overBudgetUsd > 0 ? ([['Over the budget by', formatUsd(pack.overBudgetUsd)]] as const) : []),
        ] as const)),
  ]);
  pdf.subheading('How each project came in');
  const used = [...new Set(pack.projects.map((p) => p.rule))];
  for (const rule of used) pdf.paragraph(`• ${SLATE_RULES[rule]}.`);
  if (!reserveOffer) {
    pdf.paragraph(
      `The ranking: final score = the mean of the reviewers' totals (0 to 100) + the priority points; ties go to more priority points, then to the earliest submission.${pack.regionalBalance ? ' This call asks for regional balance: each UN regional group with a fundable project first gets its best-ranked one, when the budget allows.' : ''}`,
      { grey: true },
    );
  }
  if (pack.reserve.length) {
    pdf.subheading('The reserve list');
    pdf.table(
      ['Rank', 'Organisation', 'Country', 'Project', 'Requested', 'Score'],
      pack.reserve.map((r) => [String(r.rank), r.organisation, r.country, r.title, formatUsd(r.requestedUsd), r.finalScore.toFixed(2)]),
      [32, '*', 70, '*', 70, 40],
      ['right', 'left', 'left', 'left', 'right', 'right'],
    );
  }

  for (const p of pack.projects) {
    pdf.newPage();
    pdf.title(`${p.rank}. ${p.title}`, `${p.organisation} · ${p.country}`);
    pdf.facts([
      ['Organisation', p.organisation],
      ['Country of registration', p.country],
      ['Countries of implementation', p.countries.join(', ')],
      ['Action lines', p.actionLines.join(', ')],
      ['Start and duration', `${p.startDate}, ${p.durationMonths} months`],
      ['Amount', p.amountUsd === p.requestedUsd ? formatUsd(p.amountUsd) : `${formatUsd(p.amountUsd)} (requested ${formatUsd(p.requestedUsd)})`],
      ['On the slate by', p.rule],
    ]);
    for (const reason of p.reasons) pdf.paragraph(`The secretariat: ${reason}`, { grey: true });
    pdf.subheading('Summary');
    pdf.paragraph(p.summary);
    pdf.subheading('Budget');
    pdf.table(
      ['Category', 'Line', 'Amount'],
      [...p.budgetLines.map((l) => [l.category, l.description, formatUsd(l.amountUsd)]), ['', 'Total requested', formatUsd(p.budgetLines.reduce((s, l) => s + Math.round(l.amountUsd * 100), 0) / 100)]],
      [110, '*', 80],
      ['left', 'left', 'right'],
    );
    pdf.subheading(`Final score ${p.finalScore.toFixed(2)}`);
    pdf.paragraph(
      `= reviews ${p.meanReview.toFixed(2)} (the mean of ${p.reviewTotals.length} review${p.reviewTotals.length === 1 ? '' : 's'}: ${p.reviewTotals.map((t) => t.toFixed(2)).join(', ') || 'none'}) + priority ${p.priorityPoints}.`,
    );
    if (p.criteria.length) {
      pdf.table(
        ['Criterion', 'Weight', 'Mean score (1-5)'],
        p.criteria.map((c) => [c.label, String(c.weight), c.mean === null ? '' : c.mean.toFixed(2)]),
        ['*', 50, 90],
        ['left', 'right', 'right'],
      );
    }
    pdf.subheading('Priority contexts');
    pdf.paragraph(p.priorityContexts.length ? p.priorityContexts.map((c) => `• ${c.context} (+${c.points}): ${c.explanation}`).join('\n') : 'None.');
    pdf.subheading("Reviewers' comments");
    if (p.comments.length) p.comments.forEach((c, i) => pdf.paragraph(`Review ${i + 1}: ${c}`));
    else pdf.paragraph('No comments were given.');
  }
  return pdf.finish();
}
