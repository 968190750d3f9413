// Every activity, built from its dependencies (the factory the worker and the tests both call).
// Workflows import only the type of this object.
import type { ActivityDeps } from './deps';
import { openCase } from './openCase';
import { loadCase } from './loadCase';
import { allocateProvider } from './allocateProvider';
import { recordComment } from './recordComment';
import { recordFiles } from './recordFiles';
import { changePrimaryContact } from './changePrimaryContact';
import { assignOwner, chooseAutoOwner } from './assignOwner';
import { changeStatus } from './changeStatus';
import { setShared } from './setShared';
import { saveReferral } from './saveReferral';
import { recordReminder, serviceLevelDeadlines } from './serviceLevels';
import { notify } from './notify';

export function createActivities(deps: ActivityDeps) {
  return {
    openCase: openCase(deps),
    loadCase: loadCase(deps),
    allocateProvider: allocateProvider(deps),
    recordComment: recordComment(deps),
    recordFiles: recordFiles(deps),
    changePrimaryContact: changePrimaryContact(deps),
    assignOwner: assignOwner(deps),
    chooseAutoOwner: chooseAutoOwner(deps),
    changeStatus: changeStatus(deps),
    setShared: setShared(deps),
    saveReferral: saveReferral(deps),
    serviceLevelDeadlines: serviceLevelDeadlines(deps),
    recordReminder: recordReminder(deps),
    notify: notify(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
