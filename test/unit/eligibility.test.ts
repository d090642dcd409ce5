import { describe, expect, it } from 'vitest';
import { checkEligibility, type EligibilityFacts } from '../../shared/domain/eligibility.ts';
import { DOCUMENT_KINDS } from '../../shared/domain/vocabulary.ts';

/** An application that passes every rule; each test changes one thing. */
function facts(overrides: (f: EligibilityFacts) => void = () => undefined): EligibilityFacts {
  const f: EligibilityFacts = {
    submittedAt: '2026-03-10T12:00:00.000Z',
    call: {
      opensAt: '2026-03-01T00:00:00.000Z',
      closesAt: '2026-04-01T00:00:00.000Z',
      maxGrantUsd: 60_000,
      minGrantUsd: 0,
      maxDurationMonths: 36,
      minYearsExperience: 1,
      maxOperationalShare: 0.1,
      actionLines: ['protection', 'legal-assistance', 'empowerment-prevention'],
    },
    organisation: { type: 'ngo', legallyRegistered: true, yearsAssistingVictims: 18 },
    project: { directAssistance: true, durationMonths: 36, actionLines: ['protection'] },
    budget: {
      requestedUsd: 60_000,
      lines: [
        { category: 'direct-assistance', amountUsd: 40_000 },
        { category: 'staff', amountUsd: 14_000 },
        { category: 'operational', amountUsd: 6_000 },
      ],
    },
    documents: DOCUMENT_KINDS.map((kind) => ({ kind, status: 'verified' as const })),
    overdueReports: 0,
  };
  overrides(f);
  return f;
}

const codes = (f: EligibilityFacts) => checkEligibility(f).reasons.map((r) => r.code);

describe('eligibility', () => {
  it('accepts an application that meets every rule', () => {
    // Act
    const result = checkEligibility(facts());
    // Assess
    expect(result).toEqual({ eligible: true, reasons: [] });
  });

  describe('the grant cap', () => {
    it('passes exactly at the cap of US$60,000', () => {
      expect(codes(facts())).not.toContain('AMOUNT_OVER_CAP');
    });
    it('fails one cent above the cap', () => {
      const f = facts((f) => {
        f.budget.requestedUsd = 60_000.01;
        f.budget.lines[0]!.amountUsd = 40_000.01;
      });
      expect(codes(f)).toEqual(['AMOUNT_OVER_CAP']);
    });
    it('follows the call setting', () => {
      expect(codes(facts((f) => (f.call.maxGrantUsd = 59_999.99)))).toEqual(['AMOUNT_OVER_CAP']);
    });
  });

  describe('the minimum', () => {
    it('passes exactly at the minimum and fails a cent below', () => {
      expect(codes(facts((f) => (f.call.minGrantUsd = 60_000)))).toEqual([]);
      expect(codes(facts((f) => (f.call.minGrantUsd = 60_000.01)))).toEqual(['AMOUNT_UNDER_MINIMUM']);
    });
  });

  describe('duration', () => {
    it('passes at 36 months and fails at 37', () => {
      expect(codes(facts((f) => (f.project.durationMonths = 36)))).toEqual([]);
      expect(codes(facts((f) => (f.project.durationMonths = 37)))).toEqual(['DURATION_TOO_LONG']);
    });
  });

  describe('operational share', () => {
    it('passes at exactly 10% of the amount requested', () => {
      // 6,000 of 60,000 is exactly 10%
      expect(codes(facts())).toEqual([]);
    });
    it('fails one cent above 10%', () => {
      const f = facts((f) => {
        f.budget.lines[2]!.amountUsd = 6_000.01;
        f.budget.lines[0]!.amountUsd = 39_999.99;
      });
      expect(codes(f)).toEqual(['OPERATIONAL_SHARE_TOO_HIGH']);
    });
    it('is exact with amounts that are not round in binary floating point', () => {
      // 10% of 33,333.30 is 3,333.33; floating point would say 3333.3300000000004
      const f = facts((f) => {
        f.budget.requestedUsd = 33_333.3;
        f.budget.lines = [
          { category: 'direct-assistance', amountUsd: 29_999.97 },
          { category: 'operational', amountUsd: 3_333.33 },
        ];
      });
      expect(codes(f)).toEqual([]);
    });
    it('follows the call setting', () => {
      expect(codes(facts((f) => (f.call.maxOperationalShare = 0.0999)))).toEqual(['OPERATIONAL_SHARE_TOO_HIGH']);
    });
  });

  describe('budget lines', () => {
    it('fail when they do not add up to the amount, by one cent', () => {
      expect(codes(facts((f) => (f.budget.lines[1]!.amountUsd = 13_999.99)))).toEqual(['BUDGET_MISMATCH']);
    });
    it('add up exactly in cents (0.1 + 0.2 style sums)', () => {
      const f = facts((f) => {
        f.budget.requestedUsd = 0.3;
        f.budget.lines = [
          { category: 'staff', amountUsd: 0.1 },
          { category: 'staff', amountUsd: 0.2 },
        ];
      });
      expect(codes(f)).toEqual([]);
    });
  });

  describe('the call window', () => {
    it('is open from opensAt inclusive to closesAt exclusive', () => {
      expect(codes(facts((f) => (f.submittedAt = f.call.opensAt)))).toEqual([]);
      expect(codes(facts((f) => (f.submittedAt = '2026-02-28T23:59:59.999Z')))).toEqual(['CALL_NOT_OPEN']);
      expect(codes(facts((f) => (f.submittedAt = '2026-03-31T23:59:59.999Z')))).toEqual([]);
      expect(codes(facts((f) => (f.submittedAt = f.call.closesAt)))).toEqual(['CALL_NOT_OPEN']);
    });
  });

  describe('the organisation', () => {
    it('must be a legally registered civil-society organisation', () => {
      expect(codes(facts((f) => (f.organisation.type = 'faith-based-organisation')))).toEqual([]);
      expect(codes(facts((f) => (f.organisation.type = 'government-agency')))).toEqual(['NOT_AN_NGO']);
      expect(codes(facts((f) => (f.organisation.type = 'private-company')))).toEqual(['NOT_AN_NGO']);
      expect(codes(facts((f) => (f.organisation.legallyRegistered = false)))).toEqual(['NOT_AN_NGO']);
    });
    it('needs the call minimum of years of experience', () => {
      expect(codes(facts((f) => (f.organisation.yearsAssistingVictims = 1)))).toEqual([]);
      expect(codes(facts((f) => (f.organisation.yearsAssistingVictims = 0)))).toEqual(['INSUFFICIENT_EXPERIENCE']);
      expect(codes(facts((f) => (f.call.minYearsExperience = 19)))).toEqual(['INSUFFICIENT_EXPERIENCE']);
    });
    it('must have no overdue report', () => {
      expect(codes(facts((f) => (f.overdueReports = 1)))).toEqual(['OVERDUE_REPORTS']);
    });
  });

  it('requires direct assistance to victims', () => {
    expect(codes(facts((f) => (f.project.directAssistance = false)))).toEqual(['NO_DIRECT_ASSISTANCE']);
  });

  it('requires at least one action line the call funds', () => {
    const f = facts((f) => {
      f.call.actionLines = ['legal-assistance'];
      f.project.actionLines = ['protection', 'empowerment-prevention'];
    });
    expect(codes(f)).toEqual(['ACTION_LINE_NOT_IN_CALL']);
  });

  it('names each missing or invalid document', () => {
    const f = facts((f) => {
      f.documents = [
        { kind: 'registration-certificate', status: 'verified' },
        { kind: 'narrative-proposal', status: 'invalid', problem: 'the file is not a valid PDF file.' },
        { kind: 'budget-sheet', status: 'missing' },
      ];
    });
    const result = checkEligibility(f);
    expect(result.reasons).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_INVALID', documentKind: 'narrative-proposal' }),
      expect.objectContaining({ code: 'DOCUMENT_MISSING', documentKind: 'budget-sheet' }),
      expect.objectContaining({ code: 'DOCUMENT_MISSING', documentKind: 'financial-statement' }),
    ]);
  });

  it('reports every failing rule at once, each with a plain message', () => {
    const f = facts((f) => {
      f.submittedAt = '2027-01-01T00:00:00.000Z';
      f.organisation.type = 'government-agency';
      f.project.durationMonths = 48;
      f.budget.requestedUsd = 90_000;
    });
    const result = checkEligibility(f);
    expect(result.eligible).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual([
      'CALL_NOT_OPEN',
      'NOT_AN_NGO',
      'AMOUNT_OVER_CAP',
      'BUDGET_MISMATCH',
      'DURATION_TOO_LONG',
    ]);
    for (const reason of result.reasons) expect(reason.message).toMatch(/^[A-Z].+\.$/);
  });
});
