// A reviewer's tasks in one call, as their page and their emails show them
// (pure). A task is one review record; what the reviewer sees of it follows
// from its status, its declaration of interests and its draft.

const DAY = 86_400_000;

/**
 * A reviewer's page link stays open this many days after their latest
 * deadline: long enough to look back at what they sent, while nothing can be
 * changed any more (each task refuses answers after its own deadline).
 */
export const PAGE_DAYS_AFTER_DEADLINE = 7;

/** `withdrawn`: the applicant withdrew the application (nothing left to review). */
export type TaskState = 'to-do' | 'draft' | 'submitted' | 'declined' | 'reassigned-away' | 'withdrawn';

export const TASK_STATE_LABELS: Record<TaskState, string> = {
  'to-do': 'To do',
  draft: 'Draft saved',
  submitted: 'Submitted',
  declined: 'Declined',
  'reassigned-away': 'Reassigned away',
  withdrawn: 'Withdrawn by the applicant',
};

/** What the task needs to say where it stands (a subset of the review record). */
export interface TaskFacts {
  status: 'assigned' | 'requested' | 'submitted' | 'declined' | 'expired' | 'reassigned' | 'cancelled';
  draft?: { savedAt: string };
  deadline?: string;
}

export function taskState(task: TaskFacts): TaskState {
  switch (task.status) {
    case 'submitted':
      return 'submitted';
    case 'declined':
      return 'declined';
    case 'expired':
    case 'reassigned':
      return 'reassigned-away';
    case 'cancelled':
      return 'withdrawn';
    default:
      return task.draft ? 'draft' : 'to-do';
  }
}

/** Whether the reviewer may still act on the task: theirs, not answered, and its deadline (if set) not passed. */
export const isOpen = (task: TaskFacts, at: Date) =>
  (task.status === 'assigned' || task.status === 'requested') && (!task.deadline || at.getTime() < Date.parse(task.deadline));

export interface Progress {
  /** Tasks that are still the reviewer's: to do, drafted, or submitted (declined and reassigned ones are not). */
  total: number;
  submitted: number;
  /** To do or drafted. */
  left: number;
  drafts: number;
  declined: number;
  reassignedAway: number;
  /** Left and past their deadline (the workflow has not moved them on yet). */
  late: number;
  /** The earliest deadline of the tasks left. */
  nextDeadline?: string;
}

export function progressOf(tasks: readonly TaskFacts[], at: Date): Progress {
  const states = tasks.map((t) => ({ t, s: taskState(t) }));
  const left = states.filter(({ s }) => s === 'to-do' || s === 'draft');
  const deadlines = left.map(({ t }) => t.deadline).filter((d): d is string => !!d).sort();
  return {
    total: states.filter(({ s }) => s === 'to-do' || s === 'draft' || s === 'submitted').length,
    submitted: states.filter(({ s }) => s === 'submitted').length,
    left: left.length,
    drafts: states.filter(({ s }) => s === 'draft').length,
    declined: states.filter(({ s }) => s === 'declined').length,
    reassignedAway: states.filter(({ s }) => s === 'reassigned-away').length,
    late: left.filter(({ t }) => t.deadline && at.getTime() >= Date.parse(t.deadline)).length,
    nextDeadline: deadlines[0],
  };
}

/**
 * The reminder marks due now for one reviewer, as keys `<deadline>/<days>`:
 * each task still to do with a deadline reaches its marks (`daysBefore` the
 * deadline, as the call says); the keys already sent are left out. One
 * digest carries every key due at once, so tasks sharing a deadline (the
 * first assignment) share their digests, and marks passed together (a long
 * clock jump) give one email.
 */
export function dueDigestKeys(tasks: readonly TaskFacts[], daysBefore: readonly number[], sent: readonly string[], at: Date): string[] {
  const keys = new Set<string>();
  for (const task of tasks) {
    if (task.status !== 'requested' || !task.deadline) continue;
    const deadline = Date.parse(task.deadline);
    if (at.getTime() >= deadline) continue;
    for (const d of daysBefore) if (at.getTime() >= deadline - d * DAY) keys.add(`${task.deadline}/${d}`);
  }
  return [...keys].filter((k) => !sent.includes(k)).sort();
}

/** When a reviewer's page links expire: some days after the latest deadline of their tasks. */
export const pageExpiry = (latestDeadline: Date) => new Date(latestDeadline.getTime() + PAGE_DAYS_AFTER_DEADLINE * DAY);
