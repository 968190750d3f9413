// The guide's case tasks through HTTP, against the real workflow: Add Comment, Upload Files,
// Change Primary Contact, View shared content; and the bad input each must withstand.
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { recipients } from '../helpers/mailbox';
import { projectRoot } from '../../config';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;
const fixture = (name: string) => path.join(projectRoot, 'test/fixtures', name);

useTemporal(test);
useStackPerTest(test, { adopt: true });

/** Posts a multipart upload with the page's CSRF token first, as the form does. */
async function upload(b: Browser, reference: string, files: { path?: string; name: string; content?: Buffer }[], fields: Record<string, string> = {}) {
  const page = await b.get(`/cases/${reference}/files/new`);
  const token = /name="_csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
  const formId = /name="formId" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
  let req = b.agent.post(`/cases/${reference}/files`).field('_csrf', token).field('formId', formId);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('files', f.content ?? fs.readFileSync(f.path!), f.name);
  return req;
}

test('Add a case comment: Susan’s comment is on the timeline, and Jane (the Case Manager) is emailed', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const form = await susan.get('/cases/00098601/comments/new');
  t.is(form.status, 200);
  const formId = /name="formId" value="([^"]*)"/.exec(form.text)![1]!;
  const res = await susan.post('/cases/00098601/comments', { formId, body: 'Fa’atali was absent again on Monday. <script>alert(1)</script>' });
  t.is(res.status, 303);
  t.is(res.headers.location, '/cases/00098601?done=comment');
  const page = await susan.get('/cases/00098601?done=comment');
  t.true(page.text.includes('Your comment has been added.'));
  t.true(page.text.includes('Fa’atali was absent again on Monday. &lt;script&gt;alert(1)&lt;/script&gt;'), 'script shown as text');
  t.false(page.text.includes('<script>alert(1)'));
  const mail = await stack.mailbox.waitFor((m) => m.subject === 'New comment on case 00098601');
  t.deepEqual(recipients(mail), [people.jane]);
  // Posting the same form again (double click) adds nothing.
  await susan.get('/cases/00098601/comments/new');
  await susan.post('/cases/00098601/comments', { formId, body: 'Fa’atali was absent again on Monday. <script>alert(1)</script>' });
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } });
  t.is(await stack.database.db.comment.count({ where: { caseId: row.id, body: { contains: 'absent again on Monday' } } }), 1);
});

test('a comment on a case with no owner goes to the Workflow Lead', async (t) => {
  const { stack } = t.context;
  const mere = new Browser(stack.app);
  await mere.signIn(people.mere);
  await mere.get('/cases/00098604/comments/new');
  t.is((await mere.post('/cases/00098604/comments', { body: 'Liam’s mother called the office today.' })).status, 303);
  const mail = await stack.mailbox.waitFor((m) => m.subject === 'New comment on case 00098604');
  t.deepEqual(recipients(mail), [people.wiremu]);
});

test('an empty or oversized comment is refused with the reason, keeping what was typed', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  await susan.get('/cases/00098601/comments/new');
  const empty = await susan.post('/cases/00098601/comments', { body: '   ' });
  t.is(empty.status, 400);
  t.true(empty.text.includes('Enter your comment'));
  const long = 'x'.repeat(4001);
  const tooLong = await susan.post('/cases/00098601/comments', { body: long });
  t.is(tooLong.status, 400);
  t.true(tooLong.text.includes('Your comment must be 4000 characters or fewer (it is 4001)'));
  t.true(tooLong.text.includes(long), 'what was typed is kept');
});

test('Upload files: several at once, streamed, on the timeline, the Case Manager told, downloadable by those who may', async (t) => {
  const { stack } = t.context;
  const david = new Browser(stack.app);
  await david.signIn(people.david);
  const res = await upload(david, '00098601', [
    { path: fixture('attendance-letter.pdf'), name: 'Attendance letter ../../etc/passwd.pdf' },
    { path: fixture('student-id-card.png'), name: 'Whānau photo: ID card?.png' },
  ]);
  t.is(res.status, 303, res.text?.slice(0, 300));
  t.is(res.headers.location, '/cases/00098601?done=files&n=2');
  const stored = await stack.database.db.caseFile.findMany({ where: { case: { reference: '00098601' } } });
  const pdf = stored.find((f) => f.contentType === 'application/pdf')!;
  const png = stored.find((f) => f.contentType === 'image/png')!;
  t.is(stored.length, 2);
  t.is(pdf.name, 'passwd.pdf', 'no folders survive in a name');
  t.is(pdf.size, 218);
  t.is(png.name, 'Whānau photo ID card.png', 'reserved characters removed, the rest kept readable');
  const files = [pdf, png];
  const timeline = await david.get('/cases/00098601');
  t.true(timeline.text.includes('File added: <a href="/cases/00098601/files/'));
  const mail = await stack.mailbox.waitFor((m) => m.subject === 'New files on case 00098601');
  t.deepEqual(recipients(mail), [people.jane]);
  t.true(mail.text?.includes('passwd.pdf, Whānau photo ID card.png'));
  // The bytes come back as they went in, for the Case Manager.
  const jane = new Browser(stack.app);
  await jane.signIn(people.jane);
  const download = await jane.agent.get(`/cases/00098601/files/${files[0]!.id}`).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  t.is(download.status, 200);
  t.deepEqual(download.body, fs.readFileSync(fixture('attendance-letter.pdf')));
  t.is(download.headers['content-type'], 'application/pdf');
  t.is(download.headers['x-content-type-options'], 'nosniff');
  // Oscar (Office Support) reads only what he wrote: David's file is not his to download.
  const oscar = new Browser(stack.app);
  await oscar.signIn(people.oscar);
  t.is((await oscar.get(`/cases/00098601/files/${files[0]!.id}`)).status, 404);
  // Someone from another school does not know the case exists.
  const sam = new Browser(stack.app);
  await sam.signIn(people.sam);
  t.is((await sam.get(`/cases/00098601/files/${files[0]!.id}`)).status, 404);
});

test('a file over 20 MB is refused with a clear message and nothing is stored', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
  big.write('%PDF-1.4\n', 0);
  const res = await upload(susan, '00098601', [
    { path: fixture('student-id-card.png'), name: 'small.png' },
    { name: 'scan.pdf', content: big },
  ]);
  t.is(res.status, 413);
  t.true(res.text.includes('“scan.pdf” is larger than 20 MB. Nothing was uploaded'));
  t.is(await stack.database.db.caseFile.count(), 0);
  const stored = fs.existsSync(stack.config.filesDir) ? fs.readdirSync(stack.config.filesDir, { recursive: true }).filter((f) => fs.statSync(path.join(stack.config.filesDir, String(f))).isFile()) : [];
  t.deepEqual(stored, [], 'no bytes left behind');
});

test('a renamed program, a zip and a mislabelled file are refused by their content', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const exe = await upload(susan, '00098601', [{ path: fixture('renamed-program.pdf'), name: 'report.pdf' }]);
  t.is(exe.status, 400);
  t.true(exe.text.includes('“report.pdf” is a program or script, which cannot be attached to a case'));
  const zip = await upload(susan, '00098601', [{ name: 'documents.zip', content: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]) }]);
  t.true(zip.text.includes('is a zip archive'));
  const mislabelled = await upload(susan, '00098601', [{ path: fixture('attendance-letter.pdf'), name: 'letter.docx' }]);
  t.true(mislabelled.text.includes('is a PDF but its name ends “.docx”: rename it to end .pdf'));
  t.is(await t.context.stack.database.db.caseFile.count(), 0);
});

test('an upload with a forged CSRF token stores nothing', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const res = await susan.agent
    .post('/cases/00098601/files')
    .field('_csrf', 'forged-token-forged-token-forged-token-xxx')
    .attach('files', fs.readFileSync(fixture('attendance-letter.pdf')), 'letter.pdf');
  t.is(res.status, 403);
  t.is(await stack.database.db.caseFile.count(), 0);
});

test('Change the Primary Contact: find Mere, change contact; she and David are emailed; the timeline records it', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const search = await susan.get('/cases/00098601/primary-contact?q=mere');
  t.true(search.text.includes('Choose Mere Ngata'));
  t.false(search.text.includes('Choose Oscar Tane'), 'Office Support is not a Primary Contact');
  const chosen = await susan.get('/cases/00098601/primary-contact?userId=mere.ngata');
  t.true(chosen.text.includes('value="mere.ngata@northhigh.school.example"'));
  const formId = /name="formId" value="([^"]*)"/.exec(chosen.text)![1]!;
  const res = await susan.post('/cases/00098601/primary-contact', { formId, userId: 'mere.ngata', phone: '09 444 1003', email: people.mere, notes: 'Best reached before 10am.' });
  t.is(res.status, 303);
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } });
  t.is(row.primaryContactId, 'mere.ngata');
  t.is(row.primaryContactNotes, 'Best reached before 10am.');
  const page = await susan.get('/cases/00098601');
  t.true(page.text.includes('Primary Contact changed from David Smith to Mere Ngata'));
  t.deepEqual(recipients(await stack.mailbox.waitFor((m) => m.subject === 'You are now the Primary Contact for case 00098601')), [people.mere]);
  t.deepEqual(recipients(await stack.mailbox.waitFor((m) => m.subject === 'You are no longer the Primary Contact for case 00098601')), [people.david]);
  // David no longer holds the case.
  const david = new Browser(stack.app);
  await david.signIn(people.david);
  t.is((await david.get('/cases/00098601')).status, 404);
});

test('the Primary Contact form refuses someone without access and a bad email, keeping what was typed', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  await susan.get('/cases/00098601/primary-contact');
  const res = await susan.post('/cases/00098601/primary-contact', { userId: 'oscar.tane', phone: '09 444 1004', email: 'oscar@', notes: '' });
  t.is(res.status, 400);
  t.true(res.text.includes('Choose someone with access to the Attendance Service CMS at the school'));
  t.true(res.text.includes('Enter email address in the right format'));
  t.true(res.text.includes('value="oscar@"'));
});

test('View shared content: the school sees shared provider comments and referrals, not internal ones', async (t) => {
  const david = new Browser(t.context.stack.app);
  await david.signIn(people.david);
  const related = await david.get('/cases/00098601/related');
  t.true(related.text.includes('Student returned to school today after three consecutive sick days.'));
  t.false(related.text.includes('Internal: check in with the public health nurse'));
  t.true(related.text.includes('REF-00000000003'));
  t.true(related.text.includes('Case Comments (5)'));
  const jane = new Browser(t.context.stack.app);
  await jane.signIn(people.jane);
  t.true((await jane.get('/cases/00098601/related')).text.includes('Internal: check in with the public health nurse'));
});

test('a closed case is readable with its history, and offers no actions', async (t) => {
  const mere = new Browser(t.context.stack.app);
  await mere.signIn(people.mere);
  const page = await mere.get('/cases/00098606');
  t.is(page.status, 200);
  t.true(page.text.includes('Closed on'));
  t.true(page.text.includes('Case closed: Attendance improved'));
  t.false(page.text.includes('>Add Comment<'));
  await mere.get('/cases/00098606/comments/new');
  const res = await mere.post('/cases/00098606/comments', { body: 'Late news.' });
  t.is(res.status, 409);
  t.true(res.text.includes('This case is closed.'));
});
