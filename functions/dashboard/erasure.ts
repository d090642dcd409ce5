// Erasure on the dashboard (issue 13): on an application's page, the request
// with its reason and, for another member, the confirmation (four eyes,
// taken by functions/dashboard-actions through shared/erasure-requests.ts);
// on the calls page, what the retention job will erase in the next 30 days.
import { now } from '#shared/clock.ts';
import type { ErasureRequest } from '#shared/erasure-requests.ts';
import { escapeHtml } from '#shared/http/html.ts';
import { erasuresDueBy, retentionSettings } from '#shared/retention.ts';

const when = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.slice(0, 16).replace('T', ' '))}</time>`;

/** The outcome of the last post is shown by the page's one notice (with the questions' form). */
export function erasureSection(applicationId: string, state: { request?: ErasureRequest; completedAt?: string }, member: string): string {
  const id = escapeHtml(applicationId);
  let body: string;
  if (state.completedAt) {
    body = `<p>Its personal data was erased ${when(state.completedAt)}${state.request ? `, requested by ${escapeHtml(state.request.requestedBy)} and confirmed by ${escapeHtml(state.request.confirmedBy ?? '')}` : ' at the end of its retention period'}.</p>`;
  } else if (state.request) {
    const requested = `<p>Requested by ${escapeHtml(state.request.requestedBy)}, ${when(state.request.requestedAt)}: ${escapeHtml(state.request.reason)}</p>`;
    body =
      state.request.requestedBy === member
        ? `${requested}<p>Waiting for another member of the secretariat to confirm it (four eyes).</p>`
        : `${requested}<form method="post" action="/dashboard/applications/${id}/erasure/confirm"><button type="submit">Confirm the erasure</button></form>`;
  } else {
    body = `<form method="post" action="/dashboard/applications/${id}/erasure">
<div class="field"><label for="erasure-reason">Reason for erasing it now</label><p class="help" id="erasure-help">Erases the organisation's and its people's data, the texts and every document of this application, its grant and its reports; amounts, countries, dates, statuses, scores and figures stay. Another member confirms. 3 to 500 characters; name no one.</p><textarea id="erasure-reason" name="reason" rows="2" minlength="3" maxlength="500" required aria-describedby="erasure-help"></textarea></div>
<button type="submit">Request the erasure</button>
</form>`;
  }
  return `<h2 id="erasure">Erasure of personal data</h2>${body}`;
}

/** What the retention job erases in the next 30 days, by date. */
export async function erasuresDueSection(): Promise<string> {
  const at = now();
  const due = await erasuresDueBy(new Date(at.getTime() + 30 * 86_400_000));
  const { notFundedMonths, afterGrantMonths } = retentionSettings();
  const rule = (r: string) => (r === 'grant-closed' ? `${afterGrantMonths} months after the grant closed` : `${notFundedMonths} months after the call's decisions (not funded)`);
  const rows = due.map(
    (d) =>
      `<tr><td>${when(d.dueAt)}</td><td><a href="/dashboard/applications/${escapeHtml(d.applicationId)}">${escapeHtml(d.applicationId.slice(0, 8))}</a></td><td>${escapeHtml(d.status)}</td><td>${escapeHtml(rule(d.rule))}</td></tr>`,
  );
  return `<h2 id="erasures">To be erased in the next 30 days</h2>${
    rows.length
      ? `<div class="table-wrap" tabindex="0" role="region" aria-label="Erasures due (scrolls sideways on a small screen)"><table><caption class="vh">Erasures due in the next 30 days</caption><thead><tr><th scope="col">When (UTC)</th><th scope="col">Application</th><th scope="col">Status</th><th scope="col">Rule</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
      : '<p>Nothing.</p>'
  }`;
}
