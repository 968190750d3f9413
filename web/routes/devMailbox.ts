// The dev mailbox (dev mode only): every email the dev sink caught, newest first; each one readable,
// as raw MIME too; and a Reply form that sends a real reply, quoting the original, from the
// recipient's address back through the inbound SMTP listener, so the whole loop can be seen here.
import { Router } from 'express';
import nodemailer from 'nodemailer';
import { simpleParser } from 'mailparser';
import type { WebDeps } from '../deps';
import { listMailbox, readMailboxMessage } from '../../mail/devMailbox';
import { render } from '../views';
import { HttpError } from '../errors';
import { param } from './guards';
import { formatDateTime } from '../../domain/dates';

const quote = (text: string) =>
  text
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join('\n');

export function devMailboxRoutes(deps: WebDeps) {
  const router = Router();
  const { config } = deps;

  async function message(id: string) {
    const raw = await readMailboxMessage(config.mailboxDir, id);
    if (!raw) throw new HttpError(404, 'not-found');
    return { raw, parsed: await simpleParser(raw) };
  }

  router.get('/dev/mailbox', async (req, res) => {
    const messages = await listMailbox(config.mailboxDir);
    render(res, 'devMailbox', { title: 'Dev mailbox', messages, usesSink: config.usesDevMailSink, sent: req.query.sent === '1' });
  });

  router.get('/dev/mailbox/:id.eml', async (req, res) => {
    const { raw } = await message(param(req, 'id'));
    res.type('message/rfc822').send(raw);
  });

  router.get('/dev/mailbox/:id', async (req, res) => {
    const id = param(req, 'id');
    const { parsed } = await message(id);
    const replyTo = parsed.replyTo?.value[0]?.address ?? null;
    const to = parsed.to && !Array.isArray(parsed.to) ? (parsed.to.value[0]?.address ?? '') : '';
    const when = parsed.date ? formatDateTime(parsed.date) : '';
    render(res, 'devMessage', {
      title: parsed.subject ?? 'Email',
      id,
      subject: parsed.subject ?? '(no subject)',
      from: parsed.from?.text ?? '',
      to,
      replyTo,
      date: when,
      text: parsed.text ?? '',
      canReply: Boolean(replyTo && replyTo.startsWith('reply+')),
      reply: `\n\nOn ${when}, ${parsed.from?.text ?? 'Attendance Service'} wrote:\n${quote(parsed.text ?? '')}\n`,
    });
  });

  router.post('/dev/mailbox/:id/reply', async (req, res) => {
    const id = param(req, 'id');
    const { parsed } = await message(id);
    const replyTo = parsed.replyTo?.value[0]?.address;
    const from = parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined;
    const body = typeof req.body.body === 'string' ? req.body.body : '';
    if (!replyTo || !from) throw new HttpError(400, 'bad-request', 'This email has no reply address to answer.');
    const transport = nodemailer.createTransport({ host: ['0.0.0.0', '::'].includes(config.inboundSmtpHost) ? '127.0.0.1' : config.inboundSmtpHost, port: config.inboundSmtpPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        from,
        to: replyTo,
        subject: (parsed.subject ?? '').startsWith('Re:') ? parsed.subject : `Re: ${parsed.subject ?? ''}`,
        text: body,
        inReplyTo: parsed.messageId,
        references: parsed.messageId,
      });
    } catch (err) {
      throw new HttpError(503, 'unavailable', `The inbound SMTP listener on port ${config.inboundSmtpPort} did not take the reply: ${(err as Error).message}`);
    } finally {
      transport.close();
    }
    res.redirect(303, '/dev/mailbox?sent=1');
  });

  return router;
}
