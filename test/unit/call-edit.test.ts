import { describe, expect, it } from 'vitest';
import { handAssignmentProblem } from '../../shared/domain/assignment.ts';
import { callEditProblems, callPhase, JUDGING_FIELDS } from '../../shared/domain/call-edit.ts';

const call = { opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-03-01T00:00:00Z' };
const before = new Date('2026-12-31T23:59:59Z');
const opening = new Date('2027-01-01T00:00:00Z');
const lastSecond = new Date('2027-02-28T23:59:59Z');
const closing = new Date('2027-03-01T00:00:00Z');

describe('what may change in a call, and when', () => {
  it('knows the phase at its edges: opening inclusive, closing exclusive, or closed by hand', () => {
    expect(callPhase(call, before)).toBe('upcoming');
    expect(callPhase(call, opening)).toBe('open');
    expect(callPhase(call, lastSecond)).toBe('open');
    expect(callPhase(call, closing)).toBe('closed');
    expect(callPhase({ ...call, review: { status: 'running' } }, opening)).toBe('closed');
  });

  it('lets everything change before the opening', () => {
    const changes = Object.fromEntries([...JUDGING_FIELDS, 'budgetUsd', 'title'].map((f) => [f, 1]));
    expect(callEditProblems(call, changes, before)).toEqual([]);
  });

  it('fixes the rules that judge applications from the opening, naming each field', () => {
    const problems = callEditProblems(call, { maxGrantUsd: 50_000, actionLines: ['protection'], budgetUsd: 2_000_000, title: 'New title' }, opening);
    expect(problems.map((p) => p.path)).toEqual(['maxGrantUsd', 'actionLines']);
    expect(problems[0]!.message).toMatch(/once the call has opened/);
  });

  it('keeps only the wording editable once closed', () => {
    expect(callEditProblems(call, { title: 'Renamed', description: 'Better words' }, closing)).toEqual([]);
    expect(callEditProblems(call, { budgetUsd: 1, votePeriodDays: 7 }, closing).map((p) => p.path)).toEqual(['budgetUsd', 'votePeriodDays']);
  });

  it('never moves the closing time into the past', () => {
    expect(callEditProblems(call, { closesAt: '2027-02-01T00:00:00Z' }, new Date('2027-02-01T00:00:00Z'))).toEqual([
      { path: 'closesAt', message: expect.stringMatching(/must be in the future/) },
    ]);
    expect(callEditProblems(call, { closesAt: '2027-02-01T00:00:01Z' }, new Date('2027-02-01T00:00:00Z'))).toEqual([]);
  });
});

describe('a review given by hand', () => {
  const reviewer = { reviewerId: 'r', languages: ['en'], regions: [], expertise: [], country: 'CH', conflictOrganisations: [], conflictCountries: ['NG'], maxLoad: 2, currentLoad: 1 };
  const app = { applicationId: 'a', organisationKey: 'AL#1', registrationCountry: 'AL', countries: ['AL'], language: 'en', regions: [], actionLines: [] };
  const ok = { allowSameCountry: false, alreadyHadIt: false };

  it('follows the rules of the assignment: no conflict, within the maximum load, not twice', () => {
    expect(handAssignmentProblem(reviewer, app, ok)).toBeUndefined();
    expect(handAssignmentProblem({ ...reviewer, currentLoad: 2 }, app, ok)?.code).toBe('REVIEWER_AT_MAX_LOAD');
    expect(handAssignmentProblem(reviewer, { ...app, countries: ['AL', 'NG'] }, ok)?.code).toBe('CONFLICT_OF_INTEREST');
    expect(handAssignmentProblem({ ...reviewer, country: 'AL' }, app, ok)?.code).toBe('CONFLICT_OF_INTEREST');
    expect(handAssignmentProblem({ ...reviewer, country: 'AL' }, app, { ...ok, allowSameCountry: true })).toBeUndefined();
    expect(handAssignmentProblem({ ...reviewer, conflictOrganisations: ['AL#1'] }, app, ok)?.message).toMatch(/organisation/);
    expect(handAssignmentProblem(reviewer, app, { ...ok, alreadyHadIt: true })?.code).toBe('ALREADY_ASSIGNED');
  });
});
