// The dashboard's forms: a new call and a call's settings, the slate, accept
// or return a report, approve a release. A handler of its own (it may resume
// the `milestone` workflow and send mail, which the pages themselves may
// not). Signed in by the session cookie; a form post must come from the
// dashboard itself (shared/http/dashboard-forms.ts). After acting it sends
// the browser back to the page with what happened.
import { CallInput, QuestionInput, ReportReview, SlateChanges } from '#shared/api/schemas.ts';
import { askQuestionAs } from '#shared/questions.ts';
import { ErasureRequestInput } from '#shared/api/schemas.ts';
import { now } from '#shared/clock.ts';
import { confirmErasureAs, requestErasureAs } from '#shared/erasure-requests.ts';
import { currentSlate } from '#shared/api/slate.ts';
import { getCall } from '#shared/repository/calls.ts';
import { httpApi, pathParam, rawBody, type HttpEvent, type HttpResult } from '#shared/http/api.ts';
import { HttpError } from '#shared/http/errors.ts';
import { issuesToDetails } from '#shared/http/zod-issues.ts';
import { approveTrancheAs, changeSlateAs, createCallAs, editCallAs, reviewReportAs } from '#shared/secretariat-actions.ts';
import { dashboardMember, formAction, nothingDone } from '#shared/http/dashboard-forms.ts';
import { formShows, formValue, SETTING_FIELDS } from '#functions/dashboard/call-forms.ts';

const act = (event: HttpEvent, action: (actor: string) => Promise<string>) => formAction(event, '/dashboard/grants', action);

/**
 * A new call from the dashboard's form: the fields a call needs most (the
 * rest keep the fund's defaults, and the API sets them all). Problems come
 * back on the form, each naming its field; nothing is saved then.
 */
async function newCall(event: HttpEvent): Promise<HttpResult> {
  const actor = await dashboardMember(event);
  if (typeof actor !== 'string') return actor;
  const form = new URLSearchParams(rawBody(event));
  const number = (name: string) => (form.get(name) ? Number(form.get(name)) : undefined);
  const dateTime = (name: string) => (form.get(name) ? `${form.get(name)}:00Z` : undefined);
  const data = Object.fromEntries(
    Object.entries({
      title: form.get('title') ?? undefined,
      description: form.get('description') || undefined,
      budgetUsd: number('budgetUsd'),
      maxGrantUsd: number('maxGrantUsd'),
      opensAt: dateTime('opensAt'),
      closesAt: dateTime('closesAt'),
      maxDurationMonths: number('maxDurationMonths'),
      reviewersPerApplication: number('reviewersPerApplication'),
      regionalBalance: form.get('regionalBalance') === 'on',
    }).filter(([, v]) => v !== undefined),
  );
  const parsed = CallInput.safeParse(data);
  if (!parsed.success) {
    const problems = issuesToDetails(parsed.error.issues, data).map((d) => `${d.path} ${d.message}`).join('; ');
    return { statusCode: 303, headers: { location: `/dashboard?problem=${encodeURIComponent(`The call was not created: ${problems}`)}` }, body: '' };
  }
  const call = await createCallAs(actor, parsed.data);
  return { statusCode: 303, headers: { location: `/dashboard/calls/${call.callId}` }, body: '' };
}

const callPage = (event: HttpEvent) => `/dashboard/calls/${encodeURIComponent(pathParam(event, 'callId'))}`;

/** The slate form: every amount changed, project taken out or brought in becomes a change with the form's reason. */
const slateChanges = (event: HttpEvent) =>
  formAction(event, callPage(event), async (actor) => {
    const call = await getCall(pathParam(event, 'callId'));
    if (!call?.ranking) throw nothingDone('The slate is made from the ranking, once every review is in.');
    const form = new URLSearchParams(rawBody(event));
    const reason = (form.get('reason') ?? '').trim();
    const slate = currentSlate(call);
    const amount = (id: string) => Number(form.get(`amount.${id}`));
    const changes: SlateChanges['changes'] = [
      ...slate.entries.flatMap((e): SlateChanges['changes'] =>
        !form.has(`on.${e.applicationId}`)
          ? [{ applicationId: e.applicationId, action: 'exclude' as const, reason }]
          : amount(e.applicationId) !== e.amountUsd
            ? [{ applicationId: e.applicationId, action: 'set-amount' as const, amountUsd: amount(e.applicationId), reason }]
            : [],
      ),
      ...slate.reserve.filter((r) => form.has(`on.${r.applicationId}`)).map((r) => ({ applicationId: r.applicationId, action: 'include' as const, amountUsd: amount(r.applicationId), reason })),
    ];
    if (changes.length === 0) throw nothingDone('Nothing was changed.');
    const parsed = SlateChanges.safeParse({ changes });
    if (!parsed.success) throw nothingDone('Nothing was changed:', issuesToDetails(parsed.error.issues, { changes }));
    const result = await changeSlateAs(actor, call.callId, parsed.data.changes);
    const total = result.slate.entries.reduce((s, e) => s + e.amountUsd, 0);
    return `${changes.length} change(s) saved; the slate totals US$${total.toLocaleString('en-US')} of US$${call.budgetUsd.toLocaleString('en-US')}.`;
  });

/**
 * The settings form of a call: the fields that differ from the call's become
 * the changes, taken through the same rule as the API (what may change at
 * this stage, then the whole call checked again). Nothing is saved if one
 * breaks a rule, and the page says which and why.
 */
const editCall = (event: HttpEvent) =>
  formAction(event, callPage(event), async (actor) => {
    const call = await getCall(pathParam(event, 'callId'));
    if (!call) throw nothingDone('No such call.');
    const form = new URLSearchParams(rawBody(event));
    const changes = Object.fromEntries(
      SETTING_FIELDS.filter((field) => form.has(field) && form.get(field) !== formShows(field, call[field])).map((field) => [field, formValue(field, form.get(field)!)]),
    );
    if (Object.keys(changes).length === 0) throw nothingDone('Nothing was changed.');
    await editCallAs(actor, call.callId, changes);
    return `Saved: ${Object.keys(changes).join(', ')}.`;
  });

/** A question to the applicant, from the application's page: emailed to its contact in its language (shared/questions.ts). */
const askQuestion = (event: HttpEvent) =>
  formAction(event, `/dashboard/applications/${encodeURIComponent(pathParam(event, 'applicationId'))}`, async (actor) => {
    const data = { text: new URLSearchParams(rawBody(event)).get('text') ?? '' };
    const parsed = QuestionInput.safeParse(data);
    if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The question was not sent.', issuesToDetails(parsed.error.issues, data));
    await askQuestionAs(actor, pathParam(event, 'applicationId'), parsed.data);
    return 'Question sent to the applicant.';
  });

/** Erasure on request, four eyes (shared/erasure-requests.ts): the request with its reason, then another member's confirmation. */
const applicationPage = (event: HttpEvent) => `/dashboard/applications/${encodeURIComponent(pathParam(event, 'applicationId'))}`;
const requestErasure = (event: HttpEvent) =>
  formAction(event, applicationPage(event), async (actor) => {
    const data = { reason: new URLSearchParams(rawBody(event)).get('reason') ?? '' };
    const parsed = ErasureRequestInput.safeParse(data);
    if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The erasure was not requested.', issuesToDetails(parsed.error.issues, data));
    await requestErasureAs(actor, pathParam(event, 'applicationId'), parsed.data.reason, now());
    return 'Erasure requested: another member of the secretariat must confirm it.';
  });
const confirmErasure = (event: HttpEvent) =>
  formAction(event, applicationPage(event), async (actor) => {
    await confirmErasureAs(actor, pathParam(event, 'applicationId'), now());
    return "The application's personal data is erased.";
  });

export const handler = httpApi({
  'POST /dashboard/applications/{applicationId}/erasure': requestErasure,
  'POST /dashboard/applications/{applicationId}/erasure/confirm': confirmErasure,
  'POST /dashboard/calls/{callId}/slate': slateChanges,
  'POST /dashboard/calls': newCall,
  'POST /dashboard/calls/{callId}/edit': editCall,
  'POST /dashboard/applications/{applicationId}/questions': askQuestion,
  'POST /dashboard/reports/{reportId}/review': (event) =>
    act(event, async (actor) => {
      const form = new URLSearchParams(rawBody(event));
      const data = { decision: form.get('decision'), comments: form.get('comments') ?? '' };
      const parsed = ReportReview.safeParse(data);
      if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'The review is not valid.', issuesToDetails(parsed.error.issues, data));
      const result = await reviewReportAs(actor, pathParam(event, 'reportId'), parsed.data);
      return `Report ${result.reportId} ${result.status}.`;
    }),
  'POST /dashboard/grants/{grantId}/tranches/{number}/approve': (event) =>
    act(event, async (actor) => {
      const result = await approveTrancheAs(actor, pathParam(event, 'grantId'), Number(pathParam(event, 'number')));
      return `Tranche ${result.tranche} of ${result.grantId} released (${result.reference}), approved by ${actor}.`;
    }),
});
