// The system's notion of "now". On AWS it is the wall clock. The local runtime
// replaces the source with its virtual clock (time warp for deadlines,
// reminders and schedules); handlers only ever call `now()`.

let source: () => number = Date.now;

export const now = (): Date => new Date(source());
export const nowIso = (): string => now().toISOString();

/** For the local runtime and tests only: make `now()` read another clock. */
export function setClockSource(next: () => number): void {
  source = next;
}
