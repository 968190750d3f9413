// The one mailer: picks the transport from configuration (the dev sink by default, SMTP_URL for a
// real relay) and sends every notification with the headers that keep auto-responders quiet.
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport: Transporter = nodemailer.createTransport(options.smtpUrl, {
    // A relay that is down must fail fast so the activity retries, not hang the worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
        replyTo: email.replyTo,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          ...email.headers,
        },
      });
    },
    close: () => transport.close(),
  };
}

/** True when the relay refused the message for good (bad address, unknown mailbox): retrying won't help. */
export function isPermanentMailError(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (e.code === 'EENVELOPE') return true;
  // 550-553: no such mailbox, not allowed, over quota, bad address; 501: address syntax. Anything
  // else (relay down, 4xx, authentication) is worth retrying until the relay is back.
  return e.responseCode !== undefined && [501, 550, 551, 552, 553].includes(e.responseCode);
}
