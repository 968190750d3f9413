// Every transition of a case's workflow, and every refusal, on Temporal's real dev server with the
// real activities: owner assigned, in progress, on hold, closed (the workflow completes), reopened
// (a new run under the same id); and what the state does not allow.
import crypto from 'node:crypto';
import anyTest, { type TestFn } from 'ava';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { recipients } from '../helpers/mailbox';
import { caseWorkflowId } from '../../temporal.config';
import {
  addCommentUpdate,
  assignOwnerUpdate,
  caseStateQuery,
  changeStatusUpdate,
  closeCaseUpdate,
  reopenCaseUpdate,
  saveReferralUpdate,
  setSharedUpdate,
  type ActingPerson,
} from '../../workflows/messages';
import { CaseOwner, CaseStatus } from '../../workflows/searchAttributes';
import { reopenWithStart } from '../../web/caseUpdates';
import { submitCase } from '../helpers/requests';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;

const wiremu: ActingPerson = { id: 'wiremu.hohaia', name: 'Wiremu Hohaia', side: 'PROVIDER' };
const jane: ActingPerson = { id: 'jane.doe', name: 'Jane Doe', side: 'PROVIDER' };
const mere: ActingPerson = { id: 'mere.ngata', name: 'Mere Ngata', side: 'SCHOOL' };

useTemporal(test);
useStackPerTest(test, { adopt: true });

const handle = (client: Client, reference: string) => client.workflow.getHandle(caseWorkflowId(reference));
const refusalOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(err)}`);
  let e: unknown = err;
  while ((e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return (e as Error).message;
};

test('a case goes Allocated → Assigned → In progress → On hold → In progress → Closed, and its workflow completes', async (t) => {
  const { stack } = t.context;
  const h = handle(stack.client, '00098604'); // Liam Chen: allocated, no owner
  await h.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'jane.doe', ownerName: 'Jane Doe', ownerProviderIds: ['northwood-as'] }] });
  t.is((await h.query(caseStateQuery))?.status, 'ASSIGNED');
  const attrs = (await h.describe()).typedSearchAttributes;
  t.is(attrs.get(CaseOwner), 'jane.doe');
  t.is(attrs.get(CaseStatus), 'ASSIGNED');
  t.deepEqual(recipients(await stack.mailbox.waitFor((m) => m.subject === 'Case 00098604 has been assigned to you')), ['jane.doe@northwood.provider.example']);
  const toSchool = await stack.mailbox.waitFor((m) => m.subject === 'Case 00098604: your Case Manager is Jane Doe');
  t.deepEqual(recipients(toSchool), ['mere.ngata@northhigh.school.example']);
  t.true(toSchool.text?.includes('jane.doe@northwood.provider.example'), 'the owner’s contact details');

  await h.executeUpdate(changeStatusUpdate, { args: [{ by: jane, status: 'IN_PROGRESS', reason: '' }] });
  await h.executeUpdate(changeStatusUpdate, { args: [{ by: jane, status: 'ON_HOLD', reason: 'Whānau away until Term 4' }] });
  t.is((await h.query(caseStateQuery))?.status, 'ON_HOLD');
  t.truthy(await stack.mailbox.waitFor((m) => m.subject === 'Case 00098604 is on hold'));
  await h.executeUpdate(changeStatusUpdate, { args: [{ by: jane, status: 'IN_PROGRESS', reason: '' }] });
  await h.executeUpdate(closeCaseUpdate, { args: [{ by: jane, reason: 'Attendance improved', summary: 'Back at school full time.' }] });
  const final = await h.result();
  t.is(final.status, 'CLOSED');
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098604' } });
  t.is(row.status, 'CLOSED');
  t.is(row.closureReason, 'Attendance improved');
  t.truthy(row.closedAt);
  const events = await stack.database.db.timelineEvent.findMany({ where: { caseId: row.id }, orderBy: { createdAt: 'asc' } });
  const audit = events.filter((e) => ['OWNER_ASSIGNED', 'STATUS_CHANGED', 'CASE_CLOSED'].includes(e.kind) && !e.id.includes(':demo:'));
  t.deepEqual(
    audit.map((e) => [e.kind, e.actorName, e.before, e.after]),
    [
      ['OWNER_ASSIGNED', 'Wiremu Hohaia', null, 'jane.doe'],
      ['STATUS_CHANGED', 'Jane Doe', 'Assigned', 'In progress'],
      ['STATUS_CHANGED', 'Jane Doe', 'In progress', 'On hold'],
      ['STATUS_CHANGED', 'Jane Doe', 'On hold', 'In progress'],
      ['CASE_CLOSED', 'Jane Doe', 'In progress', 'Closed'],
    ],
  );
  t.truthy(await stack.mailbox.waitFor((m) => m.subject === 'Case 00098604 has been closed'));
});

test('reopening a closed case starts a new run under the same id, back with its owner', async (t) => {
  const { stack } = t.context;
  const h = handle(stack.client, '00098606'); // Mia Patel: closed; its adopted run completed
  await h.result();
  const first = await h.describe();
  t.is(first.status.name, 'COMPLETED');
  const outcome = await reopenWithStart(
    stack.client,
    { reference: '00098606', taskQueue: stack.taskQueue, settings: stack.config.caseSettings },
    reopenCaseUpdate,
    { by: jane, reason: 'Attendance dropped again in Term 4' },
    crypto.randomUUID(),
  );
  t.true(outcome.ok);
  const second = await h.describe();
  t.is(second.status.name, 'RUNNING');
  t.not(second.runId, first.runId);
  t.is((await h.query(caseStateQuery))?.status, 'ASSIGNED');
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098606' } });
  t.is(row.status, 'ASSIGNED');
  t.is(row.closedAt, null);
  // And it can be worked again.
  await h.executeUpdate(addCommentUpdate, { args: [{ by: jane, body: 'Meeting booked with whānau.', shared: true }] });
  t.is(await stack.database.db.comment.count({ where: { caseId: row.id, body: 'Meeting booked with whānau.' } }), 1);
});

test('refused: commenting on a closed case, assigning someone of another provider, a status change with no owner, reopening an open case', async (t) => {
  const { stack } = t.context;
  const liam = handle(stack.client, '00098604');
  t.is(
    await refusalOf(liam.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'ken.moana', ownerName: 'Ken Moana', ownerProviderIds: ['southbay-as'] }] })),
    'Choose a Case Manager of the provider this case is allocated to.',
  );
  t.is(await refusalOf(liam.executeUpdate(changeStatusUpdate, { args: [{ by: wiremu, status: 'IN_PROGRESS', reason: '' }] })), 'Assign a case owner before changing the status.');
  const outcome = await reopenWithStart(stack.client, { reference: '00098604', taskQueue: stack.taskQueue, settings: stack.config.caseSettings }, reopenCaseUpdate, { by: wiremu, reason: 'x' }, crypto.randomUUID());
  t.deepEqual(outcome, { ok: false, message: 'Only a closed case can be reopened.', status: 409, unknown: false });
  // The activity checks too: a validator fed a false claim still cannot assign a stranger.
  t.is(
    await refusalOf(liam.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'ken.moana', ownerName: 'Ken Moana', ownerProviderIds: ['northwood-as'] }] })),
    'Choose a Case Manager of the provider this case is allocated to.',
  );
  const faatali = handle(stack.client, '00098601');
  await faatali.executeUpdate(closeCaseUpdate, { args: [{ by: jane, reason: 'Other', summary: 'Moved on.' }] });
  await faatali.result();
  const afterClose = await faatali.executeUpdate(addCommentUpdate, { args: [{ by: mere, body: 'Too late?', shared: false }] }).then(
    () => 'accepted',
    (e: Error) => e.message,
  );
  t.regex(afterClose, /completed|closed/i, 'a completed workflow takes no more comments');
  t.is(await stack.database.db.comment.count({ where: { body: 'Too late?' } }), 0);
});

test('a repeated update (the same form sent twice) is carried out once', async (t) => {
  const { stack } = t.context;
  const h = handle(stack.client, '00098601');
  const updateId = crypto.randomUUID();
  const [a, b] = await Promise.all([
    h.executeUpdate(addCommentUpdate, { args: [{ by: mere, body: 'Sent twice.', shared: false }], updateId }),
    h.executeUpdate(addCommentUpdate, { args: [{ by: mere, body: 'Sent twice.', shared: false }], updateId }),
  ]);
  t.deepEqual(a, b);
  t.is(await stack.database.db.comment.count({ where: { body: 'Sent twice.' } }), 1);
  t.is(await stack.database.db.timelineEvent.count({ where: { commentId: a.id } }), 1);
});

test('sharing and unsharing provider content, and service referrals, are recorded and told to the school', async (t) => {
  const { stack } = t.context;
  const h = handle(stack.client, '00098601');
  const internal = await h.executeUpdate(addCommentUpdate, { args: [{ by: jane, body: 'Internal note.', shared: false }] });
  await h.executeUpdate(setSharedUpdate, { args: [{ by: jane, kind: 'comment', itemId: internal.id, shared: true }] });
  t.true((await stack.database.db.comment.findUniqueOrThrow({ where: { id: internal.id } })).shared);
  t.deepEqual(recipients(await stack.mailbox.waitFor((m) => m.subject === 'Case 00098601: Northwood Attendance Service shared an update with you')), ['david.smith@northhigh.school.example']);
  await h.executeUpdate(setSharedUpdate, { args: [{ by: jane, kind: 'comment', itemId: internal.id, shared: false }] });
  t.false((await stack.database.db.comment.findUniqueOrThrow({ where: { id: internal.id } })).shared);
  const referral = await h.executeUpdate(saveReferralUpdate, {
    args: [{ by: jane, date: '2026-12-01T00:00:00.000Z', source: 'Attendance Manager', status: 'Pending', serviceName: 'Youth Mentoring', serviceProvider: 'Big Brothers Big Sisters', shared: false }],
  });
  const row = await stack.database.db.serviceReferral.findUniqueOrThrow({ where: { id: referral.id } });
  t.regex(row.number, /^REF-\d{11}$/);
  await h.executeUpdate(saveReferralUpdate, {
    args: [{ by: jane, referralId: referral.id, date: '2026-12-01T00:00:00.000Z', source: 'Attendance Manager', status: 'Accepted', serviceName: 'Youth Mentoring', serviceProvider: 'Big Brothers Big Sisters', shared: false }],
  });
  const events = await stack.database.db.timelineEvent.findMany({ where: { referralId: referral.id }, orderBy: { createdAt: 'asc' } });
  t.deepEqual(events.map((e) => e.kind), ['REFERRAL_ADDED', 'REFERRAL_UPDATED']);
  t.regex(events[1]!.summary, /status Pending → Accepted/);
});

test('a provider that assigns automatically gives a new case to the Case Manager with the fewest open cases', async (t) => {
  const { stack } = t.context;
  await stack.database.db.provider.update({ where: { id: 'northwood-as' }, data: { autoAssign: true } });
  const db = stack.database.db;
  const { reference } = await submitCase(stack, { studentId: 'st-noah' });
  // Jane owns four open cases, Tom none: Tom gets it.
  for (let i = 0; i < 50; i++) {
    if ((await db.case.findUniqueOrThrow({ where: { reference } })).ownerId) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const row = await db.case.findUniqueOrThrow({ where: { reference } });
  t.is(row.ownerId, 'tom.walker');
  t.is(row.status, 'ASSIGNED');
});
