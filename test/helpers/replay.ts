// Every workflow history a test produced must replay on the same workflow code. A worker replays a
// history whenever it lost the case from its cache (restart, eviction, a slow task), and code
// whose commands come out in a different order on replay fails the case there, in production,
// long after the test that ran it passed. So each stack replays its namespace's histories on close.
import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

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
      yield { workflowId: run.workflowId, history };
    }
  }
  const report: ReplayReport = { replayed: 0, failures: [] };
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'replay-check' }, histories())) {
    report.replayed++;
    if (r.error) report.failures.push(`${r.workflowId} (run ${r.runId}): ${r.error.message}`);
  }
  return report;
}
