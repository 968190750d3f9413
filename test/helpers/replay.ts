// Every workflow history a test produced must replay on the same workflow code. A worker replays a
// history whenever it lost the case from its cache (restart, eviction, a slow task), and code
// whose commands come out in a different order on replay fails the case there, in production,
// long after the test that ran it passed. So each stack replays its namespace's histories on close.
import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;
const REPLAY_TIMEOUT_MS = 60_000;
type History = temporal.api.history.v1.IHistory;

/**
 * A run's history up to its last completed workflow task, with that task's commands; null when
 * no task has completed yet (nothing to compare: a replayer given only the start waits forever).
 * What came after the last task (a timer that fired, a task not finished yet) would make the
 * replay run new code, whose activities a replaying worker does not have: noise, not a check.
 */
function upToLastCompletedTask(history: History): History | null {
  const events = history.events ?? [];
  let lastCompleted = -1;
  events.forEach((e, i) => {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) lastCompleted = i;
  });
  if (lastCompleted < 0) return null;
  const nextTask = events.findIndex((e, i) => i > lastCompleted && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  return nextTask > lastCompleted ? { ...history, events: events.slice(0, nextTask) } : history;
}

export interface ReplayReport {
  /** How many runs (open and closed) were replayed. */
  replayed: number;
  /** One line per run that did not replay. */
  failures: string[];
}

/** Replays every run in the client's namespace on the given workflow code. */
export async function replayHistories(client: Client, bundle: WorkflowBundleWithSourceMap): Promise<ReplayReport> {
  let lastHandedOver = '';
  async function* histories() {
    for await (const run of client.workflow.list()) {
      const history = upToLastCompletedTask(await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory());
      if (!history) continue;
      lastHandedOver = `${run.workflowId} (run ${run.runId})`;
      yield { workflowId: run.workflowId, history };
    }
  }
  const report: ReplayReport = { replayed: 0, failures: [] };
  const results = Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'replay-check' }, histories());
  // A replay that never ends is a failure to report, not a test that hangs until ava gives up.
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), REPLAY_TIMEOUT_MS);
    });
    const next = await Promise.race([results.next(), stalled]);
    clearTimeout(timer);
    if (next === 'stalled') {
      report.failures.push(`the replay did not finish within ${REPLAY_TIMEOUT_MS / 1000} s (the last run handed to it: ${lastHandedOver})`);
      void results.return?.(undefined);
      break;
    }
    if (next.done) break;
    report.replayed++;
    if (next.value.error) report.failures.push(`${next.value.workflowId} (run ${next.value.runId}): ${next.value.error.message}`);
  }
  return report;
}
