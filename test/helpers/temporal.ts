// Temporal's real dev server for tests, from the binary the install put in .venv (never downloaded),
// with the case search attributes registered; and the workflow bundle, built once per test file.
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from '../../config';
import { caseSearchAttributes } from '../../temporal.config';

export const temporalBinary = path.join(projectRoot, '.venv/bin/temporal');

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinary },
      ip: '127.0.0.1',
      searchAttributes: caseSearchAttributes,
      log: { format: 'pretty', level: 'never' }, // its teardown errors are noise here
    },
  });
}

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
}
