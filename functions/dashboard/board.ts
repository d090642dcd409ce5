// The Board's part of a call's page: who has voted (the ballots, with the
// reminders sent), then each project's tally and the rule that decided it.
import { formatUsd } from '#shared/domain/money.ts';
import { escapeHtml } from '#shared/http/html.ts';
import type { Application } from '#shared/repository/applications.ts';
import type { Ballot, Decision } from '#shared/repository/board.ts';
import type { Call } from '#shared/repository/calls.ts';
import type { Trustee } from '#shared/repository/trustees.ts';

type Table = (caption: string, head: string[], rows: string[][]) => string;

export function boardSection(call: Call, ballots: Ballot[], decisions: Decision[], trustees: Map<string, Trustee>, apps: Map<string, Application>, table: Table): string {
  if (!call.vote) return '';
  const trustee = (id: string) => escapeHtml(trustees.get(id)?.name ?? id);
  const cast = ballots.filter((b) => b.status === 'cast').length;
  const ballotRows = ballots
    .sort((a, b) => (trustees.get(a.trusteeId)?.name ?? '').localeCompare(trustees.get(b.trusteeId)?.name ?? ''))
    .map((b) => [
      trustee(b.trusteeId),
      b.status === 'cast' ? `cast ${escapeHtml((b.castAt ?? '').slice(0, 10))}` : escapeHtml(b.status),
      String(b.remindersSent?.length ?? 0),
    ]);
  const tallied = decisions.filter((d) => d.tally);
  const tallyRows = tallied.map((d) => {
    const t = d.tally!;
    return [
      escapeHtml(apps.get(d.applicationId)?.input.organisation.name ?? d.applicationId),
      formatUsd(d.amountUsd),
      String(t.approvals),
      String(t.rejections),
      String(t.abstentions),
      t.recused.length ? t.recused.map(trustee).join(', ') : '0',
      String(t.notVoted.length),
      `${escapeHtml(d.outcome)} (${escapeHtml(d.rule)}; quorum ${t.quorum} of ${t.eligible})`,
    ];
  });
  const approved = tallied.filter((d) => d.outcome === 'approved');
  return `<h2>Board vote</h2>
<p>${escapeHtml(call.vote.status)}; deadline ${escapeHtml(call.vote.deadline.slice(0, 16).replace('T', ' '))} UTC; ${cast} of ${ballots.length} ballots cast.</p>
${table('Ballots', ['Trustee', 'Ballot', 'Reminders'], ballotRows)}
${tallied.length ? `${table('The tally of each project', ['Project', 'Amount', 'Approve', 'Reject', 'Abstain', 'Recused', 'Not voted', 'Decision'], tallyRows)}<p>${approved.length} approved, ${formatUsd(approved.reduce((s, d) => s + d.amountUsd, 0))} of ${formatUsd(call.budgetUsd)}.</p>` : '<p>The tally comes when every ballot is cast or at the deadline.</p>'}`;
}

/**
 * The Board's documents on a call's page: the board pack once there is a
 * ranking (a draft until the slate is sent), the record of the decisions once
 * the vote has closed. Served by the `documents` function.
 */
export function boardDocumentLinks(call: Call): string {
  if (!call.ranking) return '';
  const id = encodeURIComponent(call.callId);
  const pack = `<a href="/dashboard/calls/${id}/pack.pdf" download>Board pack (PDF)</a>${call.slateSubmission ? ', as the trustees received it' : ': a draft of the slate as it stands, not yet sent to the Board'}`;
  const record = call.vote?.status === 'closed' ? `; <a href="/dashboard/calls/${id}/decisions.pdf" download>record of the decisions (PDF)</a>, for the minutes` : '';
  return `<p class="downloads">${pack}${record}.</p>`;
}

/** The applications as listed (same filters, same order), as CSV and as an Excel workbook. */
export const exportLinks = (callId: string, count: number, query: string): string => {
  const base = `/dashboard/calls/${encodeURIComponent(callId)}/applications`;
  return `<p class="downloads">Download ${count === 1 ? 'this application' : `these ${count} applications`} with the reviews: <a href="${base}.csv${escapeHtml(query)}" download>CSV</a>, <a href="${base}.xlsx${escapeHtml(query)}" download>Excel workbook</a>.</p>`;
};
