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

export function reviewRequestEmail(
  reviewer: { name: string; email: string },
  app: Application,
  call: Call,
  link: string,
  deadline: Date,
): EmailMessage {
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `You are asked to review an application to the call "${call.title}":`,
    `  ${app.input.project.title} (${app.input.organisation.name}, ${app.input.organisation.registrationCountry})`,
    '',
    `Read it and give your scores here: ${link}`,
    `The link is personal and works once; please answer before ${deadline.toUTCString()}.`,
    'If you have a conflict of interest or no time, say so on the same page: the application goes to another reviewer.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Review request: ${app.input.project.title}`, text };
}

export function reviewReminderEmail(
  reviewer: { name: string; email: string },
  app: Application,
  call: Call,
  link: string,
  deadline: Date,
): EmailMessage {
  const text = [
    `Dear ${reviewer.name},`,
    '',
    `A reminder: your review of "${app.input.project.title}" for the call "${call.title}" is due by ${deadline.toUTCString()}.`,
    '',
    `Your link: ${link}`,
    '(Any link we sent you for this review works, once.) If you cannot review it, say so on the same page.',
    '',
    'The Trust Fund secretariat',
  ].join('\n');
  return { to: reviewer.email, subject: `Reminder: review of ${app.input.project.title}`, text };
}
