// Sends one notification at most once per idempotency key (one event, one recipient). The outbound
// log row is written before sending and marked SENT after; a retry after a crash in between sends
// again with the same Message-ID, so the receiving side can still tell it is the same message.
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { renderEmail, type RenderedEmail } from '../mail/render';
import { isPermanentMailError } from '../mail/mailer';

export interface Notification {
  key: string;
  to: { email: string; name: string };
  /** The template's name, kept in the outbound log. */
  template: string;
  caseReference: string;
  /** Either the data for the named template, or an email rendered already. */
  data?: Record<string, unknown>;
  rendered?: RenderedEmail;
  replyToken?: string;
}

export async function sendOnce(deps: ActivityDeps, n: Notification): Promise<'sent' | 'already-sent'> {
  const { db, mailer, mailDomain, log } = deps;
  const digest = crypto.createHash('sha256').update(n.key).digest('hex').slice(0, 32);
  const messageId = `<${digest}@${mailDomain}>`;
  const rendered = n.rendered ?? renderEmail(n.template, { ...n.data, recipientName: n.to.name });
  const row = await db.emailMessage.upsert({
    where: { idempotencyKey: n.key },
    update: {},
    create: {
      id: digest,
      idempotencyKey: n.key,
      direction: 'OUT',
      messageId,
      caseReference: n.caseReference,
      template: n.template,
      recipient: n.to.email,
      sender: 'system',
      subject: rendered.subject,
      replyToken: n.replyToken,
      status: 'PENDING',
    },
  });
  if (row.status === 'SENT') return 'already-sent';
  try {
    await mailer.send({
      to: `"${n.to.name.replace(/"/g, '')}" <${n.to.email}>`,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      replyTo: n.replyToken ? deps.replyTokens.address(n.replyToken) : undefined,
    });
  } catch (err) {
    if (isPermanentMailError(err)) {
      await db.emailMessage.update({ where: { id: row.id }, data: { status: 'REJECTED', detail: String((err as Error).message).slice(0, 500) } });
      log.warn({ caseReference: n.caseReference, template: n.template, err }, 'email refused for good');
      throw ApplicationFailure.nonRetryable(`The mail relay refused ${n.to.email}: ${(err as Error).message}`, 'MailRejected');
    }
    throw err;
  }
  await db.emailMessage.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: new Date() } });
  log.info({ caseReference: n.caseReference, template: n.template, messageId }, 'email sent');
  return 'sent';
}
