// EventBridge Scheduler on one machine: the one-time schedules the handlers
// create through the real @aws-sdk/client-scheduler (CreateSchedule,
// GetSchedule, DeleteSchedule, on the loopback endpoint of the Step Functions
// emulator), kept as records in the data folder and fired on the virtual
// clock: each starts its target execution once and is deleted
// (ActionAfterCompletion DELETE). Records, not timers: a restart loses
// nothing, and schedules whose time passed while the runtime was down fire at
// the next start. Each schedule fired is counted as a Scheduler invocation
// (infra/local/meter.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { meter } from './meter.ts';

export interface ScheduleRecord {
  name: string;
  group: string;
  at: string;
  target: { Arn: string; RoleArn?: string; Input?: string };
  createdAt: string;
}

/** `at(2027-01-01T06:00:00)` in UTC (the only form the handlers use). */
export function parseAt(expression: string, timezone = 'UTC'): Date | undefined {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!match || timezone !== 'UTC') return undefined;
  const date = new Date(`${match[1]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export class LocalScheduler {
  private readonly file: string;
  private readonly schedules = new Map<string, ScheduleRecord>();
  private firing: Promise<number> = Promise.resolve(0);

  constructor(
    dataDir: string,
    private readonly now: () => number,
    private readonly start: (stateMachineArn: string, name: string, input: string) => void,
  ) {
    this.file = join(dataDir, 'schedules.json');
    if (existsSync(this.file)) for (const s of JSON.parse(readFileSync(this.file, 'utf8')) as ScheduleRecord[]) this.schedules.set(`${s.group}/${s.name}`, s);
  }

  list(): ScheduleRecord[] {
    return [...this.schedules.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The earliest schedule time, if any. */
  next(): Date | undefined {
    const first = this.list()[0];
    return first && new Date(first.at);
  }

  /** Fires every schedule whose time has come, in time order (one firing at a time). */
  fireDue(): Promise<number> {
    this.firing = this.firing.then(() => {
      let fired = 0;
      for (const schedule of this.list()) {
        if (Date.parse(schedule.at) > this.now()) break;
        this.schedules.delete(`${schedule.group}/${schedule.name}`);
        this.persist();
        meter.schedulerInvocation();
        try {
          this.start(schedule.target.Arn, `${schedule.name}-${Date.parse(schedule.at)}`, schedule.target.Input ?? '{}');
        } catch (error) {
          console.error(`[scheduler] ${schedule.name}: ${(error as Error).name}: ${(error as Error).message}`);
        }
        fired += 1;
      }
      return fired;
    });
    return this.firing;
  }

  /** Answers the Scheduler REST API (`/schedules/{name}`) for the operations the handlers use. */
  handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const name = decodeURIComponent(url.pathname.replace(/^\/schedules\//, ''));
    const group = url.searchParams.get('groupName') ?? 'default';
    const reply = (status: number, payload: unknown, errorType?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(payload));
    };
    const key = (g: string) => `${g}/${name}`;
    const arn = (g: string) => `arn:aws:scheduler:us-east-1:000000000000:schedule/${g}/${name}`;
    if (req.method === 'POST') {
      const input = JSON.parse(body || '{}') as { GroupName?: string; ScheduleExpression?: string; ScheduleExpressionTimezone?: string; Target?: ScheduleRecord['target'] };
      const g = input.GroupName ?? 'default';
      const at = parseAt(input.ScheduleExpression ?? '', input.ScheduleExpressionTimezone);
      if (!at || !input.Target?.Arn) return reply(400, { Message: 'Only one-time at(...) schedules in UTC with a target are supported locally' }, 'ValidationException');
      if (this.schedules.has(key(g))) return reply(409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
      this.schedules.set(key(g), { name, group: g, at: at.toISOString(), target: input.Target, createdAt: new Date(this.now()).toISOString() });
      this.persist();
      void this.fireDue();
      return reply(200, { ScheduleArn: arn(g) });
    }
    const existing = this.schedules.get(key(group));
    if (!existing) return reply(404, { Message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
    if (req.method === 'DELETE') {
      this.schedules.delete(key(group));
      this.persist();
      return reply(200, {});
    }
    return reply(200, { Name: name, GroupName: group, Arn: arn(group), ScheduleExpression: `at(${existing.at.slice(0, 19)})`, ScheduleExpressionTimezone: 'UTC', Target: existing.target, State: 'ENABLED' });
  }

  private persist(): void {
    writeFileSync(this.file, JSON.stringify(this.list(), null, 1));
  }
}
