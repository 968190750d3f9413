// Submitting a request: reserves its case reference once, then starts the case workflow together
// with an update that returns when the case is allocated. A second submit of the same request
// (double click, back button) finds the reference already taken and the workflow already there.
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import { formatCaseReference } from '../domain/numbers';
import { caseWorkflowId } from '../temporal.config';
import { awaitAllocationUpdate, type CaseLifecycleInput, type CaseSettings } from '../workflows/messages';
import { CaseReference } from '../workflows/searchAttributes';
import { nextNumber } from './numbers';

class AlreadyTaken extends Error {
  constructor(readonly reference: string | null) {
    super('already submitted');
  }
}

/** Marks the request SUBMITTED with a new case reference, or returns the reference it already has. */
export async function reserveCaseReference(db: Db, number: string): Promise<string> {
  try {
    return await db.$transaction(async (tx) => {
      // The counter's UPDATE comes first: it takes the write lock before anything is read.
      const reference = formatCaseReference(await nextNumber(tx, 'caseReference'));
      const request = await tx.request.findUnique({ where: { number } });
      if (!request || request.status !== 'DRAFT') throw new AlreadyTaken(request?.caseReference ?? null);
      await tx.request.update({
        where: { number },
        data: { status: 'SUBMITTED', caseReference: reference, submittedAt: new Date(), version: { increment: 1 } },
      });
      return reference;
    });
  } catch (err) {
    // Thrown inside, so the counter's increment was rolled back with the rest.
    if (err instanceof AlreadyTaken && err.reference) return err.reference;
    throw err;
  }
}

export interface SubmitDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  settings: CaseSettings;
}

export async function startCase(deps: SubmitDeps, requestNumber: string, reference: string) {
  const input: CaseLifecycleInput = { reference, requestNumber, settings: deps.settings };
  const start = new WithStartWorkflowOperation('caseLifecycle', {
    workflowId: caseWorkflowId(reference),
    taskQueue: deps.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [{ key: CaseReference, value: reference }],
  });
  return deps.temporal.workflow.executeUpdateWithStart(awaitAllocationUpdate, { startWorkflowOperation: start });
}
