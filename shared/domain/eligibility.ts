// Eligibility rules (DOMAIN.md step 3): pure functions over the facts that the
// intake workflow loads. Every failing rule is reported, each with a stable
// machine-readable code and a plain message (no personal data in either).
import type { ActionLine, BudgetCategory, DocumentKind, OrganisationType } from './vocabulary.ts';
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, NGO_TYPES, OPERATIONAL_CATEGORY } from './vocabulary.ts';
import { formatUsd, sumCents, toCents } from './money.ts';

export const ELIGIBILITY_CODES = [
  'CALL_NOT_OPEN',
  'NOT_AN_NGO',
  'NO_DIRECT_ASSISTANCE',
  'ACTION_LINE_NOT_IN_CALL',
  'AMOUNT_OVER_CAP',
  'AMOUNT_UNDER_MINIMUM',
  'BUDGET_MISMATCH',
  'OPERATIONAL_SHARE_TOO_HIGH',
  'DURATION_TOO_LONG',
  'INSUFFICIENT_EXPERIENCE',
  'DOCUMENT_MISSING',
  'DOCUMENT_INVALID',
  'OVERDUE_REPORTS',
] as const;
export type EligibilityCode = (typeof ELIGIBILITY_CODES)[number];

export interface EligibilityReason {
  code: EligibilityCode;
  message: string;
  /** For document reasons: which document. */
  documentKind?: DocumentKind;
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: EligibilityReason[];
}

export type DocumentCheck =
  | { kind: DocumentKind; status: 'verified' }
  | { kind: DocumentKind; status: 'missing' }
  | { kind: DocumentKind; status: 'invalid'; problem: string };

/** Everything the rules look at; loaded by the `intake-load` step. */
export interface EligibilityFacts {
  submittedAt: string;
  call: {
    opensAt: string;
    closesAt: string;
    maxGrantUsd: number;
    minGrantUsd: number;
    maxDurationMonths: number;
    minYearsExperience: number;
    maxOperationalShare: number;
    actionLines: ActionLine[];
  };
  organisation: {
    type: OrganisationType;
    legallyRegistered: boolean;
    yearsAssistingVictims: number;
  };
  project: {
    directAssistance: boolean;
    durationMonths: number;
    actionLines: ActionLine[];
  };
  budget: {
    requestedUsd: number;
    lines: { category: BudgetCategory; amountUsd: number }[];
  };
  documents: DocumentCheck[];
  /** Reports on earlier grants of the same organisation that are past due (and grace). */
  overdueReports: number;
}

type Rule = (facts: EligibilityFacts) => EligibilityReason[];

const fail = (code: EligibilityCode, message: string, extra: Partial<EligibilityReason> = {}): EligibilityReason[] => [
  { code, message, ...extra },
];

/** Open from `opensAt` (inclusive) until `closesAt` (exclusive), judged at the moment of submission. */
export const callOpen: Rule = ({ submittedAt, call }) => {
  const t = Date.parse(submittedAt);
  return t >= Date.parse(call.opensAt) && t < Date.parse(call.closesAt)
    ? []
    : fail('CALL_NOT_OPEN', 'The application was submitted while the call was not open.');
};

export const isRegisteredNgo: Rule = ({ organisation }) =>
  NGO_TYPES.includes(organisation.type) && organisation.legallyRegistered
    ? []
    : fail('NOT_AN_NGO', 'The fund grants only to legally registered non-governmental organisations.');

export const givesDirectAssistance: Rule = ({ project }) =>
  project.directAssistance
    ? []
    : fail('NO_DIRECT_ASSISTANCE', 'The project must give direct assistance to victims of trafficking.');

/** Decision beyond the issue: a project must work in at least one action line the call funds. */
export const withinCallActionLines: Rule = ({ project, call }) =>
  project.actionLines.some((line) => call.actionLines.includes(line))
    ? []
    : fail('ACTION_LINE_NOT_IN_CALL', `The call funds only these action lines: ${call.actionLines.join(', ')}.`);

export const withinCap: Rule = ({ budget, call }) =>
  toCents(budget.requestedUsd) <= toCents(call.maxGrantUsd)
    ? []
    : fail('AMOUNT_OVER_CAP', `The amount requested is above the cap of ${formatUsd(call.maxGrantUsd)}.`);

export const aboveMinimum: Rule = ({ budget, call }) =>
  toCents(budget.requestedUsd) >= toCents(call.minGrantUsd) && budget.requestedUsd > 0
    ? []
    : fail('AMOUNT_UNDER_MINIMUM', `The amount requested is below the minimum of ${formatUsd(call.minGrantUsd)}.`);

export const budgetAddsUp: Rule = ({ budget }) => {
  const lines = sumCents(budget.lines.map((l) => l.amountUsd));
  const requested = toCents(budget.requestedUsd);
  return lines === requested
    ? []
    : fail(
        'BUDGET_MISMATCH',
        `The budget lines add up to ${formatUsd(lines / 100)}, not to the ${formatUsd(requested / 100)} requested.`,
      );
};

/**
 * Operational (indirect) costs at most `maxOperationalShare` of the amount
 * requested. Compared in integer arithmetic (cents × basis points) so that
 * exactly 10% passes and one cent more fails.
 */
export const operationalShareWithinLimit: Rule = ({ budget, call }) => {
  const operational = sumCents(budget.lines.filter((l) => l.category === OPERATIONAL_CATEGORY).map((l) => l.amountUsd));
  const requested = toCents(budget.requestedUsd);
  const limitBasisPoints = Math.round(call.maxOperationalShare * 10_000);
  return operational * 10_000 <= limitBasisPoints * requested
    ? []
    : fail(
        'OPERATIONAL_SHARE_TOO_HIGH',
        `Operational costs may be at most ${limitBasisPoints / 100}% of the amount requested.`,
      );
};

export const withinMaxDuration: Rule = ({ project, call }) =>
  project.durationMonths <= call.maxDurationMonths
    ? []
    : fail('DURATION_TOO_LONG', `Projects may last at most ${call.maxDurationMonths} months.`);

export const enoughExperience: Rule = ({ organisation, call }) =>
  organisation.yearsAssistingVictims >= call.minYearsExperience
    ? []
    : fail(
        'INSUFFICIENT_EXPERIENCE',
        `The organisation needs at least ${call.minYearsExperience} year(s) of experience assisting victims of trafficking.`,
      );

export const documentsComplete: Rule = ({ documents }) =>
  DOCUMENT_KINDS.flatMap((kind) => {
    const check = documents.find((d) => d.kind === kind);
    const label = DOCUMENT_KIND_LABELS[kind];
    if (!check || check.status === 'missing') {
      return fail('DOCUMENT_MISSING', `${label}: not uploaded.`, { documentKind: kind });
    }
    if (check.status === 'invalid') {
      return fail('DOCUMENT_INVALID', `${label}: ${check.problem}`, { documentKind: kind });
    }
    return [];
  });

export const noOverdueReports: Rule = ({ overdueReports }) =>
  overdueReports === 0
    ? []
    : fail('OVERDUE_REPORTS', 'The organisation has an overdue report on an earlier grant of the fund.');

export const RULES: readonly Rule[] = [
  callOpen,
  isRegisteredNgo,
  givesDirectAssistance,
  withinCallActionLines,
  withinCap,
  aboveMinimum,
  budgetAddsUp,
  operationalShareWithinLimit,
  withinMaxDuration,
  enoughExperience,
  documentsComplete,
  noOverdueReports,
];

export function checkEligibility(facts: EligibilityFacts): EligibilityResult {
  const reasons = RULES.flatMap((rule) => rule(facts));
  return { eligible: reasons.length === 0, reasons };
}
