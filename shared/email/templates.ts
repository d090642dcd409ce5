// Emails to applicants. They name the organisation and the project, never a
// victim; links carry ids, and the access token only in the URL fragment
// (never sent to a server, so never in an access log).
import type { Application } from '../repository/applications.ts';
import type { Call } from '../repository/calls.ts';
import type { EmailMessage } from '../adapters/email.ts';
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS } from '../domain/vocabulary.ts';
import { formatUsd } from '../domain/money.ts';

export const statusLink = (baseUrl: string, applicationId: string, accessToken?: string) =>
  `${baseUrl}/status/${applicationId}${accessToken ? `#token=${accessToken}` : ''}`;

export function draftCreatedEmail(app: Application, call: Call, accessToken: string, baseUrl: string): EmailMessage {
  const text = [
    `Dear ${app.input.organisation.contact.name},`,
    '',
    `Your application "${app.input.project.title}" to the call "${call.title}" has been saved as a draft.`,
    '',
    `Your access code: ${accessToken}`,
    `Follow your application here: ${statusLink(baseUrl, app.applicationId, accessToken)}`,
    '',
    'Keep this code private: anyone who has it can see and complete your application.',
    'Before submitting, upload these documents:',
    ...DOCUMENT_KINDS.map((kind) => `  - ${DOCUMENT_KIND_LABELS[kind]}`),
    '',
    `The call closes at ${call.closesAt}.`,
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: app.input.organisation.contact.email, subject: `Application draft saved: ${app.input.project.title}`, text };
}

export function intakeResultEmail(app: Application, call: Call, baseUrl: string): EmailMessage {
  const eligible = app.eligibility?.eligible === true;
  const lines = eligible
    ? [
        `Your application "${app.input.project.title}" to the call "${call.title}" meets the eligibility criteria.`,
        '',
        `Priority points: ${app.priority?.points ?? 0}`,
        ...(app.priority?.rules ?? []).map((rule) => `  - ${rule.explanation}`),
        '',
        'After the call closes, independent reviewers will assess it. We will write to you again.',
      ]
    : [
        `Your application "${app.input.project.title}" to the call "${call.title}" does not meet the eligibility criteria, for these reasons:`,
        '',
        ...(app.eligibility?.reasons ?? []).map((reason) => `  - ${reason.message} (${reason.code})`),
      ];
  const text = [
    `Dear ${app.input.organisation.contact.name},`,
    '',
    ...lines,
    '',
    `See the details with your access code: ${statusLink(baseUrl, app.applicationId)}`,
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return {
    to: app.input.organisation.contact.email,
    subject: `${eligible ? 'Eligible' : 'Not eligible'}: ${app.input.project.title}`,
    text,
  };
}

/**
 * The email that asks a reviewer for a review, or reminds them of it. Each
 * carries a personal link (a fresh one for a reminder: any of them works, once).
 */
export function reviewEmail(
  kind: 'request' | 'reminder',
  reviewer: { name: string; email: string },
  app: Application,
  call: Call,
  link: string,
  deadline: Date,
): EmailMessage {
  const project = app.input.project.title;
  const opening =
    kind === 'request'
      ? [
          `You are asked to review an application to the call "${call.title}":`,
          `  ${project} (${app.input.organisation.name}, ${app.input.organisation.registrationCountry})`,
        ]
      : [`A reminder: your review of "${project}" for the call "${call.title}" is due by ${deadline.toUTCString()}.`];
  const text = [
    `Dear ${reviewer.name},`,
    '',
    ...opening,
    '',
    `Read it and give your scores here: ${link}`,
    `The link is personal and works once; please answer before ${deadline.toUTCString()}.`,
    'If you have a conflict of interest or no time, say so on the same page: the application goes to another reviewer.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  const subject = kind === 'request' ? `Review request: ${project}` : `Reminder: review of ${project}`;
  return { to: reviewer.email, subject, text };
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
    `The link is personal and works once; the vote closes on ${deadline.toUTCString()}.`,
    'For each project you may approve, reject or abstain, or recuse yourself for a conflict of interest. A ballot is final once cast.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  const subject = `${kind === 'request' ? 'Ballot' : 'Reminder: ballot'}${votes.round === 1 ? '' : ' (reserve offer)'}: ${call.title}`;
  return { to: trustee.email, subject, text };
}

/** The Board's decision, to the applicant: approved with the amount and the plan, or not funded. */
export function decisionEmail(
  app: Application,
  call: Call,
  decision:
    | { outcome: 'approved'; amountUsd: number; startDate: string; endDate: string; tranches: number; reports: number }
    | { outcome: 'not-funded' }
    | { outcome: 'reserve' },
  baseUrl: string,
): EmailMessage {
  const project = app.input.project.title;
  const lines =
    decision.outcome === 'approved'
      ? [
          `We are pleased to tell you that the Board of Trustees has approved a grant for "${project}" under the call "${call.title}".`,
          '',
          `Amount: ${formatUsd(decision.amountUsd)}`,
          `Grant period: ${decision.startDate} to ${decision.endDate}`,
          `Disbursement: ${decision.tranches} tranche${decision.tranches === 1 ? '' : 's'}, the first at the start and each next one after an accepted interim report.`,
          `Reports: ${decision.reports} (interim and final). Before each is due we will send you a personal link to submit it.`,
        ]
      : decision.outcome === 'reserve'
        ? [
            `Thank you for your application "${project}" to the call "${call.title}".`,
            '',
            'It was ranked, but the budget of the call did not reach it: it is not funded at this stage and stays on the reserve list.',
            'If an approved grant is declined or cancelled before its first payment, the next project on the reserve list that fits the freed budget is offered to the Board of Trustees, and we will write to you again.',
          ]
        : [
          `Thank you for your application "${project}" to the call "${call.title}".`,
          '',
          'We regret to tell you that the Board of Trustees could not fund it in this call. Demand far exceeds the funds available, and many strong projects could not be supported.',
          'You are welcome to apply to future calls.',
        ];
  const text = [`Dear ${app.input.organisation.contact.name},`, '', ...lines, '', `Your application: ${statusLink(baseUrl, app.applicationId)}`, '', 'The Trust Fund secretariat'].join('\n');
  const subject =
    decision.outcome === 'approved' ? `Grant approved: ${project}` : decision.outcome === 'reserve' ? `Reserve list: ${project}` : `Decision on your application: ${project}`;
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

/** To a grantee: a report to submit (or again, after it was returned), or a reminder of it. */
export function reportEmail(
  kind: 'request' | 'returned' | 'reminder' | 'overdue',
  grant: { title: string; organisation: { name: string } },
  contact: { name: string; email: string },
  report: { number: number; kind: 'interim' | 'final'; periodEnd: string; dueDate: string },
  link: string,
  comments?: string,
): EmailMessage {
  const which = `${report.kind === 'final' ? 'final' : 'interim'} report ${report.number} on "${grant.title}"`;
  const opening = {
    request: [`Your ${which} is due on ${report.dueDate} (the period up to ${report.periodEnd}).`],
    returned: [`The secretariat has returned your ${which} with these comments:`, '', comments ?? '', '', 'Please submit it again.'],
    reminder: [`A reminder: your ${which} is due on ${report.dueDate}.`],
    overdue: [`Your ${which} was due on ${report.dueDate} and is now overdue. Until it is in, the next tranche is held and your organisation cannot be funded in new calls.`],
  }[kind];
  const text = [
    `Dear ${contact.name},`,
    '',
    ...opening,
    '',
    `Submit it here: ${link}`,
    'The link is personal and works once. The report has a narrative, the financial statement (a document) and the figures of the period: beneficiaries by group and by form of exploitation, and the services given.',
    'Describe your work, not the people: no names or details of the victims you assist.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  const subject = { request: 'Report due', returned: 'Report returned', reminder: 'Reminder: report due', overdue: 'Report overdue' }[kind];
  return { to: contact.email, subject: `${subject}: ${grant.title} (${report.number})`, text };
}

/** To a grantee: a tranche released (the payment instruction went to finance). */
export function trancheEmail(grant: { title: string }, contact: { name: string; email: string }, tranche: { number: number; amountUsd: number; reference: string }): EmailMessage {
  const text = [
    `Dear ${contact.name},`,
    '',
    `Tranche ${tranche.number} of your grant for "${grant.title}", ${formatUsd(tranche.amountUsd)}, is released for payment (reference ${tranche.reference}).`,
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: contact.email, subject: `Tranche released: ${grant.title} (${tranche.number})`, text };
}

/** To the secretariat: a report overdue (the next tranche is held). */
export function overdueNoticeEmail(to: string, grant: { grantId: string; title: string; organisation: { name: string } }, report: { number: number; dueDate: string }): EmailMessage {
  const text = [
    `Report ${report.number} of grant ${grant.grantId} ("${grant.title}", ${grant.organisation.name}) was due on ${report.dueDate} and is overdue.`,
    'The next tranche is held and the organisation is ineligible for new calls (OVERDUE_REPORTS) until the report is in.',
  ].join('\n');
  return { to, subject: `Report overdue: ${grant.grantId} (${report.number})`, text };
}
