// Signing in and out, CSRF, and the pages a person sees when something is wrong.
import anyTest, { type TestFn } from 'ava';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { createApp } from '../../web/app';
import type { Sql } from '../../db/sql';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle });
});
test.after.always(async (t) => {
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

test('the sign-in page lists the demo people in dev mode', async (t) => {
  const res = await request(t.context.stack.app).get('/login');
  t.is(res.status, 200);
  for (const name of ['Susan Wildes', 'David Smith', 'Mere Ngata', 'Oscar Tane', 'Dana Reid', 'Sam Lee', 'Aria Kahu', 'Jane Doe', 'Wiremu Hohaia', 'Ken Moana', 'Lee Park', 'Hana Rua']) {
    t.true(res.text.includes(`Sign in as ${name}`), name);
  }
  t.true(res.text.includes('North High School'));
});

test('a signed-out visitor is sent to sign in, and comes back where they were going', async (t) => {
  const b = new Browser(t.context.stack.app);
  const res = await b.get('/cases?view=closed');
  t.is(res.status, 303);
  t.is(res.headers.location, '/login?next=%2Fcases%3Fview%3Dclosed');
  await b.get(res.headers.location!);
  const signedIn = await b.post('/login/dev', { email: people.susan, next: '/cases?view=closed' });
  t.is(signedIn.status, 303);
  t.is(signedIn.headers.location, '/cases?view=closed');
  const list = await b.get('/cases?view=closed');
  t.is(list.status, 200);
  t.true(list.text.includes('Closed cases (1)'));
});

test('sign-in refuses a link to another site after signing in', async (t) => {
  const b = new Browser(t.context.stack.app);
  await b.get('/login');
  const res = await b.post('/login/dev', { email: people.susan, next: '//evil.example/' });
  t.is(res.headers.location, '/');
});

test('an email address with no access is refused with a clear message, keeping what was typed', async (t) => {
  const b = new Browser(t.context.stack.app);
  await b.get('/login');
  const res = await b.post('/login/dev', { email: 'nobody@northhigh.school.example' });
  t.is(res.status, 400);
  t.true(res.text.includes('No one with access to the Attendance Service has that email address.'));
  t.true(res.text.includes('value="nobody@northhigh.school.example"'));
});

test('signing out ends the session on the server: the old cookie no longer works', async (t) => {
  const b = new Browser(t.context.stack.app);
  const signedIn = await b.signIn(people.wiremu);
  const sid = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('sid='))?.split(';')[0];
  t.truthy(sid);
  t.is((await request(t.context.stack.app).get('/').set('Cookie', sid!)).status, 200);
  const out = await b.post('/logout');
  t.is(out.status, 303);
  t.is(out.headers.location, '/login?signedOut=1');
  // Replaying the cookie captured before sign-out gets the sign-in page, not the home page.
  const replay = await request(t.context.stack.app).get('/').set('Cookie', sid!);
  t.is(replay.status, 303);
  t.regex(replay.headers.location ?? '', /^\/login/);
});

test('a form without a CSRF token, or with a forged one, is refused with a page that says what to do', async (t) => {
  const b = new Browser(t.context.stack.app);
  await b.signIn(people.susan);
  const missing = await b.agent.post('/requests').type('form').send({});
  t.is(missing.status, 403);
  t.true(missing.text.includes('Your form has expired'));
  const forged = await b.agent.post('/requests').type('form').send({ _csrf: 'x'.repeat(43) });
  t.is(forged.status, 403);
  // The token of another person's session does not work either.
  const other = new Browser(t.context.stack.app);
  await other.signIn(people.david);
  const theirs = /name="_csrf" value="([^"]*)"/.exec((await other.get('/')).text)?.[1] ?? '';
  const stolen = await b.agent.post('/requests').type('form').send({ _csrf: theirs });
  t.is(stolen.status, 403);
  t.is(await t.context.stack.database.db.request.count({ where: { createdById: 'susan.wildes', status: 'DRAFT' } }), 1, 'no draft was started');
});

test('an unknown address gets the 404 page', async (t) => {
  const b = new Browser(t.context.stack.app);
  await b.signIn(people.susan);
  const res = await b.get('/no/such/page');
  t.is(res.status, 404);
  t.true(res.text.includes('Page not found'));
  t.true(res.text.includes('<html lang="en">'));
});

test('a failure inside the app shows the 500 page with a reference, never a stack trace', async (t) => {
  const { stack } = t.context;
  const fail = async (): Promise<never> => {
    throw new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path.ts:12');
  };
  const broken: Sql = { ...stack.database.sql, get: fail, all: fail };
  const app = createApp({ config: stack.config, sql: broken, db: stack.database.db, temporal: stack.client, log: stack.deps.log, mailer: stack.mailer });
  const res = await request(app).get('/login').set('Cookie', 'sid=whatever');
  t.is(res.status, 500);
  t.true(res.text.includes('Sorry, there is a problem with the service'));
  t.regex(res.text, /give them this reference: <strong>[0-9a-f-]{36}<\/strong>/);
  t.false(res.text.includes('SQLITE_CORRUPT'));
  t.false(res.text.includes('/secret/path.ts'));
});

test('pages carry a strict Content-Security-Policy and no inline script', async (t) => {
  const res = await request(t.context.stack.app).get('/login');
  const csp = res.headers['content-security-policy'] ?? '';
  t.regex(csp, /script-src 'self'/);
  t.regex(csp, /frame-ancestors 'none'/);
  t.false(/<script/i.test(res.text));
});

test('/healthz reports the database and Temporal', async (t) => {
  const res = await request(t.context.stack.app).get('/healthz');
  t.is(res.status, 200);
  t.is(res.body.status, 'ok');
  t.true(res.body.database.ok);
  t.true(res.body.temporal.ok);
});

test('/healthz says 503 when the database does not answer', async (t) => {
  const { stack } = t.context;
  const broken: Sql = { ...stack.database.sql, get: async () => Promise.reject(new Error('database is locked')) };
  const app = createApp({ config: stack.config, sql: broken, db: stack.database.db, temporal: stack.client, log: stack.deps.log, mailer: stack.mailer });
  const res = await request(app).get('/healthz');
  t.is(res.status, 503);
  t.false(res.body.database.ok);
  t.true(res.body.temporal.ok);
  t.false(res.text.includes('database is locked'), 'why is for the log and the operator, not for anyone asking');
});
