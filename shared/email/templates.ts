// Emails to applicants. They name the organisation and the project, never a
// victim; links carry ids, and the access token only in the URL fragment
// (never sent to a server, so never in an access log).
import type { Application } from '../repository/applications.ts';
import type { Call } from '../repository/calls.ts';
import type { EmailMessage } from '../adapters/email.ts';
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS } from '../domain/vocabulary.ts';

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
