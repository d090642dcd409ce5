import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalScheduler, parseAt } from '../../infra/local/scheduler.ts';
import { figureProblems, impact, suppress } from '../../shared/domain/reports.ts';

// The tick module reads its configuration at load, as a Lambda does.
process.env.PUBLIC_BASE_URL ??= 'http://127.0.0.1';
const { dueReportReminders } = await import('../../functions/tick/index.ts');

const figures = { beneficiaries: { women: 5, men: 1, girls: 3, boys: 1, total: 10 }, byExploitation: { 'forced-labour': 10 }, services: { shelter: 10 } };

describe('report figures', () => {
  it('must add up: groups and forms of exploitation to the total, no service above it', () => {
    expect(figureProblems(figures)).toEqual([]);
    expect(figureProblems({ ...figures, beneficiaries: { ...figures.beneficiaries, total: 11 } }).map((p) => p.path)).toEqual(['figures.beneficiaries.total', 'figures.byExploitation']);
    expect(figureProblems({ ...figures, services: { shelter: 11 } })).toEqual([{ path: 'figures.services.shelter', message: 'must not exceed figures.beneficiaries.total (10)' }]);
  });

  it('hides every count below 5, at the edge', () => {
    expect([0, 4, 5, 6].map(suppress)).toEqual(['<5', '<5', 5, 6]);
    const total = impact([
      { callId: 'c1', region: 'GRULAC', figures },
      { callId: 'c2', region: 'GRULAC', figures },
    ]);
    expect(total.byGroup).toEqual({ women: 10, men: '<5', girls: 6, boys: '<5' });
    expect(total.byCall).toEqual({ c1: 10, c2: 10 });
    expect(total.byRegion).toEqual({ GRULAC: 20 });
    expect(total.byExploitation['sexual-exploitation']).toBe('<5');
  });
});

describe('report reminders', () => {
  const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
  it('go out 7 and 1 days before the due date and 7 and 21 days after, until the report is overdue; passed marks together give one', () => {
    expect(dueReportReminders('2027-07-01', '2027-07-31', [], at('2027-06-23'))).toEqual([]);
    expect(dueReportReminders('2027-07-01', '2027-07-31', [], at('2027-06-24'))).toEqual(['before-7']);
    expect(dueReportReminders('2027-07-01', '2027-07-31', ['before-7'], at('2027-06-30'))).toEqual(['before-1']);
    expect(dueReportReminders('2027-07-01', '2027-07-31', [], at('2027-07-09'))).toEqual(['before-7', 'before-1', 'after-7']);
    expect(dueReportReminders('2027-07-01', '2027-07-31', ['before-7', 'before-1', 'after-7'], at('2027-07-22'))).toEqual(['after-21']);
    expect(dueReportReminders('2027-07-01', '2027-07-31', [], at('2027-07-31'))).toEqual([]);
  });
});

describe('the local scheduler', () => {
  it('keeps schedules as records across a restart and fires each once, in time order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-'));
    let now = Date.parse('2027-01-01T00:00:00Z');
    const started: string[] = [];
    const first = new LocalScheduler(dir, () => now, (_arn, _name, input) => started.push(input));
    const create = (name: string, at: string) => {
      let status = 0;
      const res = { writeHead: (s: number) => (status = s), end: () => undefined } as never;
      first.handle({ method: 'POST', url: `/schedules/${name}` } as never, res, JSON.stringify({ GroupName: 'grants', ScheduleExpression: `at(${at})`, ScheduleExpressionTimezone: 'UTC', Target: { Arn: 'arn:sm', Input: JSON.stringify({ name }) } }));
      return status;
    };
    expect(create('b', '2027-03-01T06:00:00')).toBe(200);
    expect(create('a', '2027-02-01T06:00:00')).toBe(200);
    expect(create('a', '2027-02-01T06:00:00')).toBe(409);
    expect(await first.fireDue()).toBe(0);
    // A new runtime on the same data folder: the schedules are there.
    const second = new LocalScheduler(dir, () => now, (_arn, _name, input) => started.push(input));
    expect(second.list().map((s) => s.name)).toEqual(['a', 'b']);
    now = Date.parse('2027-04-01T00:00:00Z');
    expect(await second.fireDue()).toBe(2);
    expect(await second.fireDue()).toBe(0);
    expect(started).toEqual([JSON.stringify({ name: 'a' }), JSON.stringify({ name: 'b' })]);
    expect(parseAt('at(2027-02-01T06:00:00)')?.toISOString()).toBe('2027-02-01T06:00:00.000Z');
    expect(parseAt('rate(5 minutes)')).toBeUndefined();
  });
});
