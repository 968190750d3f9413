// Every activity, built from its dependencies (the factory the worker and the tests both call).
// Workflows import only the type of this object.
import type { ActivityDeps } from './deps';
import { openCase } from './openCase';
import { loadCase } from './loadCase';
import { allocateProvider } from './allocateProvider';
import { notifyCaseAllocated } from './notifyCaseAllocated';

export function createActivities(deps: ActivityDeps) {
  return {
    openCase: openCase(deps),
    loadCase: loadCase(deps),
    allocateProvider: allocateProvider(deps),
    notifyCaseAllocated: notifyCaseAllocated(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
