// The foundation journey with PostgreSQL as the app database: the same code, only DATABASE_URL
// changed. The server is the real one that `npm test` starts (TEST_POSTGRES_URL).
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { Browser, people, submitRequest } from '../helpers/web';
import { recipients } from '../helpers/mailbox';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

test.before(async (t) => {
  if (!process.env.TEST_POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set: `npm test` starts PostgreSQL and sets it');
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, dialect: 'postgres' });
});
test.after.always(async (t) => {
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

test('on PostgreSQL, a submitted request becomes an allocated case and the Workflow Lead is emailed', async (t) => {
  const { stack } = t.context;
  t.true(stack.database.url.startsWith('postgresql://'));
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const { reference } = await submitRequest(susan, { studentQuery: 'Te Ariki', studentId: 'st-teariki', contactId: 'mere.ngata', contactEmail: people.mere });
  const page = await susan.get(`/cases/${reference}?submitted=1`);
  t.true(page.text.includes('allocated to Northwood Attendance Service'));
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference } });
  t.is(row.status, 'ALLOCATED');
  const mail = await stack.mailbox.waitFor((m) => m.subject?.includes(reference) ?? false);
  t.deepEqual(recipients(mail), [people.wiremu]);
  const wiremu = new Browser(stack.app);
  await wiremu.signIn(people.wiremu);
  t.true((await wiremu.get('/')).text.includes(`/cases/${reference}`));
});
