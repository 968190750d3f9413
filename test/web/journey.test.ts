// The foundation journey through the portal, in-process: an Attendance Lead submits a request, the
// case starts and is allocated, the provider's Workflow Lead is emailed and finds it on signing in.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { Browser, people, submitRequest } from '../helpers/web';
import { recipients } from '../helpers/mailbox';
import { caseWorkflowId } from '../../temporal.config';
import { caseStateQuery } from '../../workflows/messages';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

useTemporal(test);
useStackPerTest(test);

test('an Attendance Lead submits a request; the case is allocated, emailed to the Workflow Lead and listed for both', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const before = await susan.get('/');
  t.true(before.text.includes('Active cases (4)'));

  const { reference, response } = await submitRequest(susan, { studentQuery: 'Noah', studentId: 'st-noah', contactId: 'david.smith', contactEmail: people.david });
  t.is(response.status, 303);

  const casePage = await susan.get(`/cases/${reference}?submitted=1`);
  t.is(casePage.status, 200);
  t.true(casePage.text.includes('Request submitted'));
  t.true(casePage.text.includes('allocated to Northwood Attendance Service'));
  t.true(casePage.text.includes('Noah Williams'));

  // The workflow is there under the case's id, allocated.
  const state = await stack.client.workflow.getHandle(caseWorkflowId(reference)).query(caseStateQuery);
  t.is(state?.status, 'ALLOCATED');

  const home = await susan.get('/');
  t.true(home.text.includes('Active cases (5)'));
  t.true(home.text.includes(`/cases/${reference}`));

  const mail = await stack.mailbox.waitFor((m) => m.subject?.includes(reference) ?? false);
  t.deepEqual(recipients(mail), [people.wiremu]);

  const wiremu = new Browser(stack.app);
  await wiremu.signIn(people.wiremu);
  const queue = await wiremu.get('/');
  t.true(queue.text.includes('Waiting for a case owner (2)'));
  t.true(queue.text.includes(`/cases/${reference}`));
  const seen = await wiremu.get(`/cases/${reference}`);
  t.is(seen.status, 200);
  t.true(seen.text.includes('Not yet assigned'));

  // Someone in another catchment does not know it exists.
  const lee = new Browser(stack.app);
  await lee.signIn(people.lee);
  t.is((await lee.get(`/cases/${reference}`)).status, 404);
});

test('submitting the same request again (back button, double click) lands on the same case', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  const { number, reference } = await submitRequest(susan, { studentQuery: '131000008', studentId: 'st-sophie', contactId: 'mere.ngata', contactEmail: people.mere });
  await susan.get(`/requests/${number}/review`);
  const again = await susan.post(`/requests/${number}/submit`);
  t.is(again.status, 303);
  t.is(again.headers.location, `/cases/${reference}?submitted=1`);
  t.is(await stack.database.db.case.count({ where: { requestNumber: number } }), 1);
});

test('a page of the request keeps what was typed and says what is wrong, field by field', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  await susan.get('/services/chronic-absence');
  const number = /\/requests\/(\d{9})\//.exec((await susan.post('/requests')).headers.location ?? '')?.[1];
  const page = await susan.get(`/requests/${number}/step/2`);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  const res = await susan.post(`/requests/${number}/step/2`, { version, action: 'continue', attendanceRate: '140', daysMissed: 'lots', patternNotes: 'Mondays <b>mostly</b>' });
  t.is(res.status, 400);
  t.true(res.text.includes('There is a problem'));
  t.true(res.text.includes('Attendance rate must be between 0 and 100'));
  t.true(res.text.includes('Days missed must be a number, like 72'));
  t.true(res.text.includes('Select the pattern of absence'));
  t.true(res.text.includes('value="140"'));
  t.true(res.text.includes('Mondays &lt;b&gt;mostly&lt;/b&gt;'), 'typed text kept, and shown as text');
});

test('a student who is not enrolled at the school cannot be chosen', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  await susan.get('/services/chronic-absence');
  const number = /\/requests\/(\d{9})\//.exec((await susan.post('/requests')).headers.location ?? '')?.[1];
  // Ella is at Southbay Primary; Ruby left North High in July.
  const search = await susan.get(`/requests/${number}/step/1?q=ruby`);
  t.true(search.text.includes('No student enrolled at your school matches'));
  const version = /name="version" value="(\d+)"/.exec(search.text)?.[1] ?? '';
  const res = await susan.post(`/requests/${number}/step/1`, { version, action: 'continue', studentId: 'st-ella' });
  t.is(res.status, 400);
  t.true(res.text.includes('Select a student who is currently enrolled at your school'));
});

test('the case lists show only what the matrix allows: a school user never sees another school\'s case', async (t) => {
  const { stack } = t.context;
  const sam = new Browser(stack.app);
  await sam.signIn(people.sam);
  const list = await sam.get('/cases?view=active');
  // Sam (Southbay AL) sees Southbay's cases and Ruby's, whose enrolment moved to Southbay.
  for (const ref of ['00098611', '00098612', '00098605']) t.true(list.text.includes(`/cases/${ref}`), ref);
  for (const ref of ['00098601', '00098602', '00098621']) t.false(list.text.includes(`/cases/${ref}`), ref);
  t.is((await sam.get('/cases/00098601')).status, 404);
});

test('a stale draft (the same page open in two tabs) is not overwritten: the second save says so and keeps what was typed', async (t) => {
  const { stack } = t.context;
  const susan = new Browser(stack.app);
  await susan.signIn(people.susan);
  // Both tabs open page 2 of Susan's demo draft, at the same version.
  const tab = await susan.get('/requests/999229931/step/2');
  const version = /name="version" value="(\d+)"/.exec(tab.text)![1]!;
  const first = await susan.post('/requests/999229931/step/2', { version, action: 'save', attendanceRate: '61', daysMissed: '9', pattern: 'Whole days missed', patternNotes: 'From the first tab' });
  t.is(first.status, 303);
  const second = await susan.post('/requests/999229931/step/2', { version, action: 'save', attendanceRate: '55', daysMissed: '12', pattern: 'Whole days missed', patternNotes: 'From the second tab' });
  t.is(second.status, 409);
  t.true(second.text.includes('This draft was changed in another window or on another device'));
  t.true(second.text.includes('From the second tab'), 'what was typed is kept on the page');
  const saved = await stack.database.db.request.findUniqueOrThrow({ where: { number: '999229931' } });
  t.true(saved.answers.includes('From the first tab'), 'the first save stands');
});
