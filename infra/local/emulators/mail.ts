// MailDev: an SMTP server that keeps every message the system sends, and a
// web inbox to read them. Its REST API (under /api/):
//   GET    /api/email          every message, in arrival order (subject, to[], text, html, time…)
//   GET    /api/email/:id      one message
//   DELETE /api/email/all      empty the inbox
//   GET    /api/healthz        liveness
import { MailDev } from 'maildev';
import { assertPortFree } from './ports.ts';

export interface MailLocal {
  smtpPort: number;
  webUrl: string;
  stop(): Promise<void>;
}

export async function startMailDev(opts: {
  smtpPort: number;
  webPort: number;
  /**
   * Where the messages are kept: under LOCAL_DATA_DIR, so that deleting the
   * folder deletes them and two systems never share an inbox (MailDev's
   * default is one folder in the system's temporary directory for everyone).
   * They survive a restart, like the rest of the data.
   */
  mailDirectory: string;
  envVarSmtp?: string;
  envVarWeb?: string;
}): Promise<MailLocal> {
  await assertPortFree(opts.smtpPort, 'the SMTP server (MailDev)', opts.envVarSmtp ?? 'SMTP_PORT');
  await assertPortFree(opts.webPort, 'the MailDev inbox', opts.envVarWeb ?? 'MAIL_WEB_PORT');
  const maildev = new MailDev({
    smtp: opts.smtpPort,
    web: opts.webPort,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    silent: true,
    mailDirectory: opts.mailDirectory,
  });
  await maildev.start();
  return {
    smtpPort: opts.smtpPort,
    webUrl: `http://127.0.0.1:${opts.webPort}`,
    stop: () => maildev.stop(),
  };
}

export interface Mail {
  id: string;
  subject: string;
  to: string[];
  text: string;
  html: string;
  time: string;
}

/** The inbox, oldest first (for tests and the demo). */
/** The confirmation code in an email's text (shared/contact-confirmation.ts), in any of the applicants' languages, as its reader finds it. */
export const confirmationCodeIn = (text: string): string | undefined =>
  /(?:confirmation code|code de confirmation|código de confirmación) ?: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)?.[1];

/** Every message in the inbox, or only those to one address (MailDev filters them itself: a small answer in a large inbox). */
export async function listMail(webUrl: string, to?: string): Promise<Mail[]> {
  const query = to === undefined ? '' : `?${new URLSearchParams({ 'to.address': to })}`;
  const response = await fetch(`${webUrl}/api/email${query}`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
  const emails = (await response.json()) as {
    id: string;
    subject?: string;
    to?: { address: string }[];
    text?: string;
    html?: string;
    time: string;
  }[];
  return emails.map((e) => ({
    id: e.id,
    subject: e.subject ?? '',
    to: (e.to ?? []).map((t) => t.address),
    text: e.text ?? '',
    html: e.html ?? '',
    time: e.time,
  }));
}

export async function clearMail(webUrl: string): Promise<void> {
  await fetch(`${webUrl}/api/email/all`, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
}
