// Every cell of the permission matrix (DESIGN.md §2), through HTTP, on case 00098601 (North High;
// Primary Contact David Smith; owner Jane Doe; Northwood Attendance Service). Alongside the people
// of the matrix: a Primary Contact of another case, a user of another school, a Case Manager of
// the same provider who does not own the case, and a provider of another catchment. Someone who
// may not see the case gets 404, as if it did not exist; someone who sees it but may not act, 403.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows, startTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { Browser, people } from '../helpers/web';

type Person = keyof typeof people;
const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack; browsers: Map<Person, Browser> }>;

const everyone: Person[] = ['david', 'mere', 'oscar', 'susan', 'dana', 'sam', 'jane', 'tom', 'wiremu', 'lee', 'ken'];
const CASE = '/cases/00098601';

test.before(async (t) => {
  t.context.env = await startTemporal();
  t.context.bundle = await bundleWorkflows();
  // One listening server: many people asking at once through throwaway servers reset connections.
  t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, adopt: true, listen: true });
  t.context.browsers = new Map();
  for (const p of everyone) {
    const b = new Browser(t.context.stack.baseUrl!);
    await b.signIn(people[p]);
    t.context.browsers.set(p, b);
  }
});
test.after.always(async (t) => {
  await t.context.stack?.close();
  await t.context.env?.teardown();
});

/** Asks every person the same thing and compares the status codes with the matrix. */
async function expectStatuses(t: import('ava').ExecutionContext<{ browsers: Map<Person, Browser> }>, ask: (b: Browser) => Promise<{ status: number }>, expected: Partial<Record<Person, number>>) {
  const got: Partial<Record<Person, number>> = {};
  for (const p of Object.keys(expected) as Person[]) got[p] = (await ask(t.context.browsers.get(p)!)).status;
  t.deepEqual(got, expected);
}

const seeing = { david: 200, oscar: 200, susan: 200, jane: 200, wiremu: 200 } as const;
const notSeeing = { mere: 404, dana: 404, sam: 404, tom: 404, lee: 404, ken: 404 } as const;

test('see the case (lists, header and details): its Primary Contact, the school’s Office Support and Attendance Lead, its owner and the provider’s Workflow Lead', async (t) => {
  await expectStatuses(t, (b) => b.get(CASE), { ...seeing, ...notSeeing });
  await expectStatuses(t, (b) => b.get(`${CASE}/details`), { ...seeing, ...notSeeing });
  for (const [p, shown] of [
    ['david', true],
    ['mere', false],
    ['sam', false],
    ['tom', false],
    ['lee', false],
    ['wiremu', true],
  ] as const) {
    const list = await t.context.browsers.get(p)!.get('/cases?view=active');
    t.is(list.text.includes('href="/cases/00098601"'), shown, `${p} in the Active cases list`);
  }
});

test('add a comment: the same people; a person who cannot see the case gets 404', async (t) => {
  await expectStatuses(
    t,
    async (b) => {
      await b.get('/');
      return b.post(`${CASE}/comments`, { body: 'Checking in.' });
    },
    { david: 303, oscar: 303, susan: 303, jane: 303, wiremu: 303, ...notSeeing },
  );
});

test('upload files: the same people', async (t) => {
  await expectStatuses(t, (b) => b.get(`${CASE}/files/new`), { ...seeing, ...notSeeing });
});

test('change the Primary Contact: school staff only; the provider sees the case but may not (403)', async (t) => {
  await expectStatuses(t, (b) => b.get(`${CASE}/primary-contact`), { david: 200, oscar: 200, susan: 200, jane: 403, wiremu: 403, ...notSeeing });
  await expectStatuses(
    t,
    async (b) => {
      await b.get('/');
      return b.post(`${CASE}/primary-contact`, { userId: 'david.smith', phone: '09 444 1002', email: people.david, notes: '' });
    },
    { jane: 403, wiremu: 403, tom: 404, lee: 404 },
  );
});

test('read the timeline’s comments and files: Office Support reads only what they wrote', async (t) => {
  const related = async (p: Person) => (await t.context.browsers.get(p)!.get(`${CASE}/related`)).text;
  const susans = 'Birth certificate verified and added to the documentation.';
  for (const p of ['david', 'susan', 'jane', 'wiremu'] as const) t.true((await related(p)).includes(susans), `${p} reads Susan’s comment`);
  t.false((await related('oscar')).includes(susans), 'Oscar does not read Susan’s comment');
});

test('provider content: the school reads only what was shared; Office Support none of it; the provider all of it', async (t) => {
  const related = async (p: Person) => (await t.context.browsers.get(p)!.get(`${CASE}/related`)).text;
  const shared = 'Student returned to school today after three consecutive sick days.';
  const internal = 'Internal: check in with the public health nurse before the next home visit.';
  for (const p of ['david', 'susan'] as const) {
    const text = await related(p);
    t.true(text.includes(shared), `${p} reads the shared comment`);
    t.false(text.includes(internal), `${p} does not read the internal one`);
    t.true(text.includes('REF-00000000003'), `${p} sees the shared referral`);
  }
  const oscar = await related('oscar');
  t.false(oscar.includes(shared));
  t.false(oscar.includes('REF-00000000003'));
  for (const p of ['jane', 'wiremu'] as const) t.true((await related(p)).includes(internal), `${p} reads internal content`);
});

test('share or unshare provider content: the owner and the Workflow Lead; the school gets 403', async (t) => {
  const { stack } = t.context;
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } });
  const internal = await stack.database.db.comment.findFirstOrThrow({ where: { caseId: row.id, shared: false, authorSide: 'PROVIDER' } });
  await expectStatuses(
    t,
    async (b) => {
      await b.get('/');
      return b.post(`${CASE}/share`, { kind: 'comment', itemId: internal.id, shared: 'no' });
    },
    { david: 403, oscar: 403, susan: 403, jane: 303, wiremu: 303, ...notSeeing },
  );
});

test('assign or reassign the owner: the Workflow Lead only', async (t) => {
  await expectStatuses(t, (b) => b.get(`${CASE}/owner`), { wiremu: 200, jane: 403, david: 403, susan: 403, oscar: 403, tom: 404, lee: 404, ken: 404 });
});

test('add a service referral, change status, close, reopen: the owner and the Workflow Lead', async (t) => {
  for (const path of ['referrals/new', 'status', 'close', 'reopen']) {
    await expectStatuses(t, (b) => b.get(`${CASE}/${path}`), { jane: 200, wiremu: 200, david: 403, susan: 403, oscar: 403, tom: 404, lee: 404, sam: 404 });
  }
});

test('start a request: Primary Contacts, Office Support and Attendance Leads; a draft is seen only by whoever started it', async (t) => {
  await expectStatuses(
    t,
    async (b) => {
      await b.get('/services/chronic-absence');
      return b.post('/requests');
    },
    { david: 303, oscar: 303, susan: 303, mere: 303, sam: 303, dana: 403, jane: 403, wiremu: 403 },
  );
  // Susan's demo draft 999229931 is hers alone.
  await expectStatuses(t, (b) => b.get('/requests/999229931/step/1'), { susan: 200, david: 404, oscar: 404, sam: 404, jane: 404 });
});
