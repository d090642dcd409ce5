// Two forms of a call's dashboard page: its settings (what may still change
// at this stage, the rest shown with the reason it is fixed) and the
// reassignment of a waiting review by hand.
import { callPhase, lockReason } from '#shared/domain/call-edit.ts';
import { escapeHtml } from '#shared/http/html.ts';
import type { Application } from '#shared/repository/applications.ts';
import type { Call } from '#shared/repository/calls.ts';
import type { Reviewer } from '#shared/repository/reviewers.ts';
import type { ReviewRecord } from '#shared/repository/reviews.ts';

/** The settings the form shows, with their input. `closed` calls keep only the wording editable. */
const SETTINGS: { field: keyof Call; label: string; input: (value: unknown, id: string, disabled: string) => string }[] = [
  { field: 'title', label: 'Title', input: (v, id, d) => `<input id="${id}" name="title" type="text" value="${escapeHtml(v)}" required minlength="3" maxlength="200"${d}>` },
  { field: 'description', label: 'Description', input: (v, id, d) => `<textarea id="${id}" name="description" rows="3" maxlength="5000"${d}>${escapeHtml(v ?? '')}</textarea>` },
  { field: 'budgetUsd', label: 'Budget (US$)', input: (v, id, d) => `<input id="${id}" name="budgetUsd" type="number" min="1" step="0.01" value="${escapeHtml(v)}" required${d}>` },
  { field: 'maxGrantUsd', label: 'Grant cap (US$)', input: (v, id, d) => `<input id="${id}" name="maxGrantUsd" type="number" min="1" step="0.01" value="${escapeHtml(v)}" required${d}>` },
  { field: 'opensAt', label: 'Opens (UTC)', input: (v, id, d) => `<input id="${id}" name="opensAt" type="datetime-local" value="${escapeHtml(v)}" required${d}>` },
  { field: 'closesAt', label: 'Closes (UTC)', input: (v, id, d) => `<input id="${id}" name="closesAt" type="datetime-local" value="${escapeHtml(v)}" required${d}>` },
  { field: 'maxDurationMonths', label: 'Longest project (months)', input: (v, id, d) => `<input id="${id}" name="maxDurationMonths" type="number" min="1" max="120" value="${escapeHtml(v)}" required${d}>` },
  { field: 'reviewersPerApplication', label: 'Reviewers per application', input: (v, id, d) => `<input id="${id}" name="reviewersPerApplication" type="number" min="1" max="10" value="${escapeHtml(v)}" required${d}>` },
  { field: 'reviewPeriodDays', label: 'Days to review', input: (v, id, d) => `<input id="${id}" name="reviewPeriodDays" type="number" min="1" max="120" value="${escapeHtml(v)}" required${d}>` },
  { field: 'votePeriodDays', label: 'Days for the Board to vote', input: (v, id, d) => `<input id="${id}" name="votePeriodDays" type="number" min="1" max="60" value="${escapeHtml(v)}" required${d}>` },
];

/** The form's fields, as the call settings they stand for (numbers as numbers, times in UTC). */
export const SETTING_FIELDS = SETTINGS.map((s) => s.field);

/** How the form shows a stored setting (times to the minute, in UTC): what a field left alone sends back. */
export const formShows = (field: string, value: unknown): string =>
  value === undefined ? '' : field === 'opensAt' || field === 'closesAt' ? String(value).slice(0, 16) : String(value);

export function formValue(field: string, raw: string): unknown {
  if (field === 'opensAt' || field === 'closesAt') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(raw) ? `${raw}:00Z` : raw;
  if (field === 'title' || field === 'description') return raw;
  return raw.trim() === '' ? raw : Number(raw);
}

export function callSettingsForm(call: Call, at: Date): string {
  const phase = callPhase(call, at);
  const fields = SETTINGS.map(({ field, label, input }) => {
    const id = `e-${field}`;
    const reason = lockReason(field, phase);
    const help = reason ? `<p class="help" id="${id}-why">Fixed: ${escapeHtml(reason.replace(/^cannot change/, 'it cannot change'))}.</p>` : '';
    return `<div class="field"><label for="${id}">${label}</label>${input(formShows(field, call[field]), id, reason ? ` disabled aria-describedby="${id}-why"` : '')}${help}</div>`;
  }).join('\n');
  return `<details><summary>Settings of the call</summary>
<form method="post" action="/dashboard/calls/${escapeHtml(call.callId)}/edit" class="call-settings">
${fields}
<p class="help">Only what you change is saved, after the whole call is checked again; the API (<code>PATCH /admin/calls/${escapeHtml(call.callId)}</code>) sets every other setting.</p>
<button type="submit">Save the settings</button>
</form></details>`;
}

/**
 * The reviews that wait for an answer, late ones first, and a form to give
 * one to another reviewer of the call (the API checks conflicts and loads).
 */
export function reassignForm(call: Call, reviews: ReviewRecord[], reviewers: Map<string, Reviewer>, apps: Map<string, Application>, at: string): string {
  const waiting = reviews
    .filter((r) => r.status === 'requested')
    .map((r) => ({ r, late: r.deadline !== undefined && r.deadline < at }))
    .sort((a, b) => Number(b.late) - Number(a.late) || (a.r.deadline ?? '').localeCompare(b.r.deadline ?? ''));
  if (waiting.length === 0) return '<p>No review is waiting for an answer.</p>';
  const name = (id: string) => escapeHtml(reviewers.get(id)?.name ?? id);
  const options = waiting
    .map(({ r, late }) => {
      const org = escapeHtml(apps.get(r.applicationId)?.input.organisation.name ?? r.applicationId);
      return `<option value="${escapeHtml(`${r.applicationId}/${r.reviewerId}`)}">${org}: ${name(r.reviewerId)}, due ${escapeHtml((r.deadline ?? '').slice(0, 10))}${late ? ' (late)' : ''}</option>`;
    })
    .join('');
  const to = [...reviewers.values()]
    .sort((a, b) => a.load - b.load || a.name.localeCompare(b.name))
    .map((r) => `<option value="${escapeHtml(r.reviewerId)}"${r.load >= r.maxLoad ? ' disabled' : ''}>${escapeHtml(r.name)} (${r.load} of ${r.maxLoad})</option>`)
    .join('');
  return `<form method="post" action="/dashboard/calls/${escapeHtml(call.callId)}/reassign" class="reassign">
<h3>Reassign a review by hand</h3>
<p>${waiting.length} review(s) waiting, ${waiting.filter((w) => w.late).length} late.</p>
<div class="field"><label for="ra-review">Review waiting for an answer</label><select id="ra-review" name="review" required>${options}</select></div>
<div class="field"><label for="ra-to">Give it to</label><select id="ra-to" name="toReviewerId" required>${to}</select></div>
<div class="field"><label for="ra-reason">Reason (kept in the audit log)</label><textarea id="ra-reason" name="reason" rows="2" required minlength="3" maxlength="500"></textarea></div>
<button type="submit">Reassign the review</button>
</form>`;
}
