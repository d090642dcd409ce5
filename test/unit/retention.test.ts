// When each application's personal data falls due for erasure (shared/retention.ts): the two fund-wide periods and what they count from.
import { describe, expect, it } from 'vitest';
import { addMonths, dueDateOf, RETENTION_DEFAULTS } from '../../shared/retention.ts';

const call = { closesAt: '2026-03-31T12:00:00.000Z' };
const decided = '2026-06-15T09:00:00.000Z';

describe('retention dates', () => {
  it('counts the not-funded period from the call\'s decisions, or from its closing when it decided nothing', () => {
    for (const status of ['ineligible', 'not-funded', 'withdrawn', 'draft']) {
      expect(dueDateOf({ status }, call, decided, undefined, RETENTION_DEFAULTS)).toEqual({ rule: 'not-funded', dueAt: new Date('2028-06-15T09:00:00.000Z') });
    }
    expect(dueDateOf({ status: 'withdrawn' }, call, undefined, undefined, RETENTION_DEFAULTS)?.dueAt).toEqual(new Date('2028-03-31T12:00:00.000Z'));
  });

  it('keeps what is still before the call and what a running grant needs', () => {
    for (const status of ['submitted', 'eligible', 'in-review', 'reviewed', 'approved']) expect(dueDateOf({ status }, call, decided, undefined, RETENTION_DEFAULTS), status).toBeUndefined();
    expect(dueDateOf({ status: 'approved' }, call, decided, { status: 'active' }, RETENTION_DEFAULTS)).toBeUndefined();
  });

  it('counts seven years from the grant\'s closing, and the not-funded period from a cancellation', () => {
    expect(dueDateOf({ status: 'approved' }, call, decided, { status: 'closed', closedAt: '2029-09-30T08:00:00.000Z' }, RETENTION_DEFAULTS)).toEqual({ rule: 'grant-closed', dueAt: new Date('2036-09-30T08:00:00.000Z') });
    expect(dueDateOf({ status: 'approved' }, call, decided, { status: 'cancelled', cancellation: { at: '2026-07-01T00:00:00.000Z' } }, { notFundedMonths: 6, afterGrantMonths: 84 })).toEqual({ rule: 'not-funded', dueAt: new Date('2027-01-01T00:00:00.000Z') });
  });

  it('adds months as the calendar does (the end of a shorter month stays its end)', () => {
    expect(addMonths('2026-01-31T00:00:00.000Z', 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addMonths('2028-02-29T10:00:00.000Z', 12).toISOString()).toBe('2029-02-28T10:00:00.000Z');
  });
});
