// The service-level timers on Temporal's real dev server, with service levels of seconds: an
// unassigned case is escalated to the Workflow Lead and marked overdue; an owner with no contact
// recorded is reminded; an idle case reminds its owner and Primary Contact; and each timer starts
// again as the case moves. (The working-day arithmetic itself is in test/domain/workingDays.test.ts.)
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useStackPerTest, useTemporal } from '../helpers/temporal';
import type { Stack } from '../helpers/stack';
import { submitCase } from '../helpers/requests';
import { recipients } from '../helpers/mailbox';
import { addCommentUpdate, assignOwnerUpdate, changeStatusUpdate, type ActingPerson } from '../../workflows/messages';
import { createActivities } from '../../activities';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; stack: Stack }>;
const wiremu: ActingPerson = { id: 'wiremu.hohaia', name: 'Wiremu Hohaia', side: 'PROVIDER' };
const jane: ActingPerson = { id: 'jane.doe', name: 'Jane Doe', side: 'PROVIDER' };

useTemporal(test);
useStackPerTest(test, { configOverrides: { SLA_ASSIGN_OWNER: '3s', SLA_FIRST_CONTACT: '3s', SLA_INACTIVITY: '6s' } });

const newCase = (stack: Stack, studentId: string) => submitCase(stack, { studentId });

const countMail = async (stack: Stack, subject: string) => (await stack.mailbox.messages()).filter((m) => m.subject === subject).length;

test('an unassigned case is escalated to the Workflow Lead and marked overdue; assigning clears it', async (t) => {
  const { stack } = t.context;
  const { reference, handle } = await newCase(stack, 'st-noah');
  const escalation = await stack.mailbox.waitFor((m) => m.subject === `Overdue: case ${reference} has no case owner`, 15_000);
  t.deepEqual(recipients(escalation), ['wiremu.hohaia@northwood.provider.example']);
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference } });
  t.true(row.overdue);
  t.true((await stack.database.db.timelineEvent.findMany({ where: { caseId: row.id, kind: 'SERVICE_LEVEL' } })).some((e) => e.summary.startsWith('No case owner after 3s')));
  await handle.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'jane.doe', ownerName: 'Jane Doe', ownerProviderIds: ['northwood-as'] }] });
  t.false((await stack.database.db.case.findUniqueOrThrow({ where: { reference } })).overdue);
  t.is(await countMail(stack, `Overdue: case ${reference} has no case owner`), 1, 'escalated once');
});

test('timers restart as the case moves: assigned in time means no escalation; contact recorded in time means no reminder', async (t) => {
  const { stack } = t.context;
  const { reference, handle } = await newCase(stack, 'st-sophie');
  await handle.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'jane.doe', ownerName: 'Jane Doe', ownerProviderIds: ['northwood-as'] }] });
  await new Promise((r) => setTimeout(r, 1500));
  await handle.executeUpdate(addCommentUpdate, { args: [{ by: jane, body: 'Called David.', shared: true, contact: true }] });
  await new Promise((r) => setTimeout(r, 4000));
  t.is(await countMail(stack, `Overdue: case ${reference} has no case owner`), 0);
  t.is(await countMail(stack, `Reminder: contact the school about case ${reference}`), 0);
});

test('an owner who records no contact is reminded; an idle case reminds its owner and Primary Contact, once', async (t) => {
  const { stack } = t.context;
  const { reference, handle } = await newCase(stack, 'st-teariki');
  await handle.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'jane.doe', ownerName: 'Jane Doe', ownerProviderIds: ['northwood-as'] }] });
  const reminder = await stack.mailbox.waitFor((m) => m.subject === `Reminder: contact the school about case ${reference}`, 15_000);
  t.deepEqual(recipients(reminder), ['jane.doe@northwood.provider.example']);
  const isIdle = (subject?: string) => subject?.startsWith(`Reminder: no activity on case ${reference}`) ?? false;
  await stack.mailbox.waitFor((m) => isIdle(m.subject) && recipients(m).includes('david.smith@northhigh.school.example'), 20_000);
  await stack.mailbox.waitFor((m) => isIdle(m.subject) && recipients(m).includes('jane.doe@northwood.provider.example'), 5_000);
  await new Promise((r) => setTimeout(r, 7000));
  t.is((await stack.mailbox.messages()).filter((m) => m.subject?.startsWith(`Reminder: no activity on case ${reference}`)).length, 2, 'one email to each, not repeated');
});

test('a case on hold sends no inactivity reminders', async (t) => {
  const { stack } = t.context;
  const { reference, handle } = await newCase(stack, 'st-noah');
  await handle.executeUpdate(assignOwnerUpdate, { args: [{ by: wiremu, ownerId: 'jane.doe', ownerName: 'Jane Doe', ownerProviderIds: ['northwood-as'] }] });
  await handle.executeUpdate(changeStatusUpdate, { args: [{ by: jane, status: 'IN_PROGRESS', reason: '' }] });
  await handle.executeUpdate(changeStatusUpdate, { args: [{ by: jane, status: 'ON_HOLD', reason: 'Family away' }] });
  await new Promise((r) => setTimeout(r, 8000));
  t.is((await stack.mailbox.messages()).filter((m) => m.subject?.startsWith(`Reminder: no activity on case ${reference}`)).length, 0);
});

test('deadlines in working days skip the public holidays kept in the database', async (t) => {
  const { stack } = t.context;
  const activities = createActivities(stack.deps);
  // Seeded holidays include Christmas Day and Boxing Day (observed) 2026.
  const due = await activities.serviceLevelDeadlines([{ key: 'assign', from: '2026-12-23T21:00:00.000Z', level: '2' }]);
  t.is(due.assign, '2026-12-29T21:00:00.000Z');
});
