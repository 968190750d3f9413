// Temporal's real dev server for tests, from the binary the install put in .venv (never downloaded),
// with the case search attributes registered; and the workflow bundle, built once per test file.
import path from 'node:path';
import type { TestFn } from 'ava';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot } from '../../config';
import { caseSearchAttributes } from '../../temporal.config';
import { startStack, type Stack, type StackOptions } from './stack';

export const temporalBinary = path.join(projectRoot, '.venv/bin/temporal');

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  // Errors only: expected retries (a relay down on purpose) would otherwise fill the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
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

export interface TemporalContext {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/** The ava way: one dev server and one workflow bundle per test file, torn down after it. */
export function useTemporal<C extends TemporalContext>(test: TestFn<C>) {
  test.before(async (t) => {
    t.context.env = await startTemporal();
    t.context.bundle = await bundleWorkflows();
  });
  test.after.always(async (t) => {
    await t.context.env?.teardown();
  });
}

/** And a fresh stack (database, mailbox, worker, portal) for each test. */
export function useStackPerTest<C extends TemporalContext & { stack: Stack }>(test: TestFn<C>, options: Omit<StackOptions, 'env' | 'bundle'> = {}) {
  test.beforeEach(async (t) => {
    t.context.stack = await startStack({ env: t.context.env, bundle: t.context.bundle, ...options });
  });
  test.afterEach.always(async (t) => {
    await t.context.stack?.close();
  });
}
