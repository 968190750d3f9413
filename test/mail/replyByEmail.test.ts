// Replying to a notification by email, over real SMTP on loopback both ways: a Case Manager's
// reply becomes an internal comment "by email", with the reply's text as written in every common
// mail client; and everything that must not get in, doesn't.
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import nodemailer from 'nodemailer';
import request from 'supertest';
import type { ParsedMail } from 'mailparser';
import { useStackPerTest, useTemporal, type TemporalContext } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { recipients, startMailbox } from '../helpers/mailbox';
import { projectRoot } from '../../config';
import { caseWorkflowId } from '../../temporal.config';
import { addCommentUpdate, closeCaseUpdate, type ActingPerson } from '../../workflows/messages';
import { replyTokensFor } from '../../mail/replyTokens';

const test = anyTest as TestFn<TemporalContext & { stack: Stack }>;
useTemporal(test);
useStackPerTest(test, { adopt: true, inbound: true });

const fixtures = path.join(projectRoot, 'test/fixtures/replies');
const susan: ActingPerson = { id: 'susan.wildes', name: 'Susan Wildes', side: 'SCHOOL' };
const jane: ActingPerson = { id: 'jane.doe', name: 'Jane Doe', side: 'PROVIDER' };

/** A school comment on the case, so its Case Manager gets a notification she can reply to. */
async function notificationTo(stack: Stack, reference = '00098601'): Promise<ParsedMail> {
  await stack.client.workflow.getHandle(caseWorkflowId(reference)).executeUpdate(addCommentUpdate, { args: [{ by: susan, body: 'Please call me about attendance.', shared: false }] });
  return stack.mailbox.waitFor((m) => m.subject === `New comment on case ${reference}` && recipients(m).includes(people.jane));
}

const replyAddressOf = (m: ParsedMail) => m.replyTo?.value[0]?.address ?? '';
let counter = 0;

/** Sends a raw message to the inbound listener as a mail server would. */
async function deliver(stack: Stack, raw: string | Buffer, envelope: { from: string; to: string }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.inbound!.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

function fixture(name: string, o: { from: string; replyTo: string; id?: string }) {
  return fs
    .readFileSync(path.join(fixtures, `${name}.eml`), 'utf8')
    .replaceAll('{{FROM}}', o.from)
    .replaceAll('{{REPLY_TO}}', o.replyTo)
    .replaceAll('{{ID}}', o.id ?? `${Date.now()}-${++counter}`);
}

const emailComments = (stack: Stack) => stack.database.db.comment.findMany({ where: { source: 'EMAIL' }, orderBy: { createdAt: 'asc' } });

async function waitForEmailComments(stack: Stack, n: number) {
  for (let i = 0; i < 100; i++) {
    const found = await emailComments(stack);
    if (found.length >= n) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return emailComments(stack);
}

test('a Case Manager replies to a notification from her mail client: the reply is an internal comment by email, as she wrote it', async (t) => {
  const { stack } = t.context;
  const note = await notificationTo(stack);
  const replyTo = replyAddressOf(note);
  t.regex(replyTo, /^reply\+[a-z0-9.]+@attendance\.example$/);
  t.true(note.text?.includes('Reply to this email to add a comment to the case'));
  const names = fs.readdirSync(fixtures).filter((n) => n.endsWith('.eml')).map((n) => n.replace('.eml', ''));
  t.true(names.length >= 9);
  for (const name of names) {
    await deliver(stack, fixture(name, { from: people.jane, replyTo }), { from: people.jane, to: replyTo });
  }
  const comments = await waitForEmailComments(stack, names.length);
  t.is(comments.length, names.length);
  const bodies = comments.map((c) => c.body);
  for (const name of names) {
    const expected = fs.readFileSync(path.join(fixtures, `${name}.expected.txt`), 'utf8');
    t.true(bodies.includes(expected), `${name}: expected ${JSON.stringify(expected)} among ${JSON.stringify(bodies)}`);
  }
  t.true(comments.every((c) => c.authorId === 'jane.doe' && c.authorSide === 'PROVIDER' && !c.shared), 'internal provider comments by Jane');
  // Each keeps its raw message, and the timeline says "by email".
  const log = await stack.database.db.emailMessage.findMany({ where: { direction: 'IN', status: 'ACCEPTED' } });
  t.is(log.length, names.length);
  t.true(log.every((m) => m.rawKey && fs.existsSync(path.join(stack.config.filesDir, m.rawKey))));
  const janeBrowser = new Browser(stack.app);
  await janeBrowser.signIn(people.jane);
  const page = await janeBrowser.get('/cases/00098601');
  t.true(page.text.includes('· by email'));
  t.true(page.text.includes('Share with school'), 'shareable from the case page');
});

test('the same message delivered twice adds one comment', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const raw = fixture('gmail', { from: people.jane, replyTo, id: 'same-message' });
  await deliver(stack, raw, { from: people.jane, to: replyTo });
  await deliver(stack, raw, { from: people.jane, to: replyTo });
  await new Promise((r) => setTimeout(r, 1000));
  t.is((await emailComments(stack)).length, 1);
});

test('a forged reply address, or one moved to another case, is refused at RCPT; nothing is added', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const forged = replyTo.replace(/\.([a-z0-9]{16})@/, '.aaaaaaaaaaaaaaaa@');
  await t.throwsAsync(deliver(stack, fixture('gmail', { from: people.jane, replyTo: forged }), { from: people.jane, to: forged }), { message: /550/ });
  const moved = replyTo.replace('reply+00098601.', 'reply+00098602.');
  await t.throwsAsync(deliver(stack, fixture('gmail', { from: people.jane, replyTo: moved }), { from: people.jane, to: moved }), { message: /550/ });
  t.is((await emailComments(stack)).length, 0);
});

test('an expired reply address, a wrong sender, a closed case: nothing added, and the sender is told why', async (t) => {
  const { stack } = t.context;
  const tokens = replyTokensFor(stack.config);
  const old = tokens.address(tokens.issue('00098601', 'jane.doe', new Date(Date.now() - 120 * 86_400_000)));
  await deliver(stack, fixture('gmail', { from: people.jane, replyTo: old }), { from: people.jane, to: old });
  const expired = await stack.mailbox.waitFor((m) => recipients(m).includes(people.jane) && (m.text?.includes('the address you replied to has expired') ?? false));
  t.is(expired.headers.get('auto-submitted'), 'auto-replied');

  const replyTo = replyAddressOf(await notificationTo(stack));
  await deliver(stack, fixture('gmail', { from: people.ken, replyTo }), { from: people.ken, to: replyTo });
  t.truthy(await stack.mailbox.waitFor((m) => recipients(m).includes(people.ken) && (m.text?.includes('replies are accepted only from the person the notification was sent to') ?? false)));

  await stack.client.workflow.getHandle(caseWorkflowId('00098601')).executeUpdate(closeCaseUpdate, { args: [{ by: jane, reason: 'Other', summary: 'Done.' }] });
  await deliver(stack, fixture('apple-mail', { from: people.jane, replyTo }), { from: people.jane, to: replyTo });
  t.truthy(await stack.mailbox.waitFor((m) => recipients(m).includes(people.jane) && (m.text?.includes('case 00098601 is closed') ?? false)));
  t.is((await emailComments(stack)).length, 0);
});

test('a Case Manager whose role was taken away after the notification cannot comment by replying to it', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  await stack.database.db.roleAssignment.deleteMany({ where: { userId: 'jane.doe' } });
  await deliver(stack, fixture('gmail', { from: people.jane, replyTo }), { from: people.jane, to: replyTo });
  t.truthy(await stack.mailbox.waitFor((m) => recipients(m).includes(people.jane) && (m.text?.includes('you no longer have access to this case') ?? false)));
  t.is((await emailComments(stack)).length, 0);
});

test('auto-replies and bounces are dropped without an answer, so no mail loop can start', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const outOfOffice = fixture('gmail', { from: people.jane, replyTo }).replace('MIME-Version: 1.0', 'Auto-Submitted: auto-replied\r\nMIME-Version: 1.0');
  await deliver(stack, outOfOffice, { from: people.jane, to: replyTo });
  const bulk = fixture('iphone', { from: people.jane, replyTo }).replace('MIME-Version: 1.0', 'Precedence: bulk\r\nMIME-Version: 1.0');
  await deliver(stack, bulk, { from: people.jane, to: replyTo });
  const bounce = [
    'From: Mail Delivery System <MAILER-DAEMON@northwood.provider.example>',
    `To: ${replyTo}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <bounce-${Date.now()}@mail.example>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
    '',
    '--r',
    'Content-Type: text/plain',
    '',
    'This is the mail system. Your message could not be delivered.',
    '--r--',
    '',
  ].join('\r\n');
  await deliver(stack, bounce, { from: '', to: replyTo });
  await new Promise((r) => setTimeout(r, 1000));
  t.is((await emailComments(stack)).length, 0);
  // Nothing went back: no explanation was made or delivered. (Counting every message would also
  // count the demo cases' own service-level reminders, which go out on their own time.)
  t.is(await stack.database.db.emailMessage.count({ where: { direction: 'OUT', template: 'inboundRefused' } }), 0);
  const sentBack = (await stack.mailbox.messages()).filter((m) => /^re:/i.test(m.subject ?? '') || recipients(m).some((r) => /mailer-daemon/i.test(r)));
  t.deepEqual(sentBack.map((m) => m.subject), [], 'nothing was sent back');
  t.is(await stack.database.db.emailMessage.count({ where: { direction: 'IN', status: 'DROPPED' } }), 3);
});

test('attachments become internal case files under the upload rules; one over 20 MB is left out and the sender told', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack.inbound!.port, secure: false, ignoreTLS: true });
  t.teardown(() => transport.close());
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
  await transport.sendMail({
    from: people.jane,
    to: replyTo,
    subject: 'Re: New comment on case 00098601',
    text: 'Consent form attached.\n\nOn Thu, 3 Dec 2026 at 10:15, Attendance Service <no-reply@attendance.example> wrote:\n> Kia ora',
    attachments: [
      { filename: 'consent-form.pdf', content: fs.readFileSync(path.join(projectRoot, 'test/fixtures/attendance-letter.pdf')) },
      { filename: 'full-scan.pdf', content: big },
    ],
  });
  const [comment] = await waitForEmailComments(stack, 1);
  t.is(comment?.body, 'Consent form attached.');
  for (let i = 0; i < 50 && (await stack.database.db.caseFile.count()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const files = await stack.database.db.caseFile.findMany();
  t.deepEqual(files.map((f) => [f.name, f.source, f.shared, f.authorSide]), [['consent-form.pdf', 'EMAIL', false, 'PROVIDER']]);
  t.truthy(await stack.mailbox.waitFor((m) => recipients(m).includes(people.jane) && (m.text?.includes('“full-scan.pdf” is larger than 20 MB') ?? false)));
});

test('a message over the size limit is refused by the SMTP listener itself', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const huge = fixture('iphone', { from: people.jane, replyTo }) + 'x'.repeat(stack.config.inboundMaxBytes + 1024);
  await t.throwsAsync(deliver(stack, huge, { from: people.jane, to: replyTo }), { message: /552|too big|size/i });
  t.is((await emailComments(stack)).length, 0);
});

test('POST /inbound/email takes raw MIME with the shared secret, and the SendGrid Inbound Parse form', async (t) => {
  const { stack } = t.context;
  const replyTo = replyAddressOf(await notificationTo(stack));
  const raw = fixture('outlook-desktop', { from: people.jane, replyTo });
  const refused = await request(stack.app).post('/inbound/email').set('Content-Type', 'message/rfc822').send(raw);
  t.is(refused.status, 401);
  const wrong = await request(stack.app).post('/inbound/email').set('Authorization', 'Bearer not-the-secret').set('Content-Type', 'message/rfc822').send(raw);
  t.is(wrong.status, 401);
  const ok = await request(stack.app).post('/inbound/email').set('Authorization', `Bearer ${stack.config.inboundSecret}`).set('Content-Type', 'message/rfc822').send(raw);
  t.is(ok.status, 201);
  t.is(ok.body.status, 'accepted');
  const sendgrid = await request(stack.app)
    .post(`/inbound/email/sendgrid?key=${encodeURIComponent(stack.config.inboundSecret)}`)
    .field('envelope', JSON.stringify({ to: [replyTo], from: people.jane }))
    .field('email', fixture('french', { from: people.jane, replyTo }));
  t.is(sendgrid.status, 201);
  const bodies = (await waitForEmailComments(stack, 2)).map((c) => c.body);
  t.deepEqual(bodies.sort(), ['Bien reçu, merci. Je contacte la famille demain.', 'Home visit done. Whānau are keen on the morning routine plan.'].sort());
});

test('the dev mailbox sends a real reply back through the SMTP listener, and it lands on the case', async (t) => {
  const { stack } = t.context;
  const note = await notificationTo(stack);
  const b = new Browser(stack.app);
  const list = await b.get('/dev/mailbox');
  const id = new RegExp(`href="/dev/mailbox/([0-9a-f-]+)">New comment on case 00098601`).exec(list.text)?.[1];
  t.truthy(id, 'the notification is listed');
  const view = await b.get(`/dev/mailbox/${id}`);
  t.true(view.text.includes(`Reply as ${people.jane}`));
  t.true(view.text.includes('&gt; Kia ora Jane Doe,'), 'the reply quotes the original');
  const quoted = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(view.text)![1]!.replaceAll('&gt;', '>').replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&lt;', '<');
  const sent = await b.post(`/dev/mailbox/${id}/reply`, { body: `Called Susan back; all good.${quoted}` });
  t.is(sent.status, 303);
  const [comment] = await waitForEmailComments(stack, 1);
  t.is(comment?.body, 'Called Susan back; all good.');
  t.truthy(replyAddressOf(note));
});

test('when the mail relay is down the email waits, and goes once when it is back', async (t) => {
  const { stack } = t.context;
  // The relay goes away: nothing listens on its port until we start it again.
  const port = stack.mailbox.sink.port;
  await stack.mailbox.sink.close();
  await stack.client.workflow.getHandle(caseWorkflowId('00098601')).executeUpdate(addCommentUpdate, { args: [{ by: susan, body: 'While the relay is down.', shared: false }] });
  await new Promise((r) => setTimeout(r, 3000));
  const pending = await stack.database.db.emailMessage.findMany({ where: { template: 'schoolComment', caseReference: '00098601' } });
  t.is(pending.length, 1);
  t.is(pending[0]!.status, 'PENDING');
  const back = await startMailbox(stack.mailbox.dir, port);
  t.teardown(() => back.close());
  const mail = await back.waitFor((m) => m.subject === 'New comment on case 00098601', 60_000);
  t.deepEqual(recipients(mail), [people.jane]);
  await new Promise((r) => setTimeout(r, 2000));
  t.is((await back.messages()).filter((m) => m.subject === 'New comment on case 00098601').length, 1, 'sent once');
  t.is((await stack.database.db.emailMessage.findFirstOrThrow({ where: { template: 'schoolComment', caseReference: '00098601' } })).status, 'SENT');
});
