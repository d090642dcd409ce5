// The email port. On AWS messages go through SES v2; locally through SMTP to
// MailDev. The transport is chosen by MAIL_TRANSPORT; nodemailer is loaded
// only by the SMTP adapter (it is not part of the Lambda bundles).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { envGetter, requireEnv } from '../config.ts';
import { instrument, noteLocalCall } from './aws.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

const mailFrom = envGetter('MAIL_FROM');

function sesSender(): EmailSender {
  const client = instrument(new SESv2Client({}));
  return {
    async send({ to, subject, text, html }) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: mailFrom(),
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: text, Charset: 'UTF-8' },
                ...(html ? { Html: { Data: html, Charset: 'UTF-8' } } : {}),
              },
            },
          },
        }),
      );
    },
  };
}

function smtpSender(): EmailSender {
  const url = requireEnv('SMTP_URL');
  let transport: Promise<{ sendMail(options: object): Promise<unknown> }> | undefined;
  return {
    async send({ to, subject, text, html }) {
      transport ??= import('nodemailer').then((nodemailer) =>
        nodemailer.createTransport(url, { ignoreTLS: true } as object),
      );
      // The SES call this mail stands in for, as the local runtime's record of AWS calls sees it.
      noteLocalCall('SESv2', 'SendEmail', { FromEmailAddress: mailFrom() });
      await (await transport).sendMail({ from: mailFrom(), to, subject, text, html });
    },
  };
}

let sender: EmailSender | undefined;

export function emailSender(): EmailSender {
  if (sender) return sender;
  const transport = requireEnv('MAIL_TRANSPORT');
  if (transport === 'ses') return (sender = sesSender());
  if (transport === 'smtp') return (sender = smtpSender());
  throw new Error(`MAIL_TRANSPORT must be "ses" or "smtp"`);
}
