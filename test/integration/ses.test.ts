// The sender used on AWS (SES v2 SendEmail through @aws-sdk/client-sesv2,
// MAIL_TRANSPORT=ses as the stack sets it) against aws-ses-v2-local, an
// emulator of the SES v2 API, on 127.0.0.1 on a free port, started and
// stopped here (it keeps what it receives in memory: nothing on disk). Every
// kind of email of shared/email/templates.ts goes through it, the applicants'
// and grantees' in English, French and Spanish; the test reads what the
// emulator received: recipient, sender, subject and body intact (accents
// included), no headers of ours, and no address but the recipient's own.
// (Locally, `npm start` keeps MailDev, the inbox people read.)
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../shared/adapters/email.ts';
import type { Call } from '../../shared/repository/calls.ts';
import type { Application } from '../../shared/repository/applications.ts';
import type { Language } from '../../shared/domain/vocabulary.ts';
import * as templates from '../../shared/email/templates.ts';
import { ORG_TEXT } from '../../shared/org-i18n.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FROM = 'Fonds fiduciaire — secrétariat <grants@trustfund.example.org>';
const SECRETARIAT = 'secretariat@trustfund.example.org';
const LANGUAGES: Language[] = ['en', 'fr', 'es'];

let server: Server;
let endpoint: string;
let send: (message: EmailMessage) => Promise<void>;

beforeAll(async () => {
  const { default: start } = (await import('aws-ses-v2-local')) as unknown as { default: { default?: unknown } & ((c: { host: string; port: number }) => Promise<Server>) };
  server = await start({ host: '127.0.0.1', port: 0 });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As on Lambda: the variables the stack sets for a function with mail:send; the endpoint is the emulator's.
  Object.assign(process.env, {
    MAIL_TRANSPORT: 'ses',
    MAIL_FROM: FROM,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SESV2: endpoint,
  });
  const { emailSender } = await import('../../shared/adapters/email.ts');
  send = (message) => emailSender().send(message);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(() => done(undefined)));
});

interface Received {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  replyTo: string[];
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  attachments: unknown[];
}
const received = async (): Promise<Received[]> => ((await (await fetch(`${endpoint}/store`)).json()) as { emails: Received[] }).emails;

// --- Fixtures: one call, an application per language, people with accents in their names ---------

const call = {
  callId: 'c0ffee00-0000-4000-8000-000000000001',
  title: 'Appel 2027 : réinsertion et accès à la justice',
  closesAt: '2027-03-31T23:59:59.000Z',
  maxGrantUsd: 50_000,
  minGrantUsd: 5_000,
  maxDurationMonths: 24,
  minYearsExperience: 2,
  maxOperationalShare: 0.2,
  actionLines: ['shelter', 'legal-aid'],
} as unknown as Call;

const contact = { name: 'Amélie Ñúñez-Çelik', email: 'amelie@ong-esperanza.example.org' };
const applicationIn = (language: Language, eligible = true) =>
  ({
    applicationId: `a11ce000-0000-4000-8000-00000000000${LANGUAGES.indexOf(language) + 1}`,
    callId: call.callId,
    status: 'submitted',
    input: {
      language,
      organisation: { name: 'Asociación Esperanza — Côte d’Ivoire', registrationCountry: 'CI', contact },
      project: { title: 'Maison d’accueil « Étoile » : hébergement sûr' },
      budget: { requestedUsd: 42_000, lines: [{ amountUsd: 30_000 }, { amountUsd: 12_000 }] },
    },
    eligibility: eligible ? { eligible: true, reasons: [] } : { eligible: false, reasons: [{ code: 'BUDGET_OVER_MAXIMUM' }] },
    priority: { points: 7, rules: [{ explanation: 'Works in a priority region', context: 'région', points: 3 }] },
    decidedAt: '2027-04-02T10:00:00.000Z',
  }) as unknown as Application;

const reviewer = { name: 'Dr. José Müller', email: 'jose.muller@reviewers.example.org' };
const trustee = { name: 'Ngozi Adébáyọ̀', email: 'ngozi@board.example.org' };
const grant = { grantId: 'g0000000-0000-4000-8000-000000000001', title: 'Maison d’accueil « Étoile »', organisation: { name: 'Asociación Esperanza' } };
const report = { number: 1, kind: 'interim' as const, periodEnd: '2027-12-31', dueDate: '2028-01-31' };
const link = 'https://abc123.execute-api.eu-west-1.amazonaws.com/review/R3f3r3nc3';
const deadline = new Date('2027-05-15T17:00:00Z');
const base = 'https://abc123.execute-api.eu-west-1.amazonaws.com';

/**
 * Every kind of email: each template, and each of its variants, with the
 * languages it is written in. A template of templates.ts missing here fails
 * the first test: a new kind of email gets its line.
 */
const KINDS: Record<string, (language: Language) => EmailMessage[]> = {
  draftCreatedEmail: (l) => [templates.draftCreatedEmail(applicationIn(l), call, 'AcC3sS-t0k3n', base), templates.draftCreatedEmail(applicationIn(l), call, 'AcC3sS-t0k3n', base, 'ABCD-EF23')],
  confirmAddressEmail: (l) => [templates.confirmAddressEmail(applicationIn(l), contact.email, 'ABCD-EF23', base)],
  intakeResultEmail: (l) => [templates.intakeResultEmail(applicationIn(l), call, base), templates.intakeResultEmail(applicationIn(l, false), call, base)],
  decisionEmail: (l) => [
    templates.decisionEmail(applicationIn(l), call, { outcome: 'approved', amountUsd: 42_000, startDate: '2027-07-01', endDate: '2028-06-30', tranches: 2, reports: 2 }, base),
    templates.decisionEmail(applicationIn(l), call, { outcome: 'reserve' }, base),
    templates.decisionEmail(applicationIn(l), call, { outcome: 'not-funded' }, base),
  ],
  reportEmail: (l) => (['request', 'returned', 'reminder', 'overdue'] as const).map((kind) => templates.reportEmail(kind, grant, contact, report, `${base}/report/R3f`, 'Merci de préciser le nombre de bénéficiaires.', l)),
  trancheEmail: (l) => [templates.trancheEmail(grant, contact, { number: 1, amountUsd: 21_000, reference: 'PAY-2027-001' }, l)],
  questionEmail: (l) => [templates.questionEmail(applicationIn(l), call, 'Pouvez-vous préciser le budget « hébergement » ?\nMerci.', `${base}/question/Qu3st`, '2027-04-20T00:00:00.000Z')],
  // Reviewers, trustees and the secretariat read English.
  reviewerInvitationEmail: () => [templates.reviewerInvitationEmail(reviewer, call, 3, deadline, link)],
  reviewerDigestEmail: () => [templates.reviewerDigestEmail(reviewer, call, { left: 2, total: 3, nextDeadline: deadline.toISOString() }, link)],
  reviewTaskAddedEmail: () => [templates.reviewTaskAddedEmail(reviewer, applicationIn('en'), call, deadline, link)],
  reviewsTakenAwayEmail: () => [templates.reviewsTakenAwayEmail(reviewer, call, ['Maison d’accueil « Étoile »'])],
  reviewWithdrawnEmail: () => [templates.reviewWithdrawnEmail(reviewer, applicationIn('en'), call)],
  reviewCancelledEmail: () => [templates.reviewCancelledEmail(reviewer, applicationIn('en'), call)],
  ballotEmail: () => [
    templates.ballotEmail('request', trustee, call, { round: 1, entries: [{}, {}] }, `${base}/ballot/B4ll0t`, deadline),
    templates.ballotEmail('reminder', trustee, call, { round: 2, entries: [{}] }, `${base}/ballot/B4ll0t`, deadline),
  ],
  noQuorumEmail: () => [templates.noQuorumEmail(SECRETARIAT, call, [{ applicationId: 'a1', title: 'Maison d’accueil « Étoile »', voted: 2, quorum: 3 }])],
  overdueNoticeEmail: () => [templates.overdueNoticeEmail(SECRETARIAT, grant, report)],
  approvalRequestEmail: () => [templates.approvalRequestEmail(SECRETARIAT, grant, { number: 2, amountUsd: 21_000, dueDate: '2028-02-15' }, 'officer@trustfund.example.org')],
};
/** Emails a handler writes itself (not from templates.ts), by the file that sends them. */
const INLINE: Record<string, string[]> = { 'functions/org/index.ts': ['organisationLinkEmail'], 'functions/api-applications/index.ts': ['collaboratorInvitationEmail'] };
const collaborator = { name: 'Søren Łukasiewicz', email: 'soren@ong-esperanza.example.org' };
KINDS.organisationLinkEmail = (l) => [{ to: contact.email, subject: ORG_TEXT[l].emailSubject, text: ORG_TEXT[l].emailBody(`${base}/org/0rgL1nk`, 24) }];
KINDS.collaboratorInvitationEmail = (l) => [
  {
    to: collaborator.email,
    subject: ORG_TEXT[l].inviteSubject('Asociación Esperanza — Côte d’Ivoire'),
    text: ORG_TEXT[l].inviteBody(collaborator.name, 'Asociación Esperanza — Côte d’Ivoire', call.title, `${base}/apply/${call.callId}?lang=${l}#id=a1&token=T0k3n`),
  },
];
const LOCALIZED = new Set(['draftCreatedEmail', 'intakeResultEmail', 'decisionEmail', 'reportEmail', 'trancheEmail', 'questionEmail', 'organisationLinkEmail', 'collaboratorInvitationEmail']);
const ROOT = resolve(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
/** Addresses that may appear in an email besides the recipient's: the fund's own (its members, in the secretariat's mail). */
const FUND_DOMAIN = '@trustfund.example.org';

const messages = Object.entries(KINDS).flatMap(([kind, make]) =>
  (LOCALIZED.has(kind) ? LANGUAGES : (['en'] as Language[])).flatMap((language) => make(language).map((message, variant) => ({ kind, language, variant, message }))),
);

describe('SES v2 sender against aws-ses-v2-local', () => {
  it('has every kind of email of templates.ts in its list', () => {
    const exported = Object.entries(templates)
      .filter(([name, value]) => typeof value === 'function' && name.endsWith('Email'))
      .map(([name]) => name)
      .sort();
    expect(Object.keys(KINDS).filter((k) => !Object.values(INLINE).flat().includes(k)).sort()).toEqual(exported);
  });

  it('has every email a handler writes itself in its list', () => {
    // Sent as they are, or through the rule of the first email (shared/contact-confirmation.ts), which composes them.
    const inline = [...sources('functions'), ...sources('shared')].filter((file) =>
      /emailSender\(\)\.send\(\{|mailTypedAddress\([\w.]+, \(\w*\) => \(\{/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(inline.sort()).toEqual(Object.keys(INLINE).sort());
  });

  it('sends each one as SES receives it: recipient, sender, subject and body intact, accents included', async () => {
    for (const { message } of messages) await send(message);
    const emails = await received();
    expect(emails).toHaveLength(messages.length);
    messages.forEach(({ kind, language, variant, message }, i) => {
      const email = emails[i]!;
      const what = `${kind} (${language}, variant ${variant})`;
      expect(email.destination, what).toEqual({ to: [message.to], cc: [], bcc: [] });
      expect(email.from, what).toBe(FROM);
      expect(email.replyTo, what).toEqual([]);
      expect(email.subject, what).toBe(message.subject);
      expect(email.body.text, what).toBe(message.text);
      expect(email.body.html, what).toBe(message.html);
      expect(email.attachments, what).toEqual([]);
      // No headers of ours: nothing beyond what SES writes itself.
      expect(email.headers ?? [], what).toEqual([]);
    });
    // The accents of every language came through as sent (UTF-8 end to end).
    const all = emails.map((e) => `${e.subject}\n${e.body.text}`).join('\n');
    for (const word of ['Amélie Ñúñez-Çelik', '« Étoile »', 'Ngozi Adébáyọ̀', 'José Müller']) expect(all).toContain(word);
  });

  it('writes in the application\'s language: the French and Spanish emails differ from the English ones', () => {
    for (const kind of LOCALIZED) {
      const of = (language: Language) => messages.filter((m) => m.kind === kind && m.language === language).map((m) => m.message.text);
      expect(of('fr'), kind).not.toEqual(of('en'));
      expect(of('es'), kind).not.toEqual(of('en'));
      expect(of('es'), kind).not.toEqual(of('fr'));
    }
  });

  it('carries no personal data beyond the recipient\'s own: no other address than theirs (and the fund\'s in its own mail)', async () => {
    for (const email of await received()) {
      const text = `${email.subject}\n${email.body.text ?? ''}\n${email.body.html ?? ''}`;
      const addresses = [...text.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)].map((m) => m[0]);
      const recipient = email.destination.to[0]!;
      const others = addresses.filter((a) => a !== recipient && !(recipient.endsWith(FUND_DOMAIN) && a.endsWith(FUND_DOMAIN)));
      expect(others, `${email.subject} → ${recipient}`).toEqual([]);
      // An applicant's email names the applicant's own organisation and project only; a reviewer's never the contact person.
      if (recipient === reviewer.email) expect(text).not.toContain(contact.name);
    }
  });

  it('surfaces a refusal of SES (a message without a subject) as an error, not as a mail sent', async () => {
    const before = (await received()).length;
    await expect(send({ to: contact.email, subject: '', text: 'x' })).rejects.toThrow('Bad Request Exception');
    expect(await received()).toHaveLength(before);
  });
});
