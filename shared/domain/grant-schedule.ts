// A grant's disbursement and report plans (DOMAIN.md steps 9 and 10), pure.
// Created with the grant when the Board approves it; the grant-life issue
// runs them.
//
// Rules (call settings, with their defaults):
// - an interim report every `reportEveryMonths` (6) months from the start,
//   for every such date strictly before the end; a final report
//   `finalReportDaysAfterEnd` (60) days after the end;
// - one tranche at the start, and one after each interim report (due on the
//   report's due date, released once that report is accepted);
// - the tranches split the award exactly, in cents: each gets the award
//   divided by their number, rounded down to the cent, and the cents left
//   over go to the first tranche (so the sum is always the award).
// Months are calendar months; a day that a month lacks is its last day
// (31 January + 1 month = 28 or 29 February).
import { toCents } from './money.ts';

export interface ScheduleSettings {
  reportEveryMonths: number;
  finalReportDaysAfterEnd: number;
}

export interface PlannedReport {
  number: number;
  kind: 'interim' | 'final';
  /** The last day the report covers. */
  periodEnd: string;
  dueDate: string;
}

export interface PlannedTranche {
  number: number;
  dueDate: string;
  amountUsd: number;
  /** The report that must be accepted before this tranche is released (none for the first). */
  afterReport?: number;
}

export interface GrantSchedule {
  startDate: string;
  endDate: string;
  reports: PlannedReport[];
  tranches: PlannedTranche[];
}

/** `date` (yyyy-mm-dd) plus whole calendar months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Splits an amount into `parts` cent-exact shares; the leftover cents go to the first. */
export function splitExactly(amountUsd: number, parts: number): number[] {
  const cents = toCents(amountUsd);
  const share = Math.floor(cents / parts);
  return Array.from({ length: parts }, (_, i) => (i === 0 ? share + (cents - share * parts) : share) / 100);
}

export function grantSchedule(amountUsd: number, startDate: string, durationMonths: number, settings: ScheduleSettings): GrantSchedule {
  const endDate = addMonths(startDate, durationMonths);
  const reports: PlannedReport[] = [];
  for (let months = settings.reportEveryMonths; months < durationMonths; months += settings.reportEveryMonths) {
    const periodEnd = addMonths(startDate, months);
    reports.push({ number: reports.length + 1, kind: 'interim', periodEnd, dueDate: periodEnd });
  }
  reports.push({ number: reports.length + 1, kind: 'final', periodEnd: endDate, dueDate: addDays(endDate, settings.finalReportDaysAfterEnd) });
  const interim = reports.filter((r) => r.kind === 'interim');
  const amounts = splitExactly(amountUsd, interim.length + 1);
  const tranches: PlannedTranche[] = [
    { number: 1, dueDate: startDate, amountUsd: amounts[0]! },
    ...interim.map((r, i) => ({ number: i + 2, dueDate: r.dueDate, amountUsd: amounts[i + 1]!, afterReport: r.number })),
  ];
  return { startDate, endDate, reports, tranches };
}
