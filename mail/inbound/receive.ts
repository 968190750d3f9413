// A reply by email becoming a case comment. The message (already on disk, never whole in memory)
// is checked in order: seen before (same Message-ID) → nothing; written by a robot (auto-reply,
// bounce, list) → dropped without an answer; no reply address of ours, or a forged one → dropped;
// then the reply address's case, recipient and age, the sender, their right to comment, and the
// case being open: a refusal there gets the sender a short explanation. An accepted reply is kept
// raw, its text separated from quotes and signature, its attachments stored under the upload
// rules, and signalled to the case's workflow.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { MailParser, simpleParser, type AddressObject } from 'mailparser';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/prisma';
import type { FileStore } from '../../files/fileStore';
import type { Mailer } from '../mailer';
import type { ReplyTokens } from '../replyTokens';
import type { Logger } from '../../logger';
import { automatedReason } from './autoReply';
import { replyText } from './replyText';
import { renderEmail } from '../render';
import { can, type CaseFacts } from '../../domain/permissions';
import type { Actor, Role } from '../../domain/roles';
import { caseWorkflowId } from '../../temporal.config';
import { emailReplySignal, type UploadedFile } from '../../workflows/messages';
import { inspectFile, MAX_FILE_BYTES, UploadRefused } from '../../files/inspect';
import { safeFileName } from '../../domain/fileTypes';

export interface InboundDeps {
  db: Db;
  temporal: Client;
  mailer: Mailer;
  store: FileStore;
  tokens: ReplyTokens;
  log: Logger;
  mailDomain: string;
  publicUrl: string;
}

export type InboundOutcome =
  | { status: 'accepted'; reference: string; commentId: string; refusedAttachments: string[] }
  | { status: 'duplicate' }
  | { status: 'dropped'; reason: string }
  | { status: 'refused'; reason: string };

const HEADER_BYTES = 256 * 1024;

async function readHeaders(file: string) {
  const handle = await fs.promises.open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    return simpleParser(Buffer.from(`${end === -1 ? text : text.slice(0, end)}\r\n\r\n`, 'latin1'));
  } finally {
    await handle.close();
  }
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

export async function receiveEmail(deps: InboundDeps, file: string, envelope: { to?: string[]; from?: string } = {}): Promise<InboundOutcome> {
  const { db, log } = deps;
  const head = await readHeaders(file);
  const from = addresses(head.from)[0] ?? (envelope.from ?? '').toLowerCase();
  const messageId = (head.messageId ?? `<sha256-${await fileHash(file)}@inbound>`).trim();
  const subject = head.subject ?? '';
  const key = `in:${messageId}`;

  if (await db.emailMessage.findUnique({ where: { idempotencyKey: key } })) return { status: 'duplicate' };

  const record = (status: string, detail: string, extra: { caseReference?: string; recipient?: string; rawKey?: string } = {}) =>
    db.emailMessage
      .create({
        data: {
          id: crypto.createHash('sha256').update(key).digest('hex').slice(0, 32),
          idempotencyKey: key,
          direction: 'IN',
          messageId,
          sender: from || '(none)',
          recipient: extra.recipient ?? '',
          subject: subject.slice(0, 300),
          caseReference: extra.caseReference,
          status,
          detail: detail.slice(0, 500),
          rawKey: extra.rawKey,
        },
      })
      .catch((err: { code?: string }) => {
        if (err.code === 'P2002') return null; // the same message, delivered twice at once
        throw err;
      });

  const robot = automatedReason(head.headers, from);
  if (robot) {
    await record('DROPPED', `written by a robot: ${robot}`);
    return { status: 'dropped', reason: robot };
  }

  const candidates = [...(envelope.to ?? []), ...addresses(head.to), ...addresses(head.cc)].map((a) => a.toLowerCase());
  const replyAddress = candidates.find((a) => a.startsWith('reply+') && a.endsWith(`@${deps.mailDomain.toLowerCase()}`));
  if (!replyAddress) {
    await record('DROPPED', 'no reply address of ours');
    return { status: 'dropped', reason: 'no reply address' };
  }
  const verdict = deps.tokens.verify(replyAddress);
  if (!verdict.ok && verdict.reason !== 'expired') {
    // A forged address is not answered: the sender may not be who the message says.
    await record('DROPPED', `reply address ${verdict.reason}`, { recipient: replyAddress });
    return { status: 'dropped', reason: `reply address ${verdict.reason}` };
  }

  const refuse = async (reason: string, lines: string[], reference?: string) => {
    await record('REJECTED', reason, { caseReference: reference, recipient: replyAddress });
    if (from) await explain(deps, { to: from, messageId, subject, lines, reference });
    log.info({ caseReference: reference, reason }, 'email reply refused');
    return { status: 'refused' as const, reason };
  };

  if (!verdict.ok) {
    return refuse('reply address expired', [
      'Your reply was not added to the case: the address you replied to has expired.',
      'Please add your comment on the case page, or reply to a more recent notification.',
    ]);
  }
  const reference = verdict.target.reference;
  const sender = from ? await db.user.findUnique({ where: { email: from }, include: { roles: true } }) : null;
  if (!sender || !sender.active || deps.tokens.recipientFingerprint(sender.id) !== verdict.target.recipient) {
    return refuse(
      'sender is not the recipient of the notification',
      [
        `Your reply to case ${reference} was not added: replies are accepted only from the person the notification was sent to, from the address it was sent to.`,
        'If that is you, reply from that address, or add your comment on the case page.',
      ],
      reference,
    );
  }
  const facts = await caseFacts(db, reference);
  const actor: Actor = { id: sender.id, name: sender.name, email: sender.email, roles: sender.roles.map((r) => ({ role: r.role as Role, schoolId: r.schoolId, providerId: r.providerId })) };
  if (!facts || !can(actor, 'comment', facts)) {
    return refuse('sender may no longer comment on the case', [`Your reply to case ${reference} was not added: you no longer have access to this case.`], reference);
  }
  if (facts.status === 'CLOSED') {
    return refuse('the case is closed', [`Your reply was not added: case ${reference} is closed.`, 'If more work is needed, ask the Workflow Lead to reopen it, then comment on the case page.'], reference);
  }

  // Accepted: keep the raw message, then read the body and attachments.
  const rawKey = deps.store.newKey();
  await pipeline(fs.createReadStream(file), deps.store.createWriteStream(rawKey));
  const body = await readBody(deps, file);
  const text = replyText(body.text);
  if (!text && body.files.length === 0) {
    await deps.store.remove(rawKey);
    return refuse('the reply was empty', [`Your reply to case ${reference} was not added: there was no text in it above the quoted message.`], reference);
  }
  const row = await record('ACCEPTED', body.refused.length ? `attachments not added: ${body.refused.join('; ')}` : 'accepted', { caseReference: reference, recipient: replyAddress, rawKey });
  if (!row) {
    // Another delivery of the same message won the race.
    await Promise.all([deps.store.remove(rawKey), ...body.files.map((f) => deps.store.remove(f.storageKey))]);
    return { status: 'duplicate' };
  }
  await deps.temporal.workflow.getHandle(caseWorkflowId(reference)).signal(emailReplySignal, {
    messageId,
    emailId: row.id,
    by: { id: sender.id, name: sender.name, side: sender.roles.some((r) => r.providerId) ? 'PROVIDER' : 'SCHOOL' },
    body: text || '(attachments only)',
    files: body.files,
  });
  if (body.refused.length) {
    await explain(deps, {
      to: from,
      messageId,
      subject,
      reference,
      lines: ['Your reply was added to the case, but these attachments were not:', ...body.refused, 'You can upload files on the case page.'],
    });
  }
  log.info({ caseReference: reference, emailId: row.id, files: body.files.length }, 'email reply accepted');
  return { status: 'accepted', reference, commentId: `email:${row.id}`, refusedAttachments: body.refused };
}

async function caseFacts(db: Db, reference: string): Promise<CaseFacts | null> {
  const c = await db.case.findUnique({ where: { reference } });
  if (!c) return null;
  return {
    schoolId: c.schoolId,
    enrolledSchoolIds: c.currentSchoolId ? [c.currentSchoolId] : [],
    primaryContactId: c.primaryContactId,
    providerId: c.providerId,
    ownerId: c.ownerId,
    status: c.status,
  };
}

/** The reply's text (HTML-only mail is turned into text) and its attachments, streamed to the store. */
async function readBody(deps: InboundDeps, file: string): Promise<{ text: string; files: UploadedFile[]; refused: string[] }> {
  const files: UploadedFile[] = [];
  const refused: string[] = [];
  let text = '';
  const parser = new MailParser();
  const pending: Promise<void>[] = [];
  parser.on('data', (data: { type: string; text?: string; content?: NodeJS.ReadableStream; filename?: string; release?: () => void }) => {
    if (data.type === 'text') {
      text = data.text ?? '';
      return;
    }
    if (data.type !== 'attachment' || !data.content) return;
    const name = safeFileName(data.filename ?? 'attachment');
    const key = deps.store.newKey();
    const inspect = inspectFile(name, MAX_FILE_BYTES);
    pending.push(
      pipeline(data.content, inspect, deps.store.createWriteStream(key))
        .then(() => {
          files.push({ id: crypto.randomUUID(), name, size: inspect.size, contentType: inspect.kind!.contentType, sha256: inspect.hash.digest('hex'), storageKey: key });
        })
        .catch(async (err: Error) => {
          data.content!.resume();
          await deps.store.remove(key);
          refused.push(err instanceof UploadRefused ? err.message.replace(' Nothing was uploaded.', '') : `“${name}” could not be read`);
        })
        .finally(() => data.release?.()),
    );
  });
  await pipeline(fs.createReadStream(file), parser, new Writable({ objectMode: true, write: (_c, _e, done) => done() })).catch(() => undefined);
  await Promise.all(pending);
  return { text, files, refused };
}

async function explain(deps: InboundDeps, o: { to: string; messageId: string; subject: string; lines: string[]; reference?: string }) {
  const key = `explain:${o.messageId}`;
  const existing = await deps.db.emailMessage.findUnique({ where: { idempotencyKey: key } });
  if (existing?.status === 'SENT') return;
  const rendered = renderEmail('inboundRefused', {
    subject: o.subject.toLowerCase().startsWith('re:') ? o.subject : `Re: ${o.subject}`,
    lines: o.lines,
    caseUrl: o.reference ? `${deps.publicUrl}/cases/${o.reference}` : deps.publicUrl,
    reference: o.reference ?? null,
    recipientName: 'there',
  });
  const messageId = `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)}@${deps.mailDomain}>`;
  const row =
    existing ??
    (await deps.db.emailMessage.create({
      data: { id: crypto.createHash('sha256').update(key).digest('hex').slice(0, 32), idempotencyKey: key, direction: 'OUT', messageId, caseReference: o.reference, template: 'inboundRefused', recipient: o.to, sender: 'system', subject: rendered.subject, status: 'PENDING' },
    }));
  await deps.mailer.send({
    to: o.to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId,
    // An answer to a person's message, by a robot: marked so that their auto-responder stays quiet.
    headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': o.messageId, References: o.messageId },
  });
  await deps.db.emailMessage.update({ where: { id: row.id }, data: { status: 'SENT', sentAt: new Date() } });
}

async function fileHash(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
