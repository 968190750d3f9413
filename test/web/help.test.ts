// The help page: the guide's sections for everyone, the online learning module when its address is
// configured, and for someone signed in their roles and who gives access where they work.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';
import { createApp } from '../../web/app';
import { createLogger } from '../../logger';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

const MODULE = 'https://learning.example/course/attendance-schools';

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, configOverrides: { LEARNING_MODULE_URL: MODULE } });
});
test.after.always(async (t) => {
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

const SECTIONS = [
  'Getting access',
  'Schools online learning module',
  'Submit a Chronic Absence request for support',
  'Add a case comment',
  'Upload files to a case',
  'Change the Primary Contact',
  'View shared content on a case',
  'Navigate the Attendance Service home page',
];

/** The "Your access" table's rows as text: where, roles, who gives access. */
const accessRows = (html: string) =>
  [...(/<caption class="visually-hidden">Your access<\/caption>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((m) => [...m[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()));

test('anyone, signed in or not, can read the help: every section of the guide, reached from every page’s footer', async (t) => {
  const b = new Browser(t.context.stack.app);
  const login = await b.get('/login');
  t.true(login.text.includes('<a href="/help">Help using the Attendance service</a>'), 'the sign-in page links to the help');
  const res = await b.get('/help');
  t.is(res.status, 200);
  for (const s of SECTIONS) t.true(res.text.includes(`>${s}</h2>`), s);
  t.true(res.text.includes('href="/login?next=%2Fhelp"'), 'a visitor is offered sign-in');
  t.deepEqual(accessRows(res.text), [], 'a visitor is told nobody’s roles');
  t.true(res.text.includes('each at most 20 MB'), 'the upload limit is the one uploads enforce');
});

test('with the module’s address configured, the help links to the online learning module with the guide’s steps', async (t) => {
  const res = await new Browser(t.context.stack.app).get('/help');
  t.true(res.text.includes(`<a href="${MODULE}">Ministry of Education Learning</a>`));
  t.true(res.text.includes('<strong>Attendance Service for Schools</strong> tile'));
  const { stack } = t.context;
  const without = createApp({ config: { ...stack.config, learningModuleUrl: null }, sql: stack.database.sql, db: stack.database.db, temporal: stack.client, log: createLogger('test', 'silent'), mailer: stack.mailer });
  const plain = await new Browser(without).get('/help');
  t.false(plain.text.includes(MODULE));
  t.true(plain.text.includes('This copy of the service has not been given the module\'s address.'));
});

test('a school user sees their roles and their school’s Delegated Authoriser; provider staff see their Workflow Lead', async (t) => {
  const susan = new Browser(t.context.stack.app);
  await susan.signIn(people.susan);
  t.deepEqual(accessRows((await susan.get('/help')).text), [['North High School', 'Attendance Lead', 'Dana Reid (Delegated Authoriser)']]);
  const jane = new Browser(t.context.stack.app);
  await jane.signIn(people.jane);
  t.deepEqual(accessRows((await jane.get('/help')).text), [['Northwood Attendance Service', 'Case Manager', 'Wiremu Hohaia (Workflow Lead)']]);
  const hana = new Browser(t.context.stack.app);
  await hana.signIn(people.hana);
  t.deepEqual(accessRows((await hana.get('/help')).text), [['Kowhai In-School Provision', 'Case Manager, Workflow Lead', 'Hana Rua (Workflow Lead)']]);
});

test('a school with no Delegated Authoriser says whom to contact instead, and a deactivated one is not offered', async (t) => {
  // Sam Lee's school (Southbay Primary) has no Delegated Authoriser in the demo data.
  const sam = new Browser(t.context.stack.app);
  await sam.signIn(people.sam);
  t.deepEqual(accessRows((await sam.get('/help')).text), [['Southbay Primary School', 'Attendance Lead', 'No Delegated Authoriser yet: contact the Attendance Service.']]);
  const { db } = t.context.stack.database;
  await db.user.update({ where: { id: 'dana.reid' }, data: { active: false } });
  try {
    const oscar = new Browser(t.context.stack.app);
    await oscar.signIn(people.oscar);
    t.deepEqual(accessRows((await oscar.get('/help')).text), [['North High School', 'Office Support', 'No Delegated Authoriser yet: contact the Attendance Service.']]);
  } finally {
    await db.user.update({ where: { id: 'dana.reid' }, data: { active: true } });
  }
});
