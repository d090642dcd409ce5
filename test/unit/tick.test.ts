import { describe, expect, it } from 'vitest';

// The tick module reads its configuration at load, as a Lambda does.
process.env.PUBLIC_BASE_URL ??= 'http://127.0.0.1';
const { dueReminders } = await import('../../functions/tick/index.ts');

const deadline = new Date('2027-03-15T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('review reminders', () => {
  it('are due from their mark on, once, and never after the deadline', () => {
    expect(dueReminders(deadline, [7, 2], [], at('2027-03-08T11:59:59Z'))).toEqual([]);
    expect(dueReminders(deadline, [7, 2], [], at('2027-03-08T12:00:00Z'))).toEqual([7]);
    expect(dueReminders(deadline, [7, 2], [7], at('2027-03-10T00:00:00Z'))).toEqual([]);
    expect(dueReminders(deadline, [7, 2], [7], at('2027-03-13T12:00:00Z'))).toEqual([2]);
    // A clock that jumped past both marks sends one email naming both.
    expect(dueReminders(deadline, [7, 2], [], at('2027-03-14T00:00:00Z'))).toEqual([7, 2]);
    expect(dueReminders(deadline, [7, 2], [], at('2027-03-15T12:00:00Z'))).toEqual([]);
  });
});
