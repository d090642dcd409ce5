// The virtual clock of the local runtime: real time plus an offset that only
// grows. Deadlines, reminders and schedules (later issues) read it through
// `now()` in shared/clock.ts. The offset is kept in the data folder, so a
// restart resumes at the same virtual time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ClockListener = (now: Date) => void | Promise<void>;

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses an ISO 8601 duration made of weeks, days, hours, minutes and seconds (e.g. P7D, PT36H, P1DT12H). */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [w, d, h, m, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}

export class VirtualClock {
  private offsetMs: number;
  private readonly file: string;
  private readonly listeners = new Set<ClockListener>();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'clock.json');
    this.offsetMs = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as { offsetMs: number }).offsetMs : 0;
  }

  now = (): number => Date.now() + this.offsetMs;

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves time forward; the clock never goes back (deadlines already passed stay passed). */
  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
    this.offsetMs += ms;
    writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
    const at = new Date(this.now());
    for (const listener of this.listeners) await listener(at);
    return at;
  }

  async advanceTo(target: Date): Promise<Date> {
    const delta = target.getTime() - this.now();
    if (delta < 0) throw new RangeError('The clock only moves forward');
    return this.advance(delta);
  }

  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
