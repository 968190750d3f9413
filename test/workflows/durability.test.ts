// Durability on Temporal's real dev server: a worker killed (SIGKILL) and restarted in the middle
// of a burst of actions loses and duplicates nothing; and a case whose history grows continues as
// new with no update or signal lost across it.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { useTemporal } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { caseWorkflowId } from '../../temporal.config';
import { projectRoot } from '../../config';
import { addCommentUpdate, caseStateQuery, emailReplySignal, type ActingPerson } from '../../workflows/messages';
import { adoptDemoCases } from '../../prisma/seed';
import { replayHistories } from '../helpers/replay';
import { runCaseUpdate } from '../../web/caseUpdates';

const test = anyTest as TestFn<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }>;
const mere: ActingPerson = { id: 'mere.ngata', name: 'Mere Ngata', side: 'SCHOOL' };
const jane: ActingPerson = { id: 'jane.doe', name: 'Jane Doe', side: 'PROVIDER' };

useTemporal(test);

/** The real worker process (worker/index.ts), configured like `npm start` configures it. */
function workerProcess(stack: Stack): ChildProcess {
  const env = {
    ...process.env,
    APP_MODE: 'dev',
    DATA_DIR: stack.database.dir,
    DATABASE_URL: stack.database.url,
    SMTP_URL: stack.mailbox.smtpUrl,
    PUBLIC_URL: stack.config.publicUrl,
    TEMPORAL_ADDRESS: stack.env.address,
    TEMPORAL_NAMESPACE: stack.config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'warn',
  };
  return spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'worker/index.ts')], { cwd: projectRoot, env, stdio: 'ignore' });
}

test.serial('a worker killed and restarted in the middle of a burst of comments: every comment once, every email sent', async (t) => {
  const stack = await startStack({ env: t.context.env, bundle: t.context.bundle, worker: false });
  let worker = workerProcess(stack);
  t.teardown(async () => {
    worker.kill('SIGKILL');
    await stack.close();
  });
  await adoptDemoCases(stack.client, stack.taskQueue, stack.config.caseSettings);
  const h = stack.client.workflow.getHandle(caseWorkflowId('00098601'));
  await h.query(caseStateQuery); // the worker is up and the case loaded

  const bodies = Array.from({ length: 12 }, (_, i) => `Update ${i + 1} from the school.`);
  const done: Promise<unknown>[] = [];
  for (const [i, body] of bodies.entries()) {
    done.push(h.executeUpdate(addCommentUpdate, { args: [{ by: mere, body, shared: false }] }));
    if (i === 4) {
      await done[3];
      worker.kill('SIGKILL'); // mid-burst: some updates sent, none of the rest handled yet
      await new Promise((r) => setTimeout(r, 500));
      worker = workerProcess(stack);
    }
  }
  await Promise.all(done);
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } });
  for (const body of bodies) {
    t.is(await stack.database.db.comment.count({ where: { caseId: row.id, body } }), 1, body);
  }
  const comments = await stack.database.db.comment.findMany({ where: { caseId: row.id, body: { in: bodies } } });
  t.is(await stack.database.db.timelineEvent.count({ where: { commentId: { in: comments.map((c) => c.id) } } }), bodies.length);
  // Each comment emails Jane once. An email interrupted after the relay took it would be sent
  // again with the same Message-ID (so her mail client shows it once): count distinct ids.
  for (let i = 0; i < 180; i++) {
    const sent = await stack.database.db.emailMessage.count({ where: { caseReference: '00098601', template: 'schoolComment', status: 'SENT' } });
    if (sent >= bodies.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const log = await stack.database.db.emailMessage.findMany({ where: { caseReference: '00098601', template: 'schoolComment' } });
  t.is(log.length, bodies.length, 'one outbound log row per comment');
  t.true(log.every((m) => m.status === 'SENT'));
  const delivered = (await stack.mailbox.messages()).filter((m) => m.subject === 'New comment on case 00098601');
  t.is(new Set(delivered.map((m) => m.messageId)).size, bodies.length);
});

test.serial('continue-as-new with a low threshold: the case carries on, with every update and signal recorded once', async (t) => {
  const stack = await startStack({ env: t.context.env, bundle: t.context.bundle, configOverrides: { CONTINUE_AS_NEW_AFTER: '40' } });
  t.teardown(() => stack.close());
  await adoptDemoCases(stack.client, stack.taskQueue, stack.config.caseSettings);
  const h = stack.client.workflow.getHandle(caseWorkflowId('00098601'));
  const firstRun = (await h.describe()).runId;
  // Sent as the portal sends them (web/caseUpdates.ts). Each is saved once, or comes back
  // "unknown" (no answer in time) and is sent again with the same form id, as a person would.
  const note = async (i: number) => {
    const formId = crypto.randomUUID();
    const send = () => runCaseUpdate(stack.client, '00098601', addCommentUpdate, { by: jane, body: `Note ${i + 1}`, shared: false }, formId);
    let outcome = await send();
    for (let attempt = 0; !outcome.ok && outcome.unknown && attempt < 3; attempt++) outcome = await send();
    return outcome;
  };
  const updates = Array.from({ length: 25 }, (_, i) => note(i));
  for (let i = 0; i < 10; i++) {
    await h.signal(emailReplySignal, { messageId: `<reply-${i}@mail.example>`, emailId: `reply-${i}`, by: jane, body: `Reply ${i + 1} by email`, files: [] });
  }
  t.deepEqual((await Promise.all(updates)).filter((o) => !o.ok), [], 'every note was saved');
  const row = await stack.database.db.case.findUniqueOrThrow({ where: { reference: '00098601' } });
  for (let i = 0; i < 100; i++) {
    if ((await stack.database.db.comment.count({ where: { caseId: row.id, source: 'EMAIL' } })) === 10) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (let i = 1; i <= 25; i++) t.is(await stack.database.db.comment.count({ where: { caseId: row.id, body: `Note ${i}` } }), 1, `Note ${i}`);
  for (let i = 1; i <= 10; i++) t.is(await stack.database.db.comment.count({ where: { caseId: row.id, body: `Reply ${i} by email` } }), 1, `Reply ${i}`);
  const latest = await h.describe();
  t.not(latest.runId, firstRun, 'the workflow continued as new');
  t.is(latest.status.name, 'RUNNING');
  t.is((await h.query(caseStateQuery))?.ownerId, 'jane.doe', 'the state came across');
  // And it still works after.
  const after = await h.executeUpdate(addCommentUpdate, { args: [{ by: jane, body: 'After the new run began.', shared: false }] });
  t.truthy(after.id);
  // A worker that lost the case from its cache replays these histories: every run, the ones
  // that took updates and signals while their local activities ran, must replay as it ran.
  const replay = await replayHistories(stack.client, t.context.bundle);
  t.deepEqual(replay.failures, []);
  t.true(replay.replayed >= 12, `every case's runs were replayed (${replay.replayed})`);
});
