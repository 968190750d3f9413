// Every workflow history a test produced must replay on the same workflow code. A worker replays a
// history whenever it lost the case from its cache (restart, eviction, a slow task), and code
// whose commands come out in a different order on replay fails the case there, in production,
// long after the test that ran it passed. So each stack replays its namespace's histories on close.
import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;
type History = temporal.api.history.v1.IHistory;

/**
 * A running case's history up to its last completed workflow task, with that task's commands.
 * What came after (a timer that fired, a task not finished yet) would make the replay run new
 * code, whose activities a replaying worker does not have: noise, and nothing to compare.
 */
function upToLastCompletedTask(history: History): History {
  const events = history.events ?? [];
  let lastCompleted = -1;
  events.forEach((e, i) => {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) lastCompleted = i;
  });
  const nextTask = events.findIndex((e, i) => i > lastCompleted && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  return lastCompleted >= 0 && nextTask > lastCompleted ? { ...history, events: events.slice(0, nextTask) } : history;
}

export interface ReplayReport {
  /** How many runs (open and closed) were replayed. */
  replayed: number;
  /** One line per run that did not replay. */
  failures: string[];
}

/** Replays every run in the client's namespace on the given workflow code. */
export async function replayHistories(client: Client, bundle: WorkflowBundleWithSourceMap): Promise<ReplayReport> {
  async function* histories() {
    for await (const run of client.workflow.list()) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      yield { workflowId: run.workflowId, history: upToLastCompletedTask(history) };
    }
  }
  const report: ReplayReport = { replayed: 0, failures: [] };
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'replay-check' }, histories())) {
    report.replayed++;
    if (r.error) report.failures.push(`${r.workflowId} (run ${r.runId}): ${r.error.message}`);
  }
  return report;
}
