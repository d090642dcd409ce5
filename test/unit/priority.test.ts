import { describe, expect, it } from 'vitest';
import { scorePriority, type PriorityFacts } from '../../shared/domain/priority.ts';

const call: PriorityFacts['call'] = {
  priorityContexts: [
    { context: 'armed-conflict', points: 10, countries: ['UA', 'SD', 'CD'] },
    { context: 'refugee-flows', points: 8, countries: ['MT', 'GR'] },
  ],
};

describe('priority', () => {
  it('gives nothing to a project outside every priority context', () => {
    expect(scorePriority({ call, project: { countries: ['AL'], contexts: [] } })).toEqual({ points: 0, rules: [] });
  });

  it('gives a context its points when the applicant declares it', () => {
    const result = scorePriority({ call, project: { countries: ['AL'], contexts: [{ context: 'armed-conflict' }] } });
    expect(result.points).toBe(10);
    expect(result.rules).toEqual([
      expect.objectContaining({ context: 'armed-conflict', points: 10, declared: true, countries: [] }),
    ]);
    expect(result.rules[0]!.explanation).toMatch(/declared by the applicant/);
  });

  it('gives a context its points when a country of implementation implies it', () => {
    const result = scorePriority({ call, project: { countries: ['AL', 'MT'], contexts: [] } });
    expect(result.points).toBe(8);
    expect(result.rules[0]).toMatchObject({ context: 'refugee-flows', declared: false, countries: ['MT'] });
    expect(result.rules[0]!.explanation).toMatch(/implied by implementation in MT/);
  });

  it('counts a context once, even when declared and implied by several countries', () => {
    const result = scorePriority({
      call,
      project: { countries: ['SD', 'UA'], contexts: [{ context: 'armed-conflict' }] },
    });
    expect(result.points).toBe(10);
    expect(result.rules).toHaveLength(1);
    expect(result.rules[0]).toMatchObject({ declared: true, countries: ['SD', 'UA'] });
  });

  it('adds up both contexts', () => {
    const result = scorePriority({
      call,
      project: { countries: ['GR'], contexts: [{ context: 'armed-conflict' }] },
    });
    expect(result.points).toBe(18);
    expect(result.rules.map((r) => r.context)).toEqual(['armed-conflict', 'refugee-flows']);
  });

  it('ignores contexts the call does not prioritise', () => {
    const result = scorePriority({
      call: { priorityContexts: [{ context: 'refugee-flows', points: 10 }] },
      project: { countries: ['UA'], contexts: [{ context: 'armed-conflict' }] },
    });
    expect(result).toEqual({ points: 0, rules: [] });
  });
});
