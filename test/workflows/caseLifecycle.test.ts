// The case workflow on Temporal's real dev server, with its real activities on a database of its
// own and real SMTP on loopback: a submitted request becomes one allocated case, once.
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { recipients } from '../helpers/mailbox';
import { saveCompleteRequest } from '../helpers/requests';
import { reserveCaseReference, startCase } from '../../requests/submit';
import { caseStateQuery } from '../../workflows/messages';
import { caseWorkflowId } from '../../temporal.config';
import { CaseReference, CaseStatus, ProviderId, SchoolId } from '../../workflows/searchAttributes';
import { adoptDemoCases } from '../../prisma/seed';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

useTemporal(test);
useStackPerTest(test);

/** A complete request from the given school user, submitted (its case reference reserved). */
async function submittedRequest(stack: Stack, o: { by: string; schoolId: string; studentId: string; contactId: string }) {
  const number = await saveCompleteRequest(stack, o);
  return { number, reference: await reserveCaseReference(stack.database.db, number) };
}

const submitDeps = (s: Stack) => ({ db: s.database.db, temporal: s.client, taskQueue: s.taskQueue, settings: s.config.caseSettings });

test('a submitted North High request opens a case allocated to the Northwood provider, and its Workflow Lead is emailed', async (t) => {
  const { stack } = t.context;
  const { number, reference } = await submittedRequest(stack, { by: 'susan.wildes', schoolId: 'north-high', studentId: 'st-noah', contactId: 'david.smith' });
  const result = await startCase(submitDeps(stack), number, reference);
  t.is(result.status, 'ALLOCATED');
  t.is(result.providerId, 'northwood-as');

  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference } });
  t.is(row.status, 'ALLOCATED');
  t.is(row.providerId, 'northwood-as');
  t.is(row.currentSchoolId, 'north-high');
  t.is(row.learnerName, 'Noah Williams');
  t.is(row.primaryContactId, 'david.smith');

  const mail = await stack.mailbox.waitFor((m) => m.subject === `New case ${reference} allocated to Northwood Attendance Service`);
  t.deepEqual(recipients(mail), ['wiremu.hohaia@northwood.provider.example']);
  t.true(mail.text?.includes(`http://portal.test/cases/${reference}`));
  t.false(mail.subject?.includes('Noah'), 'no student name in the subject line');
  t.is(mail.headers.get('auto-submitted'), 'auto-generated');

  const events = await stack.database.db.timelineEvent.findMany({ where: { caseId: row.id }, orderBy: { createdAt: 'asc' } });
  t.deepEqual(events.map((e) => e.kind), ['CASE_OPENED', 'CASE_ALLOCATED']);
});

test('a Kowhai College request goes to its In-School Provision, not the catchment provider', async (t) => {
  const { stack } = t.context;
  const { number, reference } = await submittedRequest(stack, { by: 'aria.kahu', schoolId: 'kowhai-college', studentId: 'st-hemi', contactId: 'aria.kahu' });
  const result = await startCase(submitDeps(stack), number, reference);
  t.is(result.providerId, 'kowhai-isp');
  const mail = await stack.mailbox.waitFor((m) => m.subject?.includes(reference) ?? false);
  t.deepEqual(recipients(mail), ['hana.rua@kowhai.provider.example']);
});

test('submitting the same request twice at once makes one case, one workflow and one email', async (t) => {
  const { stack } = t.context;
  const { number } = await submittedRequest(stack, { by: 'susan.wildes', schoolId: 'north-high', studentId: 'st-sophie', contactId: 'mere.ngata' });
  // Both clicks reserve: the second finds the reference the first took.
  const [ref1, ref2] = await Promise.all([reserveCaseReference(stack.database.db, number), reserveCaseReference(stack.database.db, number)]);
  t.is(ref1, ref2);
  const [a, b] = await Promise.all([startCase(submitDeps(stack), number, ref1), startCase(submitDeps(stack), number, ref2)]);
  t.deepEqual(a, b);
  t.is(await stack.database.db.case.count({ where: { requestNumber: number } }), 1);
  await stack.mailbox.waitFor((m) => m.subject?.includes(ref1) ?? false);
  await new Promise((r) => setTimeout(r, 500));
  t.is((await stack.mailbox.messages()).filter((m) => m.subject?.includes(ref1)).length, 1);
  const runs = [];
  for await (const w of stack.client.workflow.list({ query: `WorkflowId = '${caseWorkflowId(ref1)}'` })) runs.push(w);
  t.true(runs.length <= 1);
});

test('the case workflow keeps its search attributes current and answers the state query', async (t) => {
  const { stack } = t.context;
  const { number, reference } = await submittedRequest(stack, { by: 'sam.lee', schoolId: 'southbay-primary', studentId: 'st-oliver', contactId: 'sam.lee' });
  await startCase(submitDeps(stack), number, reference);
  const handle = stack.client.workflow.getHandle(caseWorkflowId(reference));
  const state = await handle.query(caseStateQuery);
  t.is(state?.status, 'ALLOCATED');
  t.is(state?.providerId, 'southbay-as');
  const attrs = (await handle.describe()).typedSearchAttributes;
  t.is(attrs.get(CaseReference), reference);
  t.is(attrs.get(CaseStatus), 'ALLOCATED');
  t.is(attrs.get(SchoolId), 'southbay-primary');
  t.is(attrs.get(ProviderId), 'southbay-as');
  // And an operator can find it by reference, as in the Web UI's search.
  let found = 0;
  for (let i = 0; i < 50 && found === 0; i++) {
    for await (const _w of stack.client.workflow.list({ query: `CaseReference = '${reference}'` })) found++;
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  t.is(found, 1);
});

test('demo cases are adopted once: open ones keep running, closed ones complete', async (t) => {
  const { stack } = t.context;
  const started = await adoptDemoCases(stack.client, stack.taskQueue);
  t.true(started > 0);
  t.is(await adoptDemoCases(stack.client, stack.taskQueue), 0, 'a second run starts nothing');
  const open = stack.client.workflow.getHandle(caseWorkflowId('00098601'));
  t.is((await open.query(caseStateQuery))?.ownerId, 'jane.doe');
  const closed = await stack.client.workflow.getHandle(caseWorkflowId('00098606')).result();
  t.is(closed.status, 'CLOSED');
  await t.throwsAsync(
    stack.client.workflow.start('caseLifecycle', { workflowId: caseWorkflowId('00098601'), taskQueue: stack.taskQueue, args: [{ reference: '00098601', adopt: true }] }),
    { instanceOf: WorkflowExecutionAlreadyStartedError },
  );
});

test('adopted demo cases keep their service levels: an Assigned case with no contact is reminded, one In progress is not', async (t) => {
  const { stack } = t.context;
  await adoptDemoCases(stack.client, stack.taskQueue, { ...stack.config.caseSettings, serviceLevels: { assignOwner: '1h', firstContact: '1s', inactivity: '1s' } });
  const reminders = (reference: string, about: string) =>
    stack.database.db.timelineEvent.count({ where: { case: { reference }, summary: { startsWith: about } } });
  // Each case's first-contact deadline falls before its inactivity one, so once 00098601's
  // inactivity reminder is written, a first-contact reminder would have been written before it.
  for (let i = 0; i < 100 && (await reminders('00098601', 'No activity for')) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  t.is(await reminders('00098601', 'No activity for'), 1);
  t.is(await reminders('00098601', 'No contact with the school'), 0, 'moving to In progress recorded contact with the school');
  for (let i = 0; i < 100 && (await reminders('00098602', 'No activity for')) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  t.is(await reminders('00098602', 'No contact with the school'), 1, 'the Assigned case with no contact yet is reminded');
});
