// One case, from submitted request to closure: opens the record, allocates the provider and tells
// the provider's Workflow Leads, then carries the case until it is closed.
import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseActivities } from '../activities';
import type { CaseSnapshot } from '../activities/caseSnapshot';
import { awaitAllocationUpdate, caseStateQuery, type CaseLifecycleInput, type SubmissionResult } from './messages';
import { CaseOwner, CaseReference, CaseStatus, ProviderId, SchoolId } from './searchAttributes';

const { openCase, loadCase, allocateProvider, notifyCaseAllocated } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function caseLifecycle(input: CaseLifecycleInput): Promise<CaseSnapshot> {
  let state: CaseSnapshot | null = null;
  let providerName: string | null = null;

  setHandler(caseStateQuery, () => state);
  setHandler(awaitAllocationUpdate, async (): Promise<SubmissionResult> => {
    await condition(() => state !== null && state.status !== 'SUBMITTED');
    const s = state as unknown as CaseSnapshot;
    return { reference: s.reference, status: s.status, providerId: s.providerId, providerName };
  });

  const opened = input.adopt || !input.requestNumber
    ? await loadCase(input.reference)
    : await openCase({ reference: input.reference, requestNumber: input.requestNumber });
  state = opened;
  publish(opened);

  if (opened.status === 'SUBMITTED') {
    const allocation = await allocateProvider(opened.reference);
    providerName = allocation.providerName;
    state = { ...opened, status: 'ALLOCATED', providerId: allocation.providerId };
    publish(state);
    await notifyCaseAllocated(opened.reference);
  }

  await condition(() => state?.status === 'CLOSED');
  return state as CaseSnapshot;
}

/**
 * Keeps the search attributes current so an operator can find the case in Temporal's Web UI.
 * Ids and status only, never a name: search attributes are not encrypted.
 */
function publish(s: CaseSnapshot) {
  const attrs: SearchAttributeUpdatePair[] = [
    { key: CaseReference, value: s.reference },
    { key: CaseStatus, value: s.status },
    { key: SchoolId, value: s.schoolId },
  ];
  if (s.providerId) attrs.push({ key: ProviderId, value: s.providerId });
  if (s.ownerId) attrs.push({ key: CaseOwner, value: s.ownerId });
  upsertSearchAttributes(attrs);
}
