// Emails. They name the organisation and the project, never a victim; links
// carry ids, and the access token only in the URL fragment (never sent to a
// server, so never in an access log). Applicants and grantees read theirs in
// the language of their application (applicant-i18n.ts); reviewers, trustees
// and the secretariat in English.
import type { Application, ApplicationRecord } from '../repository/applications.ts';
import type { Call } from '../repository/calls.ts';
import type { EmailMessage } from '../adapters/email.ts';
import { DOCUMENT_KINDS, type DocumentKind, type Language } from '../domain/vocabulary.ts';
import { formatUsd, sumCents } from '../domain/money.ts';
import { APPLICANT_TEXT, DOCUMENT_LABELS, eligibilityFacts, QUESTION_EMAIL_TEXT, reasonsInLanguage } from './applicant-i18n.ts';

export const statusLink = (baseUrl: string, applicationId: string, accessToken?: string) =>
  `${baseUrl}/status/${applicationId}${accessToken ? `#token=${accessToken}` : ''}`;

const textOf = (app: ApplicationRecord) => APPLICANT_TEXT[app.input.language ?? 'en'];

/** The first email of an application: its access code. A draft may have only its organisation so far. */
export function draftCreatedEmail(app: ApplicationRecord, call: Call, accessToken: string, baseUrl: string, confirmationCode?: string): EmailMessage {
  const t = textOf(app);
  const language = app.input.language ?? 'en';
  const title = app.input.project?.title ?? app.input.organisation.name;
  const text = [
    t.dear(app.input.organisation.contact.name ?? app.input.organisation.name),
    '',
    t.draftSaved(title, call.title),
    '',
    t.accessCode(accessToken),
    t.follow(statusLink(baseUrl, app.applicationId, accessToken)),
    '',
    t.keepPrivate,
    ...(confirmationCode ? ['', t.confirmationCode(confirmationCode), ''] : []),
    t.uploadBefore,
    ...DOCUMENT_KINDS.map((kind) => `  - ${DOCUMENT_LABELS[language][kind]}`),
    '',
    t.closes(call.closesAt),
    '',
    t.signature,
  ].join('\n');
  return { to: app.input.organisation.contact.email, subject: t.draftSubject(title), text };
}

/** To a contact address changed in a draft: its confirmation code (shared/contact-confirmation.ts), and nothing that opens the application. */
export function confirmAddressEmail(app: ApplicationRecord, to: string, confirmationCode: string, baseUrl: string): EmailMessage {
  const t = textOf(app);
  const text = [
    t.confirmBody(app.input.organisation.name),
    '',
    t.confirmationCode(confirmationCode),
    statusLink(baseUrl, app.applicationId),
    '',
    t.notYou,
    '',
    t.signature,
  ].join('\n');
  return { to, subject: t.confirmSubject, text };
}

export function intakeResultEmail(app: Application, call: Call, baseUrl: string): EmailMessage {
  const t = textOf(app);
  const language = app.input.language ?? 'en';
  const eligible = app.eligibility?.eligible === true;
  const facts = eligibilityFacts(call, app.input.budget);
  const lines = eligible
    ? [
        t.eligible(app.input.project.title, call.title),
        '',
        t.priority(app.priority?.points ?? 0),
        ...(app.priority?.rules ?? []).map((rule) => `  - ${language === 'en' ? rule.explanation : `${rule.context}: ${rule.points}`}`),
        '',
        t.reviewNext,
      ]
    : [
        t.ineligible(app.input.project.title, call.title),
        '',
        ...reasonsInLanguage(language, app.eligibility?.reasons ?? [], facts).map((reason) => `  - ${reason.text} (${reason.code})`),
      ];
  const text = [t.dear(app.input.organisation.contact.name), '', ...lines, '', t.details(statusLink(baseUrl, app.applicationId)), '', t.signature].join('\n');
  return {
    to: app.input.organisation.contact.email,
    subject: eligible ? t.eligibleSubject(app.input.project.title) : t.ineligibleSubject(app.input.project.title),
    text,
  };
}

/**
 * The one email that invites a reviewer to their page for a call, when the
 * reviews start: how many applications, the deadline, and the link (opaque,
 * personal, used as often as they like until some days after the deadline).
 * Per-task emails are gone: reminders come as digests, changes as their own
 * short emails, each with a link to the same page.
 */
export function reviewerInvitationEmail(reviewer: { name: string; email: string }, call: Call, tasks: number, deadline: Date, link: string): EmailMessage {
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `The reviews of the call "${call.title}" have started. You are asked to review ${tasks} application${tasks === 1 ? '' : 's'}, by ${deadline.toUTCString()}.`,
    '',
    `Your page for this call: ${link}`,
    'It lists your applications and what is left to do. The link is personal; it works as often as you need until a week after the deadline. Do not forward it.',
    'Before reading an application you declare that you have no conflict of interest with it, or declare one: it then goes to another reviewer.',
    'You can save a review as a draft and finish it later; once sent, it is final.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Your reviews for "${call.title}": ${tasks} application${tasks === 1 ? '' : 's'}`, text };
}

/** The reminder: one per reviewer at each of the call's marks, with what is left (`left` of `total`) and the nearest deadline. */
export function reviewerDigestEmail(
  reviewer: { name: string; email: string },
  call: Call,
  progress: { left: number; total: number; nextDeadline: string },
  link: string,
): EmailMessage {
  const due = new Date(progress.nextDeadline).toUTCString();
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `A reminder for the call "${call.title}": ${progress.left} of your ${progress.total} review${progress.total === 1 ? '' : 's'} ${progress.left === 1 ? 'is' : 'are'} still to do, due on ${due}.`,
    '',
    `Your page: ${link}`,
    'Drafts you saved are kept there.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Reminder: ${progress.left} of ${progress.total} reviews still to do (${call.title})`, text };
}

/** A task added to the reviewer's page by a reassignment (another declined, declared a conflict, missed the deadline, or the secretariat chose them). */
export function reviewTaskAddedEmail(reviewer: { name: string; email: string }, app: Application, call: Call, deadline: Date, link: string): EmailMessage {
  const project = app.input.project.title;
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `An application of the call "${call.title}" has been added to your reviews:`,
    `  ${project} (${app.input.organisation.name}, ${app.input.organisation.registrationCountry})`,
    `Please review it by ${deadline.toUTCString()}.`,
    '',
    `Your page: ${link}`,
    'The link is personal; it works as often as you need. Declare first whether you have a conflict of interest with it.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Review added: ${project}`, text };
}

/** Tasks taken away because their deadline passed (one email for all those of the same moment). */
export function reviewsTakenAwayEmail(reviewer: { name: string; email: string }, call: Call, projects: readonly string[]): EmailMessage {
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `The deadline has passed for ${projects.length === 1 ? 'one of your reviews' : `${projects.length} of your reviews`} of the call "${call.title}"; ${projects.length === 1 ? 'it goes' : 'they go'} to another reviewer:`,
    ...projects.map((p) => `  - ${p}`),
    '',
    'You need not do anything: your page shows them as reassigned.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Reviews moved to another reviewer: ${call.title}`, text };
}

/** The ballot for a trustee, or a reminder of it: one personal link to the whole slate (round 1) or to a reserve offer. */
export function ballotEmail(
  kind: 'request' | 'reminder',
  trustee: { name: string; email: string },
  call: Call,
  votes: { round: number; entries: readonly unknown[] },
  link: string,
  deadline: Date,
): EmailMessage {
  const projects = votes.entries.length;
  const what = votes.round === 1 ? 'the slate' : 'a reserve offer';
  const opening =
    kind === 'request'
      ? votes.round === 1
        ? [`The secretariat has submitted the slate of the call "${call.title}" to the Board: ${projects} project${projects === 1 ? '' : 's'} to vote on.`]
        : [`An approved grant of the call "${call.title}" was declined or cancelled before its first tranche. The next project on the reserve list that fits the freed budget is offered to the Board.`]
      : [`A reminder: your ballot on ${what} of the call "${call.title}" is due by ${deadline.toUTCString()}.`];
  const text = [
    `Dear ${trustee.name},`,
    '',
    ...opening,
    '',
    `Your ballot: ${link}`,
    `The board pack (PDF: the slate, then a page per project): ${link}/pack.pdf`,
    `The links are personal; the ballot is cast once, and the vote closes on ${deadline.toUTCString()}.`,
    'For each project you may approve, reject or abstain, or recuse yourself for a conflict of interest. A ballot is final once cast.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  const subject = `${kind === 'request' ? 'Ballot' : 'Reminder: ballot'}${votes.round === 1 ? '' : ' (reserve offer)'}: ${call.title}`;
  return { to: trustee.email, subject, text };
}

/** To a reviewer whose waiting review the secretariat gave to someone else: the link no longer works, nothing to do. */
export function reviewWithdrawnEmail(reviewer: { name: string; email: string }, app: Application, call: Call): EmailMessage {
  const project = app.input.project.title;
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `The secretariat has given your review of "${project}" (call "${call.title}") to another reviewer.`,
    'You need not do anything: your page shows it as reassigned, and nothing can be sent for it any more. Thank you for your time.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Review withdrawn: ${project}`, text };
}

/** The applicant withdrew an application a reviewer was asked to review. */
export function reviewCancelledEmail(reviewer: { name: string; email: string }, app: Application, call: Call): EmailMessage {
  const project = app.input.project.title;
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `The applicant has withdrawn "${project}" (call "${call.title}"): there is nothing left to review.`,
    'You need not do anything: your page shows it as withdrawn, and nothing can be sent for it any more. Thank you for your time.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Review cancelled: ${project}`, text };
}

/** The Board's decision, to the applicant, in their language: approved with the amount and the plan, on the reserve list, or not funded. */
export function decisionEmail(
  app: Application,
  call: Call,
  decision:
    | { outcome: 'approved'; amountUsd: number; startDate: string; endDate: string; tranches: number; reports: number }
    | { outcome: 'not-funded' }
    | { outcome: 'reserve' },
  baseUrl: string,
): EmailMessage {
  const t = textOf(app);
  const project = app.input.project.title;
  const lines =
    decision.outcome === 'approved'
      ? [t.approved(project, call.title), '', t.amount(decision.amountUsd), t.period(decision.startDate, decision.endDate), t.tranches(decision.tranches), t.reports(decision.reports)]
      : [t.thanks(project, call.title), '', ...(decision.outcome === 'reserve' ? t.reserve : t.notFunded)];
  const text = [t.dear(app.input.organisation.contact.name), '', ...lines, '', t.yourApplication(statusLink(baseUrl, app.applicationId)), '', t.signature].join('\n');
  const subject = decision.outcome === 'approved' ? t.approvedSubject(project) : decision.outcome === 'reserve' ? t.reserveSubject(project) : t.notFundedSubject(project);
  return { to: app.input.organisation.contact.email, subject, text };
}

/** To the secretariat: projects the Board could not decide for lack of quorum. */
export function noQuorumEmail(to: string, call: Call, projects: { applicationId: string; title: string; voted: number; quorum: number }[]): EmailMessage {
  const text = [
    `The vote on the call "${call.title}" has closed, and ${projects.length} project${projects.length === 1 ? ' was' : 's were'} not decided for lack of quorum:`,
    '',
    ...projects.map((p) => `  - ${p.title} (${p.applicationId}): ${p.voted} vote${p.voted === 1 ? '' : 's'}, quorum ${p.quorum}`),
    '',
    'Their applicants have not been told. Put them to the Board again, or decide how to proceed.',
  ].join('\n');
  return { to, subject: `No quorum: ${call.title}`, text };
}

/** To a grantee, in their language: a report to submit (or again, after it was returned), a reminder of it, or its being overdue. */
export function reportEmail(
  kind: 'request' | 'returned' | 'reminder' | 'overdue',
  grant: { title: string; organisation: { name: string } },
  contact: { name: string; email: string },
  report: { number: number; kind: 'interim' | 'final'; periodEnd: string; dueDate: string },
  link: string,
  comments?: string,
  language: Language = 'en',
): EmailMessage {
  const t = APPLICANT_TEXT[language];
  const which = t.reportWhich(report, grant.title);
  const opening = {
    request: t.reportRequest(which, report),
    returned: t.reportReturned(which, comments ?? ''),
    reminder: t.reportReminder(which, report),
    overdue: t.reportOverdue(which, report),
  }[kind];
  const text = [t.dear(contact.name), '', ...opening, '', t.submitHere(link), t.reportAsks, t.noVictimDetails, '', t.signature].join('\n');
  return { to: contact.email, subject: `${t.reportSubject[kind]}: ${grant.title} (${report.number})`, text };
}

/** To a grantee, in their language: a tranche released (the payment instruction went to finance). */
export function trancheEmail(
  grant: { title: string },
  contact: { name: string; email: string },
  tranche: { number: number; amountUsd: number; reference: string },
  language: Language = 'en',
): EmailMessage {
  const t = APPLICANT_TEXT[language];
  const text = [t.dear(contact.name), '', t.tranche(tranche.number, grant.title, tranche.amountUsd, tranche.reference), '', t.signature].join('\n');
  return { to: contact.email, subject: t.trancheSubject(grant.title, tranche.number), text };
}

/** To the secretariat: a report overdue (the next tranche is held). */
export function overdueNoticeEmail(to: string, grant: { grantId: string; title: string; organisation: { name: string } }, report: { number: number; dueDate: string }): EmailMessage {
  const text = [
    `Report ${report.number} of grant ${grant.grantId} ("${grant.title}", ${grant.organisation.name}) was due on ${report.dueDate} and is overdue.`,
    'The next tranche is held and the organisation is ineligible for new calls (OVERDUE_REPORTS) until the report is in.',
  ].join('\n');
  return { to, subject: `Report overdue: ${grant.grantId} (${report.number})`, text };
}

/** To the secretariat: a tranche can be released once a second member approves it (four eyes). */
export function approvalRequestEmail(
  to: string,
  grant: { grantId: string; title: string; organisation: { name: string } },
  tranche: { number: number; amountUsd: number; dueDate: string },
  acceptedBy: string | undefined,
): EmailMessage {
  const text = [
    `Tranche ${tranche.number} of grant ${grant.grantId} ("${grant.title}", ${grant.organisation.name}), ${formatUsd(tranche.amountUsd)}, due ${tranche.dueDate}, can be released.`,
    acceptedBy ? `The report before it was accepted by ${acceptedBy}; another member of the secretariat approves the release.` : 'A member of the secretariat approves the release.',
    `POST /admin/grants/${grant.grantId}/tranches/${tranche.number}/approve`,
  ].join('\n');
  return { to, subject: `Release to approve: ${grant.grantId} (${tranche.number})`, text };
}

/** To an applicant, in its language: the secretariat's question, quoted as written, and the link to answer it. */
export function questionEmail(app: Application, call: Call, question: string, link: string, expiresAt: string): EmailMessage {
  const language = app.input.language ?? 'en';
  const t = APPLICANT_TEXT[language];
  const q = QUESTION_EMAIL_TEXT[language];
  const title = app.input.project.title;
  const text = [
    t.dear(app.input.organisation.contact.name ?? app.input.organisation.name),
    '',
    q.intro(title, call.title),
    '',
    ...question.split(/\r?\n/).map((line) => `> ${line}`),
    '',
    q.answerHere(link),
    q.linkRules(expiresAt.slice(0, 10)),
    t.noVictimDetails,
    '',
    t.signature,
  ].join('\n');
  return { to: app.input.organisation.contact.email, subject: q.subject(title), text };
}
