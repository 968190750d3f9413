// Bad input that used to cost a person their text or show the error page: hand-edited list
// addresses, tampered hidden fields, over-long text, acting on a case closed meanwhile, and text in
// the address that a page might echo. Each gets a specific message and keeps what was typed.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import crypto from 'node:crypto';
import { Browser, people, submitRequest } from '../helpers/web';
import { Client, Connection } from '@temporalio/client';
import { runCaseUpdate } from '../../web/caseUpdates';
import { createApp } from '../../web/app';
import { addCommentUpdate } from '../../workflows/messages';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, adopt: true });
});
test.after.always(async (t) => {
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const formIdOf = (html: string) => /name="formId" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function newDraft(b: Browser) {
  await b.get('/services/chronic-absence');
  const number = /\/requests\/(\d{9})\//.exec((await b.post('/requests')).headers.location ?? '')?.[1];
  if (!number) throw new Error('no draft started');
  return number;
}

test('hand-edited list addresses get the list, with a message for what cannot be used, never the error page', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  for (const sort of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nonsense']) {
    const res = await susan.get(`/cases?view=active&sort=${sort}`);
    t.is(res.status, 200, `sort=${sort}`);
    t.true(res.text.includes('00098601'), `sort=${sort} still lists the cases`);
  }
  const closed = await susan.get('/cases?view=closed&status=ON_HOLD');
  t.is(closed.status, 200);
  t.false(closed.text.includes('Choose a status from the list'), 'the closed list has no status filter to complain about');
  t.true(closed.text.includes('00098606'));
  const farYears = await susan.get('/cases?view=active&from=0026-01-01&to=9999-12-31');
  t.true(farYears.text.includes('Enter the &quot;opened from&quot; date as a real date, like 2026-06-01'));
  t.true(farYears.text.includes('Enter the &quot;opened to&quot; date as a real date, like 2026-06-30'));
  t.true(farYears.text.includes('value="0026-01-01"'), 'what was typed stays in the field');
});

test('the request form: a tampered version is a stale page, not an error; long text is refused whole, not cut', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const number = await newDraft(susan);
  await susan.get(`/requests/${number}/step/3`);
  const tampered = await susan.post(`/requests/${number}/step/3`, { version: 'abc', action: 'save', concerns: 'Kept as typed', alreadyTried: '', otherAgencies: '' });
  t.is(tampered.status, 409);
  t.true(tampered.text.includes('This draft was changed in another window or on another device'));
  t.true(tampered.text.includes('Kept as typed'));
  const long = `${'Absent most Mondays since Term 2. '.repeat(270)}The last words.`;
  t.true(long.length > 9000);
  const page = await susan.get(`/requests/${number}/step/3`);
  const res = await susan.post(`/requests/${number}/step/3`, { version: versionOf(page.text), action: 'continue', concerns: long, alreadyTried: 'Calls home.', otherAgencies: '' });
  t.is(res.status, 400);
  t.true(res.text.includes('The last words.'), 'the whole text comes back, its end included');
  t.regex(res.text, /4000 characters or fewer/);
  const saved = await susan.post(`/requests/${number}/step/3`, { version: versionOf(res.text), action: 'save', concerns: long, alreadyTried: 'Calls home.', otherAgencies: '' });
  t.is(saved.status, 303, 'Save draft keeps it, to be shortened later');
  const draft = await t.context.stack.database.db.request.findUniqueOrThrow({ where: { number } });
  t.true(draft.answers.includes('The last words.'), 'nothing was cut from the saved draft');
});

test('the student page: a search survives an error, and a draft never names a student of another school', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const number = await newDraft(susan);
  const search = await susan.get(`/requests/${number}/step/1?q=Aroha`);
  t.true(search.text.includes('name="studentId"'), 'Aroha is found');
  const forgot = await susan.post(`/requests/${number}/step/1`, { version: versionOf(search.text), action: 'continue', q: 'Aroha' });
  t.is(forgot.status, 400);
  t.true(forgot.text.includes('value="Aroha"'), 'the search box keeps the search');
  t.true(forgot.text.includes('name="studentId"'), 'and the results are still there to choose from');
  // Ella is enrolled at Southbay Primary, not North High; nosuch is nobody.
  for (const studentId of ['st-ella', 'nosuch']) {
    const res = await susan.post(`/requests/${number}/step/1`, { version: versionOf(search.text), action: 'save', studentId });
    t.is(res.status, 400, studentId);
    t.true(res.text.includes('Select a student who is currently enrolled at your school'), studentId);
  }
  const draft = await t.context.stack.database.db.request.findUniqueOrThrow({ where: { number } });
  t.is(draft.studentId, null);
  const home = await susan.get('/');
  t.false(home.text.includes('Ella'), 'no other school’s student on the home page');
});

test('provider forms: an over-long closure summary is refused with its length, and comes back whole', async (t) => {
  const wiremu = new Browser(t.context.stack.app);
  await wiremu.signIn(people.wiremu);
  const page = await wiremu.get('/cases/00098601/close');
  const summary = `${'Weekly visits, attendance back to 90%. '.repeat(160)}Final line.`;
  const res = await wiremu.post('/cases/00098601/close', { formId: formIdOf(page.text), reason: 'Attendance improved', summary });
  t.is(res.status, 400);
  t.true(res.text.includes(`The summary must be 4000 characters or fewer (it is ${summary.length})`));
  t.true(res.text.includes('Final line.'), 'the whole summary is in the box');
});

test('assigning an owner on a closed case says it is closed; an update reaching a finished workflow says so too', async (t) => {
  const wiremu = new Browser(t.context.stack.app);
  await wiremu.signIn(people.wiremu);
  await wiremu.get('/cases/00098606/owner');
  const res = await wiremu.post('/cases/00098606/owner', { ownerId: 'tom.walker' });
  t.is(res.status, 409);
  t.true(res.text.includes('This case is closed'));
  // The race behind it: the case closes (its workflow completes) while a form is open.
  const { stack } = t.context;
  const outcome = await runCaseUpdate(stack.client, '00098606', addCommentUpdate, { by: { id: 'jane.doe', name: 'Jane Doe', side: 'PROVIDER' }, body: 'Late note', shared: false, contact: false } as never, crypto.randomUUID());
  t.deepEqual(outcome, { ok: false, message: 'This case was closed after you opened this page, so nothing was changed. A provider can reopen it if more work is needed.', status: 409, unknown: false });
});

test('the access page never echoes text from its address as a message', async (t) => {
  const dana = new Browser(t.context.stack.app);
  await dana.signIn(people.dana);
  const res = await dana.get('/access/schools/north-high?done=granted&who=nobody&role=Call%200800%20FAKE%20to%20confirm');
  t.is(res.status, 200);
  t.false(res.text.includes('0800 FAKE'));
  t.true(res.text.includes('The person now has that role.'), 'a plain message at most');
  const inherited = await dana.get('/access/schools/north-high?done=constructor');
  t.is(inherited.status, 200);
  t.false(inherited.text.includes('function'), 'no inherited property shown as a message');
});

test('a post with its token in a header and no form body reads as an empty form, never the error page', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const page = await susan.get('/cases/00098601/comments/new');
  const token = /name="_csrf" value="([^"]*)"/.exec(page.text)![1]!;
  const res = await susan.agent.post('/cases/00098601/comments').set('X-CSRF-Token', token);
  t.is(res.status, 400, 'an empty form: "Enter your comment"');
  t.true(res.text.includes('Enter your comment'));
});

test('a home page address cannot put words in its notice', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const res = await susan.get('/?deleted=999229931%20and%20call%200800%20FAKE');
  t.is(res.status, 200);
  t.false(res.text.includes('0800 FAKE'));
  t.true((await susan.get('/?deleted=999229931')).text.includes('Draft request 999229931 has been deleted.'));
});

test('when Temporal does not answer, the comment form comes back with the text and the same form id, so sending it again saves it once', async (t) => {
  const { stack } = t.context;
  // Nothing listens on port 1: every call to Temporal fails as it would with Temporal down.
  const down = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: stack.config.temporal.namespace });
  const app = createApp({ config: stack.config, sql: stack.database.sql, db: stack.database.db, temporal: down, log: stack.deps.log, mailer: stack.mailer });
  const susan = new Browser(app);
  await susan.signIn(people.susan);
  const page = await susan.get('/cases/00098601/comments/new');
  const formId = formIdOf(page.text);
  const res = await susan.post('/cases/00098601/comments', { formId, body: 'Mum rang: Tuesday works for a visit.' });
  t.is(res.status, 503);
  t.true(res.text.includes('The case service did not answer in time, so this may not have been saved.'));
  t.true(res.text.includes('Mum rang: Tuesday works for a visit.'), 'what was typed is on the page');
  t.is(formIdOf(res.text), formId, 'the same form id: a second send can never make a second comment');
  // Temporal back: the same form, sent again, lands once.
  const working = new Browser(stack.app);
  await working.signIn(people.susan);
  await working.get('/cases/00098601/comments/new');
  for (let i = 0; i < 2; i++) t.is((await working.post('/cases/00098601/comments', { formId, body: 'Mum rang: Tuesday works for a visit.' })).status, 303);
  t.is(await stack.database.db.comment.count({ where: { body: 'Mum rang: Tuesday works for a visit.' } }), 1);
});

test.serial('a school no provider serves yet cannot send a request: it is told why and keeps its draft, with no case reference taken', async (t) => {
  const { db } = t.context.stack.database;
  // Kowhai College has its own In-School Provision; North High relies on the Northwood catchment's provider.
  await db.catchment.update({ where: { id: 'northwood' }, data: { providerId: null } });
  try {
    const susan = new Browser(t.context.stack.app);
    await susan.signIn(people.susan);
    await t.throwsAsync(submitRequest(susan, { studentQuery: 'Noah', studentId: 'st-noah', contactId: 'susan.wildes', contactEmail: people.susan }), { message: /^submit failed: 400/ });
    const draft = await db.request.findFirstOrThrow({ where: { createdById: 'susan.wildes' }, orderBy: { createdAt: 'desc' } });
    t.is(draft.status, 'DRAFT');
    t.is(draft.caseReference, null);
    await susan.get(`/requests/${draft.number}/review`);
    const res = await susan.post(`/requests/${draft.number}/submit`);
    t.is(res.status, 400);
    t.true(res.text.includes('No Attendance Service provider serves your school yet, so the request cannot be sent. Your draft is kept'));
  } finally {
    await db.catchment.update({ where: { id: 'northwood' }, data: { providerId: 'northwood-as' } });
  }
});

test('a comment sent after the form expired is not lost: the refusal page gives it back to copy, but never for a post from another site', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  await susan.get('/cases/00098601/comments/new');
  const body = 'Spoke with Nana <Mere>: the family moves back on Monday, and Noah wants to return.';
  // An expired token, as after the idle time-out or signing in again in another tab.
  const stale = () => susan.agent.post('/cases/00098601/comments').type('form').send({ _csrf: 'x'.repeat(43), formId: crypto.randomUUID(), body });
  const ours = await stale().set('Sec-Fetch-Site', 'same-origin');
  t.is(ours.status, 403);
  t.true(ours.text.includes('Your form has expired'));
  t.true(ours.text.includes('What you typed: Comment'));
  t.true(ours.text.includes('Spoke with Nana &lt;Mere&gt;: the family moves back on Monday, and Noah wants to return.'), 'whole, and shown as text');
  t.false(ours.text.includes('x'.repeat(43)), 'not the token');
  const theirs = await stale().set('Sec-Fetch-Site', 'cross-site');
  t.is(theirs.status, 403);
  t.false(theirs.text.includes('Spoke with Nana'), 'another site cannot put words on this service’s page');
  t.is(await t.context.stack.database.db.comment.count({ where: { body } }), 0, 'nothing was saved');
});

test('from the review page, "Complete the … page" opens that page with what is missing already said', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  const number = await newDraft(susan);
  const review = await susan.get(`/requests/${number}/review`);
  const link = /href="(\/requests\/\d{9}\/step\/1\?check=1)">Complete the “([^”]+)” page/.exec(review.text);
  t.truthy(link, 'the review page links to the first unfinished page');
  const page = await susan.get(link![1]!);
  t.is(page.status, 200);
  t.true(page.text.includes('There is a problem'));
  t.true(page.text.includes('Select the student'), page.text.slice(page.text.indexOf('error-summary'), page.text.indexOf('error-summary') + 600));
  t.false((await susan.get(`/requests/${number}/step/1`)).text.includes('There is a problem'), 'opened any other way, the page starts without errors');
});
