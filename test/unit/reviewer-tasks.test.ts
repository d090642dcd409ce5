// What a reviewer's page and emails say of their tasks: the state of each,
// the progress, the digest marks due, the expiry of the page's links.
import { describe, expect, it } from 'vitest';
import { dueDigestKeys, isOpen, pageExpiry, progressOf, taskState, type TaskFacts } from '../../shared/domain/reviewer-tasks.ts';

const DAY = 86_400_000;
const deadline = '2027-03-15T12:00:00.000Z';
const later = '2027-03-20T12:00:00.000Z';
const at = (iso: string) => new Date(iso);
const task = (status: TaskFacts['status'], extra: Partial<TaskFacts> = {}): TaskFacts => ({ status, deadline, ...extra });

describe('a task as the reviewer sees it', () => {
  it('is to do, a draft, submitted, declined, reassigned away or withdrawn', () => {
    expect(taskState(task('assigned'))).toBe('to-do');
    expect(taskState(task('requested'))).toBe('to-do');
    expect(taskState(task('requested', { draft: { savedAt: deadline } }))).toBe('draft');
    expect(taskState(task('submitted', { draft: { savedAt: deadline } }))).toBe('submitted');
    expect(taskState(task('declined'))).toBe('declined');
    expect(taskState(task('expired'))).toBe('reassigned-away');
    expect(taskState(task('reassigned'))).toBe('reassigned-away');
    expect(taskState(task('cancelled'))).toBe('withdrawn');
  });

  it('is open until its deadline only while it waits for the reviewer', () => {
    expect(isOpen(task('requested'), at('2027-03-15T11:59:59.999Z'))).toBe(true);
    expect(isOpen(task('requested'), at(deadline))).toBe(false);
    expect(isOpen(task('assigned', { deadline: undefined }), at(deadline))).toBe(true);
    expect(isOpen(task('submitted'), at('2027-03-01T00:00:00Z'))).toBe(false);
  });
});

describe('progress', () => {
  it('counts what is still theirs: declined and reassigned tasks are listed apart', () => {
    const tasks = [task('submitted'), task('requested', { draft: { savedAt: deadline } }), task('requested', { deadline: later }), task('declined'), task('reassigned'), task('expired')];
    expect(progressOf(tasks, at('2027-03-16T00:00:00Z'))).toEqual({ total: 3, submitted: 1, left: 2, drafts: 1, declined: 1, reassignedAway: 2, late: 1, nextDeadline: deadline });
    expect(progressOf([], at(deadline))).toMatchObject({ total: 0, submitted: 0, left: 0, nextDeadline: undefined });
  });
});

describe('digests', () => {
  const marks = [7, 2];
  it('are due at each mark before a deadline, once, one key per deadline and mark', () => {
    const tasks = [task('requested'), task('requested'), task('submitted')];
    expect(dueDigestKeys(tasks, marks, [], new Date(Date.parse(deadline) - 7 * DAY - 1))).toEqual([]);
    expect(dueDigestKeys(tasks, marks, [], new Date(Date.parse(deadline) - 7 * DAY))).toEqual([`${deadline}/7`]);
    expect(dueDigestKeys(tasks, marks, [`${deadline}/7`], new Date(Date.parse(deadline) - 3 * DAY))).toEqual([]);
    // Marks passed together (a long clock jump) come as one digest.
    expect(dueDigestKeys(tasks, marks, [], new Date(Date.parse(deadline) - DAY))).toEqual([`${deadline}/2`, `${deadline}/7`]);
    expect(dueDigestKeys(tasks, marks, [], at(deadline))).toEqual([]);
  });

  it('follow the tasks still waiting: a later deadline has marks of its own, answered tasks none', () => {
    const tasks = [task('requested'), task('requested', { deadline: later }), task('submitted', { deadline: '2027-03-18T00:00:00.000Z' })];
    // Five days before the later deadline: its first mark, with the earlier deadline's second (one digest for both).
    expect(dueDigestKeys(tasks, marks, [`${deadline}/7`], new Date(Date.parse(later) - 7 * DAY))).toEqual([`${deadline}/2`, `${later}/7`]);
    expect(dueDigestKeys(tasks, marks, [`${deadline}/7`, `${deadline}/2`], new Date(Date.parse(later) - 7 * DAY))).toEqual([`${later}/7`]);
    expect(dueDigestKeys([task('assigned')], marks, [], at('2027-03-14T00:00:00Z'))).toEqual([]);
  });
});

it('keeps the page open a week after the latest deadline', () => {
  expect(pageExpiry(at(deadline)).toISOString()).toBe('2027-03-22T12:00:00.000Z');
});
