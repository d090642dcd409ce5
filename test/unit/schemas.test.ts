import { describe, expect, it } from 'vitest';
import { ApplicationInput, CallInput, applicationFormSchema } from '../../shared/api/schemas.ts';
import { issuesToDetails } from '../../shared/http/zod-issues.ts';

const details = (schema: typeof CallInput | typeof ApplicationInput, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return issuesToDetails(result.error.issues, value);
};

describe('call schema', () => {
  const valid = { title: 'Third cycle', budgetUsd: 1_500_000, opensAt: '2026-01-01T00:00:00Z', closesAt: '2026-03-01T00:00:00Z' };

  it('fills in the fund defaults', () => {
    expect(CallInput.parse(valid)).toMatchObject({
      maxGrantUsd: 60_000,
      minGrantUsd: 0,
      maxDurationMonths: 36,
      minYearsExperience: 1,
      maxOperationalShare: 0.1,
      reviewersPerApplication: 2,
    });
  });

  it('keeps the cap within the budget and the minimum under the cap', () => {
    expect(details(CallInput, { ...valid, budgetUsd: 50_000 })).toEqual([{ path: 'maxGrantUsd', message: 'must not exceed budgetUsd' }]);
    expect(details(CallInput, { ...valid, minGrantUsd: 70_000 })).toEqual([{ path: 'minGrantUsd', message: 'must not exceed maxGrantUsd' }]);
  });

  it('refuses a priority context listed twice', () => {
    expect(
      details(CallInput, {
        ...valid,
        priorityContexts: [
          { context: 'armed-conflict', points: 10 },
          { context: 'armed-conflict', points: 5 },
        ],
      }),
    ).toEqual([{ path: 'priorityContexts[1].context', message: 'is listed twice' }]);
  });

  it('accepts a share of exactly 0 and 1, not beyond', () => {
    expect(details(CallInput, { ...valid, maxOperationalShare: 1 })).toEqual([]);
    expect(details(CallInput, { ...valid, maxOperationalShare: 1.01 })).toEqual([
      { path: 'maxOperationalShare', message: 'must be at most 1' },
    ]);
  });
});

describe('application form schema', () => {
  it('is the JSON Schema of the API input, with labels and help texts', () => {
    const schema = applicationFormSchema() as any;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.organisation.title).toBe('Organisation');
    expect(schema.properties.organisation.properties.registrationNumber).toMatchObject({
      title: 'Legal registration number',
      description: expect.any(String),
      maxLength: 64,
    });
    expect(schema.properties.project.properties.durationMonths).toMatchObject({ type: 'integer', minimum: 1, maximum: 120 });
    expect(schema.properties.organisation.properties.registrationCountry.enum).toHaveLength(249);
  });
});
