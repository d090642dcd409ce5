import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, grantSchedule, splitExactly } from '../../shared/domain/grant-schedule.ts';
import { toCents } from '../../shared/domain/money.ts';

const DEFAULTS = { reportEveryMonths: 6, finalReportDaysAfterEnd: 60 };

describe('grant schedule', () => {
  it('plans a 36-month grant: interim reports every 6 months, a final one 60 days after the end, a tranche at the start and after each interim report', () => {
    const plan = grantSchedule(60_000, '2027-01-01', 36, DEFAULTS);
    expect(plan.endDate).toBe('2030-01-01');
    expect(plan.reports.map((r) => [r.kind, r.dueDate])).toEqual([
      ['interim', '2027-07-01'],
      ['interim', '2028-01-01'],
      ['interim', '2028-07-01'],
      ['interim', '2029-01-01'],
      ['interim', '2029-07-01'],
      ['final', '2030-03-02'],
    ]);
    expect(plan.tranches.map((t) => [t.dueDate, t.amountUsd, t.afterReport])).toEqual([
      ['2027-01-01', 10_000, undefined],
      ['2027-07-01', 10_000, 1],
      ['2028-01-01', 10_000, 2],
      ['2028-07-01', 10_000, 3],
      ['2029-01-01', 10_000, 4],
      ['2029-07-01', 10_000, 5],
    ]);
  });

  it('gives a grant of 6 months or less a single tranche and only the final report', () => {
    const plan = grantSchedule(25_000, '2027-03-15', 6, DEFAULTS);
    expect(plan.reports).toEqual([{ number: 1, kind: 'final', periodEnd: '2027-09-15', dueDate: '2027-11-14' }]);
    expect(plan.tranches).toEqual([{ number: 1, dueDate: '2027-03-15', amountUsd: 25_000 }]);
  });

  it('puts the leftover cents in the first tranche', () => {
    expect(splitExactly(100, 3)).toEqual([33.34, 33.33, 33.33]);
    expect(splitExactly(0.05, 3)).toEqual([0.03, 0.01, 0.01]);
  });

  it('splits every award exactly, in cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6_000_000 }), fc.integer({ min: 1, max: 60 }), (cents, months) => {
        const plan = grantSchedule(cents / 100, '2027-01-31', months, DEFAULTS);
        const amounts = plan.tranches.map((t) => toCents(t.amountUsd));
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(cents);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThan(amounts.length);
        expect(plan.tranches.length).toBe(plan.reports.length);
      }),
    );
  });

  it('adds calendar months, keeping to the last day of a shorter month', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
  });
});
